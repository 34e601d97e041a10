namespace Docket.Benchmarks;

internal sealed record SyntheticUser(Guid Id, Guid Tenant, string Login, string ClientIp);
