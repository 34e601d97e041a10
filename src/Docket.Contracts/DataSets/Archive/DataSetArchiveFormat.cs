using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using Docket.Contracts.MarkingSchemes;

namespace Docket.Contracts.DataSets.Archive;

/// <summary>
/// The dataset archive, format version 2 (docs/dataset-format.md): the zip's entry names and the JSON shapes of its
/// manifest, scheme and item lines, for the writer and for import. Fields and columns are named, never given by id,
/// so an archive means the same on any server.
/// </summary>
public static class DataSetArchiveFormat
{
    public const string FormatName = "docket-dataset";
    public const int FormatVersion = 2;

    /// <summary>The oldest format version import still reads: version 1 differs only in its escaping and its content hash's recipe.</summary>
    public const int OldestReadableFormatVersion = 1;

    public const string ManifestEntry = "manifest.json";
    public const string SchemeEntry = "scheme.json";
    public const string ItemsEntry = "items.ndjson";
    public const string ImagesFolder = "images/";

    /// <summary>Every entry's modification time: the earliest a zip can hold, so equal content gives equal bytes.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// camelCase, enums by name, absent values left out; reading ignores members a later minor revision may add. Text
    /// is written as readable UTF-8 (Cyrillic as it is, not as \uXXXX): the files are data in a zip, never embedded
    /// in HTML, so the default encoder's escaping of non-ASCII and HTML-sensitive characters buys nothing here.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Where a page image lies in the zip: named by its bytes' SHA-256, so each page is stored once.</summary>
    public static string ImageEntry(string pageSha256, string contentType) => ImagesFolder + pageSha256 + "." + Extension(contentType);

    public static string Extension(string contentType) => contentType switch
    {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/tiff" => "tif",
        _ => "bin",
    };

    /// <summary><c>manifest.json</c>: what the archive is.</summary>
    public sealed record Manifest
    {
        public required string Format { get; init; }
        public required int FormatVersion { get; init; }
        public required ManifestDataSet DataSet { get; init; }

        /// <summary>The only value that differs between two archives of equal content.</summary>
        public required DateTime ExportedAt { get; init; }

        public required string Generator { get; init; }
    }

    /// <summary>The dataset version the archive holds.</summary>
    public sealed record ManifestDataSet
    {
        public required string Name { get; init; }
        public string? Description { get; init; }
        public required int Version { get; init; }
        public required double TrainRatio { get; init; }
        public required int Seed { get; init; }
        public required int ItemCount { get; init; }
        public required int TrainCount { get; init; }
        public required int TestCount { get; init; }

        /// <summary>See <see cref="DataSetContentHasher"/>: recomputable from <c>items.ndjson</c> alone.</summary>
        public required string ContentHash { get; init; }
    }

    /// <summary><c>scheme.json</c>: the marking scheme as it was when the version was made.</summary>
    public sealed record Scheme
    {
        public required string Name { get; init; }
        public string? Description { get; init; }
        public required MarkingSchemeKind Kind { get; init; }

        /// <summary>In the scheme's order; for a classifier, the document types.</summary>
        public required IReadOnlyList<Field> Fields { get; init; }
    }

    public sealed record Field
    {
        public required string Name { get; init; }
        public string? Description { get; init; }
        public required FieldType Type { get; init; }
        public FieldLanguage Language { get; init; }
        public int Orientation { get; init; }
        public bool MultiLine { get; init; }
        public bool Required { get; init; }
        public string? FormatPattern { get; init; }

        /// <summary>A table's columns in order; empty for other types.</summary>
        public IReadOnlyList<Column> Columns { get; init; } = [];
    }

    public sealed record Column
    {
        public required string Name { get; init; }
        public required FieldType Type { get; init; }
        public FieldLanguage Language { get; init; }
        public bool Required { get; init; }
        public string? FormatPattern { get; init; }
    }

    /// <summary>One line of <c>items.ndjson</c>: a marked page, in the version's item order.</summary>
    public sealed record Item
    {
        /// <summary>The page image's entry in the zip (<see cref="ImageEntry"/>).</summary>
        public required string Image { get; init; }

        /// <summary>The image's name when the version was made.</summary>
        public required string Name { get; init; }

        /// <summary>SHA-256 of the original file the page came from (several pages of a PDF or TIFF share it).</summary>
        public required string Sha256 { get; init; }

        /// <summary>1-based page of the original.</summary>
        public required int Page { get; init; }

        public required int Width { get; init; }
        public required int Height { get; init; }
        public double? DpiX { get; init; }
        public double? DpiY { get; init; }

        /// <summary>Clockwise degrees (0, 90, 180, 270) to turn the page upright; boxes are on the stored page.</summary>
        public int Rotation { get; init; }

        public required DataSetPart Part { get; init; }
        public required Marking Marking { get; init; }
    }

    /// <summary>A page's marking: field values by field name, ordered by name (ordinal); for a classifier, the document type's name.</summary>
    public sealed record Marking
    {
        public IReadOnlyList<FieldValue> Fields { get; init; } = [];
        public string? DocumentType { get; init; }
    }

    public sealed record FieldValue
    {
        public required string Field { get; init; }
        public string? Value { get; init; }
        public IReadOnlyList<Box> Boxes { get; init; } = [];

        /// <summary>A table field's rows; absent for other types.</summary>
        public IReadOnlyList<Row>? Rows { get; init; }
    }

    public sealed record Row
    {
        public IReadOnlyList<Cell> Cells { get; init; } = [];
    }

    public sealed record Cell
    {
        public required string Column { get; init; }
        public string? Value { get; init; }
        public IReadOnlyList<Box> Boxes { get; init; } = [];
    }

    /// <summary>A rectangle in page pixels, origin top left, on the page as stored (before rotation).</summary>
    public sealed record Box(int X, int Y, int Width, int Height);
}
