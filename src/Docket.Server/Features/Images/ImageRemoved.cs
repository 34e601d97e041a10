namespace Docket.Server.Features.Images;

/// <summary>An image being removed, as <see cref="IImageRemovalHandler"/>s are told of it: enough to find and describe what hangs on it.</summary>
public sealed record ImageRemoved(Guid Id, Guid TenantId, Guid ProjectId, string Name);
