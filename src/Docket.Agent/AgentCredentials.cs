using System.Text.Json;

namespace Docket.Agent;

/// <summary>
/// The agent's id and key: from its settings, or from <c>Agent:CredentialsFile</c>, read at each attempt to connect so
/// that a key the server renewed (its local agent's, at every start) is followed without restarting the agent.
/// </summary>
public static class AgentCredentials
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(Guid Id, string Key)> ReadAsync(AgentOptions options, CancellationToken cancellationToken)
    {
        if (options.CredentialsFile is not { } path)
        {
            return (options.Id!.Value, options.Key!);
        }

        try
        {
            await using var file = File.OpenRead(path);
            var read = await JsonSerializer.DeserializeAsync<FileContent>(file, Json, cancellationToken);
            if (read is { Id: { } id, Key: { } key } && key.StartsWith("dkk_", StringComparison.Ordinal))
            {
                return (id, key);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // Not written yet (the server is starting), or being replaced: said below, and tried again with back-off.
        }

        throw new IOException($"Agent:CredentialsFile '{path}' does not hold an agent id and key yet (the server writes it when it starts with Agents:Local).");
    }

    private sealed record FileContent(Guid? Id, string? Key);
}
