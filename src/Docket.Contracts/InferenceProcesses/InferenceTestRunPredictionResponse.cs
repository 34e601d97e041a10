using Docket.Contracts.Markings;

namespace Docket.Contracts.InferenceProcesses;

/// <summary>
/// One value the engine predicted on a page of the test dataset (the page named by its image's SHA-256 and page
/// number): a field, or for a table field one cell (<see cref="Column"/> and <see cref="Row"/>, from 0), with its text,
/// confidence and box when the engine gave them.
/// </summary>
public sealed record InferenceTestRunPredictionResponse(
    string Sha256, int Page, string Field, string? Column, int? Row, string? Text, double? Confidence, MarkingBox? Box);
