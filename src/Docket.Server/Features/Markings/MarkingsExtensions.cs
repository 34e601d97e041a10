using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;

namespace Docket.Server.Features.Markings;

public static class MarkingsExtensions
{
    public static IHostApplicationBuilder AddMarkings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MarkingService>();
        builder.Services.AddScoped<IImageRemovalHandler>(services => services.GetRequiredService<MarkingService>());
        builder.Services.AddScoped<MarkingQueries>();
        builder.Services.AddScoped<MarkingUsage>();
        builder.Services.AddScoped<IMarkingFieldUsage>(services => services.GetRequiredService<MarkingUsage>());
        builder.Services.AddScoped<IMarkingSchemeRemovalCheck>(services => services.GetRequiredService<MarkingUsage>());
        return builder;
    }
}
