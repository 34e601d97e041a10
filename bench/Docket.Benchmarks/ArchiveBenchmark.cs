using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Contracts.DataSets;
using Docket.Server.Common;
using Docket.Server.Features.DataSets;
using Docket.Server.Security;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Docket.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>
/// Issue 4's archive build: for each size in <see cref="BenchSettings.Images"/>, a project of that many marked scans
/// (<see cref="ArchiveSeeder"/>) and a dataset of them (<see cref="DataSetService"/>) are made in the database, then the
/// built server is started as a process of its own over the same database and data directory, and asked through its
/// API for the archive of version 1. The build is timed (the archive's startedAt/completedAt, and the wall clock from
/// the request until a poll sees it Ready) while the server's resident memory is sampled every 100 ms. The baseline, in
/// the same run: the same page files copied one after another into one zip (entries stored) by this process.
/// </summary>
internal sealed class ArchiveBenchmark(BenchHost host, BenchSettings settings, Report report)
{
    private const double Mega = 1_000_000;
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // The Administrator, as the export mode calls its services: the dataset is made before any user exists.
    private static readonly Caller Administrator = new(Guid.Empty, Guid.Empty, IsAdministrator: true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var server = ServerAssembly();
        var results = new List<ArchiveRun>();
        foreach (var images in settings.Images)
        {
            Report.Progress($"{images:N0} scans: seeding");
            var seeded = await new ArchiveSeeder(host).SeedAsync(images, settings.Seed, cancellationToken);
            var creating = Stopwatch.GetTimestamp();
            var dataSet = await CreateDataSetAsync(seeded, cancellationToken);
            var created = Stopwatch.GetElapsedTime(creating);

            Report.Progress($"{images:N0} scans: baseline copy");
            var pages = await PagePathsAsync(dataSet, cancellationToken);
            var baseline = CopyBaseline(pages);

            Report.Progress($"{images:N0} scans: archive build in a server process");
            var build = await BuildAsync(server, dataSet, cancellationToken);
            var zipEntries = await CountEntriesAsync(build.ArchiveId, cancellationToken);
            if (zipEntries != pages.Count + 3)
            {
                throw new InvalidOperationException($"The archive has {zipEntries} entries; {pages.Count} pages and 3 JSON entries were expected.");
            }

            var run = new ArchiveRun(seeded, created, pages.Count, baseline, build);
            results.Add(run);
            Report.Progress($"{images:N0} scans: build {build.BuildSeconds:F1} s ({baseline.TotalSeconds:F1} s baseline), peak RSS {build.Peak.Rss / Mega:F0} MB, VmHWM {build.End.Peak / Mega:F0} MB");
        }

        await using var lease = await host.OpenConnectionAsync(cancellationToken);
        var database = await DatabaseInfo.DescribeAsync(lease, host.Provider, cancellationToken);
        WriteReport(database, server, results, Stopwatch.GetElapsedTime(started));
    }

    private async Task<Guid> CreateDataSetAsync(SeededScans seeded, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<DataSetService>().CreateAsync(
            Administrator,
            seeded.ProjectId,
            new CreateDataSetRequest { Name = $"scans-{seeded.Images}", SchemeId = seeded.SchemeId, Seed = settings.Seed },
            cancellationToken);
        return created.Value?.Id ?? throw new InvalidOperationException($"Dataset refused: {created.Error}");
    }

    /// <summary>The files of the version's distinct pages, in item order: what the archive's images/ entries hold.</summary>
    private async Task<List<string>> PagePathsAsync(Guid dataSetId, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IBlobStore>();
        var versions = db.DataSetVersions;
        var blobs = await db.DataSetItems.AsNoTracking()
            .Where(i => versions.Any(v => v.Id == i.VersionId && v.DataSetId == dataSetId && v.Number == 1))
            .OrderBy(i => i.Ordinal)
            .Select(i => i.PageBlob)
            .ToListAsync(cancellationToken);
        return [.. blobs.Distinct(StringComparer.Ordinal).Select(key => store.PathOf(key) ?? throw new InvalidOperationException($"Page blob {key} is missing."))];
    }

