using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents.Launches;

internal sealed class AgentLaunchConfiguration : IEntityTypeConfiguration<AgentLaunch>
{
    public void Configure(EntityTypeBuilder<AgentLaunch> builder)
    {
        builder.ToTable("agent_launches");
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.OperationKey).HasMaxLength(100);
        builder.Property(l => l.UploadSecretHash).HasMaxLength(64);
        builder.Property(l => l.StartedByLogin).HasMaxLength(200);

        // A report names the process and the operation; the reconcile reads an agent's open launches.
        builder.HasIndex(l => new { l.ProcessId, l.OperationKey });
        builder.HasIndex(l => new { l.AgentId, l.EndedAt });
        builder.HasOne<Agent>().WithMany().HasForeignKey(l => l.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
