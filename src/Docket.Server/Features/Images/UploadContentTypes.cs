using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Docket.Server.Features.Images;

/// <summary>
/// The content types an upload endpoint reads, checked by the endpoint itself so that a missing or wrong type gets
/// problem details naming the accepted ones (routing's own content-type check answers a bare 415), and described in
/// the OpenAPI document as the request body.
/// </summary>
internal static class UploadContentTypes
{
    public const string Multipart = "multipart/form-data";

    public static readonly string[] Images = [Multipart, "application/zip", "image/png", "image/jpeg", "image/tiff", "application/pdf", "application/octet-stream"];

    public static readonly string[] Archives = ["application/zip", "application/octet-stream", Multipart];

    /// <summary>415 problem details when the request's media type is none of <paramref name="accepted"/>; null when it is one.</summary>
    public static ProblemHttpResult? Refuse(HttpRequest request, string[] accepted)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && accepted.Any(a => type.MediaType.Equals(a, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var sent = string.IsNullOrWhiteSpace(request.ContentType) ? "no Content-Type" : $"the Content-Type '{type?.MediaType.Value ?? request.ContentType}'";
        return TypedResults.Problem(
            $"The body was sent with {sent}; send it as one of: {string.Join(", ", accepted)}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type",
            extensions: new Dictionary<string, object?> { ["acceptedTypes"] = accepted });
    }

    /// <summary>Describes the body as binary in each accepted type, without routing's content-type constraint.</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder builder, string[] accepted) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = accepted.ToDictionary(
                    a => a,
                    a => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
            return Task.CompletedTask;
        });
}
