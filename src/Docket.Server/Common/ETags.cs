using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Docket.Server.Common;

/// <summary>Strong ETags from an entity's concurrency stamp, and the If-Match check that catches concurrent edits.</summary>
public static class ETags
{
    public static string From(Guid stamp) => $"\"{stamp:N}\"";

    /// <summary>True when the request has no If-Match, or one that names the current stamp (or *).</summary>
    public static bool Matches(HttpRequest request, Guid stamp)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return true;
        }

        var current = new EntityTagHeaderValue(From(stamp));
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true));
    }

    /// <summary>200 with the object and its ETag header, or the result's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result, Func<T, string> etag, HttpResponse response)
    {
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = etag(result.Value!);
        return TypedResults.Ok(result.Value!);
    }
}
