using Docket.Agent.Files;
using Docket.Engines;

namespace Docket.Agent.Processes;

/// <summary>What every launch uses, handed down by the supervisor.</summary>
internal sealed record LaunchServices(
    IEngine Engine,
    FileDownloader Downloader,
    FileUploader Uploader,
    PackageExtractor Extractor,
    RunFolders Folders,
    AgentOutbox Outbox,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Set when the agent stops: runs then keep their folders for the next start to report.</summary>
    public bool ShuttingDown { get; set; }
}
