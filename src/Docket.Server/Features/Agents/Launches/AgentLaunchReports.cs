using System.Text.Json;
using Docket.Agent.Protocol.V1;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// What an agent reports about its launches (steps, metrics, the end), checked and handed to the process area that
/// owns the launch's kind (<see cref="IAgentLaunchHandler"/>), and the reconcile of the launches the server thinks
/// run against what the agent lists in its hello and heartbeats. An agent reports only on its own launches; a step or
/// an end sent again after a broken stream is taken once. Each report is one transaction in a scope of its own, under
/// the launch's tenant, operation key and starter, so the process area's events belong to the launch.
/// </summary>
public sealed partial class AgentLaunchReports(IServiceScopeFactory scopes, TimeProvider time, IOptions<AgentOptions> options, ILogger<AgentLaunchReports> logger)
{
    /// <summary>The most metric names taken from one line, and the longest name: an engine cannot flood the tables.</summary>
    public const int MaxMetricValues = 100;

    public const int MaxMetricNameLength = 100;

    /// <summary>The largest evaluation JSON taken from a test run's end.</summary>
    public const int MaxEvaluationJsonBytes = 4 * 1024 * 1024;

    private const int MaxReasonLength = 4000;
    private const int Attempts = 3;

    /// <summary>The codes an agent may report for each kind (docs/agents.md, "Steps").</summary>
    private static readonly Dictionary<LaunchKind, HashSet<int>> StepCodes = new Dictionary<LaunchKind, HashSet<int>>
    {
        [LaunchKind.Training] = [.. Range(15100, 15101), .. Range(15200, 15201), .. Range(15300, 15301), .. Range(15400, 15403),
            .. Range(15500, 15503), .. Range(15600, 15603), .. Range(15620, 15623), .. Range(15700, 15701)],
        [LaunchKind.Inference] = [.. Range(18100, 18101), .. Range(18200, 18201), .. Range(18300, 18301), .. Range(18500, 18503),
            .. Range(18600, 18601), .. Range(18800, 18801)],
        [LaunchKind.TestRun] = [.. Range(18100, 18101), .. Range(18200, 18201), .. Range(18300, 18301), .. Range(18500, 18503),
            .. Range(18600, 18601), .. Range(18700, 18703), .. Range(18800, 18801)],
    };

