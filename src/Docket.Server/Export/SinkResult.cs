namespace Docket.Server.Export;

/// <summary>How a delivery went; <see cref="Error"/> is what an operator reads in the subscription's status (never a secret).</summary>
public sealed record SinkResult(SinkOutcome Outcome, string? Error = null, int? StatusCode = null)
{
    public static readonly SinkResult Delivered = new(SinkOutcome.Delivered);

    public static SinkResult Retryable(string error, int? statusCode = null) => new(SinkOutcome.Retryable, error, statusCode);

    public static SinkResult Permanent(string error, int? statusCode = null) => new(SinkOutcome.Permanent, error, statusCode);
}
