namespace Docket.Events.Tests;

/// <summary>One row of a seed table: | code | Name | description |.</summary>
internal sealed record SeedRow(int Code, string Name, string Description);
