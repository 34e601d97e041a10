namespace Docket.Server.Storage;

/// <summary>What <see cref="PrivateFiles.PrepareFolder"/> changed before the host was built, kept to be logged once logging runs.</summary>
internal sealed record DataDirectoryPreparation(IReadOnlyList<TightenedPath> Tightened);
