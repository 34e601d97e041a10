using Docket.Contracts.Projects;

namespace Docket.Server.Features.Projects;

/// <summary>The project contract made from the stored project: the contracts assembly cannot know the entity.</summary>
public static class ProjectResponses
{
    extension(ProjectResponse)
    {
        public static ProjectResponse From(Project p) =>
            new(p.Id, p.TenantId, p.Name, p.Description, p.CreatedAt,
                p.UpdatedAt, Common.ETags.From(p.ConcurrencyStamp));
    }
}
