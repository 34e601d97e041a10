namespace Docket.Server.Security;

/// <summary>What may be done with a kind of object. A user's roles combine with OR: the widest right wins.</summary>
[Flags]
public enum Rights
{
    None = 0,
    View = 1,
    Create = 2,
    Edit = 4,
    Delete = 8,

    /// <summary>Operate the object: enable/disable agents, start/stop processes, revoke keys.</summary>
    Manage = 16,
    All = View | Create | Edit | Delete | Manage,
}
