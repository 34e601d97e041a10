using System.Runtime.CompilerServices;
using System.Text.Json;
using Docket.Engines.External;

namespace Docket.Engines.Output;

/// <summary>
/// Reads what an evaluation left in its output folder. Broken output is the engine's fault and fails the test run:
/// it comes back as <see cref="InvalidDataException"/> naming the file and the line.
/// </summary>
public static class EngineOutput
{
    /// <summary>The largest evaluation.json read, and the longest line of predictions.ndjson.</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    public static async Task<EvaluationReport> ReadEvaluationAsync(EngineFolders folders, CancellationToken cancellationToken)
    {
        var file = new FileInfo(folders.Evaluation);
        if (!file.Exists || file.Length > MaxLength)
        {
            throw new InvalidDataException($"output/{EngineContract.EvaluationFile} is missing or larger than {MaxLength} bytes");
        }

        await using var stream = file.OpenRead();
        try
        {
            return await JsonSerializer.DeserializeAsync<EvaluationReport>(stream, EngineJson.Options, cancellationToken)
                ?? throw new InvalidDataException($"output/{EngineContract.EvaluationFile} is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"output/{EngineContract.EvaluationFile}: {e.Message}", e);
        }
    }

    /// <summary>The predictions one page at a time, however many pages the test dataset has.</summary>
    public static async IAsyncEnumerable<PagePrediction> ReadPredictionsAsync(EngineFolders folders, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(folders.Predictions);
        var number = 0;
        await foreach (var line in LineReader.ReadAsync(stream, MaxLength, cancellationToken))
        {
            number++;
            if (line.Cut)
            {
                throw new InvalidDataException($"output/{EngineContract.PredictionsFile} line {number} is longer than {MaxLength} bytes");
            }

            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            PagePrediction? prediction;
            try
            {
                prediction = JsonSerializer.Deserialize<PagePrediction>(line.Text, EngineJson.Options);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"output/{EngineContract.PredictionsFile} line {number}: {e.Message}", e);
            }

            yield return prediction ?? throw new InvalidDataException($"output/{EngineContract.PredictionsFile} line {number} is null");
        }
    }
}
