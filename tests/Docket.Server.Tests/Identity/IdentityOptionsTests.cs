using Docket.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>Identity's settings, nested ones included, are checked when the server starts: a bad one stops it with the setting named.</summary>
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
        var directory = Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var web = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = ["--urls=http://127.0.0.1:0", $"--Docket:DataDirectory={directory}", "--Logging:LogLevel:Default=None", $"--{setting}={value}"],
                ContentRootPath = directory,
                EnvironmentName = "Production",
            });
            web.AddDocketServer();
            await using var app = web.Build();
            app.MapDocketServer();

            var refused = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
            refused.Message.ShouldContain(setting.Split(':')[^1]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
