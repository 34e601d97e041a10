using Docket.Server.Features.Users;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// The periodic re-check of a live tail's caller: how a change made by another replica (here, straight in the database,
/// with no in-process signal) reaches a stream, and that a caller who keeps the right keeps the stream.
/// </summary>
public sealed class LiveTailRecheckTests(FastRecheckServer server) : IClassFixture<FastRecheckServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_live_tail_ends_within_the_recheck_interval_when_another_replica_blocks_its_user()
    {
        var tenant = await server.CreateTenantAsync();
        var (reader, userId) = await server.CreateUserWithIdAsync(tenant, ("Journal", ["View"]));
        using var _ = reader;
        using var tail = await LiveTail.OpenAsync(reader, Cancellation);
        await tail.ShouldDeliverAsync(tenant.Admin, Cancellation);

        await using (var scope = server.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Users.Where(u => u.Id == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsBlocked, true), Cancellation);
        }

        (await tail.EndsWithinAsync(TimeSpan.FromSeconds(10), [], Cancellation)).ShouldBeTrue("the tail is still open after its user was blocked elsewhere");
    }

    [Fact]
    public async Task A_live_tail_whose_caller_keeps_the_right_stays_open_across_rechecks()
    {
        var tenant = await server.CreateTenantAsync();
        using var reader = await server.CreateUserAsync(tenant, ("Journal", ["View"]));
        using var tail = await LiveTail.OpenAsync(reader, Cancellation);

        // Six re-checks pass; a tail they had ended would deliver nothing.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);

        await tail.ShouldDeliverAsync(tenant.Admin, Cancellation);
    }
}
