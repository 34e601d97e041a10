using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>
/// The end of the chain needs a witness outside the database: a checkpoint (a record's sequence and signature, from
/// a SIEM, an earlier verify or the checkpoint file) given to verify proves the chain still holds that record, so
/// removing the newest records and rewriting the head, invisible to the chain alone, is found.
/// </summary>
public sealed class JournalCheckpointTests(CheckpointServer server) : IClassFixture<CheckpointServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly JournalTampering tampering = new(server);

    [Fact]
    public async Task Removing_the_newest_records_and_rewriting_the_head_is_found_with_a_checkpoint()
    {
        using var admin = await server.AdminAsync();
        await CreateProjectsAsync(admin, 3);
        var head = await tampering.HeadAsync();
        var (kept, keptSignature) = await tampering.RecordAsync(head.LastSequence - 2);

        await tampering.RemoveAsync(kept + 1, head.LastSequence, "checkpoint_stash_1");
        await tampering.SetEndAsync(kept, keptSignature);
        var alone = await VerifyAsync(admin, "");
        var witnessed = await VerifyAsync(admin, Checkpoint(head.LastSequence, head.LastSignature));
        await tampering.RestoreAsync("checkpoint_stash_1");
        await tampering.SetEndAsync(head.LastSequence, head.LastSignature);

        alone.GetProperty("valid").GetBoolean().ShouldBeTrue("the chain alone cannot see its end cut off: that is what the witness is for");
        witnessed.GetProperty("valid").GetBoolean().ShouldBeFalse(witnessed.GetRawText());
        witnessed.GetProperty("checkpoint").GetProperty("status").GetString().ShouldBe("missing");
        witnessed.GetProperty("firstViolation").GetProperty("problem").GetString().ShouldBe("removed");
        var restored = await VerifyAsync(admin, Checkpoint(head.LastSequence, head.LastSignature));
        restored.GetProperty("valid").GetBoolean().ShouldBeTrue(restored.GetRawText());
        restored.GetProperty("checkpoint").GetProperty("status").GetString().ShouldBe("contained");
    }

    [Fact]
    public async Task A_checkpoint_whose_record_is_not_the_one_in_the_chain_is_refuted()
    {
        using var admin = await server.AdminAsync();
        await CreateProjectsAsync(admin, 1);
        var head = await tampering.HeadAsync();

        var verification = await VerifyAsync(admin, Checkpoint(head.LastSequence, Convert.ToBase64String(new byte[32])));

        verification.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verification.GetProperty("checkpoint").GetProperty("status").GetString().ShouldBe("differs");
        verification.GetProperty("firstViolation").GetProperty("sequence").GetInt64().ShouldBe(head.LastSequence);
    }

    [Fact]
    public async Task The_checkpoint_file_holds_the_heads_sequence_and_signature_and_verify_accepts_it()
    {
        using var admin = await server.AdminAsync();
        await CreateProjectsAsync(admin, 1);
        var head = await tampering.HeadAsync();

        JsonElement? line = null;
        for (var wait = 0; wait < 100 && line is null; wait++)
        {
            await Task.Delay(100, Cancellation);
            line = File.Exists(server.CheckpointFile)
                ? (await File.ReadAllLinesAsync(server.CheckpointFile, Cancellation)).Select(l => JsonDocument.Parse(l).RootElement)
                    .LastOrDefault(l => l.GetProperty("sequence").GetInt64() >= head.LastSequence) is { ValueKind: JsonValueKind.Object } found ? found : null
                : null;
        }

        line.ShouldNotBeNull("a checkpoint line for the head within 10 s");
        var sequence = line.Value.GetProperty("sequence").GetInt64();
        var signature = line.Value.GetProperty("signature").GetString()!;
        (await tampering.RecordAsync(sequence)).Signature.ShouldBe(signature);
        var verification = await VerifyAsync(admin, Checkpoint(sequence, signature));
        verification.GetProperty("checkpoint").GetProperty("status").GetString().ShouldBe("contained");
    }

    [Theory]
    [InlineData("checkpointSequence=5", "checkpointSignature")]
    [InlineData("checkpointSignature=abc", "checkpointSequence")]
    [InlineData("checkpointSequence=0&checkpointSignature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D", "checkpointSequence")]
    [InlineData("checkpointSequence=5&checkpointSignature=not-base64", "checkpointSignature")]
    public async Task A_half_or_malformed_checkpoint_is_refused_naming_the_parameter(string query, string parameter)
    {
        using var admin = await server.AdminAsync();

        var response = await admin.GetAsync("/api/v1/events/verify?" + query, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue(problem.GetRawText());
    }

    private static string Checkpoint(long sequence, string signature) =>
        $"checkpointSequence={sequence}&checkpointSignature={Uri.EscapeDataString(signature)}";

    private static async Task CreateProjectsAsync(HttpClient admin, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new { name = "witness-" + Guid.NewGuid().ToString("N") }, Cancellation)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync("/api/v1/events/verify?" + query, Cancellation);
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }
}
