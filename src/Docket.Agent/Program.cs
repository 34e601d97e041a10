using Docket.Agent;

// The composition only: options validated on start, systemd integration, and the one connection to the server.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CommandRunner>();
builder.Services.AddSystemd();
builder.Services.AddHostedService<ServerConnection>();
await builder.Build().RunAsync();
