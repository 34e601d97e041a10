using Docket.Contracts.InferenceProcesses;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>The test run contract made from the stored run and its scores.</summary>
public static class InferenceTestRunResponses
{
    extension(InferenceTestRunResponse)
    {
        public static InferenceTestRunResponse From(InferenceTestRun r) => TestRun(r, [.. r.Scores.OrderBy(s => s.Order)]);
    }

    private static InferenceTestRunResponse TestRun(InferenceTestRun r, IReadOnlyList<InferenceTestRunScore> scores) =>
        new(r.Id, r.ProcessId, r.DataSetId, r.DataSetVersion, r.ModelVersionId, r.ModelVersion, r.OperationKey, r.State, r.Reason,
            scores.Where(s => s.Field is null).ToDictionary(s => s.Name, s => s.Value),
            [.. scores.Where(s => s.Field is not null).GroupBy(s => s.Field!)
                .Select(g => new InferenceTestRunFieldScores(g.Key, g.ToDictionary(s => s.Name, s => s.Value)))],
            r.PredictionsReceived, r.PredictionCount, r.SkippedPredictionLines, r.CreatedAt, r.EndedAt);
}
