using System.Text.Json;
using System.Text.Json.Serialization;
using Docket.Contracts.DataSets.Archive;
using Docket.Contracts.MarkingSchemes;
using Docket.Contracts.Markings;

namespace Docket.Contracts.DataSets;

/// <summary>
/// The scheme as a version froze it (a version stores it as JSON), with field ids: a version's item markings
/// are keyed by them, and turned into markings by field name for archives and content hashes.
/// </summary>
public sealed record DataSetSchemeSnapshot
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private Dictionary<Guid, string>? fieldNames;

    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required MarkingSchemeKind Kind { get; init; }
    public required IReadOnlyList<SnapshotField> Fields { get; init; }

    public static DataSetSchemeSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<DataSetSchemeSnapshot>(json, Json) ?? throw new JsonException("A version's scheme is null.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The scheme as <c>scheme.json</c> holds it: by names, without ids.</summary>
    public DataSetArchiveFormat.Scheme ToArchive() => new()
    {
        Name = Name,
        Description = Description,
        Kind = Kind,
        Fields = [.. Fields.Select(f => new DataSetArchiveFormat.Field
        {
            Name = f.Name,
            Description = f.Description,
            Type = f.Type,
            Language = f.Language,
            Orientation = f.Orientation,
            MultiLine = f.MultiLine,
            Required = f.Required,
            FormatPattern = f.FormatPattern,
            Columns = f.Columns,
        })],
    };

    /// <summary>A stored marking by field name, fields sorted by name; values of fields the scheme no longer had are left out.</summary>
    public DataSetArchiveFormat.Marking Named(MarkingContent content)
    {
        var names = fieldNames ??= Fields.ToDictionary(f => f.Id, f => f.Name);
        return new DataSetArchiveFormat.Marking
        {
            Fields = [.. content.Fields
                .Where(v => names.ContainsKey(v.FieldId))
                .Select(v => new DataSetArchiveFormat.FieldValue
                {
                    Field = names[v.FieldId],
                    Value = v.Value,
                    Boxes = Boxes(v.Boxes),
                    Rows = v.Rows?.Select(r => new DataSetArchiveFormat.Row
                    {
                        Cells = [.. r.Cells.Select(c => new DataSetArchiveFormat.Cell { Column = c.Column, Value = c.Value, Boxes = Boxes(c.Boxes) })],
                    }).ToList(),
                })
                .OrderBy(v => v.Field, StringComparer.Ordinal)],
            DocumentType = content.DocumentTypeId is { } type ? names.GetValueOrDefault(type) : null,
        };
    }

    private static List<DataSetArchiveFormat.Box> Boxes(IReadOnlyList<MarkingBox> boxes) =>
        [.. boxes.Select(b => new DataSetArchiveFormat.Box(b.X, b.Y, b.Width, b.Height))];

    public sealed record SnapshotField
    {
        public required Guid Id { get; init; }
        public required string Name { get; init; }
        public string? Description { get; init; }
        public required FieldType Type { get; init; }
        public FieldLanguage Language { get; init; }
        public int Orientation { get; init; }
        public bool MultiLine { get; init; }
        public bool Required { get; init; }
        public string? FormatPattern { get; init; }
        public IReadOnlyList<DataSetArchiveFormat.Column> Columns { get; init; } = [];
    }
}
