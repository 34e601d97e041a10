namespace Docket.Engines.External;

/// <summary>How <see cref="ExternalEngine"/> runs engine scripts; the defaults suit a Debian agent.</summary>
public sealed record ExternalEngineOptions
{
    /// <summary>The shell that runs <c>start_*.sh</c>; scripts need not be executable.</summary>
    public string ShellPath { get; init; } = "/bin/sh";

    /// <summary>
    /// util-linux's setsid, which makes the engine the leader of a session and a process group of its own (its pid is
    /// the group's id), so a stop or a timeout reaches everything it started. .NET cannot call setsid(2) between fork
    /// and exec itself.
    /// </summary>
    public string SetsidPath { get; init; } = "/usr/bin/setsid";

    /// <summary>How long an engine has after SIGTERM (and an inference engine after its stdin closes) before SIGKILL.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest stdout or stderr line read, in bytes; a longer one is skipped with a warning.</summary>
    public int MaxLineLength { get; init; } = 1024 * 1024;

    /// <summary>How many messages wait for a slow reader before the oldest are dropped.</summary>
    public int MessageBuffer { get; init; } = 10_000;

    /// <summary>How long one page may take when the request names no timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The agent's environment variables an engine inherits; nothing else of it passes (the agent's key stays with
    /// the agent). The request's variables and the contract's are added after these.
    /// </summary>
    public IReadOnlyList<string> InheritedVariables { get; init; } =
    [
        "PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "LD_LIBRARY_PATH",
        "DOTNET_ROOT", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "OMP_THREAD_LIMIT",
    ];

    internal void Validate()
    {
        if (GracePeriod <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("GracePeriod and RequestTimeout must be positive.");
        }

        if (MaxLineLength < 1024 || MessageBuffer < 1)
        {
            throw new ArgumentException("MaxLineLength must be at least 1024 bytes and MessageBuffer at least 1.");
        }
    }
}
