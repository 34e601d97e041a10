using Docket.Contracts.Export;
using Docket.Server.Common;
using Docket.Server.Export.Sinks;
using Microsoft.Extensions.Options;

namespace Docket.Server.Export;

public static class ExportExtensions
{
    /// <summary>Export subscriptions, their runner, the schema profiles and the sinks.</summary>
    public static IHostApplicationBuilder AddDocketExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => SinkSecretCipher.Load(sp.GetRequiredService<IOptions<SecretsOptions>>().Value, Docket(sp)));
        builder.Services.AddSingleton(sp => new ExportDestinations(sp.GetRequiredService<IOptions<ExportOptions>>().Value.AllowedDestinations));
        builder.Services.AddKeyedSingleton<IExportProfile, DocketEnvelopeProfile>(DocketEnvelopeProfile.ProfileName);
        builder.Services.AddSingleton<IExportSinkFactory, ExportSinkFactory>();
        builder.Services.AddScoped<ExportSubscriptionService>();
        builder.Services.AddScoped<SinkSecretsUpgrade>();
        builder.Services.AddHostedService<ExportRunner>();

        // Dials only the destinations the policy allows, and follows no redirect.
        builder.Services.AddHttpClient(nameof(SplunkHecSink))
            .ConfigurePrimaryHttpMessageHandler(sp => Destinations(sp).CreateHandler());
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<SplunkHecSinkOptions>(
            SinkKind.SplunkHec,
            // The factory owns the handler's lifetime; the sink only borrows the client.
            (sp, options, _) => new SplunkHecSink(
                options, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SplunkHecSink)), Time(sp), sp.GetRequiredService<ILogger<SplunkHecSink>>()))
        {
            Check = (sp, options, _) => Destinations(sp).Check(options.Url.Host),
            Secrets = [nameof(SplunkHecSinkOptions.Token)],
            Destination = (nameof(SplunkHecSinkOptions.Url), options => Destination(options.Url)),
        });
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<FileSinkOptions>(
            SinkKind.File,
            (sp, options, owner) => new FileSink(ExportFileRoot.Resolve(Docket(sp), options, owner.TenantId), Time(sp), sp.GetRequiredService<ILogger<FileSink>>()))
        {
            Check = (sp, options, owner) => ExportFileRoot.Check(Docket(sp), options, owner.TenantId),
        });
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<SyslogSinkOptions>(
            SinkKind.Syslog,
            (sp, options, _) => new SyslogSink(options, Destinations(sp), sp.GetRequiredService<ILogger<SyslogSink>>()))
        {
            Check = (sp, options, _) => Destinations(sp).Check(options.Host),
        });
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<WebhookSinkOptions>(
            SinkKind.Webhook,
            (sp, options, _) => new WebhookSink(options, Destinations(sp), Time(sp), sp.GetRequiredService<ILogger<WebhookSink>>()))
        {
            Check = (sp, options, _) => Destinations(sp).Check(options.Url.Host),
            Secrets = [nameof(WebhookSinkOptions.Secret)],
            Destination = (nameof(WebhookSinkOptions.Url), options => Destination(options.Url)),
        });
        return builder;
    }

    /// <summary>A URL in the form that says where a request goes (scheme, host and port normalised by <see cref="Uri"/>); empty when it is not one.</summary>
    private static string Destination(Uri? url) => url is { IsAbsoluteUri: true } ? url.AbsoluteUri : url?.OriginalString ?? "";

    private static DocketOptions Docket(IServiceProvider services) => services.GetRequiredService<IOptions<DocketOptions>>().Value;

    private static ExportDestinations Destinations(IServiceProvider services) => services.GetRequiredService<ExportDestinations>();

    private static TimeProvider Time(IServiceProvider services) => services.GetRequiredService<TimeProvider>();
}
