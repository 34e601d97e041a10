using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Journal;

internal sealed class JournalHeadConfiguration : IEntityTypeConfiguration<JournalHead>
{
    public void Configure(EntityTypeBuilder<JournalHead> builder)
    {
        builder.ToTable("journal_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastSignature).HasMaxLength(64);
        builder.Property(h => h.AnchorSignature).HasMaxLength(64);
        builder.HasData(new JournalHead());
    }
}
