namespace Docket.Contracts.Roles;

/// <summary>Rights on one kind of object, as JSON: <c>{ "kind": "Project", "rights": ["View", "Edit"] }</c>.</summary>
public sealed record PermissionDto(string Kind, IReadOnlyList<string> Rights);
