using Docket.Testing;

namespace Docket.Benchmarks;

/// <summary>The storage of a bench run: the provider and PostgreSQL of its command line, durable as an operator runs it, kept with <c>--keep</c>.</summary>
internal static class BenchStorage
{
    public static async Task<ServerStorage> CreateAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var storage = await ServerStorage.CreateAsync(settings.Provider, settings.PostgresConnectionString, "bench", durable: true, cancellationToken);
        storage.Keep = settings.Keep;
        return storage;
    }
}
