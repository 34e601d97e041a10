using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Tenants;

/// <summary>
/// Ties every <see cref="ITenantOwned"/> entity of the parts below the features (export subscriptions) to its tenant, so a
/// tenant that still owns such rows cannot be removed; those parts cannot name <see cref="Tenant"/> themselves.
/// </summary>
internal sealed class TenantOwnership : IModelRule
{
    public void Apply(ModelBuilder modelBuilder)
    {
        foreach (var owned in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList())
        {
            modelBuilder.Entity(owned.ClrType)
                .HasOne(typeof(Tenant))
                .WithMany()
                .HasForeignKey(nameof(ITenantOwned.TenantId))
                .OnDelete(DeleteBehavior.Restrict);
        }
    }
}
