namespace Docket.Benchmarks;

/// <summary>What <see cref="ArchiveSeeder"/> made: the project, its scheme, how many scans and how many PNG bytes, and how long it took.</summary>
internal sealed record SeededScans(Guid ProjectId, Guid SchemeId, int Images, long PageBytes, TimeSpan Elapsed);
