using Docket.Agent;
using Docket.Agent.Files;
using Docket.Agent.Processes;
using Docket.Engines;
using Docket.Engines.External;
using Microsoft.Extensions.Options;

// The composition only: options validated on start, systemd integration, and the one connection to the server.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CommandRunner>();

// The agent's own log goes to the server too, but not the gRPC client's, whose lines sending a batch would make.
builder.Services.AddSingleton(services => new LogQueue(LogQueueLines(services)));
builder.Services.AddSingleton<ILoggerProvider, ServerLoggerProvider>();
builder.Logging.AddFilter<ServerLoggerProvider>("Grpc", LogLevel.None);
builder.Services.AddSystemd();
builder.Services.AddSingleton<AgentOutbox>();
builder.Services.AddSingleton<IEngine>(services => new ExternalEngine(
    new ExternalEngineOptions { GracePeriod = services.GetRequiredService<IOptions<AgentOptions>>().Value.EngineGracePeriod },
    services.GetRequiredService<TimeProvider>()));
// Before the connection: leftovers of a killed agent are found (and their ends queued) before the first hello, and
// on shutdown the connection stops first, so the runs are stopped with no stream to report on (the next start does).
builder.Services.AddSingleton<ProcessSupervisor>();
builder.Services.AddHostedService(services => services.GetRequiredService<ProcessSupervisor>());
builder.Services.AddHostedService<ServerConnection>();
builder.Services.AddSingleton<WorkDisk>();
builder.Services.AddSingleton<RunFolders>();
builder.Services.AddSingleton<PackageExtractor>();
// One client for every download and upload, with no overall timeout: a large file takes long, and a cut is resumed
// or sent again. The same trust as the stream's (a private CA where one is configured).
builder.Services.AddSingleton(services => new HttpClient(ServerTrust.Handler(services.GetRequiredService<IOptions<AgentOptions>>().Value))
{
    Timeout = Timeout.InfiniteTimeSpan,
});
builder.Services.AddSingleton<FileDownloader>();
builder.Services.AddSingleton<FileUploader>();
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
