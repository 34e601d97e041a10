using Docket.Server.Features.Agents.Launches;
using Docket.Server.Features.Agents.Transfers;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Agents;

/// <summary>This area's tables on the one context: storage knows no area, so each area names its own sets.</summary>
public static class AgentTables
{
    extension(DocketDbContext db)
    {
        public DbSet<Agent> Agents => db.Set<Agent>();
        public DbSet<AgentCommand> AgentCommands => db.Set<AgentCommand>();
        public DbSet<AgentFileToken> AgentFileTokens => db.Set<AgentFileToken>();
        public DbSet<AgentLaunch> AgentLaunches => db.Set<AgentLaunch>();
        public DbSet<AgentLaunchStep> AgentLaunchSteps => db.Set<AgentLaunchStep>();
        public DbSet<AgentLaunchOutput> AgentLaunchOutputs => db.Set<AgentLaunchOutput>();

        public DbSet<AgentLogLine> AgentLogLines => db.Set<AgentLogLine>();

        public DbSet<AgentWatch> AgentWatches => db.Set<AgentWatch>();
    }
}
