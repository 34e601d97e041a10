namespace Docket.Events;

/// <summary>The titles of an <see cref="EventGroup"/> member; <see cref="EventCatalog"/> reads them into <see cref="EventGroupDefinition"/>.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class EventGroupTitleAttribute(string titleRu, string titleEn) : Attribute
{
    public string TitleRu { get; } = titleRu;
    public string TitleEn { get; } = titleEn;
}