    /// <summary>
    /// The floor under the build: each page file copied in turn into a zip entry (stored, as the archive stores pages)
    /// on a plain file on the same disk, and that file flushed to disk, as the blob store flushes the archive's.
    /// </summary>
    private TimeSpan CopyBaseline(IReadOnlyList<string> pages)
    {
        var path = Path.Combine(host.DataDirectory, "baseline.zip");
        var start = Stopwatch.GetTimestamp();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920))
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var page in pages)
                {
                    using var entry = zip.CreateEntry("images/" + Path.GetFileName(page) + ".png", CompressionLevel.NoCompression).Open();
                    using var content = File.OpenRead(page);
                    content.CopyTo(entry);
                }
            }

            file.Flush(flushToDisk: true);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        File.Delete(path);
        return elapsed;
    }

    private async Task<BuildResult> BuildAsync(string assembly, Guid dataSetId, CancellationToken cancellationToken)
    {
        // The bench's own connections leave the SQLite file to the server while it builds.
        SqliteConnection.ClearAllPools();
        // The bench host's own storage and administrator, so the process works on what the bench seeded.
        await using var server = await ServerProcess.StartAsync(
            host.Storage, "bench-archive", [], cancellationToken, settings.ServerEnvironment, assembly);
        using var client = await server.AdminAsync(cancellationToken);
        var gcBefore = await GcMetricsAsync(client, cancellationToken);
        var before = ProcStatusMemory.Read(server.Id);

        await using var sampler = new ArchiveMemorySampler(server.Id);
        var start = Stopwatch.GetTimestamp();
        using var requested = await client.PostAsync(new Uri($"/api/v1/data-sets/{dataSetId}/versions/1/archives", UriKind.Relative), null, cancellationToken);
        requested.EnsureSuccessStatusCode();
        var location = requested.Headers.Location ?? throw new InvalidOperationException("The archive request gave no Location.");
        JsonElement archive;
        var gcDuring = gcBefore;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(BuildTimeout);
            for (var poll = 1; ; poll++)
            {
                archive = await client.GetFromJsonAsync<JsonElement>(location, timeout.Token);
                if (archive.GetProperty("state").GetString() is "Ready" or "Failed" or "TimedOut")
                {
                    break;
                }

                // About once a second, the GC's own view: is what grows managed (live after a collection) or not?
                if (poll % 10 == 0)
                {
                    gcDuring = GcFigures.Max(gcDuring, await GcMetricsAsync(client, timeout.Token));
                }

                await Task.Delay(PollInterval, timeout.Token);
            }
        }

        var wall = Stopwatch.GetElapsedTime(start);
        var peak = await sampler.StopAsync();
        var end = ProcStatusMemory.Read(server.Id);
        var gcAfter = await GcMetricsAsync(client, cancellationToken);
        if (archive.GetProperty("state").GetString() != "Ready")
        {
            throw new InvalidOperationException($"The build ended {archive.GetProperty("state")}: {archive.GetProperty("error")}\n{server.Output}");
        }

        var buildSeconds = (archive.GetProperty("completedAt").GetDateTime() - archive.GetProperty("startedAt").GetDateTime()).TotalSeconds;
        return new BuildResult(
            archive.GetProperty("id").GetGuid(), archive.GetProperty("size").GetInt64(), buildSeconds, wall.TotalSeconds,
            before, peak, end, sampler.Count, sampler.Tenths(), gcBefore, GcFigures.Max(gcDuring, gcAfter), gcAfter);
    }

    /// <summary>The GC's own figures from the server's Prometheus endpoint (the System.Runtime meter), after its last collection.</summary>
    private static async Task<GcFigures> GcMetricsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        double Sum(string name) => text.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && line[name.Length] is ' ' or '{'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
        return new GcFigures(
            (long)Sum("dotnet_gc_last_collection_heap_size_bytes"),
            (long)Sum("dotnet_gc_last_collection_memory_committed_size_bytes"),
            (long)Sum("dotnet_gc_collections_total"));
    }

    private async Task<int> CountEntriesAsync(Guid archiveId, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().DataSetArchives.AsNoTracking()
            .Where(a => a.Id == archiveId).Select(a => a.Blob).SingleAsync(cancellationToken);
        await using var content = scope.ServiceProvider.GetRequiredService<IBlobStore>().OpenRead(key!)
            ?? throw new InvalidOperationException("The archive's blob is missing.");
        await using var zip = await ZipArchive.CreateAsync(content, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        return zip.Entries.Count;
    }

    /// <summary>The server the build put beside its sources, of the bench's own configuration (Release or Debug).</summary>
    private static string ServerAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Docket.slnx")))
        {
            root = root.Parent;
        }

        var path = root is null ? null : Path.Combine(root.FullName, "src", "Docket.Server", "bin", configuration, output.Name, "Docket.Server.dll");
        return path is not null && File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The built server is missing: build the solution (dotnet build Docket.slnx -c {configuration}) first.", path);
    }

    /// <summary>Whether the server process runs the Server GC: its runtimeconfig (the Web SDK turns it on), unless the environment overrides it.</summary>
    private string GcMode(string assembly)
    {
        var setting = settings.ServerEnvironment.GetValueOrDefault("DOTNET_gcServer") ?? Environment.GetEnvironmentVariable("DOTNET_gcServer");
        if (setting is not null)
        {
            return setting == "1" ? "Server GC (DOTNET_gcServer=1)" : "Workstation GC (DOTNET_gcServer=0)";
        }

        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(assembly, ".runtimeconfig.json")));
        var server = config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var value) && value.GetBoolean();
        return server ? "Server GC (runtimeconfig System.GC.Server=true)" : "Workstation GC (runtimeconfig)";
    }

    private void WriteReport(IReadOnlyList<string> database, string assembly, List<ArchiveRun> runs, TimeSpan elapsed)
    {
        static string Mb(double bytes) => Report.Number(bytes / Mega, "F1");
        static string Mb0(double bytes) => Report.Number(bytes / Mega, "F0");

        report.Line($"## Archive build, {(host.Provider == StorageProvider.Postgres ? "PostgreSQL" : "SQLite")}");
        report.Line();
        report.Line($"Server process: `dotnet {Path.GetRelativePath(Environment.CurrentDirectory, assembly)}`, {GcMode(assembly)}, {Environment.ProcessorCount} cores"
            + (settings.ServerEnvironment.Count > 0 ? ", environment " + string.Join(' ', settings.ServerEnvironment.Select(e => $"`{e.Key}={e.Value}`")) : string.Empty)
            + ". Pages: one distinct 600×800 greyscale PNG per image (`SyntheticScan`). MB = 1,000,000 bytes.");
        report.Line();
        report.Table(
            ["images", "pages (MB)", "zip (MB)", "build (s)", "wall (s)", "items/s", "zip MB/s", "baseline (s)", "baseline MB/s", "build / baseline"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                Report.Number(r.Seeded.Images), Mb(r.Seeded.PageBytes), Mb(r.Build.Size), Report.Number(r.Build.BuildSeconds, "F2"),
                Report.Number(r.Build.WallSeconds, "F2"), Report.Number(r.Pages / r.Build.BuildSeconds), Report.Number(r.Build.Size / Mega / r.Build.BuildSeconds, "F1"),
                Report.Number(r.Baseline.TotalSeconds, "F2"), Report.Number(r.Seeded.PageBytes / Mega / r.Baseline.TotalSeconds, "F1"),
                Report.Number(r.Build.BuildSeconds / r.Baseline.TotalSeconds, "F1") + "×",
            ]));
        report.Line("Build: the archive's `completedAt − startedAt` (the server's clock); wall: from the POST until a poll (every 100 ms) saw `Ready`.");
        report.Line("Baseline: the same page files copied in item order into one zip (stored entries) on the same disk by the bench process, then fsync'd; no database, no journal, no hashing.");
        report.Line();

        report.Table(
            ["images", "RSS before build", "peak RSS during build (sampled)", "of which anonymous / file-backed", "growth", "VmHWM at end", "GC heap before / highest", "GC committed before / highest", "GCs during build", "samples"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                Report.Number(r.Seeded.Images), Mb0(r.Build.Before.Rss), Mb0(r.Build.Peak.Rss), $"{Mb0(r.Build.Peak.Anonymous)} / {Mb0(r.Build.Peak.FileBacked)}",
                Mb0(r.Build.Peak.Rss - r.Build.Before.Rss), Mb0(r.Build.End.Peak), $"{Mb0(r.Build.GcBefore.HeapSize)} / {Mb0(r.Build.GcHighest.HeapSize)}",
                $"{Mb0(r.Build.GcBefore.Committed)} / {Mb0(r.Build.GcHighest.Committed)}", Report.Number(r.Build.GcAfter.Collections - r.Build.GcBefore.Collections), Report.Number(r.Build.Samples),
            ]));
        report.Line("Memory in MB of the server process (`/proc/<pid>/status`): RSS before build just before the POST (after start-up and sign-in); peak: the highest `VmRSS` sampled every 100 ms during the build; VmHWM: the process's resident peak since it started. GC figures: the server's `/metrics` (System.Runtime meter: the heap's size and the memory the GC had committed, both as of its last collection) before the POST, and the highest read about once a second during the build and after `Ready`.");
        report.Line();
        report.Table(
            ["images", .. Enumerable.Range(1, 10).Select(t => $"{t * 10} %")],
            runs.Select(r => (IReadOnlyList<string>)[Report.Number(r.Seeded.Images), .. r.Build.Tenths.Select(t => Mb0(t))]));
        report.Line("Highest sampled RSS (MB) in each tenth of the build's time: flat means memory does not grow with the items done.");
        report.Line();

        var high = runs.Max(r => Math.Max(r.Build.Peak.Rss, r.Build.End.Peak));
        var verdict = high < 300 * Mega ? "under" : "over";
        report.Line($"Goal (peak memory under 300 MB whatever the size): the highest peak is {Mb0(high)} MB, {verdict} 300 MB; "
            + string.Join(", ", runs.Select(r => $"{r.Seeded.Images:N0} images: {Mb0(r.Build.Peak.Rss)} MB sampled, {Mb0(r.Build.End.Peak)} MB VmHWM")) + ".");
        report.Line();
        report.Table(
            ["images", "seeding (s)", "dataset made by DataSetService (s)"],
            runs.Select(r => (IReadOnlyList<string>)[Report.Number(r.Seeded.Images), Report.Number(r.Seeded.Elapsed.TotalSeconds, "F0"), Report.Number(r.DatasetCreation.TotalSeconds, "F1")]));
        report.Code(string.Empty, database);
        report.Line($"Whole run {elapsed.TotalMinutes:F1} min.");
        report.Line();
    }

    private sealed record ArchiveRun(SeededScans Seeded, TimeSpan DatasetCreation, int Pages, TimeSpan Baseline, BuildResult Build);

    private sealed record BuildResult(
        Guid ArchiveId, long Size, double BuildSeconds, double WallSeconds, ProcStatusMemory Before, ProcStatusMemory Peak, ProcStatusMemory End,
        int Samples, IReadOnlyList<long> Tenths, GcFigures GcBefore, GcFigures GcHighest, GcFigures GcAfter);

    private sealed record GcFigures(long HeapSize, long Committed, long Collections)
    {
        public static GcFigures Max(GcFigures a, GcFigures b) =>
            new(Math.Max(a.HeapSize, b.HeapSize), Math.Max(a.Committed, b.Committed), Math.Max(a.Collections, b.Collections));
    }
}
