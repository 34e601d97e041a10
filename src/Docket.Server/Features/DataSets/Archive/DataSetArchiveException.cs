namespace Docket.Server.Features.DataSets.Archive;

/// <summary>A build cannot go on, for a reason fit to show the user (it becomes the archive's error and 12005's text).</summary>
public sealed class DataSetArchiveException(string message) : Exception(message);
