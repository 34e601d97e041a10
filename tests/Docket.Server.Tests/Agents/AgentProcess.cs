using System.Diagnostics;

namespace Docket.Server.Tests.Agents;

/// <summary>The built agent (<c>dotnet Docket.Agent.dll</c>) as its own OS process, so a test can kill it as a machine would lose it.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private AgentProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output.TakeLast(100));
            }
        }
    }

    public bool HasExited => process.HasExited;

    public static AgentProcess Start(Uri server, Guid? id, string? key, string workDirectory, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Docket.Agent.dll"));
        start.ArgumentList.Add($"--Agent:Server={server}");
        if (id is not null && key is not null)
        {
            start.ArgumentList.Add($"--Agent:Id={id}");
            start.ArgumentList.Add($"--Agent:Key={key}");
        }

        start.ArgumentList.Add($"--Agent:WorkDirectory={workDirectory}");
        start.ArgumentList.Add("--Agent:MaxReconnectDelay=00:00:02");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var agent = new AgentProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        agent.process.OutputDataReceived += (_, line) => agent.Read(line.Data);
        agent.process.ErrorDataReceived += (_, line) => agent.Read(line.Data);
        agent.process.BeginOutputReadLine();
        agent.process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Waits for the agent to exit by itself (a refused configuration); returns its exit code.</summary>
    public async Task<int> ExitedAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no goodbye on the stream; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }
}
