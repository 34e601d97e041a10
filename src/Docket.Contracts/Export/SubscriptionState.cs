namespace Docket.Contracts.Export;

/// <summary>
/// Where a subscription stands. Transitions happen in <see cref="ExportSubscription"/>'s methods only, which say
/// which catalog event (if any) the change records.
/// </summary>
public enum SubscriptionState
{
    Running,
    Paused,

    /// <summary>The receiver failed in a way worth retrying; the runner backs off and tries again.</summary>
    Retrying,

    /// <summary>The receiver refused for good (bad token, bad index); nothing is sent until the subscription is changed or resumed.</summary>
    Failing,
}
