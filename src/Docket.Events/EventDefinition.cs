namespace Docket.Events;

/// <summary>One entry of the catalog: what a code means, in both languages we publish.</summary>
public sealed record EventDefinition
{
    public required EventCode Code { get; init; }
    public required string Name { get; init; }
    public required EventGroup Group { get; init; }
    public required EventClass Class { get; init; }
    public required string DescriptionRu { get; init; }
    public required string DescriptionEn { get; init; }

    /// <summary>True for codes the catalog reserves but Docket does not record yet (Active Directory, scripts, pipelines, some license functions).</summary>
    public bool NotUsed { get; init; }

    /// <summary>An event of Docket's own, not of the seed (its group is an extension group).</summary>
    public bool IsExtension { get; init; }

    public int NumericCode => (int)Code;

    public string Description(string language) =>
        string.Equals(language, "ru", StringComparison.OrdinalIgnoreCase) ? DescriptionRu : DescriptionEn;
}
