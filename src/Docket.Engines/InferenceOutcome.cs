namespace Docket.Engines;

public enum InferenceOutcome
{
    /// <summary>The engine answered with fields.</summary>
    Answered,

    /// <summary>The engine answered with an error for this page (and goes on serving).</summary>
    Refused,

    /// <summary>No answer within the request timeout.</summary>
    TimedOut,

    /// <summary>The engine ended (died, was stopped, or never got ready) before it answered.</summary>
    EngineEnded,
}
