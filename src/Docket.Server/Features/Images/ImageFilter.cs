namespace Docket.Server.Features.Images;

/// <summary>Query-string filters of the image list.</summary>
public sealed record ImageFilter
{
    /// <summary>Part of the name, in any case.</summary>
    public string? Search { get; init; }

    /// <summary>The original's SHA-256: finds every page of one file.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The upload that added them.</summary>
    public string? OperationKey { get; init; }

    public string? ContentType { get; init; }
    public string? Cursor { get; init; }
    public int? Limit { get; init; }
}
