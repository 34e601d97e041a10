using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents.Launches;

internal sealed class AgentLaunchStepConfiguration : IEntityTypeConfiguration<AgentLaunchStep>
{
    public void Configure(EntityTypeBuilder<AgentLaunchStep> builder)
    {
        builder.ToTable("agent_launch_steps");
        builder.HasKey(s => new { s.LaunchId, s.Code });
        builder.HasOne<AgentLaunch>().WithMany().HasForeignKey(s => s.LaunchId).OnDelete(DeleteBehavior.Cascade);
    }
}
