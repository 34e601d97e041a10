namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// An output the agent uploaded for a launch (<c>agent_launch_outputs</c>): the blob it is kept in until the process
/// area takes it (a model version refers to the same blob) or the launch is forgotten.
/// </summary>
public sealed class AgentLaunchOutput
{
    public Guid LaunchId { get; set; }
    public LaunchOutputRole Role { get; set; }

    /// <summary>The SHA-256 of the bytes, lowercase hex: the blob's key.</summary>
    public string BlobKey { get; set; } = "";

    public long Size { get; set; }
    public DateTime UploadedAt { get; set; }
}
