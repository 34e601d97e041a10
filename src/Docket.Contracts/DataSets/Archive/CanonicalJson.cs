using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Docket.Contracts.DataSets.Archive;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): object members sorted by their names' UTF-16 code units, no
/// whitespace, numbers as ECMAScript writes them, strings escaped only where JSON must (<c>"</c>, <c>\</c> and the
/// control characters) and everything else as raw UTF-8. Any language's RFC 8785 library gives the same bytes, so the
/// content hash built on it can be recomputed without .NET (docs/dataset-format.md).
/// </summary>
public static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of <paramref name="value"/>; a lone surrogate or a repeated member name is refused.</summary>
    public static byte[] Serialize(JsonElement value)
    {
        // A lone surrogate fails as an escape when a string is read, or as a raw UTF-16 unit when it is encoded.
        var text = new StringBuilder();
        try
        {
            Write(text, value);
            return StrictUtf8.GetBytes(text.ToString());
        }
        catch (Exception exception) when (exception is EncoderFallbackException or InvalidOperationException)
        {
            throw new JsonException("RFC 8785 allows no lone surrogate in a string.", exception);
        }
    }

    private static void Write(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                // Ordinal comparison of .NET strings is comparison by UTF-16 code units, as RFC 8785 section 3.2.3 asks.
                var members = value.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                        {
                            throw new JsonException($"RFC 8785 allows no repeated member name ('{members[i].Name}').");
                        }

                        text.Append(',');
                    }

                    WriteString(text, members[i].Name);
                    text.Append(':');
                    Write(text, members[i].Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var element in value.EnumerateArray())
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Write(text, element);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(Number(value.GetDouble()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new JsonException($"A JSON value of kind {value.ValueKind} cannot be canonicalized.");
        }
    }

    /// <summary>ECMAScript's JSON.stringify escaping (RFC 8785 section 3.2.2.2): short forms where JSON has them, <c>\u00xx</c> in lowercase for other controls.</summary>
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }

    /// <summary>
    /// ECMAScript's Number::toString for a double (RFC 8785 section 3.2.2.3): the shortest digits that read back as the
    /// same double (what .NET's "R" gives), placed as ECMAScript places them: plain from 1e-6 up to below 1e21,
    /// otherwise <c>d.ddde±x</c>.
    /// </summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new JsonException("RFC 8785 has no form for NaN or an infinity.");
        }

        if (value == 0)
        {
            return "0";
        }

        var sign = value < 0 ? "-" : "";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa[..point] + mantissa[(point + 1)..];

        // The value is 0.digits × 10^n, as ECMAScript's algorithm states it.
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leading;
        var k = digits.Length;

        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }

        var power = n - 1;
        var written = power < 0 ? "-" + (-power).ToString(CultureInfo.InvariantCulture) : "+" + power.ToString(CultureInfo.InvariantCulture);
        return sign + (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + written;
    }
}
