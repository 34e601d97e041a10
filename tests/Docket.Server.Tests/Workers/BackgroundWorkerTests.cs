using System.Collections.Concurrent;
using Docket.Server.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Workers;

/// <summary>
/// The loop every worker stands on, run on its own with a worker that the test scripts: it survives failing passes
/// and backs off between them, runs each pass in a scope of its own, wakes on its signal and stops cleanly.
/// </summary>
public sealed class BackgroundWorkerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_whose_passes_throw_keeps_running_after_a_back_off_that_doubles()
    {
        await using var services = Services();
        var worker = new ScriptedWorker(services, Interval, failures: 3);

        await worker.StartAsync(Cancellation);
        await worker.WaitForPassesAsync(5);
        await worker.StopAsync(Cancellation);

        // Passes 1 to 3 throw: the back-off after them is one interval, then two, then four; pass 4 succeeds, and the
        // wait after it is one interval again.
        var passes = worker.Passes.ToArray();
        (passes[1] - passes[0]).ShouldBeGreaterThanOrEqualTo(Interval - Slack);
        (passes[2] - passes[1]).ShouldBeGreaterThanOrEqualTo((2 * Interval) - Slack);
        (passes[3] - passes[2]).ShouldBeGreaterThanOrEqualTo((4 * Interval) - Slack);
        (passes[4] - passes[3]).ShouldBeGreaterThanOrEqualTo(Interval - Slack);
        (passes[4] - passes[3]).ShouldBeLessThan(4 * Interval, "a pass that succeeds ends the back-off");
        worker.ExecuteTask!.IsCompletedSuccessfully.ShouldBeTrue("the worker stops cleanly");
        worker.Stopped.ShouldBeTrue();
    }

    [Fact]
    public async Task Each_pass_runs_in_a_scope_of_its_own_that_ends_with_it()
    {
        await using var services = Services();
        var worker = new ScriptedWorker(services, TimeSpan.FromMilliseconds(10), failures: 0);

        await worker.StartAsync(Cancellation);
        await worker.WaitForPassesAsync(3);
        await worker.StopAsync(Cancellation);

        worker.Scoped.Distinct().Count().ShouldBe(worker.Scoped.Count);
        worker.Scoped.Take(3).ShouldAllBe(probe => probe.Disposed);
    }

    [Fact]
    public async Task A_signal_wakes_a_worker_before_its_interval()
    {
        await using var services = Services();
        var signal = new WorkerSignal();
        var worker = new ScriptedWorker(services, TimeSpan.FromHours(1), failures: 0, signal);

        await worker.StartAsync(Cancellation);
        await worker.WaitForPassesAsync(1);
        signal.Notify();
        await worker.WaitForPassesAsync(2);
        await worker.StopAsync(Cancellation);

        worker.Passes.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_worker_that_waits_first_runs_no_pass_at_start_and_stops_during_its_wait()
    {
        await using var services = Services();
        var worker = new ScriptedWorker(services, TimeSpan.FromHours(1), failures: 0) { WaitFirst = true };

        await worker.StartAsync(Cancellation);
        await Task.Delay(Interval, Cancellation);
        await worker.StopAsync(Cancellation);

        worker.Passes.ShouldBeEmpty();
        worker.ExecuteTask!.IsCompletedSuccessfully.ShouldBeTrue();
        worker.Stopped.ShouldBeTrue();
    }

    /// <summary>How early a timer may fire on a loaded machine; the waits under test are many times longer.</summary>
    private static TimeSpan Slack => TimeSpan.FromMilliseconds(15);

    private static ServiceProvider Services() =>
        new ServiceCollection().AddScoped<ScopeProbe>().BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

    /// <summary>A scoped service, to see which scope each pass ran in and that it ended.</summary>
    private sealed class ScopeProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>Throws on its first <c>failures</c> passes, then succeeds; records when each pass ran (since its creation).</summary>
    private sealed class ScriptedWorker(IServiceProvider root, TimeSpan interval, int failures, WorkerSignal? signal = null)
        : BackgroundWorker(root.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger.Instance)
    {
        private readonly SemaphoreSlim ran = new(0);
        private readonly long created = TimeProvider.System.GetTimestamp();

        public ConcurrentQueue<TimeSpan> Passes { get; } = new();
        public List<ScopeProbe> Scoped { get; } = [];
        public bool Stopped { get; private set; }
        public bool WaitFirst { get; init; }

        protected override TimeSpan Interval => interval;

        /// <summary>Long enough not to cut the doubling the first test watches short.</summary>
        protected override TimeSpan MaxBackOff => TimeSpan.FromSeconds(10);

        protected override WorkerSignal? Signal => signal;

        protected override bool WaitsFirst => WaitFirst;

        public async Task WaitForPassesAsync(int count)
        {
            while (Passes.Count < count)
            {
                (await ran.WaitAsync(TimeSpan.FromSeconds(30), Cancellation)).ShouldBeTrue($"the worker stopped after {Passes.Count} pass(es)");
            }
        }

        protected override Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
        {
            Scoped.Add(services.GetRequiredService<ScopeProbe>());
            Passes.Enqueue(Time.GetElapsedTime(created));
            var number = Passes.Count;
            ran.Release();
            return number <= failures ? throw new InvalidOperationException($"pass {number} fails") : Task.FromResult(false);
        }

        protected override Task StoppedAsync()
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }
}
