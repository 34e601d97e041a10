using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Docket.Contracts.Export;
using Docket.Events;
using Docket.Server.Export.Sinks;
using Docket.Server.Export;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>The file sink on the real disk, each test in its own folder, with a clock the test moves.</summary>
[Trait("Category", "Fast")]
public sealed class FileSinkTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "docket-tests", "file-sink-" + Guid.NewGuid().ToString("N"), "exports");
    private readonly ManualTime time = new(Start);
    private long sequence;

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(directory)))
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public async Task Lines_are_the_envelopes_in_order_one_per_line_and_the_folder_is_created()
    {
        await using var sink = Sink();
        var first = Items(3);
        var second = Items(2);

        (await sink.SendAsync(new ExportBatch(first), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);
        (await sink.SendAsync(new ExportBatch(second), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, "docket-export.ndjson"), TestContext.Current.CancellationToken);
        Encoding.UTF8.GetString(bytes).ShouldBe(string.Concat(first.Concat(second).Select(i => i.Json + "\n")));
        bytes.Take(3).ShouldNotBe([0xEF, 0xBB, 0xBF]);
        Files().ShouldBe(["docket-export.ndjson"]);
        File.Exists(Path.Combine(directory, "docket-export.lock")).ShouldBeTrue("the sink holds its folder and prefix");
    }

    [Fact]
    public async Task The_current_file_is_rotated_before_a_line_would_take_it_past_MaxBytes()
    {
        await using var sink = Sink(o => new FileSinkOptions { Directory = o.Directory, MaxBytes = 1024 });
        var items = Items(12);

        (await sink.SendAsync(new ExportBatch(items[..7]), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);
        (await sink.SendAsync(new ExportBatch(items[7..]), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);

        var rotated = Rotated();
        rotated.Count.ShouldBeGreaterThanOrEqualTo(2);
        // Same clock second: the stamp, then a counter, in rotation order.
        rotated.Select(Path.GetFileName).ShouldBe(
            Enumerable.Range(0, rotated.Count).Select(n => n == 0 ? "docket-export-20261123T100000Z.ndjson" : $"docket-export-20261123T100000Z-{n}.ndjson"));
        foreach (var file in rotated.Append(Current()))
        {
            new FileInfo(file).Length.ShouldBeLessThanOrEqualTo(1024);
        }

        rotated.Append(Current()).SelectMany(File.ReadAllLines).ShouldBe(items.Select(i => i.Json));
    }

    [Fact]
    public async Task The_current_file_is_rotated_at_the_first_batch_after_it_grew_older_than_MaxAge()
    {
        await using var sink = Sink(o => new FileSinkOptions { Directory = o.Directory, MaxAge = TimeSpan.FromHours(1) });
        var first = Items(2);
        var second = Items(2);
        var third = Items(1);

        await sink.SendAsync(new ExportBatch(first), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(59));
        await sink.SendAsync(new ExportBatch(second), TestContext.Current.CancellationToken);
        Rotated().ShouldBeEmpty();
        time.Advance(TimeSpan.FromMinutes(1));
        await sink.SendAsync(new ExportBatch(third), TestContext.Current.CancellationToken);

        var rotated = Rotated().ShouldHaveSingleItem();
        Path.GetFileName(rotated).ShouldBe("docket-export-20261123T110000Z.ndjson");
        File.ReadAllLines(rotated).ShouldBe(first.Concat(second).Select(i => i.Json));
        File.ReadAllLines(Current()).ShouldBe(third.Select(i => i.Json));
    }

    [Fact]
    public async Task Rotated_files_are_gzipped_to_the_same_lines_and_no_plain_or_partial_copy_is_left()
    {
        await using var sink = Sink(o => new FileSinkOptions { Directory = o.Directory, MaxAge = TimeSpan.FromHours(1), Gzip = true });
        var batches = new[] { Items(3), Items(2), Items(4) };

        foreach (var batch in batches)
        {
            (await sink.SendAsync(new ExportBatch(batch), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);
            time.Advance(TimeSpan.FromHours(2));
        }

        var rotated = Rotated();
        rotated.Select(Path.GetFileName).ShouldBe(["docket-export-20261123T120000Z.ndjson.gz", "docket-export-20261123T140000Z.ndjson.gz"]);
        Files().ShouldBe(["docket-export-20261123T120000Z.ndjson.gz", "docket-export-20261123T140000Z.ndjson.gz", "docket-export.ndjson"]);
        (await Decompress(rotated[0])).ShouldBe(batches[0].Select(i => i.Json));
        (await Decompress(rotated[1])).ShouldBe(batches[1].Select(i => i.Json));
        File.ReadAllLines(Current()).ShouldBe(batches[2].Select(i => i.Json));
    }

    [Fact]
    public async Task Only_the_newest_MaxFiles_rotated_files_are_kept()
    {
        await using var sink = Sink(o => new FileSinkOptions { Directory = o.Directory, MaxAge = TimeSpan.FromHours(1), MaxFiles = 3, Gzip = true });
        var batches = Enumerable.Range(0, 7).Select(_ => Items(1)).ToList();

        foreach (var batch in batches)
        {
            await sink.SendAsync(new ExportBatch(batch), TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromHours(1));
        }

        // Batches 0..5 were rotated out, one file each; the newest three (3, 4, 5) remain, 6 is current.
        var rotated = Rotated();
        rotated.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            (await Decompress(rotated[i])).ShouldBe([batches[3 + i][0].Json]);
        }

        File.ReadAllLines(Current()).ShouldBe([batches[6][0].Json]);
    }

    [Fact]
    public async Task Another_prefix_in_the_same_folder_is_left_alone()
    {
        await using var ours = Sink(o => new FileSinkOptions { Directory = o.Directory, MaxAge = TimeSpan.FromHours(1), MaxFiles = 1 });
        await using var theirs = Sink(o => new FileSinkOptions { Directory = o.Directory, FilePrefix = "docket-export-audit", MaxAge = TimeSpan.FromHours(1), MaxFiles = 1 });

        for (var i = 0; i < 3; i++)
        {
            await ours.SendAsync(new ExportBatch(Items(1)), TestContext.Current.CancellationToken);
            await theirs.SendAsync(new ExportBatch(Items(1)), TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromHours(1));
        }

        Files().ShouldBe(
        [
            "docket-export-20261123T120000Z.ndjson",
            "docket-export-audit-20261123T120000Z.ndjson",
            "docket-export-audit.ndjson",
            "docket-export.ndjson",
        ]);
    }

    [Fact]
    public async Task A_second_sink_on_the_same_directory_and_prefix_writes_nothing_while_the_first_holds_the_files()
    {
        var first = Sink();
        await using var second = Sink();
        var ours = Items(2);

        (await first.SendAsync(new ExportBatch(ours), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);
        var refused = await second.SendAsync(new ExportBatch(Items(1)), TestContext.Current.CancellationToken);

        refused.Outcome.ShouldBe(SinkOutcome.Retryable);
        refused.Error.ShouldNotBeNull().ShouldContain("in use");
        File.ReadAllLines(Current()).ShouldBe(ours.Select(i => i.Json));

        // Once the first lets go (its subscription removed or changed), the second may write.
        await first.DisposeAsync();
        var later = Items(1);
        (await second.SendAsync(new ExportBatch(later), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);
        File.ReadAllLines(Current()).ShouldBe(ours.Concat(later).Select(i => i.Json));
    }

    [Fact]
    public async Task Housekeeping_of_one_prefix_never_removes_a_longer_prefix_s_partial_archive()
    {
        Directory.CreateDirectory(directory);
        var partial = Path.Combine(directory, "docket-export-audit-20261123T100000Z.ndjson.gz.tmp");
        await File.WriteAllTextAsync(partial, "being compressed by the audit subscription", TestContext.Current.CancellationToken);
        await using var sink = Sink(o => new FileSinkOptions { Directory = o.Directory, Gzip = true });

        (await sink.SendAsync(new ExportBatch(Items(1)), TestContext.Current.CancellationToken)).ShouldBe(SinkResult.Delivered);

        File.Exists(partial).ShouldBeTrue();
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_is_retryable_with_the_reason()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        await File.WriteAllTextAsync(directory, "a file where the folder should be", TestContext.Current.CancellationToken);
        await using var sink = Sink(o => new FileSinkOptions { Directory = Path.Combine(o.Directory, "below") });

        var result = await sink.SendAsync(new ExportBatch(Items(1)), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SinkOutcome.Retryable);
        result.Error.ShouldNotBeNull().ShouldContain(Path.Combine(directory, "below"));
    }

    [Fact]
    public void Options_are_checked_before_they_are_stored()
    {
        var definition = new SinkDefinition<FileSinkOptions>(SinkKind.File, (_, o, _) => new FileSink(o, TimeProvider.System, NullLogger<FileSink>.Instance));

        definition.Validate("""{"directory":"soc"}""").ShouldBeNull();
        definition.Validate("""{"directory":"soc","filePrefix":"../escape"}""").ShouldNotBeNull().ShouldContain("FilePrefix");
        definition.Validate("""{"directory":"soc","maxBytes":10}""").ShouldNotBeNull().ShouldContain("MaxBytes");
        definition.Validate("""{"directory":"soc","maxFiles":0}""").ShouldNotBeNull().ShouldContain("MaxFiles");
        definition.Validate("""{"directory":"soc","maxAge":"-01:00:00"}""").ShouldNotBeNull().ShouldContain("MaxAge");
        definition.Validate("""{"filePrefix":"x"}""").ShouldNotBeNull();
        definition.Validate("""{"directory":"soc/eu"}""").ShouldBeNull();
        definition.Validate("""{"directory":"../soc"}""").ShouldNotBeNull().ShouldContain("Directory");
        definition.Validate("""{"directory":"soc","filePrefix":"audit-20261123T100000Z-2"}""").ShouldNotBeNull().ShouldContain("rotation stamp");
        definition.Validate("""{"directory":"soc","directory":"other"}""").ShouldNotBeNull();
    }

    private FileSink Sink(Func<FileSinkOptions, FileSinkOptions>? adjust = null)
    {
        var options = new FileSinkOptions { Directory = directory };
        return new FileSink(adjust is null ? options : adjust(options), time, NullLogger<FileSink>.Instance);
    }

    private string Current() => Path.Combine(directory, "docket-export.ndjson");

    /// <summary>The folder's files, the sinks' lock files aside, by name.</summary>
    private List<string?> Files() =>
        [.. Directory.GetFiles(directory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Select(Path.GetFileName).Order(StringComparer.Ordinal)];

    /// <summary>Rotated files of the default prefix, in rotation order (stamp, then counter).</summary>
    private List<string> Rotated() =>
        Directory.GetFiles(directory, "docket-export-2*")
            .Select(f => (Path: f, Name: Regex.Match(Path.GetFileName(f), @"^docket-export-(\d{8}T\d{6}Z)(?:-(\d+))?\.ndjson(\.gz)?$")))
            .Where(f => f.Name.Success)
            .OrderBy(f => f.Name.Groups[1].Value, StringComparer.Ordinal)
            .ThenBy(f => f.Name.Groups[2].Success ? int.Parse(f.Name.Groups[2].Value, CultureInfo.InvariantCulture) : 0)
            .Select(f => f.Path)
            .ToList();

    private static async Task<List<string>> Decompress(string path)
    {
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        text.ShouldEndWith("\n");
        return [.. text.TrimEnd('\n').Split('\n')];
    }

    private ExportItem[] Items(int count) => Enumerable.Range(0, count).Select(_ => Item(++sequence)).ToArray();

    private static ExportItem Item(long sequence)
    {
        var id = Guid.CreateVersion7();
        var timestamp = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc).AddSeconds(sequence);
        var envelope = new Dictionary<string, object?>
        {
            ["body"] = new Dictionary<string, object?>
            {
                ["Project"] = new Dictionary<string, object?> { ["name"] = "Счета", ["note"] = "line one\nline two" },
                ["EventType"] = "project.ProjectCreated", ["Timestamp"] = timestamp, ["Code"] = 3000, ["Id"] = id, ["NodeId"] = "node-a",
            },
            ["x-opt-sequence-number"] = sequence,
        };
        return new ExportItem
        {
            Sequence = sequence, Id = id, Code = 3000, Name = "ProjectCreated", Class = EventClass.Information, EventType = "project.ProjectCreated",
            Timestamp = timestamp, NodeId = "node-a", Utf8Json = JsonSerializer.SerializeToUtf8Bytes(envelope),
        };
    }

    /// <summary>A clock the test moves by hand (Microsoft's FakeTimeProvider is not in the package copy).</summary>
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
