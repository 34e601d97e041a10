using Docket.Contracts.DataSets;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Features.MarkingSchemes;

namespace Docket.Server.Features.DataSets;

/// <summary>A scheme frozen for a version, from the stored scheme: the contracts assembly cannot know the entities.</summary>
public static class DataSetSchemeSnapshots
{
    extension(DataSetSchemeSnapshot)
    {
        public static DataSetSchemeSnapshot From(MarkingScheme scheme) => new()
        {
            Id = scheme.Id,
            Name = scheme.Name,
            Description = scheme.Description,
            Kind = scheme.Kind,
            Fields = [.. scheme.Fields.OrderBy(f => f.Order).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => new DataSetSchemeSnapshot.SnapshotField
            {
                Id = f.Id,
                Name = f.Name,
                Description = f.Description,
                Type = f.Type,
                Language = f.Language,
                Orientation = f.Orientation,
                MultiLine = f.MultiLine,
                Required = f.Required,
                FormatPattern = f.FormatPattern,
                Columns = [.. f.Columns.Select(c => new DataSetArchiveFormat.Column
                {
                    Name = c.Name,
                    Type = c.Type,
                    Language = c.Language,
                    Required = c.Required,
                    FormatPattern = c.FormatPattern,
                })],
            })],
        };
    }
}
