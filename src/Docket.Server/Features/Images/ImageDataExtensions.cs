using Docket.Server.Features.Projects;
using Docket.Server.Storage.Blobs;

namespace Docket.Server.Features.Images;

public static class ImageDataExtensions
{
    /// <summary>Uploading, decoding and serving a project's images.</summary>
    public static IHostApplicationBuilder AddImageData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImageDataOptions>().BindConfiguration(ImageDataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PdfRasterizer>();
        builder.Services.AddSingleton<PageDecoder>();
        builder.Services.AddScoped<ImageUpload>();
        builder.Services.AddScoped<ImageService>();
        builder.Services.AddScoped<ImageQueries>();
        builder.Services.AddScoped<IProjectRemovalCheck>(services => services.GetRequiredService<ImageQueries>());
        builder.Services.AddSingleton<IBlobReferences, ImageBlobReferences>();
        return builder;
    }
}
