using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>The <c>InferenceProcesses</c> section.</summary>
public sealed class InferenceProcessOptions
{
    public const string Section = "InferenceProcesses";

    /// <summary>How long a launch may take until the engine is ready for pages (downloads included); past it the agent ends it timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a test run may take in all (downloads, every page, the scoring).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TestRunTimeLimit { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The most predicted values kept of one test run; the rest of its predictions file is read and counted, not kept.</summary>
    [Range(1, 10_000_000)]
    public int MaxTestRunPredictions { get; set; } = 200_000;
}
