using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Docket.Events;
using Docket.Server.Journal;

namespace Docket.Benchmarks;

/// <summary>
/// What signing costs one record on the append path: HMAC-SHA256 over the canonical form, for a typical record and
/// for one with a 4 KB data document. In-process, so BenchmarkDotNet need not build a project under the repo's strict settings.
/// </summary>
[MemoryDiagnoser]
public class JournalSignerBenchmarks
{
    private readonly JournalSigner signer = new(new JournalSigningKey(new byte[32]));
    private readonly string previous = Convert.ToBase64String(new byte[32]);
    private JournalRecord typical = null!;
    private JournalRecord large = null!;

    public static void Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "docket-bench", "BenchmarkDotNet.Artifacts"));
        // With no arguments, run them all rather than ask interactively.
        BenchmarkSwitcher.FromTypes([typeof(JournalSignerBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }

    [GlobalSetup]
    public void Setup()
    {
        typical = Record(new string('x', 250));
        large = Record(new string('x', 4096));
    }

    [Benchmark(Baseline = true)]
    public string SignTypical() => signer.Sign(typical, previous);

    [Benchmark]
    public string SignWith4KbData() => signer.Sign(large, previous);

    private static JournalRecord Record(string data)
    {
        var definition = EventCatalog.Get(EventCode.ProjectUpdated);
        var at = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);
        return new JournalRecord
        {
            Sequence = 123_456,
            Id = Guid.CreateVersion7(),
            Code = definition.NumericCode,
            Name = definition.Name,
            Group = (int)definition.Group,
            Class = definition.Class,
            OccurredAt = at,
            RecordedAt = at,
            TenantId = Guid.NewGuid(),
            ProjectId = Guid.NewGuid(),
            UserId = Guid.NewGuid(),
            UserLogin = "user07",
            ClientIp = "10.20.0.17",
            NodeId = "docket-1",
            OperationKey = Guid.CreateVersion7().ToString(),
            EntityKind = "Project",
            EntityId = Guid.NewGuid().ToString(),
            Text = "invoices-acme-017",
            Data = data,
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        };
    }
}
