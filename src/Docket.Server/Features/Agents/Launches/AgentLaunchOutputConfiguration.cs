using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents.Launches;

internal sealed class AgentLaunchOutputConfiguration : IEntityTypeConfiguration<AgentLaunchOutput>
{
    public void Configure(EntityTypeBuilder<AgentLaunchOutput> builder)
    {
        builder.ToTable("agent_launch_outputs");
        builder.HasKey(o => new { o.LaunchId, o.Role });
        builder.Property(o => o.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.BlobKey).HasMaxLength(64);
        builder.HasIndex(o => o.BlobKey);
        builder.HasOne<AgentLaunch>().WithMany().HasForeignKey(o => o.LaunchId).OnDelete(DeleteBehavior.Cascade);
    }
}
