using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Agent.Protocol.V1;
using Docket.Engines;

namespace Docket.Agent.Processes;

/// <summary>The engine input a StartProcess carries (docs/engine-contract.md, "The input"), read with the run's id.</summary>
public static class EngineInputs
{
    /// <summary>The input with the process as its run id; the engine implementation fills in the kind and the folders.</summary>
    public static EngineInput Read(StartProcess command)
    {
        var json = string.IsNullOrWhiteSpace(command.EngineInputJson) ? "{}" : command.EngineInputJson;
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("The engine input is not a JSON object.");
        node["runId"] = command.ProcessId;
        return node.Deserialize<EngineInput>(EngineJson.Options) ?? throw new JsonException("The engine input is null.");
    }

    /// <summary>Null when the input can be read; otherwise why not, so that the start is refused before anything runs.</summary>
    public static string? Refusal(StartProcess command)
    {
        try
        {
            Read(command);
            return null;
        }
        catch (JsonException e)
        {
            return $"The engine input cannot be read: {e.Message}";
        }
    }
}
