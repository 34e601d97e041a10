using System.Globalization;
using Docket.Agent.Protocol.V1;
using Docket.Contracts.Agents;
using Docket.Contracts.Common;
using Docket.Events;
using Docket.Server.Common;
using Docket.Server.Journal;
using Docket.Server.Security;
using Docket.Server.Storage;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Agents;

/// <summary>
/// The agents' own log lines: a batch from the stream is kept line by line with one 19000 record for the batch (a
/// record per line would drown the journal), and read back per agent or process by whoever may view the agent.
/// </summary>
public sealed class AgentLogs(DocketDbContext db, IJournal journal, TimeProvider time)
{
    /// <summary>The most lines one batch may hold; the agent sends at most 500 (docs/agents.md).</summary>
    public const int MaxLinesPerBatch = 1000;

    /// <summary>A longer message is cut here, with a mark that says so.</summary>
    public const int MaxMessageLength = 8000;

    private const int MaxPage = 1000;
    private const int MaxContains = 200;
    private const string Cut = " [cut]";

    /// <summary>
    /// Keeps a batch and records 19000 with it, in one transaction. A batch over the bound, or one naming a process by
    /// something that is not a process id, is refused with a status that says why (the stream ends; nothing is kept).
    /// </summary>
    public async Task ReceiveAsync(Agent agent, LogBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Lines.Count > MaxLinesPerBatch)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"A log batch of {batch.Lines.Count} lines is over this server's limit of {MaxLinesPerBatch} lines per batch; send smaller batches."));
        }

        if (batch.Lines.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var lines = new List<AgentLogLine>(batch.Lines.Count);
        foreach (var line in batch.Lines)
        {
            Guid? processId = null;
            if (line.ProcessId.Length > 0)
            {
                if (!Guid.TryParse(line.ProcessId, out var parsed))
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument,
                        $"A log line names process '{Clip(line.ProcessId, 100)}', which is not a process id."));
                }

                processId = parsed;
            }

            lines.Add(new AgentLogLine
            {
                AgentId = agent.Id,
                ProcessId = processId,
                Level = Enum.TryParse<AgentLogLevel>(line.Level, ignoreCase: true, out var level) && Enum.IsDefined(level) ? level : AgentLogLevel.Information,
                Time = line.Time?.ToDateTime() ?? now,
                // PostgreSQL's text cannot hold NUL: a line that has one keeps the rest.
                Message = Clip(line.Message.Replace("\0", "", StringComparison.Ordinal), MaxMessageLength),
                ReceivedAt = now,
            });
        }

        db.AgentLogLines.AddRange(lines);
        journal.Record(EventCode.AgentLogDataReceived, new JournalEvent
        {
            TenantId = agent.TenantId,
            EntityKind = nameof(Agent),
            EntityId = agent.Id.ToString(),
            Text = $"{lines.Count} log line(s) from {agent.Name}",
            Data = new AgentLogBatchData(agent.Id, lines.Count, lines.Min(l => l.Time), lines.Max(l => l.Time)),
        });
        await db.SaveChangesAsync(cancellationToken);

        // The stream's context lives as long as the stream: what it saved must not stay tracked.
        db.ChangeTracker.Clear();
    }

    /// <summary>A page of an agent's lines in arrival order, filtered; 404 for an agent the caller may not see.</summary>
    public async Task<Result<Page<AgentLogLineResponse>>> ListAsync(Caller caller, Guid agentId, AgentLogFilter filter, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.Limit(filter.Limit, MaxPage, errors);
        long? after = null;
        if (filter.Cursor is { } cursor)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                after = id;
            }
            else
            {
                errors["cursor"] = [Paging.NotACursor];
            }
        }

        if (filter.From is { } from && filter.To is { } to && from > to)
        {
            errors["from"] = ["must not be after to."];
        }

        if (filter.Contains is { Length: > MaxContains })
        {
            errors["contains"] = [$"must be at most {MaxContains} characters."];
        }

        if (errors.Count > 0)
        {
            return ApiError.Invalid(errors);
        }

        var tenantId = await db.Agents.AsNoTracking().Where(a => a.Id == agentId).Select(a => (Guid?)a.TenantId).FirstOrDefaultAsync(cancellationToken);
        if (tenantId is null || !caller.CanAccess(tenantId))
        {
            // Another tenant's agent is reported as missing, not forbidden: its existence is not ours to reveal.
            return ApiError.NotFound("The agent");
        }

        var query = db.AgentLogLines.AsNoTracking().Where(l => l.AgentId == agentId);
        if (filter.ProcessId is { } process)
        {
            query = query.Where(l => l.ProcessId == process);
        }

        if (filter.Level is { } level)
        {
            query = query.Where(l => l.Level >= level);
        }

        if (filter.From is { } since)
        {
            var utc = since.UtcDateTime;
            query = query.Where(l => l.Time >= utc);
        }

        if (filter.To is { } until)
        {
            var utc = until.UtcDateTime;
            query = query.Where(l => l.Time < utc);
        }

        if (!string.IsNullOrEmpty(filter.Contains))
        {
            var text = filter.Contains;
            query = query.Where(l => l.Message.Contains(text));
        }

        if (after is { } a)
        {
            query = query.Where(l => l.Id > a);
        }

        var lines = await query.OrderBy(l => l.Id).Take(take!.Value + 1).ToListAsync(cancellationToken);
        var next = lines.Count > take ? lines[take.Value - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return new Page<AgentLogLineResponse>([.. lines.Take(take.Value).Select(Respond)], next);
    }

    private static AgentLogLineResponse Respond(AgentLogLine l) => new(l.Id, l.AgentId, l.ProcessId, l.Level, l.Time, l.Message, l.ReceivedAt);

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..(length - Cut.Length)] + Cut;
}
