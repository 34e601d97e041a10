namespace Docket.Agent.Tests;

/// <summary>One output the test server takes (<see cref="TestAgentServer.Expect"/>): how it answers, and what came.</summary>
public sealed class TestUpload(string token, int busyFirst, long serverMaxBytes, int? refuseWith)
{
    private int attempts;

    public string Token { get; } = token;

    public int BusyFirst { get; } = busyFirst;

    public long ServerMaxBytes { get; } = serverMaxBytes;

    public int? RefuseWith { get; } = refuseWith;

    /// <summary>How many PUTs came, kept or not.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>The bytes kept; null until a PUT was.</summary>
    public byte[]? Content { get; private set; }

    public string? ContentType { get; private set; }

    /// <summary>How many stream messages the hub had when the bytes were kept: what the agent sent before the upload.</summary>
    public int MessagesBefore { get; private set; }

    internal int Attempt() => Interlocked.Increment(ref attempts);

    internal void Keep(byte[] content, string? contentType, int messagesBefore)
    {
        ContentType = contentType;
        MessagesBefore = messagesBefore;
        Content = content;
    }
}
