using System.Buffers;
using System.Text.Json;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary>
/// Reads a test run's <c>output/predictions.ndjson</c> (docs/engine-contract.md) as a stream, line by line, with
/// bounds: a line longer than <see cref="MaxLineBytes"/>, not JSON, or not in the contract's shape is counted and
/// skipped, never the reason the server fails; after <paramref name="maxValues"/> values nothing more is kept.
/// </summary>
public static class TestRunPredictions
{
    public const int MaxLineBytes = 1024 * 1024;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4000;
    private const int MaxFieldsPerLine = 1000;
    private const int MaxRowsPerField = 10_000;

    /// <summary>What a read found: the pages read, the values kept, the lines skipped, and whether the bound cut it short.</summary>
    public sealed record Read(int Lines, int Kept, int Skipped, bool Truncated);

    public static async Task<Read> ReadAsync(Stream stream, Guid testRunId, int maxValues, Action<InferenceTestRunPrediction> keep, CancellationToken cancellationToken)
    {
        var lines = 0;
        var kept = 0;
        var skipped = 0;
        var truncated = false;
        var line = new ArrayBufferWriter<byte>();
        var overlong = false;
        var chunk = new byte[64 * 1024];

        void Finish()
        {
            var bytes = line.WrittenSpan;
            if (!overlong && bytes.Trim(" \t\r"u8).IsEmpty)
            {
                return;
            }

            lines++;
            if (overlong || Parse(bytes, testRunId) is not { } values)
            {
                skipped++;
                return;
            }

            if (truncated || kept + values.Count > maxValues)
            {
                truncated = true;
                return;
            }

            foreach (var value in values)
            {
                keep(value.At(kept++));
            }
        }

        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            var rest = chunk.AsSpan(0, read);
            while (true)
            {
                var end = rest.IndexOf((byte)'\n');
                var part = end < 0 ? rest : rest[..end];
                if (!overlong && line.WrittenCount + part.Length > MaxLineBytes)
                {
                    overlong = true;
                }

                if (!overlong)
                {
                    line.Write(part);
                }

                if (end < 0)
                {
                    break;
                }

                Finish();
                line.ResetWrittenCount();
                overlong = false;
                rest = rest[(end + 1)..];
            }
        }

        Finish();
        return new Read(lines, kept, skipped, truncated);
    }

    /// <summary>A value of a line, before its place in the run is known.</summary>
    private sealed record Value(Guid TestRunId, string Sha256, int Page, string Field, string? Column, int? Row, string? Text, double? Confidence, Box? Box)
    {
        public InferenceTestRunPrediction At(int sequence) => new()
        {
            TestRunId = TestRunId,
            Sequence = sequence,
            Sha256 = Sha256,
            Page = Page,
            Field = Field,
            Column = Column,
            Row = Row,
            Text = Text,
            Confidence = Confidence,
            BoxX = Box?.X,
            BoxY = Box?.Y,
            BoxWidth = Box?.Width,
            BoxHeight = Box?.Height,
        };
    }

    private sealed record Box(int X, int Y, int Width, int Height);

    /// <summary>The values of one line, or null when the line is not in the contract's shape (the whole line is skipped then).</summary>
    private static List<Value>? Parse(ReadOnlySpan<byte> bytes, Guid testRunId)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sha256", out var shaElement) || shaElement.ValueKind != JsonValueKind.String
                || shaElement.GetString() is not { Length: 64 } sha || !sha.All(char.IsAsciiHexDigit)
                || !root.TryGetProperty("page", out var pageElement) || !pageElement.TryGetInt32(out var page) || page < 1
                || !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() > MaxFieldsPerLine)
            {
                return null;
            }

            var values = new List<Value>();
            sha = sha.ToLowerInvariant();
            foreach (var field in fields.EnumerateArray())
            {
                if (!TryValue(field, out var name, out var text, out var confidence, out var box))
                {
                    return null;
                }

                if (field.TryGetProperty("rows", out var rows))
                {
                    if (rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() > MaxRowsPerField)
                    {
                        return null;
                    }

                    var index = 0;
                    foreach (var row in rows.EnumerateArray())
                    {
                        if (row.ValueKind != JsonValueKind.Object || !row.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                        {
                            return null;
                        }

                        foreach (var cell in cells.EnumerateArray())
                        {
                            if (!TryValue(cell, out var column, out var cellText, out var cellConfidence, out var cellBox))
                            {
                                return null;
                            }

                            values.Add(new Value(testRunId, sha, page, name, column, index, cellText, cellConfidence, cellBox));
                        }

                        index++;
                    }
                }
                else
                {
                    values.Add(new Value(testRunId, sha, page, name, null, null, text, confidence, box));
                }
            }

            return values;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A field or a cell: a name, and optionally a text, a confidence from 0 to 1 and a box of whole non-negative sizes.</summary>
    private static bool TryValue(JsonElement element, out string name, out string? text, out double? confidence, out Box? box)
    {
        name = "";
        text = null;
        confidence = null;
        box = null;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("name", out var nameElement)
            || nameElement.ValueKind != JsonValueKind.String || nameElement.GetString() is not { } named || !TestRunEvaluation.ValidName(named))
        {
            return false;
        }

        name = named;
        if (element.TryGetProperty("text", out var textElement) && textElement.ValueKind != JsonValueKind.Null)
        {
            if (textElement.ValueKind != JsonValueKind.String || textElement.GetString() is not { Length: <= MaxTextLength } read)
            {
                return false;
            }

            text = read;
        }

        if (element.TryGetProperty("confidence", out var confidenceElement) && confidenceElement.ValueKind != JsonValueKind.Null)
        {
            if (!confidenceElement.TryGetDouble(out var value) || value is < 0 or > 1 || double.IsNaN(value))
            {
                return false;
            }

            confidence = value;
        }

        if (element.TryGetProperty("box", out var boxElement) && boxElement.ValueKind != JsonValueKind.Null)
        {
            if (boxElement.ValueKind != JsonValueKind.Object
                || !Int(boxElement, "x", out var x) || !Int(boxElement, "y", out var y)
                || !Int(boxElement, "width", out var width) || !Int(boxElement, "height", out var height) || width < 0 || height < 0)
            {
                return false;
            }

            box = new Box(x, y, width, height);
        }

        return true;
    }

    private static bool Int(JsonElement element, string name, out int value)
    {
        value = 0;
        return element.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.Number && member.TryGetInt32(out value);
    }
}
