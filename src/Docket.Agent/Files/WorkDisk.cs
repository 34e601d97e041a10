using Microsoft.Extensions.Options;

namespace Docket.Agent.Files;

/// <summary>
/// The work folder and its disk budget (<c>Agent:WorkDiskBudget</c>). What it holds is counted from the disk itself, so
/// files left by a crash count too, and several downloads at once each see the others' bytes as they grow.
/// </summary>
public sealed class WorkDisk(IOptions<AgentOptions> options)
{
    public string Root { get; } = Path.GetFullPath(options.Value.WorkDirectory);

    public long Budget => options.Value.WorkDiskBudget;

    /// <summary>The bytes of every file under the work folder now.</summary>
    public long UsedBytes()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        long used = 0;
        foreach (var file in new DirectoryInfo(Root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            used += file.Length;
        }

        return used;
    }

    /// <summary>How many more bytes the work folder may take.</summary>
    public long Available() => Math.Max(0, Budget - UsedBytes());

    /// <summary>Null when <paramref name="bytes"/> more fit in the budget; otherwise why not, in words.</summary>
    public string? Refusal(long bytes, string what)
    {
        var available = Available();
        return bytes <= available
            ? null
            : $"{what} needs {bytes} bytes but the work folder has {available} left of its {Budget}-byte budget (Agent:WorkDiskBudget).";
    }
}
