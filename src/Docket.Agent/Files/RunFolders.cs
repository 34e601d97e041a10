namespace Docket.Agent.Files;

/// <summary>
/// One folder per run under the work folder (<c>runs/&lt;id&gt;</c>): what a run downloads and unzips lives there and
/// goes with it, so disk use is bounded by the runs in progress and cleaned after each.
/// </summary>
public sealed class RunFolders(WorkDisk disk)
{
    private string Runs => Path.Combine(disk.Root, "runs");

    /// <summary>The run's folder, made if missing.</summary>
    public string Create(Guid runId) => Directory.CreateDirectory(PathOf(runId)).FullName;

    public string PathOf(Guid runId) => Path.Combine(Runs, runId.ToString("N"));

    /// <summary>The runs that have a folder now (an agent's start finds those a killed agent left).</summary>
    public IReadOnlyList<Guid> Existing() => !Directory.Exists(Runs)
        ? []
        : [.. Directory.EnumerateDirectories(Runs).Select(folder => Guid.TryParseExact(Path.GetFileName(folder), "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];

    /// <summary>Removes the run's folder and all in it; nothing to do if it is gone already.</summary>
    public void Remove(Guid runId) => Delete(PathOf(runId));

    /// <summary>
    /// Removes the folders of runs that are not in <paramref name="running"/>: after a crash or a restart the agent
    /// keeps what its running processes use and drops the rest. Returns how many were removed.
    /// </summary>
    public int RemoveAllBut(IReadOnlySet<Guid> running)
    {
        if (!Directory.Exists(Runs))
        {
            return 0;
        }

        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Runs))
        {
            if (!Guid.TryParseExact(Path.GetFileName(folder), "N", out var id) || !running.Contains(id))
            {
                Delete(folder);
                removed++;
            }
        }

        return removed;
    }

    internal static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
