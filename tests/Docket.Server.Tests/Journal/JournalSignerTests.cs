using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Docket.Events;
using Docket.Server.Journal;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>The signed form: names are signed once records carry them, and records made before still verify.</summary>
public sealed class JournalSignerTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly JournalSigner signer = new(new JournalSigningKey(Key));

    [Fact]
    public void A_record_without_names_is_signed_in_the_first_form_so_records_made_before_names_still_verify()
    {
        var record = Record(tenantName: null, projectName: null);

        signer.Sign(record, "previous").ShouldBe(FirstForm(record, "previous"));
    }

    [Fact]
    public void A_records_names_are_signed_so_changing_adding_or_stripping_them_is_detected()
    {
        var named = Record("acme", "Счета");
        named.Signature = signer.Sign(named, "previous");
        signer.Verify(named, "previous").ShouldBeTrue();
        named.Signature.ShouldNotBe(FirstForm(named, "previous"));

        foreach (var (tenant, project) in new[] { ("acme", "Invoices"), ("globex", "Счета"), (null, "Счета"), ("acme", null), (null, null) })
        {
            var altered = Record(tenant, project);
            altered.Signature = named.Signature;
            signer.Verify(altered, "previous").ShouldBeFalse($"names {tenant ?? "null"}/{project ?? "null"}");
        }

        var unnamed = Record(null, null);
        unnamed.Signature = signer.Sign(unnamed, "previous");
        var added = Record("acme", null);
        added.Signature = unnamed.Signature;
        signer.Verify(added, "previous").ShouldBeFalse("names added to a record made without them");
    }

    private static JournalRecord Record(string? tenantName, string? projectName) => new()
    {
        Sequence = 7, Id = Guid.Parse("0199a6f4-0c4e-7a55-9d1c-3f7a2b6c8e01"), Code = 3000, Name = "ProjectCreated", Group = 3000,
        Class = EventClass.Information, OccurredAt = new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc),
        RecordedAt = new DateTime(2026, 12, 3, 10, 0, 1, DateTimeKind.Utc), TenantId = Guid.Parse("0199a6f4-0c4e-7a55-9d1c-3f7a2b6c8e02"),
        ProjectId = Guid.Parse("0199a6f4-0c4e-7a55-9d1c-3f7a2b6c8e03"), TenantName = tenantName, ProjectName = projectName, UserLogin = "anna",
        NodeId = "node-a", OperationKey = "op-1", EntityKind = "Project", EntityId = "p", Text = "Счета", Data = "{\"name\":\"Счета\"}",
    };

    /// <summary>The form every record was signed in before records carried names, written out independently of the signer.</summary>
    private static string FirstForm(JournalRecord r, string previous)
    {
        var form = new List<byte>("docket-journal/1"u8.ToArray());
        void Number(long value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            form.AddRange(bytes);
        }

        void Text(string? value)
        {
            var length = new byte[4];
            var bytes = value is null ? [] : Encoding.UTF8.GetBytes(value);
            BinaryPrimitives.WriteInt32LittleEndian(length, value is null ? -1 : bytes.Length);
            form.AddRange(length);
            form.AddRange(bytes);
        }

        Number(r.Sequence);
        Text(r.Id.ToString("N"));
        Number(r.Code);
        Text(r.Name);
        Number(r.Group);
        Number((int)r.Class);
        Number(r.OccurredAt.Ticks);
        Number(r.RecordedAt.Ticks);
        Text(r.TenantId?.ToString("N"));
        Text(r.ProjectId?.ToString("N"));
        Text(r.UserId?.ToString("N"));
        Text(r.UserLogin);
        Text(r.ClientIp);
        Text(r.NodeId);
        Text(r.OperationKey);
        Text(r.EntityKind);
        Text(r.EntityId);
        Text(r.Text);
        Text(r.Data);
        Text(r.TraceId);
        Text(previous);
        return Convert.ToBase64String(HMACSHA256.HashData(Key, form.ToArray()));
    }
}
