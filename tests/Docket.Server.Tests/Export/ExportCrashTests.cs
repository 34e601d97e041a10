using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Export;

/// <summary>
/// Export through crashes and replicas, with the server as a real OS process killed with SIGKILL (no shutdown, no
/// lease released) and started again over the same database, or two of them over one database: delivery resumes from
/// the durable cursor, a lease keeps a subscription to one replica at a time, and nothing is lost.
/// </summary>
public sealed class ExportCrashTests
{
    private const int BatchEvents = 5;

    /// <summary>Short enough for a test to wait out; each replica renews every third of it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);

    private static readonly string[] Settings =
    [
        .. ServerSettings.ForTests,
        $"--Export:LeaseDuration={Lease}",
        "--Export:PollInterval=00:00:00.250",
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_killed_mid_batch_resumes_from_its_durable_cursor_and_loses_nothing()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("crash-token", indexes: ["docket"]);
        await using var server = await ServerProcess.StartAsync(storage, "node-a", Settings, Cancellation);
        var writer = await Writer.CreateAsync(server);
        var id = await SubscribeAsync(writer.Admin, receiver, "crash-token");

        await writer.WriteAsync(10);
        await SubscriptionStatus.WaitAsync(writer.Admin, id, s => s.GetProperty("deliveredCount").GetInt64() == 10, TimeSpan.FromMinutes(2), () => server.Output);
        receiver.HoldAnswers();
        await writer.WriteAsync(20);
        await receiver.WaitForHeldAsync(1, TimeSpan.FromMinutes(2), Cancellation);
        var unconfirmed = receiver.Batches[^1];

        await server.KillAsync();
        var (cursor, _, _) = await LeaseAsync(storage);
        cursor.ShouldBe(receiver.Events[9].Event.GetProperty("x-opt-sequence-number").GetInt64(), "the cursor holds the last confirmed batch");
        receiver.ReleaseAnswers();
        await server.StartAsync(Cancellation);
        writer.Admin.Dispose();
        writer = await Writer.CreateAsync(server, writer);
        await writer.WriteAsync(5);

        var batches = await WaitForAllAsync(receiver, writer.Names.Count, server);
        var sequences = batches.SelectMany(batch => batch.Sequences).ToList();
        NamesInOrder(batches).ShouldBe(writer.Names);
        sequences.Distinct().ShouldBeInOrder(SortDirection.Ascending);
        // What was confirmed before the kill is not sent again; the batch in flight at the kill is, once.
        sequences.Take(10).ShouldAllBe(s => sequences.Count(x => x == s) == 1);
        unconfirmed.Sequences.ShouldAllBe(s => sequences.Count(x => x == s) == 2);
        (sequences.Count - writer.Names.Count).ShouldBe(unconfirmed.Events.Count);
        unconfirmed.Events.Count.ShouldBeLessThanOrEqualTo(BatchEvents);
        var status = await SubscriptionStatus.WaitAsync(writer.Admin, id, s => s.GetProperty("lagEvents").GetInt64() == 0, TimeSpan.FromMinutes(2), () => server.Output);
        status.GetProperty("deliveredCount").GetInt64().ShouldBe(writer.Names.Count, "a batch that was never confirmed is not counted");
        status.GetProperty("state").GetString().ShouldBe("Running");
    }

    [Fact]
    public async Task Two_replicas_never_deliver_a_subscription_at_once_and_the_survivor_takes_over_after_the_lease()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        await using var receiver = await HecReceiver.StartAsync(Cancellation);
        receiver.AddToken("replica-token", indexes: ["docket"]);
        // One after the other: the first migrates the database and creates the signing key the second reads.
        await using var a = await ServerProcess.StartAsync(storage, "node-a", Settings, Cancellation);
        await using var b = await ServerProcess.StartAsync(storage, "node-b", Settings, Cancellation);
        var writerA = await Writer.CreateAsync(a);
        var writerB = await Writer.CreateAsync(b, writerA);
        var id = await SubscribeAsync(writerA.Admin, receiver, "replica-token");

        for (var i = 0; i < 10; i++)
        {
            await writerA.WriteAsync(1);
            await writerB.WriteAsync(1);
        }

        var both = await WaitForAllAsync(receiver, writerA.Names.Count, a, b);
        both.SelectMany(batch => batch.Sequences).ShouldBeUnique("while both replicas run, each event goes once");
        NamesInOrder(both).ShouldBe(writerA.Names);
        var owner = (await SubscriptionStatus.GetAsync(writerA.Admin, id)).GetProperty("leaseOwner").GetString()!;
        var (holder, survivor) = owner.StartsWith("node-a/", StringComparison.Ordinal) ? (a, b) : (b, a);
        owner.ShouldStartWith(holder.NodeId + "/");
        var writer = holder == a ? writerB : writerA;

        // A batch slower than the lease: its replica keeps renewing, so the other never sends beside it.
        receiver.HoldAnswers();
        await writer.WriteAsync(5);
        await receiver.WaitForHeldAsync(1, TimeSpan.FromMinutes(2), Cancellation);
        var slow = receiver.Batches[^1];
        // Watching for something that must not happen takes a fixed while: twice the lease, long enough for a lapse.
        await Task.Delay(Lease * 2, Cancellation);
        receiver.Batches[^1].ShouldBeSameAs(slow, "the other replica sent while the holder's batch was in flight");
        (await SubscriptionStatus.GetAsync(writer.Admin, id)).GetProperty("leaseOwner").GetString().ShouldBe(owner);

