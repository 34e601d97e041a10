using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Docket.Testing;

/// <summary>
/// The built server as its own OS process (<c>dotnet Docket.Server.dll</c>), over a <see cref="ServerStorage"/>: for
/// what an in-process server cannot show, such as a SIGKILL in the middle of a write, a restart over the same data,
/// two replicas over one database, or the memory of the server alone. It listens on a port of its own choosing, read
/// from its "Now listening on" log line, and counts as started once <c>/health/ready</c> answers.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int OutputLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly ServerStorage storage;
    private readonly IReadOnlyList<string> settings;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly string assembly;
    private readonly Queue<string> output = new();
    private readonly Lock gate = new();
    private Process? process;
    private TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(ServerStorage storage, string nodeId, IEnumerable<string> settings, IReadOnlyDictionary<string, string>? environment, string? assembly)
    {
        this.storage = storage;
        NodeId = nodeId;
        this.settings = [.. settings];
        this.environment = environment ?? new Dictionary<string, string>();
        this.assembly = assembly ?? ServerAssembly();
    }

    public string NodeId { get; }

    /// <summary>The process id of the current run (<c>/proc/&lt;id&gt;</c>).</summary>
    public int Id => (process ?? throw new InvalidOperationException("The process is not running.")).Id;

    /// <summary>Where the current run listens; a restart listens on a new port.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The last lines the process wrote, for the message of a failed test.</summary>
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

    /// <summary>
    /// Starts a process named <paramref name="nodeId"/> (<c>Docket:NodeId</c>) over <paramref name="storage"/>, with
    /// extra <paramref name="settings"/> and <paramref name="environment"/> variables; <paramref name="assembly"/> is
    /// the server to run, by default the copy the build puts beside the calling assembly.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        ServerStorage storage,
        string nodeId,
        IEnumerable<string> settings,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? assembly = null)
    {
        var server = new ServerProcess(storage, nodeId, settings, environment, assembly);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the process again over the same storage, after <see cref="KillAsync"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (process is not null)
        {
            throw new InvalidOperationException($"The server {NodeId} is still running.");
        }

        listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Through a shell that gives it the umask a service manager usually gives (022), not this test process's: what
        // the server writes must be private because the server makes it so. exec leaves no shell behind to kill.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = storage.DataDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("umask 022 && exec \"$@\"");
        start.ArgumentList.Add("docket-server");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(assembly);
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        started.OutputDataReceived += (_, line) => Read(line.Data);
        started.ErrorDataReceived += (_, line) => Read(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            var exited = started.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(listening.Task, exited) != listening.Task)
            {
                throw new InvalidOperationException($"The server {NodeId} exited before it listened:\n{Output}");
            }

            BaseAddress = await listening.Task;
            await WaitUntilReadyAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            throw new TimeoutException($"The server {NodeId} was not ready within {StartTimeout}:\n{Output}");
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no lease released; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (process is null)
        {
            return;
        }

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
        process = null;
    }

    /// <summary>
    /// SIGTERM, as a service manager stops it: the host shuts down cleanly (workers stop, leases are released); returns
    /// once the process is gone, or kills it when it is not gone within <paramref name="within"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan within)
    {
        if (process is null)
        {
            return;
        }

        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"The server {NodeId} did not stop within {within} of SIGTERM:\n{Output}");
        }

        process.Dispose();
        process = null;
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>A client signed in as <paramref name="login"/>.</summary>
    public async Task<HttpClient> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { login, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();
        var signedIn = Anonymous();
        signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return signedIn;
    }

    public Task<HttpClient> AdminAsync(CancellationToken cancellationToken = default) =>
        SignInAsync("admin", ServerSettings.AdminPassword, cancellationToken);

    public async ValueTask DisposeAsync() => await KillAsync();

    private IEnumerable<string> Arguments() =>
    [
        Loopback.AnyPort,
        $"--contentRoot={storage.DataDirectory}",
        $"--Docket:NodeId={NodeId}",
        .. storage.Settings,
        $"--Identity:Administrator:InitialPassword={ServerSettings.AdminPassword}",
        .. ServerSettings.QuietLogs,
        // The line that says which port it took.
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        .. settings,
    ];

    /// <summary>Keeps the tail of the output and catches Kestrel's address in the JSON console log.</summary>
    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            output.Enqueue(line);
            if (output.Count > OutputLines)
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
        using var client = Anonymous();
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

    /// <summary>The server's entry assembly, copied beside the calling assembly by its project reference with its deps and runtimeconfig.</summary>
    private static string ServerAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Docket.Server.dll");
        if (!File.Exists(path) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "Docket.Server.runtimeconfig.json")))
        {
            throw new FileNotFoundException("The built server is not beside this assembly: build the solution first.", path);
        }

        return path;
    }
}
