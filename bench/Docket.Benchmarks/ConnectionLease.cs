using System.Data.Common;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>An open connection and the scope whose DbContext opened it.</summary>
internal sealed class ConnectionLease(AsyncServiceScope scope, DocketDbContext db, DbConnection connection) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;
    public DocketDbContext Db { get; } = db;

    private bool disposed;

    /// <summary>A connection opened by the server's own DbContext, so it carries exactly the server's settings.</summary>
    public static async Task<ConnectionLease> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new ConnectionLease(scope, db, db.Database.GetDbConnection());
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await Db.Database.CloseConnectionAsync();
        await scope.DisposeAsync();
    }
}
