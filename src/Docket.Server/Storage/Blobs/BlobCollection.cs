namespace Docket.Server.Storage.Blobs;

/// <summary>What one collection pass did.</summary>
public sealed record BlobCollection(int Scanned, int Deleted, long BytesFreed, int ScratchFilesDeleted);
