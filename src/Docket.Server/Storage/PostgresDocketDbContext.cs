using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Storage;

/// <summary>The PostgreSQL flavour of the model: exists to own the PostgreSQL migrations.</summary>
public sealed class PostgresDocketDbContext(DbContextOptions<PostgresDocketDbContext> options, IEnumerable<ITransactionalOutbox> outboxes)
    : DocketDbContext(options, outboxes);
