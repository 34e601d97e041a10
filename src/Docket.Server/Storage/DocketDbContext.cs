using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Storage;

/// <summary>
/// The one model of Docket's state. Each provider has a subclass only to own its migrations. The entities and their
/// configurations live with their areas: the model is built from the configurations in this assembly, and each area
/// gives its tables a name on this context (an extension, such as <c>db.Projects</c>) beside its entities, so storage
/// knows no area. Saving writes what the outboxes staged (the journal's records) in the same transaction as the change
/// (DESIGN rule 2).
/// </summary>
public class DocketDbContext(DbContextOptions options, IEnumerable<ITransactionalOutbox> outboxes) : DbContext(options)
{
    private readonly ITransactionalOutbox[] outboxes = [.. outboxes];

    /// <summary>
    /// Forgets the staged records and every tracked change: for a caller that gives up a failed save and
    /// retries its work differently (an upload that lost a race on a unique index).
    /// </summary>
    internal void DiscardPending()
    {
        foreach (var outbox in outboxes)
        {
            outbox.Discard();
        }

        ChangeTracker.Clear();
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!outboxes.Any(o => o.HasPending))
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The change is written first and the journal last, so the journal head stays locked only
        // for the few statements between the append and the commit.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var outbox in outboxes.Where(o => o.HasPending))
            {
                await outbox.WriteAsync(this, cancellationToken);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            foreach (var outbox in outboxes)
            {
                outbox.Committed();
            }

            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (outboxes.Any(o => o.HasPending))
        {
            throw new InvalidOperationException("Staged journal records are written by SaveChangesAsync only.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DocketDbContext).Assembly);
        foreach (var rule in typeof(DocketDbContext).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModelRule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            ((IModelRule)Activator.CreateInstance(rule)!).Apply(modelBuilder);
        }

        ApplySnakeCaseNames(modelBuilder);
    }

    /// <summary>snake_case tables and columns, so both databases read naturally in SQL and the journal's hand-written SQL stays portable.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsMappedToJson())
            {
                // Lives inside its owner's JSON column: its names are JSON property names, not SQL ones.
                continue;
            }

            entity.SetTableName(ToSnakeCase(entity.GetTableName() ?? entity.ClrType.Name));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.GetColumnName()));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName() ?? string.Empty));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName() ?? string.Empty));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName() ?? string.Empty));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
