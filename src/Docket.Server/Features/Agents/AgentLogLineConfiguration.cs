using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents;

internal sealed class AgentLogLineConfiguration : IEntityTypeConfiguration<AgentLogLine>
{
    public void Configure(EntityTypeBuilder<AgentLogLine> builder)
    {
        builder.ToTable("agent_log_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedOnAdd();

        // Stored as the number, so that "this level and above" is one comparison.
        builder.Property(l => l.Level).HasConversion<int>();
        builder.Property(l => l.Message).HasMaxLength(AgentLogs.MaxMessageLength);

        // The lists read one agent's lines in arrival order, or one process's; retention reads by age.
        builder.HasIndex(l => new { l.AgentId, l.Id });
        builder.HasIndex(l => new { l.AgentId, l.ProcessId, l.Id });
        builder.HasIndex(l => l.ReceivedAt);

        // An agent's lines go with it.
        builder.HasOne<Agent>().WithMany().HasForeignKey(l => l.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
