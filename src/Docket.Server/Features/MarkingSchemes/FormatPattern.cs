using System.Text.RegularExpressions;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>
/// A field's format pattern: a .NET regular expression the whole value must match. Every match runs under a
/// timeout, so a pattern that backtracks without end cannot hold a request (or the server) hostage.
/// </summary>
public static class FormatPattern
{
    public const int MaxLength = 1000;
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The pattern anchored to the whole value, or null when it is not a valid .NET regular expression.</summary>
    public static Regex? TryCompile(string pattern)
    {
        try
        {
            // The bare pattern first: wrapping it could balance a stray parenthesis and pass a broken pattern.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, Timeout);
            return new Regex($"\\A(?:{pattern})\\z", RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Checks a field or column's pattern setting; returns the pattern to keep (null for none).</summary>
    public static string? Check(string? pattern, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        if (pattern.Length > MaxLength)
        {
            errors[field] = [$"must be at most {MaxLength} characters."];
            return null;
        }

        if (TryCompile(pattern) is null)
        {
            errors[field] = ["is not a valid .NET regular expression."];
            return null;
        }

        return pattern;
    }
}
