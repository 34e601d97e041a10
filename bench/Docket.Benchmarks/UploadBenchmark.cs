using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Docket.Server.Storage;

namespace Docket.Benchmarks;

/// <summary>
/// The <c>upload</c> mode (issue 4): a zip of page scans POSTed to the real server over loopback HTTP until its 201
/// report arrives, beside a plain copy of the same bytes (with fsync), the bare HTTP ceiling (the same POST to an
/// endpoint that only writes the body to a file) and libvips alone doing the decoder's work on the same pages on
/// every core (issue 13), in the same run; then where the upload's time goes.
/// </summary>
internal sealed class UploadBenchmark
{
    private const double Mega = 1_000_000;
    private const int WarmupImages = 5;

    private readonly BenchSettings settings;
    private readonly int images;
    private readonly bool breakdown;
    private readonly Report report;

    private UploadBenchmark(BenchSettings settings, int images, bool breakdown)
    {
        this.settings = settings;
        this.images = images;
        this.breakdown = breakdown;
        report = new Report(settings.Output);
    }

    /// <summary>Runs the mode with its command line (after <c>upload</c>); the process's exit code.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        // --images and --no-breakdown are this mode's own; the rest are the common options of BenchSettings.
        var images = 1_000;
        var breakdown = true;
        var common = new List<string>();
        BenchSettings settings;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--images" when i + 1 < args.Length:
                        images = int.Parse(args[++i].Replace("_", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture);
                        break;
                    case "--no-breakdown":
                        breakdown = false;
                        break;
                    default:
                        common.Add(args[i]);
                        break;
                }
            }

            settings = BenchSettings.Parse("upload", common);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: Docket.Benchmarks upload [--provider sqlite|postgres] [--images 1000] [--rounds 3] [--seed N] [--no-breakdown] [--keep] [--out FILE]");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var benchmark = new UploadBenchmark(settings, images, breakdown);
        benchmark.report.Line($"<!-- upload {string.Join(' ', args)} | {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC | {Environment.ProcessorCount} cores | .NET {Environment.Version} | load average at start {LoadAverage()} -->");
        await benchmark.RunAsync(cancellation.Token);
        benchmark.report.Line($"<!-- load average at end {LoadAverage()} -->");
        await benchmark.report.SaveAsync(cancellation.Token);
        return 0;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var zip = ScanArchive.PathFor(settings.Seed, images);
        var making = Stopwatch.StartNew();
        var made = await ScanArchive.EnsureAsync(zip, settings.Seed, images, cancellationToken);
        var size = new FileInfo(zip).Length;
        Report.Progress($"archive: {zip}, {size / Mega:F1} MB, {(made ? $"made in {making.Elapsed.TotalSeconds:F0} s" : "cached")}");
        var (pngBytes, jpegBytes) = EntryBytes(zip);
        var thumbnailSize = new Docket.Server.Features.Images.ImageDataOptions().ThumbnailSize;
        var sha256 = await ScanArchive.Sha256Async(zip, cancellationToken);

        var scratch = Path.Combine(Path.GetTempPath(), "docket-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        var pages = VipsBaseline.Extract(zip, Path.Combine(scratch, "pages"));
        using var probe = new DbTimeProbe();
        var rounds = new List<Round>();
        StageTimes? stages = null;
        Round? staged = null;
        IReadOnlyList<string> database = [];
        try
        {
            await using var sink = await HttpSink.StartAsync(scratch, cancellationToken);
            using var sinkClient = new HttpClient { BaseAddress = sink.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

            // Warm: the zip in the page cache, and the HTTP, upload, libvips and database paths jitted by a small upload
            // of other pages, so round 1 pays no more than the others.
            await PostAsync(sinkClient, new Uri("/sink", UriKind.Relative), zip, cancellationToken);
            var warmup = ScanArchive.PathFor(settings.Seed + 1, WarmupImages);
            await ScanArchive.EnsureAsync(warmup, settings.Seed + 1, WarmupImages, cancellationToken);
            await using (var server = await UploadServer.StartAsync(settings, probe, cancellationToken))
            {
                await UploadAsync(server, warmup, WarmupImages, cancellationToken);
            }

            for (var r = 0; r < settings.Rounds; r++)
            {
                TimeSpan copy = default, ceiling = default, vips = default;
                StageTime upload = default;
                DbTally? db = null;
                for (var v = 0; v < 4; v++)
                {
                    switch ((v + r) % 4)
                    {
                        case 0:
                            copy = await CopyAsync(zip, Path.Combine(scratch, $"copy-{r}.zip"), cancellationToken);
                            break;
                        case 1:
                            var (time, status, body) = await PostAsync(sinkClient, new Uri("/sink", UriKind.Relative), zip, cancellationToken);
                            Expect(status == HttpStatusCode.Created && body == size.ToString(CultureInfo.InvariantCulture), $"The sink answered {status}: {body}");
                            ceiling = time.Wall;
                            break;
                        case 2:
                            vips = VipsBaseline.Run(pages, thumbnailSize, cancellationToken);
                            break;
                        default:
                            await using (var server = await UploadServer.StartAsync(settings, probe, cancellationToken))
                            {
                                if (database.Count == 0)
                                {
                                    database = await server.DescribeDatabaseAsync(cancellationToken);
                                }

                                upload = await UploadAsync(server, zip, images, cancellationToken);
                                db = server.LastUpload!;
                                if (breakdown && r == settings.Rounds - 1)
                                {
                                    Report.Progress("breakdown: the upload's stages, one at a time");
                                    stages = await new UploadStages(server.Services).RunAsync(zip, cancellationToken);
                                }
                            }

                            break;
                    }
                }

                var round = new Round(copy, ceiling, upload, db!, vips);
                rounds.Add(round);
                if (stages is not null)
                {
                    staged = round;
                }

                Report.Progress($"round {r + 1}: copy {copy.TotalSeconds:F2} s, HTTP ceiling {ceiling.TotalSeconds:F2} s, libvips alone {vips.TotalSeconds:F2} s, upload {upload.Wall.TotalSeconds:F2} s ({upload.Cpu.TotalSeconds:F2} s CPU)");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var provider = settings.Provider == StorageProvider.Postgres ? "PostgreSQL" : "SQLite";
        report.Line($"#### Upload of a {images:N0}-image archive: {provider}");
        report.Line();
        report.Line($"Archive: {images:N0} greyscale page scans of {ScanArchive.Width}×{ScanArchive.Height} (A4 at 150 dpi): "
            + $"{images - (images / 5):N0} JPEG ({jpegBytes / Mega:F1} MB), {images / 5:N0} PNG ({pngBytes / Mega:F1} MB); "
            + $"zip (deflate) of {size / Mega:F1} MB ({size / (double)images / 1000:F0} KB a page), seed {settings.Seed}, SHA-256 {sha256[..16]}….");
        report.Line();
        report.Line($"Settings in effect (read back from the database): {string.Join("; ", database)}.");
        report.Line();
        report.Line($"{settings.Rounds} rounds, the four variants interleaved in a rotating order; every upload goes to a fresh server "
            + "(new data directory and database, a new tenant and project), POSTed as `application/zip` over loopback HTTP/1.1, timed until "
            + "its 201 report is read. The copy and the ceiling write to the same disk (the data directory's). libvips alone: the zip's "
            + $"pages, extracted once, each loaded (sequential, fail on error), thumbnailed to {thumbnailSize} px and encoded as PNG into memory "
            + $"(`PageDecoder`'s calls), {VipsBaseline.Parallelism} pages side by side (the server's own parallelism), libvips concurrency "
            + $"{VipsBaseline.Concurrency}. MB = 10^6 bytes.");
        report.Line();
        report.Table(
            ["round", "copy s", "HTTP ceiling s", "libvips alone s", "upload s", "upload CPU s", "upload MB/s", "images/s", "upload ÷ libvips alone", "DB: transactions ms (count)", "DB: other queries ms (count)"],
            rounds.Select((round, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Seconds(round.Copy), Seconds(round.Ceiling), Seconds(round.Vips), Seconds(round.Upload.Wall), Seconds(round.Upload.Cpu),
                Rate(size, round.Upload.Wall), Report.Number(images / round.Upload.Wall.TotalSeconds, "F1"), Ratio(round.Vips / round.Upload.Wall),
                $"{Milliseconds(round.Db.TransactionTime)} ({round.Db.Transactions})", $"{Milliseconds(round.Db.Queries)} ({round.Db.QueryCount})",
            ]));

        var medianCopy = Median(rounds.Select(r => r.Copy));
        var medianCeiling = Median(rounds.Select(r => r.Ceiling));
        var medianUpload = Median(rounds.Select(r => r.Upload.Wall));
        var medianVips = Median(rounds.Select(r => r.Vips));
        report.Line("Medians of the rounds; the ratios are the medians of each round's own ratio (upload MB/s ÷ baseline MB/s).");
        report.Line();
        report.Table(
            ["variant", "s", "MB/s", "images/s", "upload MB/s ÷ this", "this is × faster"],
            [
                ["plain copy of the zip (stream copy + fsync)", Seconds(medianCopy), Rate(size, medianCopy), "", Ratio(MedianRatio(rounds, r => r.Copy)), Times(MedianRatio(rounds, r => r.Copy))],
                ["HTTP ceiling (POST → file + fsync, no auth/hash/DB)", Seconds(medianCeiling), Rate(size, medianCeiling), "", Ratio(MedianRatio(rounds, r => r.Ceiling)), Times(MedianRatio(rounds, r => r.Ceiling))],
                [$"libvips alone: load + thumbnail + PNG in memory, {VipsBaseline.Parallelism} pages side by side", Seconds(medianVips), Rate(size, medianVips), Report.Number(images / medianVips.TotalSeconds, "F1"), Ratio(MedianRatio(rounds, r => r.Vips)), Times(MedianRatio(rounds, r => r.Vips))],
                ["**upload** (POST → 201 report)", Seconds(medianUpload), Rate(size, medianUpload), Report.Number(images / medianUpload.TotalSeconds, "F1"), "100 %", ""],
            ]);

        if (stages is not null && staged is not null)
        {
            WriteBreakdown(stages, staged);
        }
    }

    private void WriteBreakdown(StageTimes stages, Round round)
    {
        var total = round.Upload;
        var db = round.Db;
        var rest = total - stages.Spool - stages.Entries - stages.Decode;
        var restWall = rest.Wall - db.Total;
        IReadOnlyList<string> Row(string stage, StageTime time) =>
            [stage, Seconds(time.Wall), Report.Percent(time.Wall / total.Wall), Seconds(time.Cpu), Report.Percent(time.Cpu / total.Cpu)];
        report.Line($"Where the time goes (round {settings.Rounds}: upload {Seconds(total.Wall)} s, {Seconds(total.Cpu)} s of CPU in this process). "
            + "Each stage of `ImageUpload` was run again alone through the same server's services right after its upload (the blobs already "
            + "existed, so each new copy was dropped instead of renamed); the database time was read in the upload itself from EF Core's "
            + "diagnostic events for that request (wall time; its CPU is in the last row, and PostgreSQL's own is in its server processes). "
            + "CPU is the whole process's (client, server, libvips threads); on a shared machine it moves less than the wall time.");
        report.Line();
        report.Table(
            ["stage", "wall s", "share of the upload", "CPU s", "share of its CPU"],
            [
                Row("archive spooled to a blob: SHA-256 + write + fsync of the zip", stages.Spool),
                Row($"entries to blobs: inflate + SHA-256 + write + fsync + rename, ×{stages.Pages}, then the format from each head", stages.Entries),
                Row("&nbsp;&nbsp;of which inflate + SHA-256 alone (nothing written)", stages.InflateOnly),
                Row("decode: `PageDecoder` (libvips full decode, 256 px thumbnail, PNG, thumbnail blob + fsync)", stages.Decode),
                Row("&nbsp;&nbsp;of which libvips alone, thumbnail PNG into memory", stages.VipsOnly),
                [$"database: transactions ×{db.Transactions}, BEGIN to COMMIT (INSERTs of images and their 4000 events, the journal's head; EF Core's {db.CommandsInTransactions} commands {Milliseconds(db.CommandTimeInTransactions)} ms, the COMMITs {Milliseconds(db.CommitTime)} ms)",
                    Seconds(db.TransactionTime), Report.Percent(db.TransactionTime / total.Wall), "", ""],
                [$"database: other queries ×{db.QueryCount} (sign-in check, duplicate look-up per file)", Seconds(db.Queries), Report.Percent(db.Queries / total.Wall), "", ""],
                ["rest: HTTP transfer, request overhead, the 201 report (upload − the stages above; CPU: with the database's in-process work)",
                    Seconds(restWall), Report.Percent(restWall / total.Wall), Seconds(rest.Cpu), Report.Percent(rest.Cpu / total.Cpu)],
            ]);
    }

    private static async Task<StageTime> UploadAsync(UploadServer server, string zip, int images, CancellationToken cancellationToken)
    {
        var (client, projectId) = await server.NewProjectAsync(cancellationToken);
        using (client)
        {
            Report.Progress($"upload: {server.BaseAddress}api/v1/projects/{projectId}/images");
            var (time, status, body) = await PostAsync(client, new Uri($"/api/v1/projects/{projectId}/images?name=scans.zip", UriKind.Relative), zip, cancellationToken);
            Expect(status == HttpStatusCode.Created, $"The upload answered {(int)status}: {body[..Math.Min(body.Length, 2000)]}");
            using var json = JsonDocument.Parse(body);
            var added = json.RootElement.GetProperty("added").GetArrayLength();
            var refused = json.RootElement.GetProperty("refused").GetArrayLength();
            Expect(added == images && refused == 0, $"The upload added {added} images and refused {refused}; expected {images} and none.");
            return time;
        }
    }

    /// <summary>The zip as the request body, timed from the send until the whole answer is read.</summary>
    private static async Task<(StageTime Time, HttpStatusCode Status, string Body)> PostAsync(HttpClient client, Uri uri, string zip, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(zip, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(file, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        content.Headers.ContentLength = file.Length;
        var clock = StageClock.Start();
        using var response = await client.PostAsync(uri, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (clock.Lap(), response.StatusCode, body);
    }

    /// <summary>The plain copy: the same bytes read and written with the blob store's buffer size, then fsync, as the blob store makes a blob durable.</summary>
    private static async Task<TimeSpan> CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await input.CopyToAsync(output, cancellationToken);
            await output.FlushAsync(cancellationToken);
            output.Flush(flushToDisk: true);
        }

        var time = clock.Elapsed;
        File.Delete(target);
        return time;
    }

    private static (long Png, long Jpeg) EntryBytes(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var png = archive.Entries.Where(e => e.Name.EndsWith(".png", StringComparison.Ordinal)).Sum(e => e.Length);
        return (png, archive.Entries.Sum(e => e.Length) - png);
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Upload throughput over a baseline's throughput, that is baseline time over upload time, per round; the median.</summary>
    private static double MedianRatio(IEnumerable<Round> rounds, Func<Round, TimeSpan> baseline)
    {
        var sorted = rounds.Select(r => baseline(r) / r.Upload.Wall).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Seconds(TimeSpan time) => Report.Number(time.TotalSeconds, "F2");

    private static string Ratio(double ratio) => Report.Number(ratio * 100, "F1") + " %";

    private static string Times(double ratio) => Report.Number(1 / ratio, "F0") + "×";

    private static string Milliseconds(TimeSpan time) => Report.Number(time.TotalMilliseconds, "F0");

    private static string Rate(long bytes, TimeSpan time) => Report.Number(bytes / Mega / time.TotalSeconds, "F1");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record Round(TimeSpan Copy, TimeSpan Ceiling, StageTime Upload, DbTally Db, TimeSpan Vips);
}
