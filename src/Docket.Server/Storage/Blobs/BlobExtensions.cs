namespace Docket.Server.Storage.Blobs;

public static class BlobExtensions
{
    /// <summary>The local blob folder and its collector.</summary>
    public static IHostApplicationBuilder AddDocketBlobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BlobOptions>().BindConfiguration(BlobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IBlobStore, LocalBlobStore>();
        builder.Services.AddSingleton<BlobCollector>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BlobCollector>());
        return builder;
    }
}
