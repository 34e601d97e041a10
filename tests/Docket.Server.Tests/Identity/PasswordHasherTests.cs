using System.Diagnostics;
using Docket.Server.Features.Identity;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

public sealed class PasswordHasherTests
{
    [Fact]
    [Trait("Category", "Fast")]
    public void The_default_cost_is_OWASPs_and_a_hash_verifies_only_its_password()
    {
        var options = new IdentityOptions();
        options.PasswordHashIterations.ShouldBeGreaterThanOrEqualTo(210_000);
        var hasher = new PasswordHasher(Options.Create(options));

        var hash = hasher.Hash("Correct-horse-1!");

        hash.ShouldStartWith("pbkdf2-sha512$210000$");
        hash.ShouldNotContain("Correct-horse-1!");
        hasher.Verify(hash, "Correct-horse-1!").ShouldBe(PasswordVerification.Success);
        hasher.Verify(hash, "correct-horse-1!").ShouldBe(PasswordVerification.Failed);
        hasher.Hash("Correct-horse-1!").ShouldNotBe(hash);
    }

    [Fact]
    [Trait("Category", "Fast")]
    public void A_hash_made_with_a_lower_cost_asks_to_be_upgraded()
    {
        var cheap = new PasswordHasher(Options.Create(new IdentityOptions { PasswordHashIterations = 10_000 }));
        var current = new PasswordHasher(Options.Create(new IdentityOptions()));

        current.Verify(cheap.Hash("Secret-1!"), "Secret-1!").ShouldBe(PasswordVerification.SuccessRehashNeeded);
    }

    /// <summary>
    /// Verifying against no stored hash (the login does not exist) is timed against a wrong password for a real hash,
    /// best of a few tries each, taken in turns: a busy machine only slows a try, so the best of each is its cost.
    /// </summary>
    [Fact]
    public void An_unknown_user_still_costs_a_verification_and_fails()
    {
        var hasher = new PasswordHasher(Options.Create(new IdentityOptions { PasswordHashIterations = 100_000 }));
        var known = hasher.Hash("Correct-horse-1!");
        // The first miss also makes the decoy hash: timing starts after it.
        hasher.Verify(null, "anything").ShouldBe(PasswordVerification.Failed);

        var unknown = TimeSpan.MaxValue;
        var wrong = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            unknown = Min(unknown, Time(() => hasher.Verify(null, "Correct-horse-1!").ShouldBe(PasswordVerification.Failed)));
            wrong = Min(wrong, Time(() => hasher.Verify(known, "correct-horse-1!").ShouldBe(PasswordVerification.Failed)));
        }

        unknown.ShouldBeGreaterThan(wrong / 2, $"a miss took {unknown.TotalMilliseconds:F1} ms, a wrong password {wrong.TotalMilliseconds:F1} ms");
    }

    private static TimeSpan Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
