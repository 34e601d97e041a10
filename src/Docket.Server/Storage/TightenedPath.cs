namespace Docket.Server.Storage;

/// <summary>A path of the data folder whose group and other bits were taken away at start, or why they could not be.</summary>
internal sealed record TightenedPath(string Path, UnixFileMode? Before, UnixFileMode? After, string? Error);
