namespace Docket.Server.Features.Scripts;

/// <summary>The launch scripts of the engine contract (docs/engine-contract.md, the <c>script/</c> folder).</summary>
public static class LaunchScripts
{
    public const string Training = "start_training.sh";
    public const string Evaluation = "start_evaluation.sh";
    public const string Inference = "start_inference.sh";

    public static readonly IReadOnlyList<string> All = [Training, Evaluation, Inference];

    /// <summary>Those of <see cref="All"/> at the package's root, in that order (a script in a subfolder is not launched).</summary>
    public static IReadOnlyList<string> In(IReadOnlyList<string> files) => [.. All.Where(files.Contains)];

    /// <summary>The package rule: at least one launch script at the root, or why not.</summary>
    public static string? Refusal(IReadOnlyList<string> files) =>
        In(files).Count > 0
            ? null
            : $"The package holds none of the launch scripts at its root; it needs at least one of {string.Join(", ", All)}.";
}
