using System.IO.Compression;
using System.Text;

namespace Docket.Agent.Tests;

/// <summary>The zips a launch downloads: a script folder that runs tests/Docket.TestEngine, and plain packages.</summary>
public static class TestPackages
{
    /// <summary>
    /// A script folder whose start_*.sh run the test engine with <paramref name="behaviour"/>: the behaviour is the
    /// script's own, as a team's script carries its engine's settings, since only the contract's variables reach it.
    /// </summary>
    public static byte[] Scripts(string behaviour, IReadOnlyDictionary<string, string>? knobs = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var engine = Path.Combine(AppContext.BaseDirectory, "Docket.TestEngine.dll");
        var exports = new StringBuilder($"export TEST_ENGINE_BEHAVIOUR='{behaviour}'\n");
        foreach (var (name, value) in knobs ?? new Dictionary<string, string>())
        {
            exports.Append($"export {name}='{value}'\n");
        }

        return Zip(
            ("start_training.sh", Script(exports, dotnet, engine, "training")),
            ("start_evaluation.sh", Script(exports, dotnet, engine, "evaluation")),
            ("start_inference.sh", Script(exports, dotnet, engine, "inference")));
    }

    public static byte[] Package(string what) => Zip(("readme.txt", what), ("nested/data.json", "{\"what\":\"" + what + "\"}"));

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    // Not exec for training: the shell stays the group's leader with the engine under it, as in the engine tests.
    private static string Script(StringBuilder exports, string dotnet, string engine, string kind) =>
        $"#!/bin/sh\n{exports}{(kind == "training" ? "" : "exec ")}'{dotnet}' '{engine}' {kind}\n";
}
