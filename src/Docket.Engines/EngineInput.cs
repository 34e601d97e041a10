using System.Text.Json;

namespace Docket.Engines;

/// <summary>What the engine reads from <c>input.json</c> in its work folder (docs/engine-contract.md, "The input").</summary>
public sealed record EngineInput
{
    public int ContractVersion { get; init; } = EngineContract.Version;

    /// <summary><c>training</c>, <c>evaluation</c> or <c>inference</c>; the implementation fills it from the request.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The process (or test run) this run belongs to, for the engine's own logs.</summary>
    public required string RunId { get; init; }

    public EngineParameters Parameters { get; init; } = new();

    /// <summary>The marking scheme in the shape of a dataset archive's <c>scheme.json</c> (docs/dataset-format.md).</summary>
    public JsonElement? MarkingScheme { get; init; }

    /// <summary>Anything else an engine's templates carry, passed through as it is.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Settings { get; init; }

    /// <summary>The run's folders; the implementation fills them from the request, as the environment has them too.</summary>
    public EngineFolders? Folders { get; init; }
}
