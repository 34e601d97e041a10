using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents;

internal sealed class AgentWatchConfiguration : IEntityTypeConfiguration<AgentWatch>
{
    public void Configure(EntityTypeBuilder<AgentWatch> builder)
    {
        builder.ToTable("agent_watch");
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.LeaseOwner).HasMaxLength(200);
        builder.HasData(new AgentWatch { Id = AgentWatch.TheOne });
    }
}
