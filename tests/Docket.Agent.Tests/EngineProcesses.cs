using System.Text;

namespace Docket.Agent.Tests;

/// <summary>The engine processes of runs under a work folder, found by the DOCKET_WORK_DIR in their environment (/proc).</summary>
public static class EngineProcesses
{
    public static IReadOnlyList<int> Under(string workRoot)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(folder, "environ"))).Split('\0');
                if (environment.Any(variable => variable.StartsWith("DOCKET_WORK_DIR=" + workRoot, StringComparison.Ordinal)) && Alive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return found;
    }

    /// <summary>Kills whatever a test left running (an agent killed with SIGKILL leaves its engines).</summary>
    public static void KillAll(string workRoot)
    {
        foreach (var pid in Under(workRoot))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
    }

    private static bool Alive(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
    }
}
