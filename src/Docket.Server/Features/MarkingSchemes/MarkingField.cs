using Docket.Contracts.MarkingSchemes;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>One field of a marking scheme. Markings refer to it by id, so renaming a field keeps its markings.</summary>
public sealed class MarkingField
{
    public required Guid Id { get; init; }
    public required Guid SchemeId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public required FieldType Type { get; set; }
    public FieldLanguage Language { get; set; }

    /// <summary>Clockwise degrees (0, 90, 180, 270) the field's text is turned on the page.</summary>
    public int Orientation { get; set; }

    public bool MultiLine { get; set; }
    public bool Required { get; set; }

    /// <summary>A .NET regular expression the whole value must match; checked with a timeout.</summary>
    public string? FormatPattern { get; set; }

    /// <summary>Position in the scheme, from 0.</summary>
    public int Order { get; set; }

    /// <summary>A table field's columns, in order; empty for every other type.</summary>
    public List<MarkingFieldColumn> Columns { get; set; } = [];
}
