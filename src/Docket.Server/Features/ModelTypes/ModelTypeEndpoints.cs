using System.Security.Claims;
using Docket.Contracts.ModelTypes;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.ModelTypes;

/// <summary><c>/api/v1/model-types</c>.</summary>
public static class ModelTypeEndpoints
{
    public static IEndpointRouteBuilder MapModelTypeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/model-types").WithTags("ModelTypes");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelType, Rights.View))
            .WithName("ListModelTypes")
            .WithSummary("List model types")
            .WithDescription("The built-in model types and the caller's tenant's own; the Administrator sees every tenant's, or one tenant's with tenantId.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelType, Rights.Create))
            .WithName("CreateModelType")
            .WithSummary("Create a model type")
            .WithDescription("Makes a model type in the caller's tenant (the Administrator may name another with tenantId): the name a robot asks for, "
                + "and the purpose, which cannot change afterwards.")
            .ProblemWhen(400, "a field is invalid (see errors), or tenantId names no tenant")
            .ProblemWhen(409, "a model type of that name already exists in the tenant or among the built-in ones");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelType, Rights.View))
            .WithName("GetModelType")
            .WithSummary("Get a model type")
            .WithDescription("One model type, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no model type with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelType, Rights.Edit))
            .WithName("UpdateModelType")
            .WithSummary("Update a model type")
            .WithDescription("Renames or describes a tenant's own model type; its purpose stays. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors), or the purpose would change")
            .ProblemWhen(404, "no model type with that id is visible to the caller")
            .ProblemWhen(409, "the type is built in, or a model type of that name already exists")
            .ProblemWhen(412, "If-Match does not name the model type's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.ModelType, Rights.Delete))
            .WithName("DeleteModelType")
            .WithSummary("Delete a model type")
            .WithDescription("Removes a tenant's own model type that nothing uses. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no model type with that id is visible to the caller")
            .ProblemWhen(409, "the type is built in, or model templates or models still use it")
            .ProblemWhen(412, "If-Match does not name the model type's current ETag");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ModelTypeResponse>>> ListAsync(
        ClaimsPrincipal user, ModelTypeService types, Guid? tenantId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await types.ListAsync(Caller.From(user), tenantId, cancellationToken));

    private static async Task<Results<Ok<ModelTypeResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, ModelTypeService types, Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await types.GetAsync(Caller.From(user), id, cancellationToken);
        return ETags.Ok(result, r => r.ETag, response);
    }

    private static async Task<Results<Created<ModelTypeResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, ModelTypeService types, ModelTypeRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await types.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/model-types/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<ModelTypeResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, ModelTypeService types, Guid id, ModelTypeRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await types.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, ModelTypeService types, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await types.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }
}
