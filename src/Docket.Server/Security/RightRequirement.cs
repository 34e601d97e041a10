using Microsoft.AspNetCore.Authorization;

namespace Docket.Server.Security;

/// <summary>The caller must hold <see cref="Rights"/> on <see cref="Kind"/> (through any of its roles).</summary>
public sealed record RightRequirement(ObjectKind Kind, Rights Rights) : IAuthorizationRequirement;
