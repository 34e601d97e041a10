using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Features.InferenceProcessTemplates;
using Docket.Server.Features.MarkingSchemes;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// The engine input of an inference or evaluation run (docs/engine-contract.md, "The input"): the template's
/// parameters and the marking scheme in the shape of a dataset archive's <c>scheme.json</c>. The agent adds the
/// contract version, the kind, the run id and the folders.
/// </summary>
public static class InferenceEngineInputs
{
    public static string For(InferenceProcessTemplate template, MarkingScheme scheme)
    {
        var parameters = new JsonObject
        {
            ["allowedExtensions"] = new JsonArray([.. template.AllowedExtensions.Select(e => JsonValue.Create(e))]),
            ["lineRemoval"] = template.LineRemoval,
            ["tableHeaderParsing"] = template.TableHeaderParsing,
        };

        // The contract's orientation is absent to have the engine detect it, and a fixed angle otherwise: a template
        // that does not detect reads pages as they are stored.
        if (!template.OrientationDetection)
        {
            parameters["orientation"] = 0;
        }

        var input = new JsonObject
        {
            ["parameters"] = parameters,
            ["markingScheme"] = JsonSerializer.SerializeToNode(Scheme(scheme), DataSetArchiveFormat.Json),
        };
        return input.ToJsonString();
    }

    /// <summary>The scheme as <c>scheme.json</c> holds it, by names and in the scheme's order.</summary>
    public static DataSetArchiveFormat.Scheme Scheme(MarkingScheme scheme) => new()
    {
        Name = scheme.Name,
        Description = scheme.Description,
        Kind = scheme.Kind,
        Fields = [.. scheme.Fields.OrderBy(f => f.Order).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => new DataSetArchiveFormat.Field
        {
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
