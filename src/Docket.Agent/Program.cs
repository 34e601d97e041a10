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
// One client for every download, with no overall timeout: a large file takes long, and a cut is resumed.
builder.Services.AddSingleton(services => new FileDownloader(
    new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
    services.GetRequiredService<IOptions<AgentOptions>>(), services.GetRequiredService<WorkDisk>(),
    services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<FileDownloader>>()));
await builder.Build().RunAsync();
