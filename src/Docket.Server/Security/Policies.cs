namespace Docket.Server.Security;

/// <summary>
/// Policy names for endpoints: <c>Policies.Right(ObjectKind.Project, Rights.Create)</c> or <see cref="Administrator"/>.
/// Right policies are built on demand by <see cref="RightPolicyProvider"/>, so no kind needs registering.
/// </summary>
public static class Policies
{
    public const string Administrator = "docket:administrator";
    public const string Authenticated = "docket:authenticated";
    internal const string RightPrefix = "right:";

    public static string Right(ObjectKind kind, Rights rights) => $"{RightPrefix}{kind}:{(int)rights}";
}
