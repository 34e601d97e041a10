using System.Reflection;
using Docket.Agent.Processes;
using Docket.Agent.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace Docket.Agent;

/// <summary>
/// Does what the server's commands ask and makes their answers. The server sends a command again when a stream broke
/// before its answer arrived, so an id seen already gets the answer it got the first time and the work is not done twice.
/// </summary>
public sealed class CommandRunner(ProcessSupervisor processes, TimeProvider time)
{
    /// <summary>How many answers are remembered for resends: far more than a server has unanswered for one agent.</summary>
    private const int Remembered = 1000;

    private static readonly string AgentVersion =
        typeof(CommandRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly Dictionary<string, CommandResult> answered = [];
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    public CommandResult Run(Command command)
    {
        lock (gate)
        {
            if (answered.TryGetValue(command.CommandId, out var earlier))
            {
                return earlier;
            }
        }

        var result = command.KindCase switch
        {
            Command.KindOneofCase.Ping => new CommandResult { CommandId = command.CommandId, Succeeded = true },
            Command.KindOneofCase.StartProcess => Answer(command.CommandId, processes.Start(command.StartProcess)),
            Command.KindOneofCase.StopProcess => Answer(command.CommandId, processes.Stop(command.StopProcess)),

            // A newer server's command: say so, so the person who asked knows to upgrade this agent.
            _ => new CommandResult
            {
                CommandId = command.CommandId,
                Succeeded = false,
                Error = $"This agent (version {AgentVersion}, protocol version {ServerConnection.ProtocolVersion}) does not know this command; "
                    + "install the agent of the server's version.",
            },
        };
        result.AnsweredAt = Timestamp.FromDateTimeOffset(time.GetUtcNow());
        Remember(result);
        return result;
    }

    private static CommandResult Answer(string commandId, string? refusal) =>
        new() { CommandId = commandId, Succeeded = refusal is null, Error = refusal ?? "" };

    private void Remember(CommandResult result)
    {
        lock (gate)
        {
            if (!answered.TryAdd(result.CommandId, result))
            {
                return;
            }

            order.Enqueue(result.CommandId);
            if (order.Count > Remembered)
            {
                answered.Remove(order.Dequeue());
            }
        }
    }
}
