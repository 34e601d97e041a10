namespace Docket.Server.Features.Projects;

public sealed record ProjectResponse(
    Guid Id, Guid TenantId, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt, string ETag)
{
    public static ProjectResponse From(Project p) =>
        new(p.Id, p.TenantId, p.Name, p.Description, p.CreatedAt, p.UpdatedAt, Hosting.ETags.From(p.ConcurrencyStamp));
}
