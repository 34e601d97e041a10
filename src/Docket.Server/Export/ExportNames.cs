namespace Docket.Server.Export;

/// <summary>Tenant and project names for a batch, looked up once per batch rather than once per record.</summary>
public sealed record ExportNames(IReadOnlyDictionary<Guid, string> Tenants, IReadOnlyDictionary<Guid, string> Projects)
{
    public string? Tenant(Guid? id) => id is { } key && Tenants.TryGetValue(key, out var name) ? name : null;

    public string? Project(Guid? id) => id is { } key && Projects.TryGetValue(key, out var name) ? name : null;
}
