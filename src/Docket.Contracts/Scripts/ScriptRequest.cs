namespace Docket.Contracts.Scripts;

/// <summary>Body of create and update; the package is uploaded on its own. <see cref="TenantId"/> is honoured for the Administrator only.</summary>
public sealed record ScriptRequest
{
    public required string Name { get; init; }

    /// <summary>The engine the scripts launch, in free text ("tesseract", "external").</summary>
    public required string Engine { get; init; }

    public string? Description { get; init; }
    public Guid? TenantId { get; init; }
}
