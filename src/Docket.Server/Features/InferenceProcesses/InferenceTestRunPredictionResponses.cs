using Docket.Contracts.InferenceProcesses;
using Docket.Contracts.Markings;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>The prediction contract made from a stored predicted value.</summary>
public static class InferenceTestRunPredictionResponses
{
    extension(InferenceTestRunPredictionResponse)
    {
        public static InferenceTestRunPredictionResponse From(InferenceTestRunPrediction p) =>
            new(p.Sha256, p.Page, p.Field, p.Column, p.Row, p.Text, p.Confidence,
                p.BoxX is { } x && p.BoxY is { } y && p.BoxWidth is { } w && p.BoxHeight is { } h ? new MarkingBox(x, y, w, h) : null);
    }
}
