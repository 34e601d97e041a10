using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>Identity's settings, nested ones included, are checked when the server starts: a bad one stops it with the setting named.</summary>
[Trait("Category", "Fast")]
public sealed class IdentityOptionsTests
{
    [Theory]
    [InlineData("Identity:Lockout:MaxFailedAttempts", "0")]
    [InlineData("Identity:Lockout:Duration", "00:00:00")]
    [InlineData("Identity:SignInLimits:PerAddress:PermitLimit", "0")]
    [InlineData("Identity:SignInLimits:PerLogin:Window", "00:00:00")]
    [InlineData("Identity:StreamRecheckInterval", "00:00:00")]
    public async Task A_setting_out_of_range_stops_the_server_at_start(string setting, string value)
    {
        var refused = await StartRefusal.OfAsync(setting, value);
        refused.Message.ShouldContain(setting.Split(':')[^1]);
    }
}
