namespace Docket.Events;

/// <summary>The titles of an <see cref="EventGroup"/> member; <see cref="EventCatalog"/> reads them into <see cref="EventGroupDefinition"/>.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class EventGroupTitleAttribute(string titleRu, string titleEn) : Attribute
{
    public string TitleRu { get; } = titleRu;
    public string TitleEn { get; } = titleEn;

    /// <summary>
    /// Set for Docket's own groups, which the seed does not have (export, ...). They are numbered from 90000 so
    /// they never collide with the seed's codes or its later versions' (21xxx, 22xxx).
    /// </summary>
    public bool Extension { get; set; }
}
