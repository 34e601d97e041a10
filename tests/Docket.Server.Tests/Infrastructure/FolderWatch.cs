using System.Collections.Concurrent;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// Every file and folder created under a folder while the watch lasts, short-lived ones too (a scratch file deleted a
/// moment later still shows). Built on inotify, whose events arrive late but in order.
/// </summary>
public sealed class FolderWatch : IDisposable
{
    private readonly string folder;
    private readonly FileSystemWatcher watcher;
    private readonly ConcurrentQueue<string> created = new();

    public FolderWatch(string folder)
    {
        this.folder = folder;
        watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
        };
        watcher.Created += (_, e) => created.Enqueue(e.FullPath);
        watcher.Renamed += (_, e) => created.Enqueue(e.FullPath);
        watcher.EnableRaisingEvents = true;
    }

    /// <summary>
    /// What was created from the start of the watch until this call: a marker file created now is reported after
    /// everything before it, so once it shows, nothing earlier is still on its way.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreatedAsync(CancellationToken cancellationToken)
    {
        var marker = Path.Combine(folder, ".watch-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(marker, [], cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (!created.Contains(marker))
            {
                await Task.Delay(10, timeout.Token);
            }
        }
        finally
        {
            File.Delete(marker);
        }

        return [.. created.Where(path => path != marker)];
    }

    public void Dispose() => watcher.Dispose();
}
