namespace Docket.Events.Tests;

/// <summary>One "###" section of the seed: its heading, the note above its table if any, and its rows.</summary>
internal sealed record SeedSection(string Heading, string Note, IReadOnlyList<SeedRow> Rows);
