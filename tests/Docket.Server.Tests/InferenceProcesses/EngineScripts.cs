using System.Text;
using Docket.Server.Tests.ModelTemplates;

namespace Docket.Server.Tests.InferenceProcesses;

/// <summary>
/// A script package whose start_*.sh run tests/Docket.TestEngine (built beside the tests) with a behaviour: the
/// behaviour is the script's own, as a team's script carries its engine's settings, since only the contract's
/// variables reach the engine.
/// </summary>
public static class EngineScripts
{
    public static byte[] Zip(string behaviour)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var engine = Path.Combine(AppContext.BaseDirectory, "Docket.TestEngine.dll");
        return TestPackages.ZipOf(
            ("start_inference.sh", Script(behaviour, dotnet, engine, "inference")),
            ("start_evaluation.sh", Script(behaviour, dotnet, engine, "evaluation")));
    }

    private static byte[] Script(string behaviour, string dotnet, string engine, string kind) =>
        Encoding.UTF8.GetBytes($"#!/bin/sh\nexport TEST_ENGINE_BEHAVIOUR='{behaviour}'\nexec '{dotnet}' '{engine}' {kind}\n");
}
