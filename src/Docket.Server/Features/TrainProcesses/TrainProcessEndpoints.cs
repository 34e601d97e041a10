using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.TrainProcesses;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.TrainProcesses;

/// <summary><c>/api/v1/train-processes</c>: training processes, their runs on agents and the runs' metrics.</summary>
public static class TrainProcessEndpoints
{
    public static IEndpointRouteBuilder MapTrainProcessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/train-processes").WithTags("TrainProcesses");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.View))
            .WithName("ListTrainProcesses")
            .WithSummary("List training processes")
            .WithDescription("A page of the caller's tenant's training processes in creation order, of one agent with agentId; the Administrator "
                + "sees every tenant's, or one tenant's with tenantId. Follow next as cursor for the next page.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Create))
            .WithName("CreateTrainProcess")
            .WithSummary("Create a training process")
            .WithDescription("Makes a training process in the caller's tenant (the Administrator may name another with tenantId): the agent it runs "
                + "on, the training template, the script (its package must hold start_training.sh), the dataset version to train on and an "
                + "optional test dataset version, the model that receives each new version (of the template's model type) and an optional "
                + "version of it to continue from. It is enabled and idle.")
            .ProblemWhen(400, "a field is invalid (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(409, "a training process of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.View))
            .WithName("GetTrainProcess")
            .WithSummary("Get a training process")
            .WithDescription("One training process with its state, its last run and its agent's state now, and its ETag for a later If-Match.")
            .ProblemWhen(404, "no training process with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Edit))
            .WithName("UpdateTrainProcess")
            .WithSummary("Update a training process")
            .WithDescription("Replaces what the process runs (the catalog has no event for it, so none is recorded). Refused while a run is under "
                + "way. Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(404, "no training process with that id is visible to the caller")
            .ProblemWhen(409, "a training process of that name already exists, a run is under way, or a run's report changed it at the same moment")
            .ProblemWhen(412, "If-Match does not name the training process's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Delete))
            .WithName("DeleteTrainProcess")
            .WithSummary("Delete a training process")
            .WithDescription("Removes a training process with its metrics; the model versions it made stay. Refused while a run is under way. "
                + "Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no training process with that id is visible to the caller")
            .ProblemWhen(409, "a run is under way, or a run's report changed it at the same moment")
            .ProblemWhen(412, "If-Match does not name the training process's current ETag");
        group.MapPost("/{id:guid}/enable", EnableAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Manage))
            .WithName("EnableTrainProcess")
            .WithSummary("Enable a training process")
            .WithDescription("Lets the process be started and stopped again; enabling an enabled process changes nothing.")
            .ProblemWhen(404, "no training process with that id is visible to the caller")
            .ProblemWhen(409, "a run's report changed it at the same moment");
        group.MapPost("/{id:guid}/disable", DisableAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Manage))
            .WithName("DisableTrainProcess")
            .WithSummary("Disable a training process")
            .WithDescription("A disabled process can be neither started nor stopped; a run under way goes on to its end.")
            .ProblemWhen(404, "no training process with that id is visible to the caller")
            .ProblemWhen(409, "a run's report changed it at the same moment");
        group.MapPost("/{id:guid}/start", StartAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Manage))
            .WithName("StartTrainProcess")
            .WithSummary("Start a training process")
            .WithDescription("Sends the run to the process's agent with the files it downloads (script, model template, the model version to "
                + "continue from, dataset, test dataset) and the engine input, limited to the training template's longest run. Answers 202 "
                + "once the agent took it, or while it has not answered yet (state Starting: its reports settle it). Its events carry the "
                + "operation key of this request, as the run does (lastRun.operationKey).")
            .Produces<TrainProcessResponse>(StatusCodes.Status202Accepted)
            .ProblemWhen(404, "no training process with that id is visible to the caller")
            .ProblemWhen(409, "the process is disabled or already under way, its agent is disabled or not connected, or a reference no longer "
                + "serves (a dataset version without a built archive, a script without start_training.sh, ...; the detail says which)")
            .ProblemWhen(502, "the agent refused the start; the detail gives its reason (recorded as 15701)");
        group.MapPost("/{id:guid}/stop", StopAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.Manage))
            .WithName("StopTrainProcess")
            .WithSummary("Stop a training process")
            .WithDescription("Asks the agent to stop the run under way (15006). Answers 202 with state Stopping once the agent took it (the end "
                + "records 15007), or with state Stopped when the agent does not run it.")
            .Produces<TrainProcessResponse>(StatusCodes.Status202Accepted)
            .ProblemWhen(404, "no training process with that id is visible to the caller")
            .ProblemWhen(409, "the process is disabled or not running, or its agent is disabled or not connected (recorded as 15008)")
            .ProblemWhen(504, "the agent did not answer the stop in time (recorded as 15008); it may still stop");
        group.MapGet("/{id:guid}/metrics", MetricsAsync).RequireAuthorization(Policies.Right(ObjectKind.TrainProcess, Rights.View))
            .WithName("GetTrainProcessMetrics")
            .WithSummary("Get a run's metrics")
            .WithDescription("What the engine reported during a run (operationKey; the last run without it), as series by name, each point with "
                + "its step and time, in the order they came: at most limit points (1000 unless given, up to 10000). Follow next as cursor "
                + "for the points after them.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)")
            .ProblemWhen(404, "no training process with that id is visible to the caller");
        return app;
    }

    private static async Task<Results<Ok<Page<TrainProcessResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid? tenantId, Guid? agentId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await processes.ListAsync(Caller.From(user), tenantId, agentId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<TrainProcessResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Created<TrainProcessResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, TrainProcessService processes, TrainProcessRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await processes.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/v1/train-processes/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<TrainProcessResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid id, TrainProcessRequest request, HttpContext context, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken),
            r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await processes.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<TrainProcessResponse>, ProblemHttpResult>> EnableAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.SetEnabledAsync(Caller.From(user), id, true, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Ok<TrainProcessResponse>, ProblemHttpResult>> DisableAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.SetEnabledAsync(Caller.From(user), id, false, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Accepted<TrainProcessResponse>, ProblemHttpResult>> StartAsync(
        ClaimsPrincipal user, TrainProcessRuns runs, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        Accepted(await runs.StartAsync(Caller.From(user), id, cancellationToken), response);

    private static async Task<Results<Accepted<TrainProcessResponse>, ProblemHttpResult>> StopAsync(
        ClaimsPrincipal user, TrainProcessRuns runs, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        Accepted(await runs.StopAsync(Caller.From(user), id, cancellationToken), response);

    private static async Task<Results<Ok<TrainProcessMetricsResponse>, ProblemHttpResult>> MetricsAsync(
        ClaimsPrincipal user, TrainProcessService processes, Guid id, string? operationKey, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await processes.MetricsAsync(Caller.From(user), id, operationKey, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static Results<Accepted<TrainProcessResponse>, ProblemHttpResult> Accepted(Result<TrainProcessResponse> result, HttpResponse response)
    {
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Accepted($"/api/v1/train-processes/{result.Value.Id}", result.Value);
    }
}
