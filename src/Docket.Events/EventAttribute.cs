namespace Docket.Events;

/// <summary>
/// The catalog data of one <see cref="EventCode"/> member. Keeping it on the member itself means a code
/// cannot be added without its group, class and texts; <see cref="EventCatalog"/> refuses a member without it.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class EventAttribute(EventGroup group, EventClass @class, string descriptionRu, string descriptionEn) : Attribute
{
    public EventGroup Group { get; } = group;
    public EventClass Class { get; } = @class;
    public string DescriptionRu { get; } = descriptionRu;
    public string DescriptionEn { get; } = descriptionEn;

    /// <summary>Set for codes the seed reserves for functions Docket does not have yet.</summary>
    public bool NotUsed { get; set; }
}
