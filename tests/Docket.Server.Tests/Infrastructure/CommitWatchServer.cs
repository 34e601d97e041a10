using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose database contexts carry a <see cref="CommitWatch"/>, for tests that look inside a commit.</summary>
public sealed class CommitWatchServer : DocketServer
{
    public CommitWatch Commits { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        // Added after the server's own interceptors (SQLite's pragmas, the journal's notifier), which stay.
        if (Provider == StorageProvider.Sqlite)
        {
            services.ConfigureDbContext<SqliteDocketDbContext>((_, options) => options.AddInterceptors(Commits));
        }
        else
        {
            services.ConfigureDbContext<PostgresDocketDbContext>((_, options) => options.AddInterceptors(Commits));
        }
    }
}
