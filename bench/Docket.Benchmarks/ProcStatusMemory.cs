using System.Globalization;

namespace Docket.Benchmarks;

/// <summary>
/// A process's memory as Linux counts it (<c>/proc/&lt;pid&gt;/status</c>), in bytes: resident now (<c>VmRSS</c>),
/// and of that the anonymous part (heaps: the GC's, native allocations) and the file-backed part (mapped assemblies
/// and libraries); <c>VmHWM</c> is the resident peak since the process started.
/// </summary>
internal sealed record ProcStatusMemory(long Rss, long Peak, long Anonymous, long FileBacked)
{
    public static ProcStatusMemory Read(int pid)
    {
        long rss = 0, peak = 0, anonymous = 0, file = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon];
            if (name is not ("VmRSS" or "VmHWM" or "RssAnon" or "RssFile"))
            {
                continue;
            }

            // "VmRSS:	  123456 kB"
            var kilobytes = long.Parse(line[(colon + 1)..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (name)
            {
                case "VmRSS": rss = kilobytes * 1024; break;
                case "VmHWM": peak = kilobytes * 1024; break;
                case "RssAnon": anonymous = kilobytes * 1024; break;
                default: file = kilobytes * 1024; break;
            }
        }

        return new ProcStatusMemory(rss, peak, anonymous, file);
    }
}
