using Docket.Contracts.DataSets.Archive;
using Docket.Server.Common;
using Docket.Server.Features.Images;

namespace Docket.Server.Features.DataSets.Archive;

/// <summary>One line of an imported archive's <c>items.ndjson</c>, with its page image already kept and decoded.</summary>
public sealed record ImportedItem(DataSetArchiveFormat.Item Item, DecodedPage Page, long PageSize);
