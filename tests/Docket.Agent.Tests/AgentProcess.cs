using System.Diagnostics;

namespace Docket.Agent.Tests;

/// <summary>The built agent (<c>dotnet Docket.Agent.dll</c>) as its own OS process, so a test can kill it as a machine would lose it.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private AgentProcess(Process process) => this.process = process;

    /// <summary>Whether it ended (a test waiting for it fails at once then).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>
    /// The agent in its own build output, with its own deps.json: beside the tests, its Microsoft.Extensions.Hosting would
    /// be missing (the tests take it from the ASP.NET Core shared framework, the agent from its package).
    /// </summary>
    private static string Program
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Docket.Agent", "bin", configuration, framework, "Docket.Agent.dll");
        }
    }

    /// <summary>The agent's last lines (its console log), for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output.TakeLast(150));
            }
        }
    }

    /// <summary>Starts the agent with its id and key in its settings, or in <paramref name="credentialsFile"/> (as the local agent's).</summary>
    public static AgentProcess Start(Uri server, Guid id, string workDirectory, string? credentialsFile = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        start.ArgumentList.Add(Program);
        start.ArgumentList.Add($"--Agent:Server={server}");
        if (credentialsFile is null)
        {
            start.ArgumentList.Add($"--Agent:Id={id}");
            start.ArgumentList.Add($"--Agent:Key={TestAgentServer.Key}");
        }
        else
        {
            File.WriteAllText(credentialsFile, $$"""{"id":"{{id}}","key":"{{TestAgentServer.Key}}"}""");
            start.ArgumentList.Add($"--Agent:CredentialsFile={credentialsFile}");
        }

        start.ArgumentList.Add($"--Agent:WorkDirectory={workDirectory}");
        start.ArgumentList.Add("--Agent:MaxReconnectDelay=00:00:02");
        start.ArgumentList.Add("--Agent:EngineGracePeriod=00:00:01");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Debug");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var agent = new AgentProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        agent.process.OutputDataReceived += (_, line) => agent.Read(line.Data);
        agent.process.ErrorDataReceived += (_, line) => agent.Read(line.Data);
        agent.process.BeginOutputReadLine();
        agent.process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGKILL to the agent alone (its engines live in sessions of their own): returns once it is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
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
