namespace Docket.Contracts.Models;

/// <summary>Body of SetModelTag: the version number the tag is to name (moving it from any other version).</summary>
public sealed record ModelTagRequest
{
    public required int Version { get; init; }
}
