namespace Docket.Contracts.Users;

public sealed record CreateUserRequest
{
    public required string Login { get; init; }
    public string? DisplayName { get; init; }
    public string? Email { get; init; }

    /// <summary>Required for people; service accounts have none and act through API keys.</summary>
    public string? Password { get; init; }
    public bool IsServiceAccount { get; init; }

    /// <summary>A password set by someone else must be changed at first login, unless told otherwise.</summary>
    public bool MustChangePassword { get; init; } = true;
    public IReadOnlyList<Guid> RoleIds { get; init; } = [];

    /// <summary>Honoured for the Administrator only.</summary>
    public Guid? TenantId { get; init; }
}
