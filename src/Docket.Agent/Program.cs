using Docket.Agent;
using Microsoft.Extensions.Options;

// The composition only: options validated on start, systemd integration, and the one connection to the server.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);

// The agent's own log goes to the server too, but not the gRPC client's, whose lines sending a batch would make.
builder.Services.AddSingleton(services => new LogQueue(LogQueueLines(services)));
builder.Services.AddSingleton<ILoggerProvider, ServerLoggerProvider>();
builder.Logging.AddFilter<ServerLoggerProvider>("Grpc", LogLevel.None);
builder.Services.AddSystemd();
builder.Services.AddHostedService<ServerConnection>();
await builder.Build().RunAsync();

// Logging starts before options are checked: invalid options get the default queue here, and their message on start.
static int LogQueueLines(IServiceProvider services)
{
    try
    {
        return services.GetRequiredService<IOptions<AgentOptions>>().Value.LogQueueLines;
    }
    catch (OptionsValidationException)
    {
        return new AgentOptions().LogQueueLines;
    }
}
