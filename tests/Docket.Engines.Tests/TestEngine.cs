using Docket.Engines;

namespace Docket.Engines.Tests;

/// <summary>
/// A run of tests/Docket.TestEngine as the agent would prepare it: a work folder of its own, the engine's scripts in
/// its script folder, the behaviour in the environment. The folder is removed with the instance.
/// </summary>
public sealed class TestEngine : IDisposable
{
    public TestEngine()
    {
        Folders = EngineFolders.Under(Path.Combine(Path.GetTempPath(), "docket-engine-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(Folders.Script);
        foreach (var script in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "engine-scripts"), "*.sh"))
        {
            File.Copy(script, Path.Combine(Folders.Script, Path.GetFileName(script)));
        }
    }

    public EngineFolders Folders { get; }

    public EngineRunRequest Request(EngineKind kind, string behaviour, IReadOnlyDictionary<string, string>? knobs = null, int iterations = 3) => new()
    {
        Kind = kind,
        Folders = Folders,
        Input = new EngineInput { RunId = "run-1", Parameters = new EngineParameters { Iterations = iterations, BatchSize = 2, Device = "cpu" } },
        Timeout = TimeSpan.FromSeconds(60),
        Environment = new Dictionary<string, string>(knobs ?? new Dictionary<string, string>())
        {
            ["TEST_ENGINE_BEHAVIOUR"] = behaviour,
            ["TEST_ENGINE_DLL"] = Path.Combine(AppContext.BaseDirectory, "Docket.TestEngine.dll"),
            // The dotnet that runs the tests (the CLI sets it for its children), so the engine needs no dotnet on PATH.
            ["TEST_ENGINE_DOTNET"] = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
        },
    };

    public void Dispose()
    {
        if (Directory.Exists(Folders.Work))
        {
            Directory.Delete(Folders.Work, recursive: true);
        }
    }
}
