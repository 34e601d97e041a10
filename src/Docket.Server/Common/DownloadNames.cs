using System.Globalization;
using System.Text;

namespace Docket.Server.Common;

/// <summary>
/// The one way a download's file name (Content-Disposition) is made. Names come from users and from imported
/// archives; whoever saves the file must not be led out of their folder, shown a name that hides its extension, or
/// sent a broken header. Path separators become '_' (and "." and ".." segments go), control and invisible formatting
/// characters go, quotes and the characters Windows refuses become '_', leading dots go. Every script stays readable:
/// ASP.NET sends the name as <c>filename*</c> (RFC 6266, RFC 5987) beside an ASCII <c>filename</c>.
/// </summary>
public static class DownloadNames
{
    private const int MaxLength = 200;

    /// <summary><paramref name="name"/> made safe as a file name, or <paramref name="fallback"/> when nothing of it is left.</summary>
    public static string Of(string? name, string fallback)
    {
        var segments = (name ?? string.Empty)
            .Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s is not ("." or ".."));
        var runes = new List<Rune>();
        foreach (var rune in string.Join('_', segments).EnumerateRunes())
        {
            if (Kept(rune) is { } kept)
            {
                runes.Add(kept);
            }
        }

        // Keep the end, where the extension is.
        var text = string.Concat(runes.Skip(Math.Max(0, runes.Count - MaxLength)).Select(r => r.ToString()));
        var safe = text.Normalize(NormalizationForm.FormC).TrimStart('.', ' ').TrimEnd('.', ' ');
        return safe.Length == 0 ? fallback : safe;
    }

    private static Rune? Kept(Rune rune)
    {
        if (rune == Rune.ReplacementChar || rune.Value is '"' or '*' or ':' or '<' or '>' or '?' or '|')
        {
            // A broken surrogate, a quote, or what Windows does not allow in a name.
            return new Rune('_');
        }

        // Zero-width joiners are part of how some scripts and emoji are written; every other format character (such as
        // a right-to-left override that turns "gnp.exe" around) and every control or line break is dropped.
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format when rune.Value is 0x200C or 0x200D => rune,
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => null,
            _ => rune,
        };
    }
}
