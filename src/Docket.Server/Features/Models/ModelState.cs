namespace Docket.Server.Features.Models;

/// <summary>What a model's answer shows beside its row: its tags (name to version number) and its latest version.</summary>
public sealed record ModelState(IReadOnlyDictionary<string, int> Tags, int? Latest)
{
    public static ModelState Empty { get; } = new(new Dictionary<string, int>(), null);

    public IReadOnlyList<string> TagsOf(int number) => [.. Tags.Where(t => t.Value == number).Select(t => t.Key).Order(StringComparer.Ordinal)];

    public ModelState Without(int number) => this with { Tags = Tags.Where(t => t.Value != number).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) };
}
