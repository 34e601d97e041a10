namespace Docket.Server.Features.DataSets;

/// <summary>A Ready archive opened for download: the zip's stream, the file name to offer, and its blob key (the ETag).</summary>
public sealed record DataSetArchiveContent(Stream Content, string FileName, string Blob);
