using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Storage;

/// <summary>The SQLite flavour of the model: exists to own the SQLite migrations.</summary>
public sealed class SqliteDocketDbContext(DbContextOptions<SqliteDocketDbContext> options, IEnumerable<ITransactionalOutbox> outboxes)
    : DocketDbContext(options, outboxes);
