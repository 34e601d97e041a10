using Docket.Server.Features.Projects;

namespace Docket.Server.Features.MarkingSchemes;

public static class MarkingSchemesExtensions
{
    public static IHostApplicationBuilder AddMarkingSchemes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MarkingSchemeService>();
        builder.Services.AddScoped<MarkingSchemeQueries>();
        builder.Services.AddScoped<IProjectRemovalCheck>(services => services.GetRequiredService<MarkingSchemeQueries>());
        return builder;
    }
}
