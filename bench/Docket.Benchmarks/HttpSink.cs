using System.Globalization;
using Docket.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Docket.Benchmarks;

/// <summary>
/// The bare HTTP ceiling: Kestrel on a loopback port with one endpoint that writes the request body to a file and
/// makes it durable (fsync), as the blob store does with an upload, and answers 201. Nothing else: no
/// authentication, no hashing, no database.
/// </summary>
internal sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication app;

    private HttpSink(WebApplication app) => BaseAddress = (this.app = app).BaseAddress();

    public Uri BaseAddress { get; }

    public static async Task<HttpSink> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var builder = Loopback.CreateBuilder(directory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.MapPost("/sink", async (HttpRequest request, CancellationToken token) =>
        {
            var path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
            long length;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await request.Body.CopyToAsync(file, token);
                await file.FlushAsync(token);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }

            // Kept until the run's scratch folder goes: deleting it here would time an unlink too.
            return Results.Text(length.ToString(CultureInfo.InvariantCulture), statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync(cancellationToken);
        return new HttpSink(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
