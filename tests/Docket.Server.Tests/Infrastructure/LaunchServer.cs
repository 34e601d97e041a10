using System.Collections.Concurrent;
using Docket.Server.Features.Agents.Launches;
using Docket.Server.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// An agent server with a process area of its own for the tests of the launch core: <see cref="RecordingLaunchHandler"/>
/// takes the launches of every kind, records each step's event as a process area does, and keeps what it was handed.
/// Uploads are bounded small, and a launch the agent stops listing is ended after a short grace.
/// </summary>
public sealed class LaunchServer : AgentServer
{
    public const long MaxOutputBytes = 64 * 1024;

    public RecordingLaunchHandler Handler { get; } = new();

    protected override IEnumerable<string> Settings =>
    [
        .. base.Settings,
        $"--Agents:MaxOutputBytes={MaxOutputBytes}",
        "--Agents:LaunchAnswerTimeout=00:00:03",
    ];

    /// <summary>The recording handler alone: the real process areas' handlers would take their kinds first (the reports ask the first that handles one).</summary>
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IAgentLaunchHandler>();
        services.AddScoped<IAgentLaunchHandler>(provider => new RecordingLaunchHandler.Scoped(Handler, provider.GetRequiredService<IJournal>()));
    }
}

/// <summary>What the launch core handed to the test's process area, in order.</summary>
public sealed class RecordingLaunchHandler
{
    public ConcurrentQueue<(LaunchContext Launch, LaunchStep Step)> Steps { get; } = new();
    public ConcurrentQueue<(LaunchContext Launch, LaunchMetrics Metrics)> Metrics { get; } = new();
    public ConcurrentQueue<(LaunchContext Launch, LaunchEnd End)> Ends { get; } = new();

    /// <summary>The handler in a report's scope: it records the step's own code, as the process areas do.</summary>
    public sealed class Scoped(RecordingLaunchHandler recorder, IJournal journal) : IAgentLaunchHandler
    {
        public bool Handles(LaunchKind kind) => true;

        public Task StepAsync(LaunchContext launch, LaunchStep step, CancellationToken cancellationToken)
        {
            journal.Record(step.Code, new JournalEvent { EntityKind = "TestProcess", EntityId = launch.ProcessId.ToString(), Text = step.Text });
            recorder.Steps.Enqueue((launch, step));
            return Task.CompletedTask;
        }

        public Task MetricsAsync(LaunchContext launch, LaunchMetrics metrics, CancellationToken cancellationToken)
        {
            recorder.Metrics.Enqueue((launch, metrics));
            return Task.CompletedTask;
        }

        public Task EndedAsync(LaunchContext launch, LaunchEnd end, CancellationToken cancellationToken)
        {
            recorder.Ends.Enqueue((launch, end));
            return Task.CompletedTask;
        }
    }
}
