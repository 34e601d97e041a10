using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Journal;

internal sealed class JournalRecordConfiguration : IEntityTypeConfiguration<JournalRecord>
{
    public void Configure(EntityTypeBuilder<JournalRecord> builder)
    {
        builder.ToTable("journal_records");
        // The sequence is the key: an INTEGER PRIMARY KEY is SQLite's rowid, so reading in order is a range scan.
        builder.HasKey(r => r.Sequence);
        builder.Property(r => r.Sequence).ValueGeneratedNever();
        builder.HasIndex(r => r.Id).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Class).HasConversion<int>();
        builder.Property(r => r.TenantName).HasMaxLength(200);
        builder.Property(r => r.ProjectName).HasMaxLength(200);
        builder.Property(r => r.UserLogin).HasMaxLength(200);
        builder.Property(r => r.ClientIp).HasMaxLength(64);
        builder.Property(r => r.NodeId).HasMaxLength(200);
        builder.Property(r => r.OperationKey).HasMaxLength(100);
        builder.Property(r => r.EntityKind).HasMaxLength(100);
        builder.Property(r => r.EntityId).HasMaxLength(100);
        builder.Property(r => r.TraceId).HasMaxLength(64);
        builder.Property(r => r.Signature).HasMaxLength(64);

        // One index per indexed filter of the query API; each ends in the sequence so that a filtered,
        // keyset-paged read is an index range scan in sequence order.
        builder.HasIndex(r => new { r.OccurredAt, r.Sequence });
        builder.HasIndex(r => new { r.Code, r.Sequence });
        builder.HasIndex(r => new { r.Group, r.Sequence });
        builder.HasIndex(r => new { r.OperationKey, r.Sequence });
        builder.HasIndex(r => new { r.UserId, r.Sequence });
        builder.HasIndex(r => new { r.TenantId, r.Sequence });
        // Every non-administrator query carries the tenant; its most common companion filter is the code.
        builder.HasIndex(r => new { r.TenantId, r.Code, r.Sequence });
        builder.HasIndex(r => new { r.ProjectId, r.Sequence });
        builder.HasIndex(r => new { r.EntityKind, r.EntityId, r.Sequence });
        builder.HasIndex(r => r.RecordedAt);
    }
}
