using System.Text.Json;
using Docket.Server.Export;
using Shouldly;

namespace Docket.Server.Tests.Export;

/// <summary>
/// Checks an envelope against the published JSON Schema's rules that matter to a receiver: required members,
/// no unknown top-level members, types, and the enums of codes, names, event types and classes. (No full JSON
/// Schema validator is in the package registry here; this reads the schema document rather than restating it.)
/// </summary>
public static class SchemaCheck
{
    private static readonly JsonElement Schema = JsonDocument.Parse(ExportSchema.Render()).RootElement;

    public static void Validate(JsonElement envelope)
    {
        CheckObject(envelope, Schema, "$");
    }

    private static void CheckObject(JsonElement value, JsonElement schema, string path)
    {
        value.ValueKind.ShouldBe(JsonValueKind.Object, path);
        var properties = schema.GetProperty("properties");
        foreach (var required in schema.GetProperty("required").EnumerateArray())
        {
            value.TryGetProperty(required.GetString()!, out _).ShouldBeTrue($"{path}.{required.GetString()} is required");
        }

        foreach (var member in value.EnumerateObject())
        {
            var where = $"{path}.{member.Name}";
            if (properties.TryGetProperty(member.Name, out var propertySchema))
            {
                CheckValue(member.Value, propertySchema, where);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
            {
                CheckType(member.Value, additional, where);
            }
            else
            {
                throw new ShouldAssertException($"{where} is not in the schema");
            }
        }
    }

    private static void CheckValue(JsonElement value, JsonElement schema, string path)
    {
        CheckType(value, schema, path);
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _))
        {
            CheckObject(value, schema, path);
        }

        if (schema.TryGetProperty("enum", out var allowed) && value.ValueKind != JsonValueKind.Null)
        {
            allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()).ShouldBeTrue($"{path} = {value} is not in the schema's enum");
        }
    }

    private static void CheckType(JsonElement value, JsonElement schema, string path)
    {
        var types = schema.GetProperty("type").ValueKind == JsonValueKind.Array
            ? schema.GetProperty("type").EnumerateArray().Select(t => t.GetString()!).ToList()
            : [schema.GetProperty("type").GetString()!];
        var actual = value.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.String => "string",
            JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
            JsonValueKind.Null => "null",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "array",
        };
        (types.Contains(actual) || (actual == "integer" && types.Contains("number"))).ShouldBeTrue($"{path} is {actual}, the schema says {string.Join("|", types)}");
    }
}
