namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server that appends a journal checkpoint to a file in its data folder every 200 ms.</summary>
public sealed class CheckpointServer : DocketServer
{
    public string CheckpointFile => Path.Combine(DataDirectory, "witness", "journal.checkpoints");

    protected override IEnumerable<string> Settings => [$"--Journal:CheckpointFile={CheckpointFile}", "--Journal:CheckpointInterval=00:00:00.2"];
}
