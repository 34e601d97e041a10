using System.Globalization;
using System.Text.RegularExpressions;
using Docket.Contracts.MarkingSchemes;
using Docket.Contracts.Markings;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;

namespace Docket.Server.Features.Markings;

/// <summary>
/// Checks a marking request against its scheme and image and turns it into the stored <see cref="MarkingContent"/>
/// (fields by id). Every problem is reported under the path of the request member that has it.
/// </summary>
internal sealed partial class MarkingCheck(MarkingScheme scheme, ImageData image)
{
    public const int MaxEntries = 1000;
    public const int MaxRows = 1000;
    public const int MaxBoxes = 100;
    public const int MaxValueLength = 4000;

    private readonly Dictionary<string, Regex?> patterns = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> Errors { get; } = [];

    public MarkingContent? Run(MarkingRequest request)
    {
        var fields = scheme.Fields.ToDictionary(f => f.NormalizedName, StringComparer.Ordinal);
        var entries = request.Fields ?? [];
        Guid? documentTypeId = null;
        if (scheme.Kind == MarkingSchemeKind.Classifier)
        {
            if (entries.Count > 0)
            {
                Add("fields", "a classifier marking names its documentType only; it has no fields.");
            }

            if (string.IsNullOrWhiteSpace(request.DocumentType))
            {
                Add("documentType", "is required: name the document type (a field of the classifier scheme) the image is.");
            }
            else if (fields.GetValueOrDefault(TextRules.Normalize(request.DocumentType.Trim())) is { } type)
            {
                documentTypeId = type.Id;
            }
            else
            {
                Add("documentType", $"names no document type of the scheme: '{request.DocumentType}'.");
            }

            return Errors.Count > 0 ? null : new MarkingContent { DocumentTypeId = documentTypeId };
        }

        if (request.DocumentType is not null)
        {
            Add("documentType", "is for classifier schemes only.");
        }

        if (entries.Count > MaxEntries)
        {
            Add("fields", $"must be at most {MaxEntries}.");
            return null;
        }

        var values = new List<MarkingFieldValue>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"fields[{i}]";
            var entry = entries[i];
            if (entry is null)
            {
                Add(path, "must be a field's marking.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(entry.Field))
            {
                Add(path + ".field", "is required: the name of a field of the scheme.");
                continue;
            }

            if (fields.GetValueOrDefault(TextRules.Normalize(entry.Field.Trim())) is not { } field)
            {
                Add(path + ".field", $"names no field of the scheme: '{entry.Field}'.");
                continue;
            }

            if (!seen.Add(field.Id))
            {
                Add(path + ".field", $"'{field.Name}' is given more than once.");
                continue;
            }

            var boxes = Boxes(entry.Boxes, path + ".boxes");
            if (field.Type == FieldType.Table)
            {
                if (entry.Value is not null)
                {
                    Add(path + ".value", $"'{field.Name}' is a table: it has rows, not a value.");
                }

                var rows = Rows(field, entry.Rows ?? [], path + ".rows");
                if (field.Required && rows.Count == 0)
                {
                    Add(path + ".rows", $"'{field.Name}' is required: give at least one row.");
                }

                values.Add(new MarkingFieldValue { FieldId = field.Id, Boxes = boxes, Rows = rows });
            }
            else
            {
                if (entry.Rows is not null)
                {
                    Add(path + ".rows", $"only a table field has rows; '{field.Name}' is {field.Type}.");
                }

                var value = Value(entry.Value, field.Type, field.FormatPattern, field.MultiLine, path + ".value");
                if (field.Required && value is null && !Errors.ContainsKey(path + ".value"))
                {
                    Add(path + ".value", $"'{field.Name}' is required.");
                }

                values.Add(new MarkingFieldValue { FieldId = field.Id, Value = value, Boxes = boxes });
            }
        }

        foreach (var missing in scheme.Fields.Where(f => f.Required && !seen.Contains(f.Id)).OrderBy(f => f.Order))
        {
            Add("fields", $"'{missing.Name}' is required.");
        }

        return Errors.Count > 0 ? null : new MarkingContent { Fields = values };
    }

    private List<MarkingRow> Rows(MarkingField field, IReadOnlyList<MarkingRow> rows, string path)
    {
        var result = new List<MarkingRow>();
        if (rows.Count > MaxRows)
        {
            Add(path, $"must be at most {MaxRows}.");
            return result;
        }

        var columns = field.Columns.ToDictionary(c => TextRules.Normalize(c.Name), StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var rowPath = $"{path}[{r}]";
            if (rows[r] is null)
            {
                Add(rowPath, "must be a row.");
                continue;
            }

            var cells = new List<MarkingCell>();
            var present = new HashSet<string>(StringComparer.Ordinal);
            var given = rows[r].Cells ?? [];
            for (var c = 0; c < given.Count; c++)
            {
                var cellPath = $"{rowPath}.cells[{c}]";
                var cell = given[c];
                if (cell is null)
                {
                    Add(cellPath, "must be a cell.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(cell.Column) || columns.GetValueOrDefault(TextRules.Normalize(cell.Column.Trim())) is not { } column)
                {
                    Add(cellPath + ".column", $"names no column of '{field.Name}': '{cell.Column}'.");
                    continue;
                }

                if (!present.Add(TextRules.Normalize(column.Name)))
                {
                    Add(cellPath + ".column", $"'{column.Name}' is given more than once in the row.");
                    continue;
                }

                var value = Value(cell.Value, column.Type, column.FormatPattern, multiLine: true, cellPath + ".value");
                if (column.Required && value is null && !Errors.ContainsKey(cellPath + ".value"))
                {
                    Add(cellPath + ".value", $"column '{column.Name}' is required.");
                }

                cells.Add(new MarkingCell { Column = column.Name, Value = value, Boxes = Boxes(cell.Boxes, cellPath + ".boxes") });
            }

            foreach (var missing in field.Columns.Where(c => c.Required && !present.Contains(TextRules.Normalize(c.Name))))
            {
                Add(rowPath + ".cells", $"column '{missing.Name}' is required.");
            }

            result.Add(new MarkingRow { Cells = cells });
        }

        return result;
    }

    private List<MarkingBox> Boxes(IReadOnlyList<MarkingBox>? boxes, string path)
    {
        var result = new List<MarkingBox>();
        if (boxes is null)
        {
            return result;
        }

        if (boxes.Count > MaxBoxes)
        {
            Add(path, $"must be at most {MaxBoxes}.");
            return result;
        }

        for (var b = 0; b < boxes.Count; b++)
        {
            var box = boxes[b];
            var at = $"{path}[{b}]";
            if (box is null)
            {
                Add(at, "must be a box.");
            }
            else if (box.X < 0 || box.Y < 0 || box.Width <= 0 || box.Height <= 0)
            {
                Add(at, "needs x and y of 0 or more and a width and height of 1 or more.");
            }
            else if ((long)box.X + box.Width > image.Width || (long)box.Y + box.Height > image.Height)
            {
                Add(at, $"lies outside the page ({image.Width}×{image.Height} pixels).");
            }
            else
            {
                result.Add(box);
            }
        }

        return result;
    }

    /// <summary>The value as stored (trimmed, NFC; null when empty), after its type and pattern are checked.</summary>
    private string? Value(string? raw, FieldType type, string? pattern, bool multiLine, string path)
    {
        var local = new Dictionary<string, string[]>();
        var value = TextRules.OptionalText(raw, path, MaxValueLength, local);
        if (local.Count > 0)
        {
            Add(path, local[path][0]);
            return null;
        }

        if (value is null)
        {
            return null;
        }

        if (!multiLine && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            Add(path, "must be one line: the field is not multi-line.");
            return null;
        }

        if (TypeError(type, value) is { } error)
        {
            Add(path, error);
            return null;
        }

        if (pattern is not null)
        {
            if (!patterns.TryGetValue(pattern, out var regex))
            {
                regex = FormatPattern.TryCompile(pattern);
                patterns[pattern] = regex;
            }

            try
            {
                if (regex is not null && !regex.IsMatch(value))
                {
                    Add(path, $"does not match the format pattern {pattern}.");
                    return null;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                Add(path, "could not be checked against the format pattern in time.");
                return null;
            }
        }

        return value;
    }

    private static string? TypeError(FieldType type, string value) => type switch
    {
        FieldType.Number when !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) =>
            "must be a number such as -1234.5 (a point before decimals, no group separators).",
        FieldType.Money when !Money().IsMatch(value) || !decimal.TryParse(value.Split(' ')[0], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) =>
            "must be an amount with at most 2 decimals and an optional ISO 4217 currency code, such as 12.50 or 12.50 RUB.",
        FieldType.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
            "must be a date as yyyy-MM-dd.",
        FieldType.Boolean when value is not ("true" or "false") =>
            "must be true or false.",
        _ => null,
    };

    private void Add(string path, string message) =>
        Errors[path] = Errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];

    [GeneratedRegex(@"\A-?[0-9]+(\.[0-9]{1,2})?( [A-Z]{3})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Money();
}
