using System.Diagnostics;
using System.IO.Compression;
using Docket.Server.Features.Images;
using NetVips;

namespace Docket.Benchmarks;

/// <summary>
/// The upload's decode ceiling (issue 13): libvips alone making each page's thumbnail, with the calls
/// <see cref="PageDecoder"/> makes (load sequential and failing on errors, thumbnail, PNG), into memory: no blobs, no
/// HTTP, no database. As many pages side by side as the server decodes at once, over the same page files.
/// </summary>
internal static class VipsBaseline
{
    public static int Parallelism => PageDecoder.Parallelism;

    /// <summary>libvips's threads per image, as the server set it (reading <see cref="Parallelism"/> first runs its setup).</summary>
    public static int Concurrency => Parallelism > 0 ? global::NetVips.NetVips.Concurrency : 0;

    /// <summary>The archive's pages as files in <paramref name="folder"/>, as the blob store holds them before the decode.</summary>
    public static IReadOnlyList<string> Extract(string zip, string folder)
    {
        ZipFile.ExtractToDirectory(zip, folder);
        return [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
    }

    public static TimeSpan Run(IReadOnlyList<string> pages, int thumbnailSize, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(pages, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, page =>
        {
            using var image = Image.NewFromFile(page, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            using var thumbnail = image.ThumbnailImage(thumbnailSize, height: thumbnailSize);
            _ = thumbnail.WriteToBuffer(".png");
        });
        return clock.Elapsed;
    }
}
