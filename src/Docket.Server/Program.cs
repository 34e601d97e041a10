using Docket.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddDocketServer();

var app = builder.Build();
app.MapDocketServer();

await app.RunAsync();

/// <summary>Visible to the tests and the design-time tools.</summary>
public partial class Program;
