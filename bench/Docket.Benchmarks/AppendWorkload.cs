using System.Text.Json;
using Docket.Contracts.Projects;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Features.Projects;
using Docket.Server.Journal;

namespace Docket.Benchmarks;

/// <summary>
/// The append benchmark's events: ProjectUpdated as <see cref="ProjectService"/> records it (the project's name as text,
/// its API response as data), from 50 users of 5 tenants over 200 projects. <see cref="ToRecord"/> builds the row
/// <see cref="Journal"/> would build from the same sample, for the raw baseline.
/// </summary>
internal sealed class AppendWorkload(int seed, string nodeId, TimeProvider time)
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private static readonly string[] Kinds = ["invoices", "receipts", "waybills", "contracts", "passports", "bank-statements", "purchase-orders"];
    private static readonly string[] Companies = ["acme", "globex", "initech", "umbrella", "stark", "wayne", "tyrell", "cyberdyne"];

    private readonly Random random = new(seed);
    private readonly Guid[] tenants = [.. Enumerable.Range(0, 5).Select(_ => Guid.CreateVersion7())];
    private readonly (Guid Id, int Tenant, string Login, string Ip)[] users =
        [.. Enumerable.Range(0, 50).Select(i => (Guid.CreateVersion7(), i % 5, $"user{i:00}", $"10.20.{i / 10}.{10 + i}"))];
    private readonly (Guid Id, int Tenant, string Name, DateTime Created)[] projects =
        [.. Enumerable.Range(0, 200).Select(i => (Guid.CreateVersion7(), i % 5, $"{Kinds[i % Kinds.Length]}-{Companies[i % Companies.Length]}-{i:000}", new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc).AddHours(i)))];

    /// <summary><paramref name="count"/> events; each run of <paramref name="perOperation"/> is one operation of one user.</summary>
    public List<AppendSample> Create(int count, int perOperation)
    {
        var samples = new List<AppendSample>(count);
        for (var i = 0; i < count; i += perOperation)
        {
            var user = users[random.Next(users.Length)];
            var operationKey = Guid.CreateVersion7().ToString();
            var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            var ofTenant = projects.Where(p => p.Tenant == user.Tenant).ToArray();
            for (var j = 0; j < perOperation && i + j < count; j++)
            {
                var project = ofTenant[random.Next(ofTenant.Length)];
                var updated = JournalClock.Truncate(time.GetUtcNow().UtcDateTime);
                var response = new ProjectResponse(
                    project.Id, tenants[project.Tenant], project.Name,
                    $"Scanned {project.Name.Split('-')[0]} of {project.Name.Split('-')[1]}, batch {random.Next(1, 400)}: fields total, date, supplier and VAT.",
                    project.Created, updated, ETags.From(Guid.NewGuid()));
                samples.Add(new AppendSample(tenants[user.Tenant], user.Id, user.Login, user.Ip, operationKey, traceId, new JournalEvent
                {
                    TenantId = response.TenantId,
                    ProjectId = project.Id,
                    ProjectName = project.Name,
                    EntityKind = nameof(Project),
                    EntityId = project.Id.ToString(),
                    Text = project.Name,
                    Data = response,
                }));
            }
        }

        return samples;
    }

    /// <summary>The row <see cref="Journal"/> builds from <paramref name="sample"/>, with a precomputed signature.</summary>
    public JournalRecord ToRecord(AppendSample sample, EventCode code)
    {
        var definition = EventCatalog.Get(code);
        var details = sample.Event;
        var now = time.GetUtcNow();
        var at = JournalClock.Truncate(now.UtcDateTime);
        return new JournalRecord
        {
            Id = Guid.CreateVersion7(now),
            Code = definition.NumericCode,
            Name = definition.Name,
            Group = (int)definition.Group,
            Class = definition.Class,
            OccurredAt = at,
            RecordedAt = at,
            TenantId = details.TenantId ?? sample.TenantId,
            ProjectId = details.ProjectId,
            TenantName = details.TenantName,
            ProjectName = details.ProjectName,
            UserId = details.UserId ?? sample.UserId,
            UserLogin = details.UserLogin ?? sample.UserLogin,
            ClientIp = sample.ClientIp,
            NodeId = nodeId,
            OperationKey = sample.OperationKey,
            EntityKind = details.EntityKind,
            EntityId = details.EntityId,
            Text = details.Text,
            Data = details.Data is null ? null : JsonSerializer.Serialize(details.Data, details.Data.GetType(), DataJson),
            TraceId = sample.TraceId,
            Signature = Signature(),
        };
    }

    /// <summary>A string of a real signature's shape (base64 of 32 bytes); the raw path does not sign.</summary>
    private string Signature()
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }
}
