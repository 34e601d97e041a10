using System.Text;
using Docket.Server.Export;
using Docket.Server.Features.ApiKeys;
using Docket.Server.Features.DataSets;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Markings;
using Docket.Server.Features.Identity;
using Docket.Server.Features.Projects;
using Docket.Server.Features.Roles;
using Docket.Server.Features.Tenants;
using Docket.Server.Features.Users;
using Docket.Server.Journal;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Storage;

/// <summary>
/// The one model of Docket's state. Each provider has a subclass only to own its migrations.
/// Saving writes the staged journal records in the same transaction as the change (DESIGN rule 2).
/// </summary>
public class DocketDbContext(DbContextOptions options, JournalAppender journalAppender) : DbContext(options)
{
    private readonly List<JournalRecord> stagedJournal = [];

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<UserRole> UserRoles => Set<UserRole>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<LoginLockout> LoginLockouts => Set<LoginLockout>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<JournalRecord> JournalRecords => Set<JournalRecord>();
    public DbSet<JournalHead> JournalHeads => Set<JournalHead>();
    public DbSet<ExportSubscription> ExportSubscriptions => Set<ExportSubscription>();
    public DbSet<ImageData> Images => Set<ImageData>();
    public DbSet<MarkingScheme> MarkingSchemes => Set<MarkingScheme>();
    public DbSet<MarkingField> MarkingFields => Set<MarkingField>();
    public DbSet<Marking> Markings => Set<Marking>();
    public DbSet<DataSet> DataSets => Set<DataSet>();
    public DbSet<DataSetVersion> DataSetVersions => Set<DataSetVersion>();
    public DbSet<DataSetItem> DataSetItems => Set<DataSetItem>();
    public DbSet<DataSetArchive> DataSetArchives => Set<DataSetArchive>();

    /// <summary>Called by <see cref="IJournal"/> only: the record is written by the next save.</summary>
    internal void StageJournal(JournalRecord record) => stagedJournal.Add(record);

    /// <summary>
    /// Forgets the staged records and every tracked change: for a caller that gives up a failed save and
    /// retries its work differently (an upload that lost a race on a unique index).
    /// </summary>
    internal void DiscardPending()
    {
        stagedJournal.Clear();
        ChangeTracker.Clear();
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (stagedJournal.Count == 0)
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
            await journalAppender.AppendAsync(this, stagedJournal, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            // Kept on failure on purpose: the tracked change is still pending, and a retry must write
            // its events again with it.
            stagedJournal.Clear();
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
        if (stagedJournal.Count > 0)
        {
            throw new InvalidOperationException("Journal records are written by SaveChangesAsync only.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DocketDbContext).Assembly);
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
