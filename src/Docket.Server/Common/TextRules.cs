using System.Globalization;
using System.Text;

namespace Docket.Server.Common;

/// <summary>
/// Rules every user-supplied name and text passes: NFC-normalized, trimmed, no control characters or broken
/// surrogates. Any script is welcome; invisible bytes that would confuse logs, CSV or a SIEM are not.
/// </summary>
public static class TextRules
{
    public static string? Name(string? value, string field, int maxLength, Dictionary<string, string[]> errors) =>
        Check(value, field, maxLength, required: true, allowLineBreaks: false, errors);

    public static string? OptionalText(string? value, string field, int maxLength, Dictionary<string, string[]> errors) =>
        Check(value, field, maxLength, required: false, allowLineBreaks: true, errors);

    /// <summary>The form names are compared in for uniqueness: case and compatibility forms folded.</summary>
    public static string Normalize(string name) => name.Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    private static string? Check(string? value, string field, int maxLength, bool required, bool allowLineBreaks, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            if (required)
            {
                errors[field] = ["is required."];
            }

            return null;
        }

        if (!IsWellFormed(value))
        {
            errors[field] = ["contains a broken surrogate pair."];
            return null;
        }

        var text = value.Normalize(NormalizationForm.FormC).Trim();
        if (required && text.Length == 0)
        {
            errors[field] = ["must not be empty."];
            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [$"must be at most {maxLength} characters."];
            return null;
        }

        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            var lineBreak = c is '\n' or '\r' or '\t';
            if ((category == UnicodeCategory.Control && !(allowLineBreaks && lineBreak)) || category == UnicodeCategory.Format && c != '\u200D' && c != '\u200C')
            {
                errors[field] = ["must not contain control or invisible formatting characters."];
                return null;
            }
        }

        return required || text.Length > 0 ? text : null;
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
