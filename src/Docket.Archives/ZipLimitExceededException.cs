namespace Docket.Archives;

/// <summary>Thrown by an entry's stream when inflating it passes one of the <see cref="ZipLimits"/>.</summary>
public sealed class ZipLimitExceededException(string message) : IOException(message);
