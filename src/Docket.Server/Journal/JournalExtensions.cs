using Docket.Server.Common;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Docket.Server.Journal;

public static class JournalExtensions
{
    /// <summary>
    /// The journal: its write path (an outbox and a commit notifier on storage's context), its name lookup (fed by the
    /// areas' <see cref="IJournalNameSource"/>), read side and upkeep.
    /// </summary>
    public static IHostApplicationBuilder AddDocketJournal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => JournalSigningKey.Load(
            sp.GetRequiredService<IOptions<JournalOptions>>().Value, sp.GetRequiredService<IOptions<DocketOptions>>().Value));
        builder.Services.AddSingleton<JournalSigner>();
        builder.Services.AddSingleton(sp => JournalSqlDialect.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider));
        builder.Services.AddSingleton<JournalAppender>();
        builder.Services.AddSingleton<JournalNotifier>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<JournalNotifier>());
        builder.Services.AddSingleton<JournalNames>();
        builder.Services.AddSingleton<JournalReader>();
        builder.Services.AddScoped<JournalOutbox>();
        builder.Services.AddScoped<ITransactionalOutbox>(sp => sp.GetRequiredService<JournalOutbox>());
        builder.Services.AddScoped<IJournal, Journal>();
        builder.Services.AddScoped<JournalVerifier>();
        builder.Services.AddSingleton<JournalRetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JournalRetentionService>());
        builder.Services.AddHostedService<JournalCheckpointWriter>();
        return builder;
    }
}
