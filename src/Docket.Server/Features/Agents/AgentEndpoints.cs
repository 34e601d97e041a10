using System.Security.Claims;
using Docket.Contracts.Agents;
using Docket.Contracts.Common;
using Docket.Server.Common;
using Docket.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Docket.Server.Features.Agents;

/// <summary><c>/api/v1/agents</c>: the machines that run processes, with their key (shown once) and their state.</summary>
public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/agents").WithTags("Agents");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.View))
            .WithName("ListAgents")
            .WithSummary("List agents")
            .WithDescription("The agents of the caller's tenant with their state (Unknown, Available, Busy, Disconnected); the Administrator sees "
                + "every tenant's, or one tenant's with tenantId.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.Create))
            .WithName("CreateAgent")
            .WithSummary("Create an agent")
            .WithDescription("Makes an agent in the caller's tenant (the Administrator may name another with tenantId) with its key. "
                + "The answer holds the key itself, once: configure the agent with it. The key opens this agent's stream only, never the HTTP API.")
            .ProblemWhen(400, "a field is invalid (see errors), or tenantId names no tenant")
            .ProblemWhen(409, "an agent of that name already exists in the tenant");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.View))
            .WithName("GetAgent")
            .WithSummary("Get an agent")
            .WithDescription("One agent with its state and its machine as it last described it, with its ETag for a later If-Match.")
            .ProblemWhen(404, "no agent with that id is visible to the caller");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.Edit))
            .WithName("UpdateAgent")
            .WithSummary("Update an agent")
            .WithDescription("Renames or describes an agent (it cannot move to another tenant). Send If-Match with its ETag to refuse a lost update.")
            .ProblemWhen(400, "a field is invalid (see errors)")
            .ProblemWhen(404, "no agent with that id is visible to the caller")
            .ProblemWhen(409, "an agent of that name already exists in the tenant")
            .ProblemWhen(412, "If-Match does not name the agent's current ETag");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.Delete))
            .WithName("DeleteAgent")
            .WithSummary("Delete an agent")
            .WithDescription("Removes an agent and revokes its key; its stream ends. Send If-Match with its ETag to refuse removing a version you have not seen.")
            .ProblemWhen(404, "no agent with that id is visible to the caller")
            .ProblemWhen(412, "If-Match does not name the agent's current ETag");
        group.MapPost("/{id:guid}/enable", EnableAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.Manage))
            .WithName("EnableAgent")
            .WithSummary("Enable an agent")
            .WithDescription("Lets the agent connect again; enabling an enabled agent changes nothing.")
            .ProblemWhen(404, "no agent with that id is visible to the caller");
        group.MapPost("/{id:guid}/disable", DisableAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.Manage))
            .WithName("DisableAgent")
            .WithSummary("Disable an agent")
            .WithDescription("Ends the agent's stream with a refusal that says it is disabled, and refuses it until it is enabled again.")
            .ProblemWhen(404, "no agent with that id is visible to the caller");
        group.MapPost("/{id:guid}/ping", PingAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.Manage))
            .WithName("PingAgent")
            .WithSummary("Ping an agent")
            .WithDescription("Sends the agent a ping command the way every command goes (through whichever replica holds its stream) and waits "
                + "up to timeoutSeconds (default 10, at most 60) for its answer: the round trip, and the agent's clock.")
            .ProblemWhen(400, "timeoutSeconds is out of range")
            .ProblemWhen(404, "no agent with that id is visible to the caller")
            .ProblemWhen(409, "the agent is disabled, or not connected")
            .ProblemWhen(502, "the agent answered that it cannot do the command (an agent older than the server)")
            .ProblemWhen(504, "the agent did not answer in time");
        group.MapGet("/{id:guid}/log-lines", ListLogLinesAsync).RequireAuthorization(Policies.Right(ObjectKind.Agent, Rights.View))
            .WithName("ListAgentLogLines")
            .WithSummary("List an agent's log lines")
            .WithDescription("A page of the agent's own log lines in the order they arrived: of one process with processId, of a level and above "
                + "with level, written from (inclusive) to (exclusive) by the agent's clock, whose message contains a text (case-sensitive).")
            .ProblemWhen(400, "a filter, limit or cursor is invalid (see errors)")
            .ProblemWhen(404, "no agent with that id is visible to the caller");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AgentResponse>>> ListAsync(ClaimsPrincipal user, AgentService agents, Guid? tenantId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await agents.ListAsync(Caller.From(user), tenantId, cancellationToken));

    private static async Task<Results<Ok<Page<AgentLogLineResponse>>, ProblemHttpResult>> ListLogLinesAsync(
        ClaimsPrincipal user, AgentLogs logs, Guid id, [AsParameters] AgentLogFilter filter, CancellationToken cancellationToken)
    {
        var result = await logs.ListAsync(Caller.From(user), id, filter, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, AgentService agents, Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await agents.GetAsync(Caller.From(user), id, cancellationToken);
        return ETags.Ok(result, r => r.ETag, response);
    }

    private static async Task<Results<Created<CreatedAgentResponse>, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal user, AgentService agents, AgentRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await agents.CreateAsync(Caller.From(user), request, cancellationToken);
        if (result.Error is not null)
        {
            return result.Error.ToProblem();
        }

        response.Headers.ETag = result.Value!.Agent.ETag;
        return TypedResults.Created($"/api/v1/agents/{result.Value.Agent.Id}", result.Value);
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal user, AgentService agents, Guid id, AgentRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await agents.UpdateAsync(Caller.From(user), id, request, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return ETags.Ok(result, r => r.ETag, context.Response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, AgentService agents, Guid id, HttpContext context, CancellationToken cancellationToken)
    {
        var error = await agents.DeleteAsync(Caller.From(user), id, stamp => ETags.Matches(context.Request, stamp), cancellationToken);
        return error is null ? TypedResults.NoContent() : error.ToProblem();
    }

    private static async Task<Results<Ok<AgentPingResponse>, ProblemHttpResult>> PingAsync(
        ClaimsPrincipal user, AgentPing ping, Guid id, double? timeoutSeconds, CancellationToken cancellationToken)
    {
        var result = await ping.PingAsync(Caller.From(user), id, timeoutSeconds ?? 10, cancellationToken);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(result.Value!);
    }

    private static Task<Results<Ok<AgentResponse>, ProblemHttpResult>> EnableAsync(
        ClaimsPrincipal user, AgentService agents, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        SetEnabledAsync(user, agents, id, true, response, cancellationToken);

    private static Task<Results<Ok<AgentResponse>, ProblemHttpResult>> DisableAsync(
        ClaimsPrincipal user, AgentService agents, Guid id, HttpResponse response, CancellationToken cancellationToken) =>
        SetEnabledAsync(user, agents, id, false, response, cancellationToken);

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> SetEnabledAsync(
        ClaimsPrincipal user, AgentService agents, Guid id, bool enabled, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await agents.SetEnabledAsync(Caller.From(user), id, enabled, cancellationToken);
        return ETags.Ok(result, r => r.ETag, response);
    }
}
