using System.Text.Json;
using System.Text.RegularExpressions;
using Docket.Server.Common;

namespace Docket.Server.Hosting;

/// <summary>
/// Turns minimal APIs' binding failures (a query value that is not a date, a body that is not JSON, a wrong content
/// type) into problem details that name the parameter or field and what it must be. ASP.NET Core says which
/// parameter failed only in its exception message, so the message is read here; the caller's value is never echoed
/// back (it may be anything, and a problem is logged and shown).
/// </summary>
internal static partial class BindingProblems
{
    /// <summary>The problem for <paramref name="exception"/>, or null when it is not a binding failure this knows.</summary>
    public static ApiError? Describe(BadHttpRequestException exception, HttpContext context)
    {
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            var expected = exception.Message.Contains("form", StringComparison.Ordinal)
                ? "multipart/form-data or application/x-www-form-urlencoded"
                : "application/json";
            return new ApiError(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"This endpoint reads a body of Content-Type {expected}.");
        }

        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return null;
        }

        if (BindFailed().Match(exception.Message) is { Success: true } bind)
        {
            var name = SentName(context, bind.Groups["name"].Value);
            return ApiError.Invalid(name, $"is {Expected(bind.Groups["type"].Value)}.");
        }

        if (Required().Match(exception.Message) is { Success: true } required)
        {
            var name = SentName(context, required.Groups["name"].Value);
            return required.Groups["source"].Value == "body"
                ? Body("The request needs a JSON body.")
                : ApiError.Invalid(name, $"is required: {Expected(required.Groups["type"].Value)}.");
        }

        if (exception.Message.StartsWith("Failed to read parameter", StringComparison.Ordinal))
        {
            // The JSON reader's own message names .NET types and may quote the input; its path is all a client needs.
            return exception.InnerException is JsonException { Path: { Length: > 1 } path }
                ? ApiError.Invalid(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path,
                    "could not be read: it is not a documented field, or not of the documented type.")
                : Body("The body is not valid JSON.");
        }

        return exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            ? Body("The request needs a JSON body.")
            : null;
    }

    private static ApiError Body(string detail) =>
        new(StatusCodes.Status400BadRequest, "Bad request", detail + " Send application/json with only the documented fields, each of the documented type.");

    /// <summary>The parameter as the caller spelled it in the query or route (binding ignores case), else camelCase.</summary>
    private static string SentName(HttpContext context, string parameter)
    {
        foreach (var key in context.Request.Query.Keys.Concat(context.Request.RouteValues.Keys))
        {
            if (string.Equals(key, parameter, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return JsonNamingPolicy.CamelCase.ConvertName(parameter);
    }

    /// <summary>What a value of the (display-named) type looks like; <c>Nullable&lt;T&gt;</c> and <c>T?</c> read as T.</summary>
    private static string Expected(string type) => Unwrap(type) switch
    {
        "DateTime" or "DateTimeOffset" => "a date and time in ISO 8601, such as 2026-12-03T10:00:00Z",
        "DateOnly" => "a date in ISO 8601, such as 2026-12-03",
        "Guid" => "an id (a GUID such as 0b5f3a6e-9d2c-4d1e-8f7a-2b6c1d3e4f50)",
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "double" or "float" or "decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        _ => "not of the documented form (see the API document)",
    };

    private static string Unwrap(string type) =>
        type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type[9..^1] : type.TrimEnd('?');

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from""")]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided from (?<source>[^.]+)\.""")]
    private static partial Regex Required();
}
