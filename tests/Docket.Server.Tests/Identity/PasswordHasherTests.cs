using Docket.Server.Features.Identity;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

public sealed class PasswordHasherTests
{
    [Fact]
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
    public void A_hash_made_with_a_lower_cost_asks_to_be_upgraded()
    {
        var cheap = new PasswordHasher(Options.Create(new IdentityOptions { PasswordHashIterations = 10_000 }));
        var current = new PasswordHasher(Options.Create(new IdentityOptions()));

        current.Verify(cheap.Hash("Secret-1!"), "Secret-1!").ShouldBe(PasswordVerification.SuccessRehashNeeded);
    }

    [Fact]
    public void An_unknown_user_still_costs_a_verification_and_fails()
    {
        var hasher = new PasswordHasher(Options.Create(new IdentityOptions { PasswordHashIterations = 10_000 }));
        hasher.Verify(null, "anything").ShouldBe(PasswordVerification.Failed);
    }
}
