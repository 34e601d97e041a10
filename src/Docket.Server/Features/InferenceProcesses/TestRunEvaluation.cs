using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// A test run's <c>output/evaluation.json</c> (docs/engine-contract.md), checked before anything of it is kept: the
/// engine is a team's code and its file is input like any other. A file that breaks a rule or a bound is refused whole,
/// with the reason, rather than kept in part.
/// </summary>
public sealed record TestRunEvaluation(IReadOnlyDictionary<string, double> Overall, IReadOnlyList<(string Field, IReadOnlyDictionary<string, double> Scores)> Fields)
{
    public const int MaxNameLength = 200;
    public const int MaxFields = 1000;
    public const int MaxScores = 100;
    public const int MaxJsonLength = 1024 * 1024;

    public static bool TryRead(string? json, [NotNullWhen(true)] out TestRunEvaluation? evaluation, [NotNullWhen(false)] out string? error)
    {
        evaluation = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "the engine's evaluation did not arrive";
            return false;
        }

        if (json.Length > MaxJsonLength)
        {
            error = $"the evaluation is longer than {MaxJsonLength} characters";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            {
                error = "the evaluation is not an object with an array of fields";
                return false;
            }

            if (fields.GetArrayLength() > MaxFields)
            {
                error = $"the evaluation has more than {MaxFields} fields";
                return false;
            }

            var overall = new Dictionary<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("scores", out var scores) && !TryScores(scores, "the overall scores", overall, out error))
            {
                return false;
            }

            var read = new List<(string, IReadOnlyDictionary<string, double>)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in fields.EnumerateArray())
            {
                if (field.ValueKind != JsonValueKind.Object || !field.TryGetProperty("name", out var nameElement) || !TryName(nameElement, out var name))
                {
                    error = $"a field of the evaluation has no name of 1 to {MaxNameLength} printable characters";
                    return false;
                }

                if (!seen.Add(name))
                {
                    error = $"the evaluation names the field '{name}' twice";
                    return false;
                }

                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                if (!field.TryGetProperty("scores", out var fieldScores))
                {
                    error = $"the field '{name}' has no scores";
                    return false;
                }

                if (!TryScores(fieldScores, $"the field '{name}'", values, out error))
                {
                    return false;
                }

                read.Add((name, values));
            }

            evaluation = new TestRunEvaluation(overall, read);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"the evaluation is not JSON: {e.Message}";
            return false;
        }
    }

    private static bool TryScores(JsonElement scores, string of, Dictionary<string, double> values, [NotNullWhen(false)] out string? error)
    {
        if (scores.ValueKind != JsonValueKind.Object)
        {
            error = $"the scores of {of} are not an object";
            return false;
        }

        foreach (var score in scores.EnumerateObject())
        {
            if (values.Count >= MaxScores)
            {
                error = $"{of} has more than {MaxScores} scores";
                return false;
            }

            if (!ValidName(score.Name) || values.ContainsKey(score.Name))
            {
                error = $"{of} has a score without a name of 1 to {MaxNameLength} printable characters, or one named twice";
                return false;
            }

            if (score.Value.ValueKind != JsonValueKind.Number || !score.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                error = $"the score '{score.Name}' of {of} is not a finite number";
                return false;
            }

            values[score.Name] = value;
        }

        error = null;
        return true;
    }

    private static bool TryName(JsonElement element, [NotNullWhen(true)] out string? name)
    {
        name = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return name is not null && ValidName(name);
    }

    /// <summary>A name is shown and stored as it is: bounded, not blank, no control characters.</summary>
    internal static bool ValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !string.IsNullOrWhiteSpace(name) && !name.Any(char.IsControl);
}
