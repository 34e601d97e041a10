using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents;

internal sealed class AgentCommandConfiguration : IEntityTypeConfiguration<AgentCommand>
{
    public void Configure(EntityTypeBuilder<AgentCommand> builder)
    {
        builder.ToTable("agent_commands");
        builder.Property(c => c.Kind).HasMaxLength(50);
        builder.Property(c => c.Error).HasMaxLength(4000);

        // The dispatcher's poll: the unsent commands of the agents this replica holds.
        builder.HasIndex(c => new { c.AgentId, c.SentAt });
        builder.HasIndex(c => c.CreatedAt);
        builder.HasOne<Agent>().WithMany().HasForeignKey(c => c.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
