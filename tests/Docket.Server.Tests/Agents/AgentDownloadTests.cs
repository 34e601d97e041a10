using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Docket.Agent.Files;
using Docket.Archives;
using Docket.Contracts.DataSets.Archive;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Features.Agents;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Agents;

/// <summary>
/// The agent's side of file transfers (src/Docket.Agent/Files), used as a library against the real server on
/// loopback serving a real dataset archive: a download cut in the middle resumes from the bytes on disk, a wrong
/// SHA-256 deletes the file, the disk budget refuses before a byte is fetched, refused and removed files are told
/// apart, a package unzips with the server's checks and a forged one leaves nothing, and a run's folder goes with it.
/// </summary>
public sealed class AgentDownloadTests(DocketServer server) : IClassFixture<DocketServer>, IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("docket-agent-work-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_download_cut_in_the_middle_resumes_from_the_bytes_on_disk_and_unzips_the_dataset()
    {
        var (ticket, key) = await DataSetTicketAsync(images: 4);
        var cut = new CuttingHandler(cutAfter: ticket.Size / 2);
        var folder = Path.Combine(work, "runs", "one");

        var result = await Downloader(key, cut).DownloadAsync(ticket, folder, Cancellation);

        result.Error.ShouldBeNull(result.Detail);
        (await Sha256Async(result.Path!)).ShouldBe(ticket.Sha256);
        File.Exists(result.Path + ".part").ShouldBeFalse();
        cut.Ranges.Count.ShouldBe(2, "one request cut in the middle, one that resumes");
        cut.Ranges[0].ShouldBeNull();
        cut.Ranges[1].ShouldBe(ticket.Size / 2, "the resume asks for the rest from the bytes already on disk");
        cut.BytesServed.ShouldBe(ticket.Size, "no byte is fetched twice");

        var unzipped = await new PackageExtractor(Disk()).ExtractAsync(result.Path!, Path.Combine(folder, "dataset"), new ZipLimits(), Cancellation);
        unzipped.Error.ShouldBeNull(unzipped.Detail);
        File.Exists(Path.Combine(unzipped.Path!, DataSetArchiveFormat.ItemsEntry)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_part_left_by_a_killed_agent_is_resumed_with_a_range_and_a_finished_file_is_not_fetched_again()
    {
        var (ticket, key) = await DataSetTicketAsync(images: 2);
        var folder = Path.Combine(work, "killed");
        Directory.CreateDirectory(folder);
        var whole = Succeeded(await Downloader(key).DownloadAsync(ticket, Path.Combine(work, "reference"), Cancellation));
        await File.WriteAllBytesAsync(Path.Combine(folder, ticket.Name + ".part"), (await File.ReadAllBytesAsync(whole, Cancellation))[..100], Cancellation);

        var counting = new CuttingHandler(cutAfter: long.MaxValue);
        var path = Succeeded(await Downloader(key, counting).DownloadAsync(ticket, folder, Cancellation));
        (await Sha256Async(path)).ShouldBe(ticket.Sha256);
        counting.Ranges.ShouldBe([100L]);
        counting.BytesServed.ShouldBe(ticket.Size - 100);

        Succeeded(await Downloader(key, counting).DownloadAsync(ticket, folder, Cancellation));
        counting.Ranges.Count.ShouldBe(1, "a file already there with the right SHA-256 is not downloaded again");
    }

    [Fact]
    public async Task Bytes_without_the_tickets_SHA_256_are_deleted()
    {
        var (ticket, key) = await DataSetTicketAsync(images: 1);
        var folder = Path.Combine(work, "mismatch");
        var wrong = ticket with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("another file"))) };

        var result = await Downloader(key).DownloadAsync(wrong, folder, Cancellation);

        result.Error.ShouldBe(FileTransferError.HashMismatch);
        result.Detail!.ShouldContain(ticket.Sha256);
        Directory.EnumerateFiles(folder).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_download_that_would_pass_the_disk_budget_is_refused_before_a_byte_is_fetched()
    {
        var (ticket, key) = await DataSetTicketAsync(images: 1);
        await File.WriteAllBytesAsync(Path.Combine(work, "already-here.bin"), new byte[1000], Cancellation);
        var counting = new CuttingHandler(cutAfter: long.MaxValue);

        var result = await Downloader(key, counting, budget: ticket.Size + 999).DownloadAsync(ticket, Path.Combine(work, "full"), Cancellation);

        result.Error.ShouldBe(FileTransferError.DiskBudget);
        result.Detail!.ShouldContain("Agent:WorkDiskBudget");
        counting.Ranges.ShouldBeEmpty();
        (await Downloader(key, budget: ticket.Size + 1000).DownloadAsync(ticket, Path.Combine(work, "fits"), Cancellation)).Error.ShouldBeNull();
    }

    [Fact]
    public async Task An_expired_token_and_another_agents_token_are_refused_and_nothing_is_written()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("mine");
        var (_, otherKey) = await tenant.CreateAgentAsync("other");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, 1);
        var ticket = Ticket(await server.TicketAsync(agentId, tenant.Id, versionId));

        var theirs = await Downloader(otherKey).DownloadAsync(ticket, Path.Combine(work, "theirs"), Cancellation);
        theirs.Error.ShouldBe(FileTransferError.Refused);
        theirs.Detail!.ShouldContain("another agent");

        await using (var scope = server.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DocketDbContext>().AgentFileTokens.Where(t => t.AgentId == agentId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1)), Cancellation);
        }

        var expired = await Downloader(key).DownloadAsync(ticket, Path.Combine(work, "expired"), Cancellation);
        expired.Error.ShouldBe(FileTransferError.Refused);
        expired.Detail!.ShouldContain("expired");
        Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dataset_removed_while_it_is_downloaded_ends_the_download_as_removed_and_deletes_the_part()
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("removing");
        var (dataSetId, versionId) = await server.ArchivedDataSetAsync(tenant, 2);
        var ticket = Ticket(await server.TicketAsync(agentId, tenant.Id, versionId));
        var folder = Path.Combine(work, "removed");
        var cut = new CuttingHandler(cutAfter: ticket.Size / 2, onCut: async () =>
            (await tenant.Admin.DeleteAsync($"/api/v1/data-sets/{dataSetId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent));

        var result = await Downloader(key, cut).DownloadAsync(ticket, folder, Cancellation);

        result.Error.ShouldBe(FileTransferError.Removed, result.Detail);
        result.Detail!.ShouldContain("removed");
        Directory.EnumerateFiles(folder).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_forged_package_is_refused_and_leaves_no_folder_nor_part_of_one()
    {
        var extractor = new PackageExtractor(Disk());
        var content = Encoding.UTF8.GetBytes(new string('x', 4000));
        var cases = new Dictionary<string, (byte[] Zip, string Says)>
        {
            ["slip"] = (Zip(("ok.txt", content), ("../escape.txt", content)), "zip-slip"),
            ["absolute"] = (Zip(("/etc/cron.d/evil", content)), "absolute"),
            ["bomb"] = (Zip(("ok.txt", content), ("zeros.bin", new byte[2_000_000])), "bomb"),
            ["damaged"] = (HostileZips.WithWrongCrc(Zip(("ok.txt", content), ("second.txt", content)), "second.txt"), "CRC-32"),
            ["broken"] = (Zip(("ok.txt", content))[..100], "not a readable zip"),
        };

        foreach (var (name, (zip, says)) in cases)
        {
            var path = Path.Combine(work, name + ".zip");
            await File.WriteAllBytesAsync(path, zip, Cancellation);
            var target = Path.Combine(work, name);

            var result = await extractor.ExtractAsync(path, target, new ZipLimits(), Cancellation);

            result.Error.ShouldBe(FileTransferError.BadArchive, name);
            result.Detail!.ShouldContain(says, Case.Insensitive, name);
            Directory.Exists(target).ShouldBeFalse(name);
            Directory.Exists(target + ".unzipping").ShouldBeFalse(name);
        }

        File.Exists(Path.Combine(Path.GetDirectoryName(work)!, "escape.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_package_that_would_pass_the_disk_budget_is_stopped_and_removed()
    {
        var path = Path.Combine(work, "big.zip");
        var random = new byte[200_000];
        new Random(7).NextBytes(random);
        await File.WriteAllBytesAsync(path, Zip(("a.bin", random), ("b.bin", random)), Cancellation);

        var result = await new PackageExtractor(Disk(budget: new FileInfo(path).Length + 300_000)).ExtractAsync(path, Path.Combine(work, "big"), new ZipLimits(), Cancellation);

        result.Error.ShouldBe(FileTransferError.BadArchive);
        result.Detail!.ShouldContain("disk budget");
        Directory.Exists(Path.Combine(work, "big")).ShouldBeFalse();
        Directory.Exists(Path.Combine(work, "big.unzipping")).ShouldBeFalse();
    }

    [Fact]
    public void A_runs_folder_is_removed_after_the_run_and_stale_ones_on_restart()
    {
        var folders = new RunFolders(Disk());
        var (done, running, stale) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var run in new[] { done, running, stale })
        {
            File.WriteAllText(Path.Combine(folders.Create(run), "model.bin"), "weights");
            Directory.CreateDirectory(Path.Combine(folders.PathOf(run), "dataset", "pages"));
        }

        folders.Remove(done);
        Directory.Exists(folders.PathOf(done)).ShouldBeFalse();
        folders.Remove(done);

        folders.RemoveAllBut(new HashSet<Guid> { running }).ShouldBe(1);
        Directory.Exists(folders.PathOf(stale)).ShouldBeFalse();
        File.Exists(Path.Combine(folders.PathOf(running), "model.bin")).ShouldBeTrue();
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private async Task<(FileTicket Ticket, string Key)> DataSetTicketAsync(int images)
    {
        var tenant = await server.CreateTenantAsync();
        var (agentId, key) = await tenant.CreateAgentAsync("downloader");
        var (_, versionId) = await server.ArchivedDataSetAsync(tenant, images);
        return (Ticket(await server.TicketAsync(agentId, tenant.Id, versionId)), key);
    }

    /// <summary>The server's ticket as the command will carry it to the agent.</summary>
    private static FileTicket Ticket(AgentFileTicket ticket) => new(ticket.Path, ticket.Token, ticket.Sha256, ticket.Size, ticket.Name);

    private WorkDisk Disk(long budget = long.MaxValue) => new(Options.Create(Settings(key: "dkk_unused", budget)));

    private FileDownloader Downloader(string key, HttpMessageHandler? handler = null, long budget = long.MaxValue)
    {
        var settings = Options.Create(Settings(key, budget));
        return new FileDownloader(new HttpClient(handler ?? new SocketsHttpHandler()), settings, new WorkDisk(settings), TimeProvider.System,
            NullLogger<FileDownloader>.Instance);
    }

    private Docket.Agent.AgentOptions Settings(string key, long budget) =>
        new() { Server = server.BaseAddress, Id = Guid.NewGuid(), Key = key, WorkDirectory = work, WorkDiskBudget = budget };

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static string Succeeded(FileTransferResult result)
    {
        result.Error.ShouldBeNull(result.Detail);
        return result.Path!;
    }

    private static async Task<string> Sha256Async(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, Cancellation)));

    /// <summary>
    /// The network between agent and server: it passes the server's real answers through, and breaks the first body
    /// after <c>cutAfter</c> bytes as a dropped connection does (HttpClient's own error), after running
    /// <c>onCut</c>. It records each request's Range start and the body bytes that crossed it.
    /// </summary>
    private sealed class CuttingHandler(long cutAfter, Func<Task>? onCut = null) : DelegatingHandler(new SocketsHttpHandler())
    {
        private bool cut;
        private Func<Task>? pendingCut = onCut;

        public List<long?> Ranges { get; } = [];
        public long BytesServed { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Ranges.Add(request.Headers.Range?.Ranges.Single().From);
            var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return response;
            }

            var limit = cut ? long.MaxValue : cutAfter;
            cut = true;
            var body = new CutStream(await response.Content.ReadAsStreamAsync(cancellationToken), limit, this);
            var content = new StreamContent(body);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
            return response;
        }

        private sealed class CutStream(Stream inner, long limit, CuttingHandler owner) : Stream
        {
            private long passed;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => passed; set => throw new NotSupportedException(); }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (passed >= limit)
                {
                    await owner.CutAsync();
                    throw new HttpIOException(HttpRequestError.ResponseEnded, "The connection was cut (test).");
                }

                var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - passed)], cancellationToken);
                passed += n;
                owner.BytesServed += n;
                return n;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }

        /// <summary>Runs what happens while the connection is down, once.</summary>
        private async Task CutAsync()
        {
            if (pendingCut is { } action)
            {
                pendingCut = null;
                await action();
            }
        }
    }
}
