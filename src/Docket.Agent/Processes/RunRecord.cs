using System.Text.Json;
using Docket.Agent.Protocol.V1;

namespace Docket.Agent.Processes;

/// <summary>
/// <c>run.json</c> in a run's folder: which process and launch the folder belongs to, written before anything is
/// downloaded, so an agent that was killed finds its runs again on start and reports each as lost.
/// </summary>
public sealed record RunRecord(string ProcessId, ProcessKind Kind, string OperationId)
{
    public const string FileName = "run.json";

    public static void Write(string runFolder, RunRecord record) =>
        File.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(record));

    /// <summary>The record, or null when the folder has none or it cannot be read (a folder cut short mid-write).</summary>
    public static RunRecord? Read(string runFolder)
    {
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(Path.Combine(runFolder, FileName)));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
