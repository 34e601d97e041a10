using System.Security.Claims;
using Docket.Contracts.Common;
using Docket.Contracts.InferenceProcesses;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.InferenceProcesses;

/// <summary><c>/api/v1/inference-processes</c>: servers of a model on an agent, started and stopped, and their test runs.</summary>
public static class InferenceProcessEndpoints
{
    private const string Route = "/api/v1/inference-processes";

    public static IEndpointRouteBuilder MapInferenceProcessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags("InferenceProcesses");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.View))
            .WithName("ListInferenceProcesses")
            .WithSummary("List inference processes")
            .WithDescription("A page of the caller's tenant's inference processes in creation order, with their state, last launch and agent's "
                + "state; of one agent with agentId; the Administrator sees every tenant's, or one tenant's with tenantId. Follow next as cursor.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Create))
            .WithName("CreateInferenceProcess")
            .WithSummary("Create an inference process")
            .WithDescription("Makes an inference process in the caller's tenant (the Administrator may name another with tenantId): the agent that "
                + "serves it, the inference template (model, marking scheme, settings) and the script, whose package must hold start_inference.sh. "
                + "It is enabled and stopped; start it with StartInferenceProcess.")
            .ProblemWhen(400, "a field is out of range (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(409, "an inference process of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.View))
            .WithName("GetInferenceProcess")
            .WithSummary("Get an inference process")
            .WithDescription("One inference process with its state, its last launch (operation key, times, reason, the model version it serves) "
                + "and its agent's state now, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no inference process with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Edit))
            .WithName("UpdateInferenceProcess")
            .WithSummary("Update an inference process")
            .WithDescription("Replaces the process's definition; a running one keeps its agent, template and script. Send If-Match with its ETag "
                + "to refuse a lost update.")
            .ProblemWhen(400, "a field is out of range (see errors), or a reference names nothing of the tenant")
            .ProblemWhen(404, "no inference process with that id is visible to the caller")
            .ProblemWhen(409, "the name is taken in the tenant, or the process runs and the agent, template or script would change")
            .ProblemWhen(412, "If-Match does not name the inference process's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Delete))
            .WithName("DeleteInferenceProcess")
            .WithSummary("Delete an inference process")
            .WithDescription("Removes a stopped inference process with its test runs. Send If-Match with its ETag to refuse removing a version you "
                + "have not seen.")
            .ProblemWhen(404, "no inference process with that id is visible to the caller")
            .ProblemWhen(409, "the process or one of its test runs is running")
            .ProblemWhen(412, "If-Match does not name the inference process's current ETag");
        group.MapPost("/{id:guid}/enable", EnableAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Manage))
            .WithName("EnableInferenceProcess")
            .WithSummary("Enable an inference process")
            .WithDescription("Lets the process be started and stopped again; enabling an enabled process changes nothing.")
            .ProblemWhen(404, "no inference process with that id is visible to the caller");
        group.MapPost("/{id:guid}/disable", DisableAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Manage))
            .WithName("DisableInferenceProcess")
            .WithSummary("Disable an inference process")
            .WithDescription("Refuses starts, stops and test runs of the process until it is enabled again.")
            .ProblemWhen(404, "no inference process with that id is visible to the caller")
            .ProblemWhen(409, "the process is running: stop it first");
        group.MapPost("/{id:guid}/start", StartAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Manage))
            .WithName("StartInferenceProcess")
            .WithSummary("Start an inference process")
            .WithDescription("Sends the launch to the process's agent, with the model version the template names now, and answers 202 with the "
                + "process Starting once the agent took it (or did not answer in time: its reports settle it). The agent's steps follow in the "
                + "journal under the launch's operation key (18100-18801); Serving when the engine is ready (18800).")
            .ProblemWhen(404, "no inference process with that id is visible to the caller")
            .ProblemWhen(409, "the process is disabled or running, its agent is disabled or not connected, or what it launches went missing")
            .ProblemWhen(502, "the agent refused the launch; detail gives its reason");
        group.MapPost("/{id:guid}/stop", StopAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Manage))
            .WithName("StopInferenceProcess")
            .WithSummary("Stop an inference process")
            .WithDescription("Asks the agent to stop the process and answers 202 with it Stopping (Stopped at once when the agent no longer runs "
                + "it); Stopped follows when the agent reports the end.")
            .ProblemWhen(404, "no inference process with that id is visible to the caller")
            .ProblemWhen(409, "the process is disabled or not running, or its agent is disabled or not connected")
            .ProblemWhen(502, "the agent did not answer the stop in time");
        group.MapPost("/{id:guid}/test-runs", StartTestRunAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.Manage))
            .WithName("StartInferenceTestRun")
            .WithSummary("Start a test run")
            .WithDescription("Scores the process's model (the version its template names now) over a test dataset's version with a built archive, "
                + "on the process's agent, and answers 202 with the run. Its scores (18900) and predictions (18920) are kept when it ends (18940, "
                + "or 18960 with the reason).")
            .ProblemWhen(400, "the dataset or its version names nothing of the tenant")
            .ProblemWhen(404, "no inference process with that id is visible to the caller")
            .ProblemWhen(409, "the process is disabled, its agent is not connected, the version has no built archive, or what it launches went missing")
            .ProblemWhen(502, "the agent refused the test run; detail gives its reason");
        group.MapGet("/{id:guid}/test-runs", ListTestRunsAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.View))
            .WithName("ListInferenceTestRuns")
            .WithSummary("List a process's test runs")
            .WithDescription("A page of the process's test runs in creation order, each with its state and scores. Follow next as cursor.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)")
            .ProblemWhen(404, "no inference process with that id is visible to the caller");
        group.MapGet("/{id:guid}/test-runs/{runId:guid}", GetTestRunAsync).RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.View))
            .WithName("GetInferenceTestRun")
            .WithSummary("Get a test run")
            .WithDescription("One test run: its state (and reason), the scores overall and per field, and how many predicted values were kept.")
            .ProblemWhen(404, "no such test run of a process visible to the caller");
        group.MapGet("/{id:guid}/test-runs/{runId:guid}/predictions", PredictionsAsync)
            .RequireAuthorization(Policies.Right(ObjectKind.InferenceProcess, Rights.View))
            .WithName("ListInferenceTestRunPredictions")
            .WithSummary("List a test run's predictions")
            .WithDescription("A page of the values the engine predicted, page by page in the order of its predictions file: each with the page "
                + "(its image's SHA-256 and page number), the field (and for a table the column and row), the text, confidence and box; of one "
                + "field with field. Follow next as cursor.")
            .ProblemWhen(400, "limit or cursor is out of range (see errors)")
            .ProblemWhen(404, "no such test run of a process visible to the caller");
        return app;
    }

    private static async Task<Results<Ok<Page<InferenceProcessResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid? tenantId, Guid? agentId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await processes.ListAsync(Caller.From(user), tenantId, agentId, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<InferenceProcessResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.GetAsync(Caller.From(user), id, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Created<InferenceProcessResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, InferenceProcessService processes, InferenceProcessRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await processes.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"{Route}/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<InferenceProcessResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, InferenceProcessRequest request, HttpContext context,
        CancellationToken cancellationToken) =>
        ETags.Ok(await processes.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken),
            r => r.ETag, context.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await processes.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<InferenceProcessResponse>, ProblemHttpResult>> EnableAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.SetEnabledAsync(Caller.From(user), id, true, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Ok<InferenceProcessResponse>, ProblemHttpResult>> DisableAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        ETags.Ok(await processes.SetEnabledAsync(Caller.From(user), id, false, cancellationToken), r => r.ETag, response);

    private static async Task<Results<Accepted<InferenceProcessResponse>, ProblemHttpResult>> StartAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, CancellationToken cancellationToken) =>
        Accepted(await processes.StartAsync(Caller.From(user), id, cancellationToken), $"{Route}/{id}");

    private static async Task<Results<Accepted<InferenceProcessResponse>, ProblemHttpResult>> StopAsync(
        ClaimsPrincipal user, InferenceProcessService processes, Guid id, CancellationToken cancellationToken) =>
        Accepted(await processes.StopAsync(Caller.From(user), id, cancellationToken), $"{Route}/{id}");

    private static async Task<Results<Accepted<InferenceTestRunResponse>, ProblemHttpResult>> StartTestRunAsync(
        ClaimsPrincipal user, InferenceTestRunService testRuns, Guid id, InferenceTestRunRequest request, CancellationToken cancellationToken)
    {
        var result = await testRuns.StartAsync(Caller.From(user), id, request, cancellationToken);
        return result.Error is null ? TypedResults.Accepted($"{Route}/{id}/test-runs/{result.Value!.Id}", result.Value) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<Page<InferenceTestRunResponse>>, ProblemHttpResult>> ListTestRunsAsync(
        ClaimsPrincipal user, InferenceTestRunService testRuns, Guid id, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var result = await testRuns.ListAsync(Caller.From(user), id, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<InferenceTestRunResponse>, ProblemHttpResult>> GetTestRunAsync(
        ClaimsPrincipal user, InferenceTestRunService testRuns, Guid id, Guid runId, CancellationToken cancellationToken)
    {
        var result = await testRuns.GetAsync(Caller.From(user), id, runId, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<Page<InferenceTestRunPredictionResponse>>, ProblemHttpResult>> PredictionsAsync(
        ClaimsPrincipal user, InferenceTestRunService testRuns, Guid id, Guid runId, string? field, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        var result = await testRuns.PredictionsAsync(Caller.From(user), id, runId, field, cursor, limit, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static Results<Accepted<InferenceProcessResponse>, ProblemHttpResult> Accepted(Result<InferenceProcessResponse> result, string location) =>
        result.Error is null ? TypedResults.Accepted(location, result.Value!) : result.Error.ToProblem();
}
