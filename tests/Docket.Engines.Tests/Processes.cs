using Shouldly;

namespace Docket.Engines.Tests;

/// <summary>What the tests ask of the machine's processes, from /proc.</summary>
public static class Processes
{
    /// <summary>Whether <paramref name="pid"/> runs (a zombie, dead and waiting for its parent to reap it, does not).</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Waits a little for killed processes to go (their parents reap them), then asserts none is left.</summary>
    public static async Task ShouldAllBeGone(IReadOnlyCollection<int> pids)
    {
        pids.ShouldNotBeEmpty();
        for (var i = 0; i < 50 && pids.Any(Alive); i++)
        {
            await Task.Delay(100);
        }

        pids.Where(Alive).ShouldBeEmpty("every process of the engine's tree must be gone");
    }
}
