using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Docket.Contracts.DataSets;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// The train/test split, deterministic: each page gets the key SHA-256("{seed}:{sha256}:{page}"); pages sorted by key,
/// the first round(ratio·n) (halves rounded up) go to Train, the rest to Test. Items are then numbered Train first,
/// then Test, each part by (sha256, page), so the same markings, ratio and seed give the same items in the same order.
/// </summary>
internal static class DataSetSplit
{
    public static int TrainCount(int count, double ratio) => (int)Math.Round(ratio * count, MidpointRounding.AwayFromZero);

    public static List<(T Item, DataSetPart Part)> Apply<T>(IReadOnlyCollection<T> candidates, Func<T, string> sha256, Func<T, int> page, double ratio, int seed)
    {
        var train = TrainCount(candidates.Count, ratio);
        var drawn = candidates
            .Select(c => (Item: c, Key: Key(seed, sha256(c), page(c))))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .ThenBy(c => sha256(c.Item), StringComparer.Ordinal)
            .ThenBy(c => page(c.Item))
            .Select((c, index) => (c.Item, Part: index < train ? DataSetPart.Train : DataSetPart.Test));
        return [.. drawn.OrderBy(c => c.Part).ThenBy(c => sha256(c.Item), StringComparer.Ordinal).ThenBy(c => page(c.Item))];
    }

    private static string Key(int seed, string sha256, int page) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{sha256}:{page}"))));
}
