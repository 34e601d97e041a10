using System.Globalization;
using System.Text;

namespace Docket.Engines.External;

/// <summary>
/// Finds the engine processes an earlier agent left behind. An engine runs in a session of its own, so an agent that
/// is killed does not take its engines with it; the engine's environment names its work folder
/// (<c>DOCKET_WORK_DIR</c>), which every child inherits, so a restarted agent finds them by folder, not by a pid that
/// may have been reused since.
/// </summary>
internal static class Leftovers
{
    /// <summary>The process groups of every process whose environment names <paramref name="workFolder"/>.</summary>
    public static HashSet<int> Groups(string workFolder)
    {
        var marker = Encoding.UTF8.GetBytes($"{EngineContract.WorkVariable}={Path.GetFullPath(workFolder)}");
        var groups = new HashSet<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllBytes(Path.Combine(folder, "environ"));
                if (Names(environment, marker) && GroupOf(File.ReadAllText(Path.Combine(folder, "stat"))) is { } group)
                {
                    groups.Add(group);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's.
            }
        }

        return groups;
    }

    private static bool Names(ReadOnlySpan<byte> environment, ReadOnlySpan<byte> marker)
    {
        foreach (var range in environment.Split((byte)0))
        {
            if (environment[range].SequenceEqual(marker))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fifth field of /proc/pid/stat; the command name before it may hold spaces and parentheses.</summary>
    private static int? GroupOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group) && group > 1 ? group : null;
    }
}
