using System.Text.Json;
using Docket.Events;
using Docket.Server.Export;
using Docket.Server.Journal;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

[Trait("Category", "Fast")]
public sealed class ExportSchemaTests
{
    [Fact]
    public void The_schema_lists_every_catalog_code_name_and_event_type()
    {
        using var schema = JsonDocument.Parse(ExportSchema.Render());
        var body = schema.RootElement.GetProperty("properties").GetProperty("body").GetProperty("properties");

        body.GetProperty("Code").GetProperty("enum").EnumerateArray().Select(e => e.GetInt32())
            .ShouldBe(EventCatalog.All.Select(d => d.NumericCode));
        body.GetProperty("Name").GetProperty("enum").EnumerateArray().Select(e => e.GetString())
            .ShouldBe(EventCatalog.All.Select(d => d.Name));
        body.GetProperty("EventType").GetProperty("enum").EnumerateArray().Select(e => e.GetString())
            .ShouldContain("project.ProjectCreated");
    }

    [Fact]
    public void The_published_schema_in_docs_is_the_one_the_server_serves()
    {
        // DOCKET_UPDATE_DOCS=1 rewrites the file instead of comparing, as for docs/events.md.
        var path = Path.Combine(RepositoryRoot.Path, "docs", "export-schema.json");
        if (Environment.GetEnvironmentVariable("DOCKET_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, ExportSchema.Render());
        }

        File.ReadAllText(path).ShouldBe(ExportSchema.Render());
    }

    [Fact]
    public void An_envelope_is_one_line_with_the_seed_layout_and_Dockets_fields_inside_body()
    {
        var record = new JournalRecord
        {
            Sequence = 42, Id = Guid.CreateVersion7(), Code = 3000, Name = "ProjectCreated", Group = 3000, Class = EventClass.Information,
            OccurredAt = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), RecordedAt = new DateTime(2026, 11, 23, 10, 0, 1, DateTimeKind.Utc),
            TenantId = Guid.NewGuid(), ProjectId = Guid.NewGuid(), UserId = Guid.NewGuid(), UserLogin = "anna", ClientIp = "10.0.0.7",
            NodeId = "node-a", OperationKey = "op-1", EntityKind = "Project", EntityId = "p", Text = "Счета\nline two",
            Data = "{\"name\":\"Счета\"}", TraceId = "4bf92f3577b34da6a3ce929d0e0e4736", Signature = "c2ln",
        };
        var names = new ExportNames(new Dictionary<Guid, string> { [record.TenantId!.Value] = "acme" }, new Dictionary<Guid, string> { [record.ProjectId!.Value] = "Счета" });

        var item = new DocketEnvelopeProfile().Render(record, names);

        item.Json.ShouldNotContain("\n");
        using var envelope = JsonDocument.Parse(item.Json);
        var root = envelope.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["body", "x-opt-sequence-number", "x-opt-offset", "x-opt-enqueued-time", "Diagnostic-Id"]);
        var body = root.GetProperty("body");
        body.EnumerateObject().First().Name.ShouldBe("Project");
        body.GetProperty("Project").GetProperty("name").GetString().ShouldBe("Счета");
        body.GetProperty("EventType").GetString().ShouldBe("project.ProjectCreated");
        body.GetProperty("SchemaVersion").GetString().ShouldBe(DocketEnvelopeProfile.SchemaVersion);
        body.GetProperty("Timestamp").GetDateTime().ShouldBe(record.OccurredAt);
        body.GetProperty("TenantKey").GetGuid().ShouldBe(record.TenantId.Value);
        body.GetProperty("TenantName").GetString().ShouldBe("acme");
        body.GetProperty("FolderName").GetString().ShouldBe("Счета");
        body.GetProperty("FullFolderPath").GetString().ShouldBe("/Счета");
        body.GetProperty("FolderKey").GetGuid().ShouldBe(record.ProjectId.Value);
        body.GetProperty("Code").GetInt32().ShouldBe(3000);
        body.GetProperty("Class").GetString().ShouldBe("Information");
        body.GetProperty("UserName").GetString().ShouldBe("anna");
        body.GetProperty("ClientIp").GetString().ShouldBe("10.0.0.7");
        body.GetProperty("NodeId").GetString().ShouldBe("node-a");
        body.GetProperty("OperationKey").GetString().ShouldBe("op-1");
        body.GetProperty("Text").GetString().ShouldBe("Счета\nline two");
        body.GetProperty("Signature").GetString().ShouldBe("c2ln");
        root.GetProperty("x-opt-sequence-number").GetInt64().ShouldBe(42);
        root.GetProperty("x-opt-offset").GetString().ShouldBe("42");
        root.GetProperty("x-opt-enqueued-time").GetInt64().ShouldBe(new DateTimeOffset(record.RecordedAt).ToUnixTimeMilliseconds());
        root.GetProperty("Diagnostic-Id").GetString().ShouldBe(record.TraceId);
        SchemaCheck.Validate(root);
    }

    [Fact]
    public void A_record_carrying_its_names_renders_the_bytes_of_one_made_before_names_whose_names_are_looked_up()
    {
        JournalRecord Record(string? tenantName, string? projectName) => new()
        {
            Sequence = 43, Id = Guid.Parse("0199a6f4-0c4e-7a55-9d1c-3f7a2b6c8e01"), Code = 5000, Name = "MarkingSchemeCreated", Group = 5000,
            Class = EventClass.Information, OccurredAt = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc),
            RecordedAt = new DateTime(2026, 11, 23, 10, 0, 1, DateTimeKind.Utc), TenantId = Guid.Parse("0199a6f4-0c4e-7a55-9d1c-3f7a2b6c8e02"),
            ProjectId = Guid.Parse("0199a6f4-0c4e-7a55-9d1c-3f7a2b6c8e03"), TenantName = tenantName, ProjectName = projectName,
            NodeId = "node-a", OperationKey = "op-1", EntityKind = "MarkingScheme", EntityId = "s", Text = "Invoice", Signature = "c2ln",
        };
        var older = Record(null, null);
        var looked = new ExportNames(new Dictionary<Guid, string> { [older.TenantId!.Value] = "acme" }, new Dictionary<Guid, string> { [older.ProjectId!.Value] = "Счета" });
        var profile = new DocketEnvelopeProfile();

        var carried = profile.Render(Record("acme", "Счета"), ExportNames.None);

        carried.Json.ShouldBe(profile.Render(older, looked).Json);
        carried.Json.ShouldContain("\"TenantName\":\"acme\",\"FolderName\":\"Счета\",\"FullFolderPath\":\"/Счета\"");
        // The record's own names win over today's: a replay after a rename shows the name it was made with.
        profile.Render(Record("acme", "Счета"), new ExportNames(looked.Tenants, new Dictionary<Guid, string> { [older.ProjectId.Value] = "renamed" })).Json
            .ShouldBe(carried.Json);
    }
}
