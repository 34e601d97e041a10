using Docket.Contracts.Journal;
using Docket.Server.Journal;
using Docket.Server.Security;

namespace Docket.Benchmarks;

/// <summary>
/// One measured query: either a journal filter with its caller (the real query path) or plain SQL with its
/// parameters (the baseline), drawn afresh from <see cref="Random"/> at every iteration.
/// </summary>
internal sealed record QueryCase(
    string Name,
    bool Indexed,
    Random Random,
    Func<Random, (JournalFilter Filter, Caller Caller)>? Filter = null,
    Func<Random, (string Sql, (string Name, object Value)[] Parameters)>? Raw = null)
{
    public LatencyStats Stats { get; } = new();
}
