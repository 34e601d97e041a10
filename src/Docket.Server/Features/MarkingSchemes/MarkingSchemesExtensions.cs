namespace Docket.Server.Features.MarkingSchemes;

public static class MarkingSchemesExtensions
{
    public static IHostApplicationBuilder AddMarkingSchemes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MarkingSchemeService>();
        return builder;
    }
}
