namespace Docket.Server.Features.Images;

/// <summary>An image's file opened for download.</summary>
public sealed record ImageFile(Stream Content, string ContentType, string FileName, Guid Stamp);
