namespace Docket.Server.Features.Images;

/// <summary>The pages decoded from one file, or why it was refused.</summary>
public sealed record PageDecoding(IReadOnlyList<DecodedPage> Pages, string? Refusal)
{
    public static PageDecoding Refused(string reason) => new([], reason);
}
