namespace Docket.Engines.External;

internal enum StopReason
{
    None,
    TimedOut,
    Cancelled,
}