    /// <summary>A launch step the agent reported.</summary>
    public Task StepAsync(Guid agentId, AgentEvent report, CancellationToken cancellationToken)
    {
        if (!EventCatalog.TryGet(report.Code, out var definition))
        {
            Log.Refused(logger, agentId, report.ProcessId, $"code {report.Code} is not in the catalog");
            return Task.CompletedTask;
        }

        return TakeAsync(agentId, report.ProcessId, report.OperationId, "step", async (scope, launch, handler) =>
        {
            if (!StepCodes[launch.Kind].Contains(report.Code))
            {
                Log.Refused(logger, agentId, report.ProcessId, $"code {report.Code} is not a step of a {launch.Kind} launch");
                return false;
            }

            var db = scope.GetRequiredService<DocketDbContext>();
            if (launch.EndedAt is not null || await db.AgentLaunchSteps.AnyAsync(s => s.LaunchId == launch.Id && s.Code == report.Code, cancellationToken))
            {
                return false;
            }

            db.AgentLaunchSteps.Add(new AgentLaunchStep { LaunchId = launch.Id, Code = report.Code, ReceivedAt = time.GetUtcNow().UtcDateTime });
            launch.AcceptedAt ??= time.GetUtcNow().UtcDateTime;
            var step = new LaunchStep(definition.Code, definition.Class == EventClass.Error, TimeOf(report.Time), Bounded(report.Text));
            await handler.StepAsync(AgentLaunches.ContextOf(launch), step, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>A metrics line of the engine: names bounded, values that are not finite numbers left out.</summary>
    public Task MetricsAsync(Guid agentId, ProcessMetrics report, CancellationToken cancellationToken) =>
        TakeAsync(agentId, report.ProcessId, report.OperationId, "metrics", async (_, launch, handler) =>
        {
            var values = Sanitize(report.Values);
            if (launch.EndedAt is not null || values.Count == 0)
            {
                return false;
            }

            await handler.MetricsAsync(AgentLaunches.ContextOf(launch), new LaunchMetrics(TimeOf(report.Time), report.HasStep ? report.Step : null, values),
                cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The end of a launch, taken once, with the outputs whose uploaded bytes match the hashes it reports.</summary>
    public Task EndedAsync(Guid agentId, ProcessEnded report, CancellationToken cancellationToken) =>
        TakeAsync(agentId, report.ProcessId, report.OperationId, "end", async (scope, launch, handler) =>
        {
            if (launch.EndedAt is not null)
            {
                return false;
            }

            var db = scope.GetRequiredService<DocketDbContext>();
            var uploaded = await db.AgentLaunchOutputs.AsNoTracking().Where(o => o.LaunchId == launch.Id).ToListAsync(cancellationToken);
            var outputs = new Dictionary<LaunchOutputRole, LaunchOutput>();
            foreach (var output in uploaded)
            {
                var reported = report.Outputs.FirstOrDefault(o => o.Role == AgentLaunches.RoleOf(output.Role));
                if (reported is not null && string.Equals(reported.Sha256, output.BlobKey, StringComparison.OrdinalIgnoreCase) && (long)reported.Size == output.Size)
                {
                    outputs[output.Role] = new LaunchOutput(output.BlobKey, output.Size);
                }
            }

            var outcome = OutcomeOf(report.Outcome);
            var evaluation = launch.Kind == LaunchKind.TestRun ? EvaluationOf(report.EvaluationJson) : null;
            var end = new LaunchEnd(outcome, Bounded(report.Reason), TimeOf(report.Time), Sanitize(report.Metrics), evaluation,
                (int)Math.Min(report.PredictionCount, int.MaxValue), outputs);
            launch.EndedAt = time.GetUtcNow().UtcDateTime;
            launch.Outcome = outcome;
            await handler.EndedAsync(AgentLaunches.ContextOf(launch), end, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// What the agent runs now (its hello or a heartbeat): the launches it lists are marked seen. An open launch of
    /// this agent that it has not listed for longer than the grace (<c>Agents:LaunchAnswerTimeout</c>, at least three
    /// heartbeat periods) has ended without a report and is ended as lost, but only once the stream has been open
    /// that long too: what a restarted agent still has queued (its own 15101 / 18101 and the end) arrives first.
    /// </summary>
    public async Task ReconcileAsync(Guid agentId, IEnumerable<RunningProcess> running, DateTime streamOpenedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var listed = running.Select(r => (r.ProcessId, r.OperationId)).ToHashSet();
        List<AgentLaunch> open;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            open = await db.AgentLaunches.AsNoTracking().Where(l => l.AgentId == agentId && l.EndedAt == null).ToListAsync(cancellationToken);
            var seen = open.Where(l => listed.Contains((l.ProcessId.ToString(), l.OperationKey))).Select(l => l.Id).ToList();
            if (seen.Count > 0)
            {
                await db.AgentLaunches.Where(l => seen.Contains(l.Id)).ExecuteUpdateAsync(s => s.SetProperty(l => l.LastListedAt, now), cancellationToken);
            }
        }

        var grace = options.Value.LaunchAnswerTimeout > 3 * options.Value.Period ? options.Value.LaunchAnswerTimeout : 3 * options.Value.Period;
        if (now - streamOpenedAt < grace)
        {
            return;
        }

        foreach (var launch in open.Where(l => !listed.Contains((l.ProcessId.ToString(), l.OperationKey))
            && (l.LastListedAt ?? l.AcceptedAt ?? l.CreatedAt) < now - grace))
        {
            Log.Lost(logger, agentId, launch.ProcessId, launch.OperationKey);
            await EndOnServerAsync(launch, ProcessOutcome.Lost,
                "The agent no longer runs it: it was not among the processes the agent listed after a reconnect or in its heartbeats.", cancellationToken);
        }
    }

    /// <summary>
    /// Ends every open launch of the agent on the server alone, through the areas (the agent was disabled: its stream
    /// is refused, so nothing it runs can report or be stopped until it is enabled again; what it reports then about
    /// these launches is not taken).
    /// </summary>
    public async Task EndOpenAsync(Guid agentId, LaunchOutcome outcome, string reason, CancellationToken cancellationToken)
    {
        List<AgentLaunch> open;
        await using (var scope = scopes.CreateAsyncScope())
        {
            open = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().AgentLaunches.AsNoTracking()
                .Where(l => l.AgentId == agentId && l.EndedAt == null).ToListAsync(cancellationToken);
        }

        foreach (var launch in open)
        {
            await EndOnServerAsync(launch, outcome == LaunchOutcome.Stopped ? ProcessOutcome.Stopped : ProcessOutcome.Lost, reason, cancellationToken);
        }
    }

    /// <summary>An end the server decides on the agent's behalf (reconcile, disable), taken as the agent's own would be.</summary>
    private Task EndOnServerAsync(AgentLaunch launch, ProcessOutcome outcome, string reason, CancellationToken cancellationToken) =>
        EndedAsync(launch.AgentId, new ProcessEnded
        {
            ProcessId = launch.ProcessId.ToString(),
            OperationId = launch.OperationKey,
            Outcome = outcome,
            Reason = reason,
            Kind = AgentLaunches.KindOf(launch.Kind),
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(time.GetUtcNow().UtcDateTime),
        }, cancellationToken);

    /// <summary>
    /// Finds the launch a report names (this agent's own), acts as its starter under its operation key, lets
    /// <paramref name="take"/> stage the change (false: nothing to take) and saves it; retried on a concurrency
    /// conflict with the process area's row, and a duplicate that races in is dropped.
    /// </summary>
    private async Task TakeAsync(
        Guid agentId, string processId, string operationKey, string what, Func<IServiceProvider, AgentLaunch, IAgentLaunchHandler, Task<bool>> take,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(processId, out var id))
        {
            Log.Refused(logger, agentId, processId, $"the {what} names no process id");
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var launch = await db.AgentLaunches.Where(l => l.ProcessId == id && l.OperationKey == operationKey && l.AgentId == agentId)
                .OrderByDescending(l => l.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (launch is null)
            {
                Log.Refused(logger, agentId, processId, $"the {what} names a launch of this agent that the server does not know (operation {operationKey})");
                return;
            }

            var handler = scope.ServiceProvider.GetServices<IAgentLaunchHandler>().FirstOrDefault(h => h.Handles(launch.Kind));
            if (handler is null)
            {
                Log.Refused(logger, agentId, processId, $"no area handles {launch.Kind} launches");
                return;
            }

            var operation = scope.ServiceProvider.GetRequiredService<OperationContext>();
            operation.OperationKey = launch.OperationKey;
            operation.TenantId = launch.TenantId;
            operation.UserId = launch.StartedBy;
            operation.UserLogin = launch.StartedByLogin;
            if (!await take(scope.ServiceProvider, launch, handler))
            {
                return;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // The process area's row changed under us (a person's request): take the report again on fresh rows.
            }
            catch (DbUpdateException exception) when (exception is not DbUpdateConcurrencyException && attempt < Attempts)
            {
                // The same step raced in on another stream (its key is taken): the next attempt finds it and stops.
            }
        }
    }

    private static Dictionary<string, double> Sanitize(IDictionary<string, double> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v.Key) && v.Key.Length <= MaxMetricNameLength && double.IsFinite(v.Value))
            .Take(MaxMetricValues).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>The evaluation as JSON the server can parse, or null (too large or not JSON): the area sees only what parses.</summary>
    private static string? EvaluationOf(string json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxEvaluationJsonBytes)
        {
            return null;
        }

        try
        {
            using var _ = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return json;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Bounded(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength];

    private DateTime TimeOf(Google.Protobuf.WellKnownTypes.Timestamp? stamp) => stamp?.ToDateTime() ?? time.GetUtcNow().UtcDateTime;

    private static LaunchOutcome OutcomeOf(ProcessOutcome outcome) => outcome switch
    {
        ProcessOutcome.Succeeded => LaunchOutcome.Succeeded,
        ProcessOutcome.TimedOut => LaunchOutcome.TimedOut,
        ProcessOutcome.Stopped => LaunchOutcome.Stopped,
        ProcessOutcome.Lost => LaunchOutcome.Lost,
        _ => LaunchOutcome.Failed,
    };

    private static IEnumerable<int> Range(int first, int last) => Enumerable.Range(first, last - first + 1);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}'s report on process '{ProcessId}' was not taken: {Why}.")]
        public static partial void Refused(ILogger logger, Guid agentId, string processId, string why);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} no longer lists process {ProcessId} (operation {OperationKey}): its launch is ended as lost.")]
        public static partial void Lost(ILogger logger, Guid agentId, Guid processId, string operationKey);
    }
}
