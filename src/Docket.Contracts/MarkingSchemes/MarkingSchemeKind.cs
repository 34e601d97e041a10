namespace Docket.Contracts.MarkingSchemes;

/// <summary>What a scheme's markings say about an image.</summary>
public enum MarkingSchemeKind
{
    /// <summary>Fields with boxes and values to extract.</summary>
    Extraction,

    /// <summary>The scheme's fields are document types; a marking names the one the image is.</summary>
    Classifier,
}