        await holder.KillAsync();
        var (_, deadOwner, deadUntil) = await LeaseAsync(storage);
        deadOwner.ShouldBe(owner);
        receiver.ReleaseAnswers();
        await writer.WriteAsync(10);

        var batches = await WaitForAllAsync(receiver, writer.Names.Count, survivor);
        var sequences = batches.SelectMany(batch => batch.Sequences).ToList();
        NamesInOrder(batches).ShouldBe(writer.Names);
        sequences.Distinct().ShouldBeInOrder(SortDirection.Ascending);
        (sequences.Count - writer.Names.Count).ShouldBeLessThanOrEqualTo(slow.Events.Count, "at most the batch in flight at the kill goes twice");
        slow.Sequences.ShouldAllBe(s => sequences.Contains(s));
        receiver.PeakConcurrentRequests.ShouldBe(1, "two replicas delivered at once");
        var takeover = batches.SkipWhile(batch => !ReferenceEquals(batch, slow)).First(batch => batch.Channel != slow.Channel);
        takeover.ReceivedAt.UtcDateTime.ShouldBeGreaterThan(deadUntil, "the survivor took over before the dead holder's lease lapsed");
        var status = await SubscriptionStatus.WaitAsync(writer.Admin, id, s => s.GetProperty("lagEvents").GetInt64() == 0, TimeSpan.FromMinutes(2), () => survivor.Output);
        status.GetProperty("leaseOwner").GetString()!.ShouldStartWith(survivor.NodeId + "/");
        status.GetProperty("state").GetString().ShouldBe("Running");
    }

    private static async Task<Guid> SubscribeAsync(HttpClient admin, HecReceiver receiver, string token)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/export/subscriptions", new
        {
            name = "hec " + Guid.NewGuid().ToString("N")[..8],
            sink = "SplunkHec",
            // A held batch must stay in flight for the whole test, not time out and go again.
            settings = new { url = receiver.BaseAddress.ToString(), token, index = "docket", useAck = false, requestTimeout = "00:10:00" },
            filter = new { codes = new[] { "ProjectCreated" } },
            maxBatchEvents = BatchEvents,
            lingerMilliseconds = 0,
        }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The subscription's cursor and lease as the database holds them (the storage has one subscription).</summary>
    private static async Task<(long Cursor, string? Owner, DateTime Until)> LeaseAsync(ServerStorage storage)
    {
        await using var connection = await storage.OpenDatabaseAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"cursor\", lease_owner, lease_until FROM export_subscriptions";
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        (await reader.ReadAsync(Cancellation)).ShouldBeTrue();
        var lease = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? DateTime.MinValue : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc));
        (await reader.ReadAsync(Cancellation)).ShouldBeFalse();
        return lease;
    }

    private static List<string> NamesInOrder(IEnumerable<HecBatch> batches) =>
        [.. batches.SelectMany(b => b.Events).Select(e => e.Event.GetProperty("body").GetProperty("Text").GetString()!).Distinct()];

    /// <summary>Waits until <paramref name="count"/> names arrived, then a moment more so that a duplicate in flight lands too.</summary>
    private static async Task<IReadOnlyList<HecBatch>> WaitForAllAsync(HecReceiver receiver, int count, params ServerProcess[] servers)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(3);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (NamesInOrder(receiver.Batches).Count >= count)
            {
                await Task.Delay(500, Cancellation);
                return receiver.Batches;
            }

            await Task.Delay(100, Cancellation);
        }

        throw new ShouldAssertException(
            $"Expected {count} events at the receiver, got {NamesInOrder(receiver.Batches).Count}.\n"
            + string.Join("\n", servers.Select(s => $"--- {s.NodeId}:\n{s.Output}")));
    }

    /// <summary>Creates projects through one server process, all named in <see cref="Names"/> in the order written.</summary>
    private sealed class Writer
    {
        private Writer(HttpClient admin, Guid tenantId, List<string> names)
        {
            Admin = admin;
            TenantId = tenantId;
            Names = names;
        }

        public HttpClient Admin { get; }
        public Guid TenantId { get; }

        /// <summary>Shared by every writer made from another, so the order of all writes is known.</summary>
        public List<string> Names { get; }

        /// <summary>A writer through <paramref name="server"/>; into <paramref name="shared"/>'s tenant and list, or a new tenant.</summary>
        public static async Task<Writer> CreateAsync(ServerProcess server, Writer? shared = null)
        {
            var admin = await server.AdminAsync();
            if (shared is not null)
            {
                return new Writer(admin, shared.TenantId, shared.Names);
            }

            var tenant = await admin.PostAsJsonAsync("/api/v1/tenants", new { name = "tenant-" + Guid.NewGuid().ToString("N")[..12] }, Cancellation);
            tenant.StatusCode.ShouldBe(HttpStatusCode.Created, await tenant.Content.ReadAsStringAsync(Cancellation));
            return new Writer(admin, (await tenant.ReadJsonAsync()).GetProperty("id").GetGuid(), []);
        }

        public async Task WriteAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"project {Names.Count}";
                var response = await Admin.PostAsJsonAsync("/api/v1/projects", new { name, tenantId = TenantId }, Cancellation);
                response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
                Names.Add(name);
            }
        }
    }
}
