using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Docket.Server.Features.Agents.Transfers;

internal sealed class AgentFileTokenConfiguration : IEntityTypeConfiguration<AgentFileToken>
{
    public void Configure(EntityTypeBuilder<AgentFileToken> builder)
    {
        builder.ToTable("agent_file_tokens");
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.Property(t => t.BlobKey).HasMaxLength(64);
        builder.Property(t => t.DownloadName).HasMaxLength(255);
        builder.HasIndex(t => t.ExpiresAt);

        // A token is the agent's: removing the agent removes its tokens in the same statement.
        builder.HasOne<Agent>().WithMany().HasForeignKey(t => t.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
