namespace Docket.Server.Tests.Workers;

/// <summary>A clock that stands still until the test moves it, for lease times (no timers: a lease never waits).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
