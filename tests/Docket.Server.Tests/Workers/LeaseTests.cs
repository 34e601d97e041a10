using Docket.Contracts.Export;
using Docket.Server.Export;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Workers;

/// <summary>
/// The lease primitive on a real database: the conditional updates that keep a row to one replica at a time. Each test
/// leases a paused export subscription of its own (the server's runner never takes a paused one), with clocks the test
/// moves, so that lapsing is exact and takes no waiting.
/// </summary>
public sealed class LeaseTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_held_lease_cannot_be_taken_by_another_owner_until_it_lapses()
    {
        var id = await NewRowAsync();
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var (a, b) = (new Lease("node-a/1", Duration, clock), new Lease("node-b/2", Duration, clock));

        (await TakeAsync(a, id)).ShouldBeTrue();
        (await TakeAsync(b, id)).ShouldBeFalse("the lease is held");
        clock.Advance(Duration - TimeSpan.FromSeconds(1));
        (await TakeAsync(b, id)).ShouldBeFalse("the lease has not lapsed yet");
        (await ReadAsync(id)).LeaseOwner.ShouldBe("node-a/1");

        clock.Advance(TimeSpan.FromSeconds(2));
        (await TakeAsync(b, id)).ShouldBeTrue("the lease lapsed");
        var row = await ReadAsync(id);
        row.LeaseOwner.ShouldBe("node-b/2");
        DateTime.SpecifyKind(row.LeaseUntil!.Value, DateTimeKind.Utc).ShouldBe(clock.GetUtcNow().UtcDateTime + Duration, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Renewal_extends_the_holders_lease_and_fails_once_another_owner_took_it()
    {
        var id = await NewRowAsync();
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var (a, b) = (new Lease("node-a/1", Duration, clock), new Lease("node-b/2", Duration, clock));
        (await TakeAsync(a, id)).ShouldBeTrue();

        clock.Advance(Duration - TimeSpan.FromSeconds(1));
        (await RenewAsync(a, id)).ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(2));
        (await TakeAsync(b, id)).ShouldBeFalse("the renewal moved the lapse a full lease on");
        (await RenewAsync(b, id)).ShouldBeFalse("only the holder renews");

        clock.Advance(Duration);
        (await TakeAsync(b, id)).ShouldBeTrue();
        (await RenewAsync(a, id)).ShouldBeFalse("another owner took the lease");
        var row = await ReadAsync(id);
        row.LeaseOwner.ShouldBe("node-b/2");
        DateTime.SpecifyKind(row.LeaseUntil!.Value, DateTimeKind.Utc).ShouldBe(clock.GetUtcNow().UtcDateTime + Duration, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Release_frees_the_row_at_once_but_only_for_its_holder()
    {
        var id = await NewRowAsync();
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var (a, b) = (new Lease("node-a/1", Duration, clock), new Lease("node-b/2", Duration, clock));
        (await TakeAsync(a, id)).ShouldBeTrue();

        await ReleaseAsync(b, id);
        (await ReadAsync(id)).LeaseOwner.ShouldBe("node-a/1", "a release by another owner changes nothing");
        await ReleaseAsync(a, id);
        var row = await ReadAsync(id);
        (row.LeaseOwner, row.LeaseUntil).ShouldBe((null, null));
        (await TakeAsync(b, id)).ShouldBeTrue("a released row is free without waiting for a lapse");
    }

    [Fact]
    public async Task Of_owners_that_take_at_once_exactly_one_wins()
    {
        var id = await NewRowAsync();
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var leases = Enumerable.Range(0, 8).Select(i => new Lease($"node-{i}/{i}", Duration, clock)).ToList();

        var taken = await Task.WhenAll(leases.Select(lease => Task.Run(() => TakeAsync(lease, id), Cancellation)));

        taken.Count(t => t).ShouldBe(1);
        (await ReadAsync(id)).LeaseOwner.ShouldBe(leases[Array.IndexOf(taken, true)].Owner);
    }

    [Fact]
    public async Task A_lease_is_due_for_renewal_once_a_third_of_it_passed()
    {
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        var lease = new Lease("node-a/1", Duration, clock);
        var row = new MemoryRow();
        lease.IsDue(row).ShouldBeTrue("a row never leased is due");

        lease.Extend(row);
        lease.IsDue(row).ShouldBeFalse();
        clock.Advance(Duration / 3 - TimeSpan.FromSeconds(1));
        lease.IsDue(row).ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(2));
        lease.IsDue(row).ShouldBeTrue();
    }

    private async Task<Guid> NewRowAsync()
    {
        var subscription = new ExportSubscription
        {
            Id = Guid.NewGuid(),
            Name = "lease " + Guid.NewGuid().ToString("N")[..8],
            NormalizedName = "LEASE " + Guid.NewGuid().ToString("N")[..8],
            Sink = SinkKind.File,
            SinkSettings = "{}",
            Filter = "{}",
            Profile = DocketEnvelopeProfile.ProfileName,
            CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
        };
        // Paused, so that the server's own runner never leases it.
        subscription.Pause();
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        db.ExportSubscriptions.Add(subscription);
        await db.SaveChangesAsync(Cancellation);
        return subscription.Id;
    }

    private async Task<bool> TakeAsync(Lease lease, Guid id)
    {
        await using var scope = server.Scope();
        return await lease.TryTakeAsync(Rows(scope, id), Cancellation);
    }

    private async Task<bool> RenewAsync(Lease lease, Guid id)
    {
        await using var scope = server.Scope();
        return await lease.TryRenewAsync(Rows(scope, id), Cancellation);
    }

    private async Task ReleaseAsync(Lease lease, Guid id)
    {
        await using var scope = server.Scope();
        await lease.ReleaseAsync(Rows(scope, id), Cancellation);
    }

    private async Task<ExportSubscription> ReadAsync(Guid id)
    {
        await using var scope = server.Scope();
        return await Rows(scope, id).AsNoTracking().SingleAsync(Cancellation);
    }

    private static IQueryable<ExportSubscription> Rows(AsyncServiceScope scope, Guid id) =>
        scope.ServiceProvider.GetRequiredService<DocketDbContext>().ExportSubscriptions.Where(s => s.Id == id);

    /// <summary>A leased row in memory, for the lease's own arithmetic.</summary>
    private sealed class MemoryRow : ILeased
    {
        public string? LeaseOwner { get; set; }
        public DateTime? LeaseUntil { get; set; }
    }
}
