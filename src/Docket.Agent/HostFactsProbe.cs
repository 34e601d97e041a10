using System.Diagnostics;
using System.Runtime.InteropServices;
using Docket.Agent.Protocol.V1;

namespace Docket.Agent;

/// <summary>The machine as the hello describes it: cores, memory, free disk, and GPUs where nvidia-smi answers.</summary>
public static class HostFactsProbe
{
    public static async Task<HostFacts> ProbeAsync(string workDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var facts = new HostFacts
        {
            HostName = Environment.MachineName,
            OperatingSystem = RuntimeInformation.OSDescription,
            ProcessorCount = (uint)Environment.ProcessorCount,
            MemoryBytes = (ulong)Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes),
            DiskFreeBytes = (ulong)Math.Max(0, new DriveInfo(Path.GetFullPath(workDirectory)).AvailableFreeSpace),
        };
        facts.Gpus.AddRange(await GpusAsync(cancellationToken));
        return facts;
    }

    private static async Task<IReadOnlyList<Gpu>> GpusAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return [];
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode != 0 ? [] : [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No nvidia-smi, or it hung: a machine without GPUs as far as the server needs to know.
            return [];
        }
    }

    private static Gpu Parse(string line)
    {
        var parts = line.Split(',', StringSplitOptions.TrimEntries);
        return new Gpu
        {
            Name = parts[0],
            MemoryBytes = parts.Length > 1 && ulong.TryParse(parts[1], out var mib) ? mib * 1024 * 1024 : 0,
            DriverVersion = parts.Length > 2 ? parts[2] : "",
        };
    }
}
