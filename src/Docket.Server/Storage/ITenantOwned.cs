namespace Docket.Server.Storage;

/// <summary>
/// A row of a part below the features that belongs to a tenant (null: to none, the Administrator's). The tenants area
/// gives every such entity its foreign key to the tenant (<see cref="IModelRule"/>), so a tenant that still owns rows
/// cannot be removed, while the part itself need not know the tenant's type.
/// </summary>
public interface ITenantOwned
{
    Guid? TenantId { get; }
}
