namespace Docket.Engines;

/// <summary>
/// The run's parameters, from its training or inference template. Each is absent (null) where the template does not
/// set it or the kind has no use for it; an engine takes its own default then.
/// </summary>
public sealed record EngineParameters
{
    public int? Iterations { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }

    /// <summary>Where to compute: <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>; the engine decides what it accepts.</summary>
    public string? Device { get; init; }

    public int? Workers { get; init; }
    public bool? Augmentation { get; init; }

    /// <summary>File extensions the run may read, lower case with the dot (<c>.png</c>).</summary>
    public IReadOnlyList<string>? AllowedExtensions { get; init; }

    /// <summary>Inference: the page orientation to assume (0, 90, 180, 270), or none to let the engine detect it.</summary>
    public int? Orientation { get; init; }

    public bool? LineRemoval { get; init; }
    public bool? TableHeaderParsing { get; init; }
}
