using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Docket.Benchmarks;

/// <summary>
/// The built server as an OS process of its own (<c>dotnet src/Docket.Server/bin/Release/net10.0/Docket.Server.dll</c>),
/// as an operator runs it, so that its memory is its own and not the bench's: the same start as the tests'
/// <c>ServerProcess</c> (a loopback port of its own choosing read from the "Now listening on" line of the JSON console
/// log, started once <c>/health/ready</c> answers).
/// </summary>
internal sealed class ArchiveServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly Process process;
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> output = new();
    private readonly Lock gate = new();

    private ArchiveServerProcess(Process process) => this.process = process;

    public int Id => process.Id;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The last lines the process wrote, for the message of a failed run.</summary>
    public string Output
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', output);
            }
        }
    }

    /// <summary>Starts the server with <paramref name="settings"/> (command-line configuration) and extra environment variables.</summary>
    public static async Task<ArchiveServerProcess> StartAsync(
        string assembly, string workingDirectory, IEnumerable<string> settings, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new ArchiveServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        server.process.OutputDataReceived += (_, line) => server.Read(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Read(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            var exited = server.process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(server.listening.Task, exited) != server.listening.Task)
            {
                throw new InvalidOperationException($"The server exited before it listened:\n{server.Output}");
            }

            server.BaseAddress = await server.listening.Task;
            await server.WaitUntilReadyAsync(timeout.Token);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient signed in as <paramref name="login"/>.</summary>
    public async Task<HttpClient> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { login, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    /// <summary>The process's memory now, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public ProcStatusMemory Memory() => ProcStatusMemory.Read(process.Id);

    /// <summary>SIGKILL; the bench has read what it needed, and nothing the server holds must outlive the run.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.Enqueue(line);
            if (output.Count > 200)
            {
                output.Dequeue();
            }
        }

        if (!line.Contains("Now listening on", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using var log = JsonDocument.Parse(line);
            if (log.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("address", out var address))
            {
                listening.TrySetResult(new Uri(address.GetString()!));
            }
        }
        catch (JsonException)
        {
            // Not the JSON console's line; the start times out and shows the output.
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
