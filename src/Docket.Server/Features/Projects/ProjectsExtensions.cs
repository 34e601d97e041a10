using Docket.Server.Journal;
using Docket.Server.Features.Tenants;

namespace Docket.Server.Features.Projects;

public static class ProjectsExtensions
{
    public static IHostApplicationBuilder AddProjects(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddSingleton<IJournalNameSource, ProjectJournalNames>();
        builder.Services.AddScoped<ITenantRowHolder, ProjectTenantRows>();
        builder.Services.AddScoped<ProjectQueries>();
        return builder;
    }
}
