using Docket.Server.Export.Sinks;
using Docket.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Docket.Server.Export;

public static class ExportExtensions
{
    /// <summary>Export subscriptions, their runner, the schema profiles and the sinks.</summary>
    public static IHostApplicationBuilder AddDocketExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddKeyedSingleton<IExportProfile, DocketEnvelopeProfile>(DocketEnvelopeProfile.ProfileName);
        builder.Services.AddSingleton<IExportSinkFactory, ExportSinkFactory>();
        builder.Services.AddScoped<ExportSubscriptionService>();
        builder.Services.AddHostedService<ExportRunner>();

        builder.Services.AddHttpClient(nameof(SplunkHecSink));
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<SplunkHecSinkOptions>(
            SinkKind.SplunkHec,
            // The factory owns the handler's lifetime; the sink only borrows the client.
            (sp, options) => new SplunkHecSink(
                options, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SplunkHecSink)), Time(sp), sp.GetRequiredService<ILogger<SplunkHecSink>>()),
            secrets: nameof(SplunkHecSinkOptions.Token)));
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<FileSinkOptions>(
            SinkKind.File,
            (sp, options) => new FileSink(ExportFileRoot.Resolve(Docket(sp), options), Time(sp), sp.GetRequiredService<ILogger<FileSink>>()),
            (sp, options) => ExportFileRoot.Check(Docket(sp), options)));
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<SyslogSinkOptions>(
            SinkKind.Syslog,
            (sp, options) => new SyslogSink(options, sp.GetRequiredService<ILogger<SyslogSink>>())));
        builder.Services.AddSingleton<ISinkDefinition>(new SinkDefinition<WebhookSinkOptions>(
            SinkKind.Webhook,
            (sp, options) => new WebhookSink(options, Time(sp), sp.GetRequiredService<ILogger<WebhookSink>>()),
            secrets: nameof(WebhookSinkOptions.Secret)));
        return builder;
    }

    private static DocketOptions Docket(IServiceProvider services) => services.GetRequiredService<IOptions<DocketOptions>>().Value;

    private static TimeProvider Time(IServiceProvider services) => services.GetRequiredService<TimeProvider>();
}
