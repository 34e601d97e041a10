using Docket.Server.Common;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Docket.Server.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Makes what the server writes private to its user before anything is written (<see cref="PrivateFiles"/>): the
    /// umask, then the data folder and a blob folder kept elsewhere, created 0700 or tightened. Called first.
    /// </summary>
    public static IHostApplicationBuilder AddDocketDataDirectory(this IHostApplicationBuilder builder)
    {
        PrivateFiles.RestrictNewFiles();
        var docket = builder.Configuration.GetSection(DocketOptions.Section).Get<DocketOptions>() ?? new DocketOptions();
        var blobs = builder.Configuration.GetSection(BlobOptions.Section).Get<BlobOptions>() ?? new BlobOptions();
        var tightened = new List<TightenedPath>();
        // An empty setting is left to the options' validation, which refuses to start with a clear message.
        foreach (var folder in new[] { docket.DataDirectory, blobs.Directory }.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            tightened.AddRange(PrivateFiles.PrepareFolder(folder!));
        }

        builder.Services.AddSingleton(new DataDirectoryPreparation(tightened));
        builder.Services.AddHostedService<DataDirectoryLog>();
        return builder;
    }

    /// <summary>
    /// The database (SQLite or PostgreSQL, by configuration alone). Interceptors registered as <see cref="IInterceptor"/> (the
    /// journal's commit notifier) and outboxes (<see cref="ITransactionalOutbox"/>) come from the layers above.
    /// </summary>
    public static IHostApplicationBuilder AddDocketStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var docket = builder.Configuration.GetSection(DocketOptions.Section).Get<DocketOptions>() ?? new DocketOptions();
        switch (storage.Provider)
        {
            case StorageProvider.Sqlite:
                var connectionString = string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? $"Data Source={Path.Combine(Path.GetFullPath(docket.DataDirectory), "docket.db")}"
                    : storage.ConnectionString;
                builder.Services.AddDbContext<DocketDbContext, SqliteDocketDbContext>((sp, options) => options
                    .UseSqlite(connectionString)
                    .AddInterceptors(
                        [new SqlitePragmaInterceptor(storage.SqliteBusyTimeoutSeconds * 1000), .. sp.GetServices<IInterceptor>()]));
                break;
            case StorageProvider.Postgres:
                if (string.IsNullOrWhiteSpace(storage.ConnectionString))
                {
                    throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                        ["Storage:ConnectionString is required when Storage:Provider is Postgres."]);
                }

                builder.Services.AddDbContext<DocketDbContext, PostgresDocketDbContext>((sp, options) => options
                    .UseNpgsql(storage.ConnectionString)
                    .AddInterceptors(sp.GetServices<IInterceptor>()));
                break;
            default:
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), [$"Unknown provider {storage.Provider}."]);
        }

        return builder;
    }
}
