using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Common;

/// <summary>An expected failure of a service call, turned into RFC 9457 problem details at the endpoint.</summary>
public sealed record ApiError(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public static ApiError NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found", $"{what} was not found.");

    public static ApiError Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ApiError Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ApiError PreconditionFailed() =>
        new(StatusCodes.Status412PreconditionFailed, "Precondition failed",
            "The object was changed by someone else since you read it (If-Match does not match its ETag).");

    public static ApiError Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiError Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", "One or more fields are invalid.", errors);

    public ProblemHttpResult ToProblem() =>
        TypedResults.Problem(
            statusCode: Status,
            title: Title,
            detail: Detail,
            extensions: Errors is null ? null : new Dictionary<string, object?> { ["errors"] = Errors });
}
