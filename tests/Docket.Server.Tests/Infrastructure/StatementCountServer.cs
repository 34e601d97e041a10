using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>A server whose database contexts carry a <see cref="StatementCount"/>, for tests of what a path costs in statements.</summary>
public sealed class StatementCountServer : DocketServer
{
    public StatementCount Statements { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        if (Provider == StorageProvider.Sqlite)
        {
            services.ConfigureDbContext<SqliteDocketDbContext>((_, options) => options.AddInterceptors(Statements));
        }
        else
        {
            services.ConfigureDbContext<PostgresDocketDbContext>((_, options) => options.AddInterceptors(Statements));
        }
    }
}
