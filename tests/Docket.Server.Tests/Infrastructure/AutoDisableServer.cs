namespace Docket.Server.Tests.Infrastructure;

/// <summary>An <see cref="AgentServer"/> that disables agents unreachable longer than <see cref="Unavailable"/>.</summary>
public sealed class AutoDisableServer : AgentServer
{
    public static readonly TimeSpan Unavailable = TimeSpan.FromSeconds(5);

    protected override IEnumerable<string> Settings => [.. base.Settings, $"--Agents:AutoDisableUnavailablePeriod={Unavailable}"];
}
