using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// Counts the SQL statements the server sends on behalf of the code a test runs inside <see cref="Watch"/>, and only
/// those: the count follows the test's own async flow, so background workers' statements are not counted.
/// </summary>
public sealed class StatementCount : DbCommandInterceptor
{
    private readonly AsyncLocal<List<string>?> watching = new();

    /// <summary>Collects, until disposed, the text of each statement the calling flow sends.</summary>
    public IDisposable Watch(List<string> statements)
    {
        watching.Value = statements;
        return new Stop(this);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Note(command);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    private void Note(DbCommand command)
    {
        if (watching.Value is { } statements)
        {
            lock (statements)
            {
                statements.Add(command.CommandText);
            }
        }
    }

    private sealed class Stop(StatementCount count) : IDisposable
    {
        public void Dispose() => count.watching.Value = null;
    }
}
