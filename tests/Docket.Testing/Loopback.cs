using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docket.Testing;

/// <summary>Kestrel on 127.0.0.1 and a port of its own choosing, never a neighbour's: for the receivers and the server.</summary>
public static class Loopback
{
    public const string AnyPort = "--urls=http://127.0.0.1:0";

    /// <summary>A bare application for a receiver: the slim builder, a free loopback port, no logging.</summary>
    public static WebApplicationBuilder CreateBuilder(string? contentRoot = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [AnyPort],
            ContentRootPath = contentRoot,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>Where a started application listens.</summary>
    public static Uri BaseAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
