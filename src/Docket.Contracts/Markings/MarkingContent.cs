using System.Text.Json;

namespace Docket.Contracts.Markings;

/// <summary>What a marking says, as a marking stores it: fields by id, or the document type's field id.</summary>
public sealed record MarkingContent
{
    /// <summary>The one JSON form markings are stored (and copied into dataset versions) in.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<MarkingFieldValue> Fields { get; init; } = [];

    /// <summary>For a classifier scheme: the field (document type) the image is.</summary>
    public Guid? DocumentTypeId { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static MarkingContent FromJson(string json) =>
        JsonSerializer.Deserialize<MarkingContent>(json, Json) ?? throw new JsonException("A marking's content is null.");
}
