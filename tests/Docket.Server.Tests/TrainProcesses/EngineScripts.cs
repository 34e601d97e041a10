using System.IO.Compression;
using System.Text;

namespace Docket.Server.Tests.TrainProcesses;

/// <summary>
/// A script package whose start_training.sh runs tests/Docket.TestEngine (built beside the tests) with a behaviour:
/// the behaviour is the script's own, as a team's script carries its engine's settings, since only the contract's
/// variables reach it.
/// </summary>
public static class EngineScripts
{
    public static byte[] Training(string behaviour)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var engine = Path.Combine(AppContext.BaseDirectory, "Docket.TestEngine.dll");
        var script = $"#!/bin/sh\nexport TEST_ENGINE_BEHAVIOUR='{behaviour}'\n# {Guid.NewGuid():N}\n'{dotnet}' '{engine}' training\n";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("start_training.sh").Open(), new UTF8Encoding(false));
            writer.Write(script);
        }

        return buffer.ToArray();
    }
}
