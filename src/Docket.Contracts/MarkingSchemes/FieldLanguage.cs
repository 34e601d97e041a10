namespace Docket.Contracts.MarkingSchemes;

/// <summary>The language a field's text is written in, a hint for recognition.</summary>
public enum FieldLanguage
{
    Any,
    Russian,
    English,
}
