namespace Docket.Server.Features.Markings;

public static class MarkingsExtensions
{
    public static IHostApplicationBuilder AddMarkings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MarkingService>();
        return builder;
    }
}
