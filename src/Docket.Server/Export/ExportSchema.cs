using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Docket.Events;

namespace Docket.Server.Export;

/// <summary>
/// The JSON Schema (draft 2020-12) of the <c>docket</c> profile's envelope, generated from the catalog so that every
/// code, name and event type a receiver can see is listed. Served at <c>/api/v1/export/schema</c> and written to
/// docs/export-schema.json.
/// </summary>
public static class ExportSchema
{
    private static readonly string[] CommonFields = ["EventType", "SchemaVersion", "Timestamp", "TenantKey", "TenantName", "FolderName", "FullFolderPath", "FolderKey"];

    private static readonly string[] DocketFields =
        ["Code", "Name", "Group", "Class", "Id", "OperationKey", "UserKey", "UserName", "ClientIp", "NodeId", "EntityKind", "EntityKey", "Text", "Signature"];

    private static readonly Lazy<string> Rendered = new(Build);

    public static string Render() => Rendered.Value;

    private static string Build()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            json.WriteString("$id", $"urn:docket:export:{DocketEnvelopeProfile.ProfileName}:{DocketEnvelopeProfile.SchemaVersion}");
            json.WriteString("title", "Docket journal export envelope");
            json.WriteString("description",
                "One journal record per single-line JSON document: body (the entity under its kind's name, the common fields of the real-time export model, Docket's fields), then the x-opt metadata.");
            json.WriteString("type", "object");
            Strings(json, "required", ["body", "x-opt-sequence-number", "x-opt-offset", "x-opt-enqueued-time", "Diagnostic-Id"]);
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");

            json.WriteStartObject("body");
            json.WriteString("type", "object");
            Strings(json, "required", [.. CommonFields, .. DocketFields]);
            json.WriteStartObject("properties");
            Property(json, "EventType", "string", "group in camel case, a dot, the catalog name", [.. EventCatalog.All.Select(DocketEnvelopeProfile.EventType)]);
            Property(json, "SchemaVersion", "string", "version of this schema", [DocketEnvelopeProfile.SchemaVersion]);
            Property(json, "Timestamp", "string", "UTC time the event occurred (ISO 8601)", format: "date-time");
            Property(json, "TenantKey", ["string", "null"], "the tenant's id", format: "uuid");
            Property(json, "TenantName", ["string", "null"], "the tenant's name");
            Property(json, "FolderName", ["string", "null"], "the project's name (the project plays the folder)");
            Property(json, "FullFolderPath", ["string", "null"], "/ and the project's name");
            Property(json, "FolderKey", ["string", "null"], "the project's id", format: "uuid");
            Integers(json, "Code", "the catalog code", EventCatalog.All.Select(d => d.NumericCode));
            Property(json, "Name", "string", "the catalog name (an identifier: the seed's spelling)", [.. EventCatalog.All.Select(d => d.Name)]);
            Integers(json, "Group", "the catalog group", EventCatalog.Groups.Select(g => g.Code));
            Property(json, "Class", "string", "Information, Error, SecurityIncident or Correction", Enum.GetNames<EventClass>());
            Property(json, "Id", "string", "the record's stable id (UUIDv7): de-duplicate by it or by x-opt-sequence-number", format: "uuid");
            Property(json, "OperationKey", "string", "ties together every event of one operation");
            Property(json, "UserKey", ["string", "null"], "the acting user's id", format: "uuid");
            Property(json, "UserName", ["string", "null"], "the acting user's login");
            Property(json, "ClientIp", ["string", "null"], "the caller's address");
            Property(json, "NodeId", "string", "the server replica that recorded it");
            Property(json, "EntityKind", ["string", "null"], "the kind of the object concerned; its state is the body property of that name");
            Property(json, "EntityKey", ["string", "null"], "the object's id");
            Property(json, "Text", ["string", "null"], "a short human-readable line");
            Property(json, "Signature", "string", "base64 HMAC-SHA256 of the journal's hash chain");
            json.WriteEndObject();
            json.WriteStartObject("additionalProperties");
            json.WriteString("description", "the entity's state under its kind's name (for example Project), or null");
            Strings(json, "type", ["object", "null"]);
            json.WriteEndObject();
            json.WriteEndObject();

            Property(json, "x-opt-sequence-number", "integer", "the journal sequence number: gap-free, in commit order");
            Property(json, "x-opt-offset", "string", "the sequence number as a string");
            Property(json, "x-opt-enqueued-time", "integer", "when the journal recorded it, Unix epoch milliseconds");
            Property(json, "Diagnostic-Id", ["string", "null"], "W3C trace id of the request that caused the event");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void Property(Utf8JsonWriter json, string name, string type, string description, IReadOnlyList<string>? values = null, string? format = null) =>
        Property(json, name, [type], description, values, format);

    private static void Property(Utf8JsonWriter json, string name, string[] types, string description, IReadOnlyList<string>? values = null, string? format = null)
    {
        json.WriteStartObject(name);
        if (types.Length == 1)
        {
            json.WriteString("type", types[0]);
        }
        else
        {
            Strings(json, "type", types);
        }

        json.WriteString("description", description);
        if (format is not null)
        {
            json.WriteString("format", format);
        }

        if (values is not null)
        {
            Strings(json, "enum", values);
        }

        json.WriteEndObject();
    }

    private static void Integers(Utf8JsonWriter json, string name, string description, IEnumerable<int> values)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "integer");
        json.WriteString("description", description);
        json.WriteStartArray("enum");
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
