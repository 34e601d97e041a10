using Docket.Agent.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace Docket.Agent;

/// <summary>
/// Sends the agent's own log to the server: every line the logging filters let through is queued, and
/// <see cref="ServerConnection"/> sends the queue in batches. The gRPC client's own lines are left out (Program.cs), so
/// sending a batch never logs lines that need sending.
/// </summary>
[ProviderAlias("Server")]
public sealed class ServerLoggerProvider(LogQueue queue, TimeProvider time) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ServerLogger(queue, time);

    public void Dispose()
    {
    }

    private sealed class ServerLogger(LogQueue queue, TimeProvider time) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            queue.Add(new LogLine
            {
                Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                Level = logLevel.ToString(),
                Message = exception is null ? message : $"{message}\n{exception}",
            });
        }
    }
}
