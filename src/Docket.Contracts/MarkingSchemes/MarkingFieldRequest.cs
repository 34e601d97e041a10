namespace Docket.Contracts.MarkingSchemes;

/// <summary>
/// A field as created (inline or through <c>POST .../fields</c>) or replaced (<c>PUT .../fields/{fieldId}</c>).
/// An omitted setting takes its default; <see cref="Columns"/> may be given on create only.
/// </summary>
public sealed record MarkingFieldRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>String in an extraction scheme, DocumentType in a classifier when omitted.</summary>
    public FieldType? Type { get; init; }

    public FieldLanguage? Language { get; init; }
    public int? Orientation { get; init; }
    public bool? MultiLine { get; init; }
    public bool? Required { get; init; }
    public string? FormatPattern { get; init; }

    /// <summary>The position to put the field at, from 0; the end when omitted on create, unchanged on replace.</summary>
    public int? Order { get; init; }

    public IReadOnlyList<MarkingFieldColumnRequest>? Columns { get; init; }
}
