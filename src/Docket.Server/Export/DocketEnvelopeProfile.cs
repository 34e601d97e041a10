using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Docket.Events;
using Docket.Server.Journal;

namespace Docket.Server.Export;

/// <summary>
/// The <c>docket</c> profile: the second seed's envelope exactly (<c>body</c> with the entity under its kind's name
/// and the common fields, then the <c>x-opt-*</c> metadata and <c>Diagnostic-Id</c>), with Docket's own fields
/// added inside <c>body</c>. The project plays the seed's folder. Schema: <c>GET /api/v1/export/schema</c>.
/// </summary>
public sealed class DocketEnvelopeProfile : IExportProfile
{
    public const string ProfileName = "docket";
    public const string SchemaVersion = "1.0.0";

    public string Name => ProfileName;

    /// <summary><c>project.ProjectCreated</c>: the group in camel case, then the catalog name.</summary>
    public static string EventType(EventDefinition definition) =>
        JsonNamingPolicy.CamelCase.ConvertName(EventCatalog.GetGroup(definition.Group).Name) + "." + definition.Name;

    public ExportItem Render(JournalRecord record, ExportNames names)
    {
        var definition = EventCatalog.TryGet(record.Code, out var known) ? known : null;
        var eventType = definition is null ? "docket." + record.Name : EventType(definition);
        var occurredAt = DateTime.SpecifyKind(record.OccurredAt, DateTimeKind.Utc);
        var recordedAt = DateTime.SpecifyKind(record.RecordedAt, DateTimeKind.Utc);
        var tenantName = names.Tenant(record.TenantId);
        var projectName = names.Project(record.ProjectId) ?? RemovedProjectName(record);

        var buffer = new ArrayBufferWriter<byte>(1024);
        // Relaxed escaping keeps names in any script readable in the SIEM; JSON control characters are still escaped.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("body");
            json.WritePropertyName(record.EntityKind ?? "Event");
            if (record.Data is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(record.Data, skipInputValidation: true);
            }

            json.WriteString("EventType", eventType);
            json.WriteString("SchemaVersion", SchemaVersion);
            json.WriteString("Timestamp", occurredAt);
            WriteGuid(json, "TenantKey", record.TenantId);
            json.WriteString("TenantName", tenantName);
            json.WriteString("FolderName", projectName);
            json.WriteString("FullFolderPath", projectName is null ? null : "/" + projectName);
            WriteGuid(json, "FolderKey", record.ProjectId);

            json.WriteNumber("Code", record.Code);
            json.WriteString("Name", record.Name);
            json.WriteNumber("Group", record.Group);
            json.WriteString("Class", record.Class.ToString());
            json.WriteString("Id", record.Id);
            json.WriteString("OperationKey", record.OperationKey);
            WriteGuid(json, "UserKey", record.UserId);
            json.WriteString("UserName", record.UserLogin);
            json.WriteString("ClientIp", record.ClientIp);
            json.WriteString("NodeId", record.NodeId);
            json.WriteString("EntityKind", record.EntityKind);
            json.WriteString("EntityKey", record.EntityId);
            json.WriteString("Text", record.Text);
            json.WriteString("Signature", record.Signature);
            json.WriteEndObject();

            json.WriteNumber("x-opt-sequence-number", record.Sequence);
            json.WriteString("x-opt-offset", record.Sequence.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("x-opt-enqueued-time", new DateTimeOffset(recordedAt).ToUnixTimeMilliseconds());
            json.WriteString("Diagnostic-Id", record.TraceId);
            json.WriteEndObject();
        }

        return new ExportItem
        {
            Sequence = record.Sequence,
            Id = record.Id,
            Code = record.Code,
            Name = record.Name,
            Class = record.Class,
            EventType = eventType,
            Timestamp = occurredAt,
            NodeId = record.NodeId,
            TenantName = tenantName,
            Json = Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }

    /// <summary>A removed project's own records still name their folder: its last state is in the record.</summary>
    private static string? RemovedProjectName(JournalRecord record)
    {
        if (record.EntityKind != "Project" || record.Data is null)
        {
            return null;
        }

        using var data = JsonDocument.Parse(record.Data);
        return data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
    }

    private static void WriteGuid(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } id)
        {
            json.WriteString(name, id);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
