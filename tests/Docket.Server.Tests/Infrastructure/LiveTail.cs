using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>An open <c>/api/v1/events/stream</c> read line by line: its events as they come, and whether (and when) the server ends it.</summary>
public sealed class LiveTail : IDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private LiveTail(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    /// <summary>Opens the tail of ProjectCreated records from now on.</summary>
    public static async Task<LiveTail> OpenAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync("/api/v1/events/stream?codes=3000", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/event-stream");
        return new LiveTail(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    /// <summary>Makes a project as <paramref name="maker"/> and waits for its ProjectCreated record on the tail.</summary>
    public async Task ShouldDeliverAsync(HttpClient maker, CancellationToken cancellationToken)
    {
        var name = "tailed-" + Guid.NewGuid().ToString("N")[..12];
        (await maker.PostAsJsonAsync("/api/v1/projects", new { name }, cancellationToken)).EnsureSuccessStatusCode();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal)
                && JsonDocument.Parse(line["data:".Length..]).RootElement.GetProperty("text").GetString() == name)
            {
                return;
            }
        }

        throw new ShouldAssertException($"The tail ended before it delivered '{name}'.");
    }

    /// <summary>
    /// True when the server ends the stream within <paramref name="within"/>; the events it still sent meanwhile are
    /// in <paramref name="delivered"/>. False when it is still open after that.
    /// </summary>
    public async Task<bool> EndsWithinAsync(TimeSpan within, List<string> delivered, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    delivered.Add(line);
                }
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
