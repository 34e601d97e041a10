namespace Docket.Server.Journal;

public static class JournalExtensions
{
    /// <summary>The journal's read side and upkeep; its write path is registered with storage.</summary>
    public static IHostApplicationBuilder AddDocketJournal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<JournalVerifier>();
        builder.Services.AddSingleton<JournalRetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JournalRetentionService>());
        return builder;
    }
}
