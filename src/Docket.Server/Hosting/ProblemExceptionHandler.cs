using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Hosting;

/// <summary>
/// The one place unexpected failures become RFC 9457 problem details: a clear status and title, the trace id
/// to quote to an operator, and never a stack trace or exception text.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException unreadable && BindingProblems.Describe(unreadable, context) is { } binding)
        {
            context.Response.StatusCode = binding.Status;
            var problem = new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = binding.Status, Title = binding.Title, Detail = binding.Detail },
            };
            if (binding.Errors is not null)
            {
                problem.ProblemDetails.Extensions["errors"] = binding.Errors;
            }

            return await problems.TryWriteAsync(problem);
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (413, "Payload too large", "The request body is larger than this endpoint accepts."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", "The request could not be read: check its JSON, its fields' types and its content type."),
            DbUpdateConcurrencyException => (409, "Conflict", "The object was changed by someone else meanwhile; read it again and retry."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The request was cancelled."),
            _ => (500, "Unexpected error", "The server failed to handle the request. Quote the trace id to an operator."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
