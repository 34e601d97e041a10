namespace Docket.Contracts.Common;

/// <summary>A page of a list: the items and the cursor to pass for the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
