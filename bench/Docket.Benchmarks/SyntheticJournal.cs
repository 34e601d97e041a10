using Docket.Events;
using Docket.Server.Journal;

namespace Docket.Benchmarks;

/// <summary>
/// A journal of the shape a busy server accumulates in a month, generated (seeded) for the query benchmark: every
/// catalog code with a skewed (Zipf-like) frequency, 5 tenants, 50 users, 200 projects, operations of 1 to 10 events,
/// times spread over 30 days and increasing with the sequence, texts in words, and a real signature chain.
/// It also keeps samples of what the queries look for (operation keys, rare terms).
/// </summary>
internal sealed class SyntheticJournal
{
    private static readonly string[] Kinds = ["invoices", "receipts", "waybills", "contracts", "passports", "bank-statements", "purchase-orders"];
    private static readonly string[] Companies = ["acme", "globex", "initech", "umbrella", "stark", "wayne", "tyrell", "cyberdyne"];
    private static readonly string[] States = ["Created", "Ready", "Running", "Completed", "Failed", "Archived"];

    private readonly Random random;
    private readonly int count;
    private readonly JournalSigner signer;
    private readonly EventDefinition[] codes;
    private readonly double[] cumulative;

    public SyntheticJournal(int seed, int count, DateTime end, JournalSigner signer)
    {
        random = new Random(seed);
        this.count = count;
        this.signer = signer;
        End = JournalClock.Truncate(end);
        Start = End.AddDays(-30);
        Tenants = [.. Enumerable.Range(0, 5).Select(_ => NewGuid())];
        Users = [.. Enumerable.Range(0, 50).Select(i => new SyntheticUser(NewGuid(), Tenants[i % 5], $"user{i:00}", $"10.20.{i / 10}.{10 + i}"))];
        Projects = [.. Enumerable.Range(0, 200).Select(i => new SyntheticProject(NewGuid(), Tenants[i % 5], $"{Kinds[i % Kinds.Length]}-{Companies[(i / Kinds.Length) % Companies.Length]}-{i:000}"))];

        // A fixed shuffle of the catalog, weighted 1/(rank+1): a few codes are very common, most are rare.
        codes = [.. EventCatalog.All.OrderBy(_ => random.Next())];
        cumulative = new double[codes.Length];
        var sum = 0.0;
        for (var i = 0; i < codes.Length; i++)
        {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
    }

    public DateTime Start { get; }
    public DateTime End { get; }
    public IReadOnlyList<Guid> Tenants { get; }

    /// <summary>The name a tenant of <see cref="Tenants"/> has (records carry it; the export bench creates the tenants under it).</summary>
    public string TenantName(Guid tenant)
    {
        var index = 0;
        while (Tenants[index] != tenant)
        {
            index++;
        }

        return $"tenant-{index + 1}";
    }
    public IReadOnlyList<SyntheticUser> Users { get; }
    public IReadOnlyList<SyntheticProject> Projects { get; }
    public IReadOnlyList<int> Codes => [.. codes.Select(c => c.NumericCode)];

    /// <summary>Up to 2,000 operation keys that occur in the journal.</summary>
    public List<string> OperationKeys { get; } = [];

    /// <summary>Up to 2,000 image file names that occur in one record's text each.</summary>
    public List<string> RareTerms { get; } = [];

    public string LastSignature { get; private set; } = string.Empty;

    /// <summary>The records, sequence 1 to count, each signed over the previous one's signature.</summary>
    public IEnumerable<JournalRecord> Records()
    {
        var span = (End - Start).Ticks;
        var previous = string.Empty;
        var sequence = 0L;
        var imageNumber = 0;
        var operations = 0L;
        while (sequence < count)
        {
            // One operation: one user (or the system, one time in ten), one project, 1 to 10 events.
            var system = random.Next(10) == 0;
            var user = Users[random.Next(Users.Count)];
            var tenant = system ? (random.Next(5) == 0 ? (Guid?)null : Tenants[random.Next(Tenants.Count)]) : user.Tenant;
            var ofTenant = Projects.Where(p => p.Tenant == tenant).ToArray();
            var project = ofTenant.Length > 0 && random.Next(10) < 6 ? ofTenant[random.Next(ofTenant.Length)] : null;
            var operationKey = Guid.CreateVersion7().ToString();
            var traceId = Convert.ToHexStringLower(NewGuid().ToByteArray());
            var node = random.Next(2) == 0 ? "docket-a" : "docket-b";
            var events = random.Next(1, 11);
            Sample(OperationKeys, operationKey, operations++);
            for (var e = 0; e < events && sequence < count; e++)
            {
                sequence++;
                var definition = codes[Pick()];
                var occurred = JournalClock.Truncate(Start.AddTicks((long)(span * ((sequence - 1) + (random.NextDouble() * 0.9)) / count)));
                var entityKind = definition.Group.ToString();
                string entityName;
                if (definition.Group is EventGroup.ProjectData or EventGroup.InferenceRequest)
                {
                    entityName = $"scan_{++imageNumber:0000000}.png";
                    Sample(RareTerms, entityName, imageNumber);
                }
                else
                {
                    entityName = project is not null && definition.Group == EventGroup.Project ? project.Name : $"{entityKind.ToLowerInvariant()}-{random.Next(1, 5000)}";
                }

                var entityId = NewGuid();
                var record = new JournalRecord
                {
                    Sequence = sequence,
                    Id = Guid.CreateVersion7(new DateTimeOffset(occurred)),
                    Code = definition.NumericCode,
                    Name = definition.Name,
                    Group = (int)definition.Group,
                    Class = definition.Class,
                    OccurredAt = occurred,
                    RecordedAt = occurred.AddTicks(random.Next(10, 50_000) * 10),
                    TenantId = tenant,
                    ProjectId = project?.Id,
                    TenantName = tenant is { } t ? TenantName(t) : null,
                    ProjectName = project?.Name,
                    UserId = system ? null : user.Id,
                    UserLogin = system ? null : user.Login,
                    ClientIp = system ? null : user.ClientIp,
                    NodeId = node,
                    OperationKey = operationKey,
                    EntityKind = entityKind,
                    EntityId = entityId.ToString(),
                    Text = project is null
                        ? $"{definition.DescriptionEn}: {entityKind} '{entityName}'"
                        : $"{definition.DescriptionEn}: {entityKind} '{entityName}' in project '{project.Name}'",
                    Data = $$"""{"id":"{{entityId}}","name":"{{entityName}}","state":"{{States[random.Next(States.Length)]}}","version":{{random.Next(1, 40)}},"durationMs":{{random.Next(5, 90_000)}}}""",
                    TraceId = traceId,
                };
                record.Signature = signer.Sign(record, previous);
                previous = record.Signature;
                LastSignature = previous;
                yield return record;
            }
        }
    }

    private int Pick()
    {
        var target = random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        return index >= 0 ? index : Math.Min(~index, cumulative.Length - 1);
    }

    /// <summary>Reservoir sampling: every item has the same chance to be kept, whatever the journal's size.</summary>
    private void Sample(List<string> into, string item, long seen)
    {
        if (into.Count < 2_000)
        {
            into.Add(item);
        }
        else if (random.NextInt64(seen + 1) < 2_000)
        {
            into[random.Next(2_000)] = item;
        }
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
