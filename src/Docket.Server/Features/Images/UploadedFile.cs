namespace Docket.Server.Features.Images;

/// <summary>One file of an upload as it arrives: its name, what the client said it is, and its bytes (read once).</summary>
public sealed record UploadedFile(string Name, string? DeclaredContentType, Stream Content);
