using System.Runtime.InteropServices;

namespace Docket.Engines.External;

/// <summary>Signals to a whole process group: an engine, the shell that started it, and every child it forked.</summary>
internal static partial class ProcessGroup
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to every process of the group; false when none is left.</summary>
    public static bool Signal(int groupId, int signal) => kill(-groupId, signal) == 0;

    /// <summary>Whether any process of the group is still alive (a zombie counts until its parent reaps it).</summary>
    public static bool Exists(int groupId) => kill(-groupId, 0) == 0 || Marshal.GetLastPInvokeError() == PermissionDenied;

    private const int PermissionDenied = 1;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
