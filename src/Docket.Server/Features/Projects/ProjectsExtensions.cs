namespace Docket.Server.Features.Projects;

public static class ProjectsExtensions
{
    public static IHostApplicationBuilder AddProjects(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProjectService>();
        builder.Services.AddScoped<ProjectQueries>();
        return builder;
    }
}
