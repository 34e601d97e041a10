namespace Docket.Server.Tests.Infrastructure;

/// <summary>A tenant a test made for itself, with a TenantAdministrator signed in as <see cref="Admin"/>.</summary>
public sealed record TestTenant(Guid Id, string Name, HttpClient Admin, Guid AdminUserId);
