using Docket.Server.Common;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Docket.Server.Storage.Packages;

/// <summary>
/// What an endpoint that takes a package body checks before the service reads it: the media type (a zip, sent as
/// the whole body) and the size limit; and how such an endpoint describes its body in the OpenAPI document.
/// </summary>
public static class ModelPackageUploads
{
    private static readonly string[] Accepted = ["application/zip", "application/octet-stream"];

    /// <summary>A 415 or 413 problem when the request cannot be a package; null when the body may be read.</summary>
    public static IResult? Refuse(HttpContext context, long maxBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !Accepted.Any(a => type.MediaType.Equals(a, StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem(
                $"Send the package as the whole body, as one of: {string.Join(", ", Accepted)}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                extensions: new Dictionary<string, object?> { ["acceptedTypes"] = Accepted });
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        return context.Request.ContentLength > maxBytes
            ? TypedResults.Problem($"A package may be at most {maxBytes} bytes (ModelPackages:MaxUploadBytes).", statusCode: 413, title: "Payload too large")
            : null;
    }

    /// <summary>The package's download: ranges allowed so a broken download resumes, its SHA-256 as the ETag.</summary>
    public static IResult Download(Stream content, string sha256, string name) =>
        TypedResults.File(content, "application/zip", DownloadNames.Of(name + ".zip", "package.zip"),
            entityTag: new EntityTagHeaderValue($"\"{sha256}\""), enableRangeProcessing: true);

    public static RouteHandlerBuilder AcceptsPackage(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = Accepted.ToDictionary(
                    a => a,
                    a => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
            };
            return Task.CompletedTask;
        });
}
