namespace Docket.Server.Storage;

/// <summary>Logs the data folder entries tightened at start: their modes were wider than the server now allows.</summary>
internal sealed partial class DataDirectoryLog(DataDirectoryPreparation preparation, ILogger<DataDirectoryLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var path in preparation.Tightened)
        {
            if (path.Error is null)
            {
                LogTightened(logger, path.Path, Octal(path.Before!.Value), Octal(path.After!.Value));
            }
            else
            {
                LogNotTightened(logger, path.Path, path.Error);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Tightened {Path} from mode {Before} to {After}: the data folder holds every tenant's files and must be private to the server's user.")]
    private static partial void LogTightened(ILogger logger, string path, string before, string after);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Could not take the group's and others' access away from {Path}: {Reason}. Make the data folder private to the server's user (chmod 700).")]
    private static partial void LogNotTightened(ILogger logger, string path, string reason);
}
