using Docket.Engines.External;
using Docket.Engines.Messages;
using Shouldly;
using Xunit;

namespace Docket.Engines.Tests;

/// <summary>A warm inference engine as a real child process: pages in, answers out in any order, and its faults.</summary>
public sealed class ExternalInferenceSessionTests : IDisposable
{
    private readonly TestEngine engine = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<IInferenceSession> Start(string behaviour, Dictionary<string, string>? knobs = null, TimeSpan? requestTimeout = null, TimeSpan? startTimeout = null)
    {
        var options = new ExternalEngineOptions { GracePeriod = TimeSpan.FromSeconds(2) };
        var request = engine.Request(EngineKind.Inference, behaviour, knobs) with
        {
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            Timeout = startTimeout ?? TimeSpan.FromSeconds(60),
        };
        return await new ExternalEngine(options, TimeProvider.System).StartInferenceAsync(request, Token);
    }

    [Fact]
    public async Task A_warm_engine_answers_many_concurrent_pages_each_with_its_own_answer()
    {
        await using var session = await Start("serve", new() { ["TEST_ENGINE_CONCURRENCY"] = "4" });
        (await session.WaitReadyAsync(Token)).ShouldBeTrue();
        session.Concurrency.ShouldBe(4);

        var pages = Enumerable.Range(0, 64).Select(i => $"/pages/page-{i}.png").ToList();
        var results = await Task.WhenAll(pages.Select(page => session.InferAsync(page, Token)));

        results.Select(r => r.Outcome).Distinct().ShouldBe([InferenceOutcome.Answered], string.Join('\n', results.Select(r => r.Reason)));
        results.Select(r => r.Fields.Single(f => f.Name == "Path").Text).ShouldBe(pages, "each page gets the answer to itself, not a neighbour's");
        results.Select(r => r.Id).Distinct().Count().ShouldBe(64);
        var first = results[0].Fields;
        first[0].Confidence.ShouldBe(0.99);
        first[0].Box.ShouldBe(new EngineBox(10, 20, 300, 40));
        first[1].Rows!.Single().Cells.Single().Text.ShouldBe("1.00");
    }

    [Fact]
    public async Task An_unreadable_page_is_refused_and_the_engine_serves_on()
    {
        await using var session = await Start("serve", new() { ["TEST_ENGINE_CONCURRENCY"] = "1" });

        var refused = await session.InferAsync("/pages/unreadable.png", Token);
        var answered = await session.InferAsync("/pages/fine.png", Token);

        refused.Outcome.ShouldBe(InferenceOutcome.Refused);
        refused.Reason.ShouldBe("not an image");
        answered.Outcome.ShouldBe(InferenceOutcome.Answered);
        answered.Fields[0].Text.ShouldBe("/pages/fine.png");
    }

    [Fact]
    public async Task A_slow_answer_times_out_that_page_and_the_session_stays_up()
    {
        await using var session = await Start("serve", new() { ["TEST_ENGINE_CONCURRENCY"] = "1", ["TEST_ENGINE_DELAY_MS"] = "3000" }, requestTimeout: TimeSpan.FromMilliseconds(500));
        (await session.WaitReadyAsync(Token)).ShouldBeTrue();

        var result = await session.InferAsync("/pages/slow.png", Token);

        result.Outcome.ShouldBe(InferenceOutcome.TimedOut);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        session.Completion.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task An_engine_that_dies_fails_every_pending_page_and_every_later_one()
    {
        await using var session = await Start("die", new() { ["TEST_ENGINE_CONCURRENCY"] = "4", ["TEST_ENGINE_DIE_AFTER"] = "2" });

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => session.InferAsync($"/pages/{i}.png", Token)));
        var end = await session.Completion;
        var later = await session.InferAsync("/pages/later.png", Token);

        results.ShouldAllBe(r => r.Outcome == InferenceOutcome.EngineEnded);
        results[0].Reason!.ShouldContain("out of memory while reading");
        end.Outcome.ShouldBe(EngineRunOutcome.Failed);
        end.ExitCode.ShouldBe(137);
        end.Reason!.ShouldStartWith("out of memory while reading");
        later.Outcome.ShouldBe(InferenceOutcome.EngineEnded);
    }

    [Fact]
    public async Task An_engine_that_is_never_ready_times_out_at_start_and_is_killed()
    {
        await using var session = await Start("never-ready", startTimeout: TimeSpan.FromSeconds(2));

        (await session.WaitReadyAsync(Token)).ShouldBeFalse();
        var end = await session.Completion;
        var page = await session.InferAsync("/pages/1.png", Token);

        end.Outcome.ShouldBe(EngineRunOutcome.TimedOut);
        end.Reason!.ShouldContain("not ready within");
        page.Outcome.ShouldBe(InferenceOutcome.EngineEnded);
        await Processes.ShouldAllBeGone([session.ProcessId!.Value]);
    }

    [Fact]
    public async Task Stopping_closes_the_engines_stdin_and_it_leaves_by_itself()
    {
        await using var session = await Start("serve");
        (await session.WaitReadyAsync(Token)).ShouldBeTrue();

        var end = await session.StopAsync(Token);

        end.Outcome.ShouldBe(EngineRunOutcome.Cancelled);
        end.ExitCode.ShouldBe(0, "the engine saw the end of its stdin and exited before any signal");
        end.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_engines_log_lines_reach_the_reader_but_its_answers_and_ready_line_do_not()
    {
        await using var session = await Start("serve", new() { ["TEST_ENGINE_CONCURRENCY"] = "1" });
        (await session.InferAsync("/pages/1.png", Token)).Outcome.ShouldBe(InferenceOutcome.Answered);
        await session.StopAsync(Token);

        var messages = new List<EngineMessage>();
        await foreach (var message in session.ReadMessagesAsync(Token))
        {
            messages.Add(message);
        }

        messages.ShouldNotContain(m => m is EngineAnswer || m is EngineReady);
    }

    public void Dispose() => engine.Dispose();
}
