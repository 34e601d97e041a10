using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Storage;

/// <summary>
/// A rule an area adds over the whole model, applied once every entity is configured: how a higher part ties its own
/// entity to rows of lower parts that cannot name it (the tenants area's foreign key to <see cref="ITenantOwned"/> rows).
/// Found in the assembly as the entity configurations are; it needs a parameterless constructor.
/// </summary>
public interface IModelRule
{
    void Apply(ModelBuilder modelBuilder);
}
