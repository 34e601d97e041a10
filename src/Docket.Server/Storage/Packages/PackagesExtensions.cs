namespace Docket.Server.Storage.Packages;

public static class PackagesExtensions
{
    /// <summary>
    /// The package intake that the model catalog and the scripts share: below the areas, so no area reaches into
    /// another's internals for it.
    /// </summary>
    public static IHostApplicationBuilder AddDocketPackages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelPackageOptions>().BindConfiguration(ModelPackageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ModelPackages>();
        return builder;
    }
}
