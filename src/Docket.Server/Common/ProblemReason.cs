namespace Docket.Server.Common;

/// <summary>Endpoint metadata: the endpoint answers <see cref="Status"/> as problem details when <see cref="When"/>.</summary>
public sealed record ProblemReason(int Status, string When);
