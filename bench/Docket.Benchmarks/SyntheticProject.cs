namespace Docket.Benchmarks;

internal sealed record SyntheticProject(Guid Id, Guid Tenant, string Name);
