using Docket.Server.Features.DataSets.Archive;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Projects;
using Docket.Server.Storage.Blobs;

namespace Docket.Server.Features.DataSets;

public static class DataSetExtensions
{
    /// <summary>Datasets, their archive builder and its options, and the blobs they keep.</summary>
    public static IHostApplicationBuilder AddDataSets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataSetOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                // The catalog's spelling first, so the proper one wins where both set a key.
                configuration.GetSection(DataSetOptions.CatalogSpelling).Bind(options);
                configuration.GetSection(DataSetOptions.Section).Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<DataSetService>();
        builder.Services.AddScoped<DataSetQueries>();
        builder.Services.AddScoped<IProjectRemovalCheck>(services => services.GetRequiredService<DataSetQueries>());
        builder.Services.AddScoped<IMarkingSchemeRemovalCheck>(services => services.GetRequiredService<DataSetQueries>());
        builder.Services.AddScoped<DataSetArchiveReader>();
        builder.Services.AddScoped<DataSetImport>();
        builder.Services.AddSingleton<DataSetArchiveSignal>();
        builder.Services.AddSingleton<IBlobReferences, DataSetBlobReferences>();
        builder.Services.AddHostedService<DataSetArchiveBuilder>();
        return builder;
    }
}
