namespace Docket.Events;

/// <summary>One group of the catalog with its titles in both languages we publish.</summary>
public sealed record EventGroupDefinition
{
    public required EventGroup Group { get; init; }
    public int Code => (int)Group;

    /// <summary>The <see cref="EventGroup"/> member name, stable across languages.</summary>
    public required string Name { get; init; }

    public required string TitleRu { get; init; }
    public required string TitleEn { get; init; }

    /// <summary>A group of Docket's own, not of the seed.</summary>
    public bool IsExtension { get; init; }
}
