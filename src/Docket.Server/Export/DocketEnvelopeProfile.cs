using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Docket.Contracts.Export;
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
    public const string ProfileName = ExportProfiles.Docket;
    public const string SchemaVersion = "1.0.0";

    // Relaxed escaping keeps names in any script readable in the SIEM; JSON control characters are still escaped.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    /// <summary>Each known code's event type and name, worked out and escaped once rather than once per record.</summary>
    private static readonly FrozenDictionary<int, CodeText> Codes = EventCatalog.All.ToFrozenDictionary(
        definition => definition.NumericCode,
        definition => new CodeText(definition.Name, EventType(definition)));

    /// <summary>One writer and buffer per thread, reused for every envelope: only the finished bytes are allocated.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? threadWriter;

    public string Name => ProfileName;

    /// <summary><c>project.ProjectCreated</c>: the group in camel case, then the catalog name.</summary>
    public static string EventType(EventDefinition definition) =>
        JsonNamingPolicy.CamelCase.ConvertName(EventCatalog.GetGroup(definition.Group).Name) + "." + definition.Name;

    public ExportItem Render(JournalRecord record, ExportNames names)
    {
        var code = Codes.GetValueOrDefault(record.Code);
        var eventType = code?.EventType ?? "docket." + record.Name;
        var occurredAt = DateTime.SpecifyKind(record.OccurredAt, DateTimeKind.Utc);
        var recordedAt = DateTime.SpecifyKind(record.RecordedAt, DateTimeKind.Utc);
        // The names as they were when the record was made; only older records, made before records carried them, fall
        // back to today's names.
        var tenantName = record.TenantName ?? names.Tenant(record.TenantId);
        var projectName = record.ProjectName ?? names.Project(record.ProjectId) ?? RemovedProjectName(record);

        var buffer = threadBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var json = threadWriter ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset(buffer);
        Span<byte> digits = stackalloc byte[20];

        json.WriteStartObject();
        json.WriteStartObject(Names.Body);
        json.WritePropertyName(record.EntityKind ?? "Event");
        if (record.Data is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(record.Data, skipInputValidation: true);
        }

        if (code is not null)
        {
            json.WriteString(Names.EventType, code.EncodedEventType);
        }
        else
        {
            json.WriteString(Names.EventType, eventType);
        }

        json.WriteString(Names.SchemaVersion, Names.SchemaVersionValue);
        json.WriteString(Names.Timestamp, occurredAt);
        WriteGuid(json, Names.TenantKey, record.TenantId);
        json.WriteString(Names.TenantName, tenantName);
        json.WriteString(Names.FolderName, projectName);
        json.WriteString(Names.FullFolderPath, projectName is null ? null : "/" + projectName);
        WriteGuid(json, Names.FolderKey, record.ProjectId);

        json.WriteNumber(Names.Code, record.Code);
        if (code is not null && code.Name == record.Name)
        {
            json.WriteString(Names.Name, code.EncodedName);
        }
        else
        {
            json.WriteString(Names.Name, record.Name);
        }

        json.WriteNumber(Names.Group, record.Group);
        json.WriteString(Names.Class, EventClassNames.Of(record.Class));
        json.WriteString(Names.Id, record.Id);
        json.WriteString(Names.OperationKey, record.OperationKey);
        WriteGuid(json, Names.UserKey, record.UserId);
        json.WriteString(Names.UserName, record.UserLogin);
        json.WriteString(Names.ClientIp, record.ClientIp);
        json.WriteString(Names.NodeId, record.NodeId);
        json.WriteString(Names.EntityKind, record.EntityKind);
        json.WriteString(Names.EntityKey, record.EntityId);
        json.WriteString(Names.Text, record.Text);
        json.WriteString(Names.Signature, record.Signature);
        json.WriteEndObject();

        json.WriteNumber(Names.SequenceNumber, record.Sequence);
        record.Sequence.TryFormat(digits, out var offsetLength, provider: CultureInfo.InvariantCulture);
        json.WriteString(Names.Offset, digits[..offsetLength]);
        json.WriteNumber(Names.EnqueuedTime, new DateTimeOffset(recordedAt).ToUnixTimeMilliseconds());
        json.WriteString(Names.DiagnosticId, record.TraceId);
        json.WriteEndObject();
        json.Flush();

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
            Utf8Json = buffer.WrittenSpan.ToArray(),
        };
    }

    /// <summary>A removed project's own records still name their folder: its last state is in the record (for records without names).</summary>
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

    private static void WriteGuid(Utf8JsonWriter json, JsonEncodedText name, Guid? value)
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

    /// <summary>A known code's catalog name and event type, as text and escaped for the writer.</summary>
    private sealed class CodeText(string name, string eventType)
    {
        public string Name { get; } = name;
        public string EventType { get; } = eventType;
        public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(name, Encoder);
        public JsonEncodedText EncodedEventType { get; } = JsonEncodedText.Encode(eventType, Encoder);
    }

    /// <summary>The envelope's property names, escaped once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Body = Encode("body");
        public static readonly JsonEncodedText EventType = Encode("EventType");
        public static readonly JsonEncodedText SchemaVersion = Encode("SchemaVersion");
        public static readonly JsonEncodedText SchemaVersionValue = Encode(DocketEnvelopeProfile.SchemaVersion);
        public static readonly JsonEncodedText Timestamp = Encode("Timestamp");
        public static readonly JsonEncodedText TenantKey = Encode("TenantKey");
        public static readonly JsonEncodedText TenantName = Encode("TenantName");
        public static readonly JsonEncodedText FolderName = Encode("FolderName");
        public static readonly JsonEncodedText FullFolderPath = Encode("FullFolderPath");
        public static readonly JsonEncodedText FolderKey = Encode("FolderKey");
        public static readonly JsonEncodedText Code = Encode("Code");
        public static readonly JsonEncodedText Name = Encode("Name");
        public static readonly JsonEncodedText Group = Encode("Group");
        public static readonly JsonEncodedText Class = Encode("Class");
        public static readonly JsonEncodedText Id = Encode("Id");
        public static readonly JsonEncodedText OperationKey = Encode("OperationKey");
        public static readonly JsonEncodedText UserKey = Encode("UserKey");
        public static readonly JsonEncodedText UserName = Encode("UserName");
        public static readonly JsonEncodedText ClientIp = Encode("ClientIp");
        public static readonly JsonEncodedText NodeId = Encode("NodeId");
        public static readonly JsonEncodedText EntityKind = Encode("EntityKind");
        public static readonly JsonEncodedText EntityKey = Encode("EntityKey");
        public static readonly JsonEncodedText Text = Encode("Text");
        public static readonly JsonEncodedText Signature = Encode("Signature");
        public static readonly JsonEncodedText SequenceNumber = Encode("x-opt-sequence-number");
        public static readonly JsonEncodedText Offset = Encode("x-opt-offset");
        public static readonly JsonEncodedText EnqueuedTime = Encode("x-opt-enqueued-time");
        public static readonly JsonEncodedText DiagnosticId = Encode("Diagnostic-Id");

        private static JsonEncodedText Encode(string name) => JsonEncodedText.Encode(name, Encoder);
    }
}
