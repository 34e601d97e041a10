namespace Docket.Server.Features.Roles;

/// <summary>
/// Who holds a role. The users area keeps the grants and answers; the role area defines the question so that it need
/// not know users, which depend on roles (docs/architecture.md, "Crossing areas").
/// </summary>
public interface IRoleHolders
{
    /// <summary>The users who hold the role now: their rights change with it.</summary>
    Task<List<Guid>> HoldersOfAsync(Guid roleId, CancellationToken cancellationToken);
}
