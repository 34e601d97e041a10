namespace Docket.Server.Export;

/// <summary>The subscription a sink works for: its id (what its stored secrets are sealed to) and its tenant (whose folder its files go to; null for the Administrator's cross-tenant subscriptions).</summary>
public sealed record SinkOwner(Guid SubscriptionId, Guid? TenantId);
