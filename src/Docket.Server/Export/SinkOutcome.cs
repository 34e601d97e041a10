namespace Docket.Server.Export;

public enum SinkOutcome
{
    /// <summary>The receiver confirmed the batch: the cursor may move past it.</summary>
    Delivered,

    /// <summary>Worth trying again later (receiver down, busy, 5xx, timeout).</summary>
    Retryable,

    /// <summary>Trying again will not help (bad token, disabled token, bad index): the subscription is failing until fixed.</summary>
    Permanent,
}
