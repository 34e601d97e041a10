using Docket.Contracts.DataSets.Archive;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>A dataset archive that passed every check, ready to be stored in one transaction.</summary>
public sealed record ImportedArchive(
    DataSetArchiveFormat.Manifest Manifest,
    DataSetArchiveFormat.Scheme Scheme,
    IReadOnlyList<ImportedItem> Items);
