using Docket.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>Starts the composed server with one setting and returns the validation failure that must stop it.</summary>
internal static class StartRefusal
{
    public static async Task<OptionsValidationException> OfAsync(string setting, string value)
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
            return await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
