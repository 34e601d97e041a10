namespace Docket.Contracts.ModelTypes;

/// <summary>What the models of a type do with a page: the engine family an inference process runs for it.</summary>
public enum ModelPurpose
{
    FieldExtraction,
    Classification,
    FreeForm,
}
