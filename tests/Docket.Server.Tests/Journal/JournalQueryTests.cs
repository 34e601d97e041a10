using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>The journal's read API: filters, keyset pages, downloads and the live tail, each scoped to the caller's tenant.</summary>
public sealed class JournalQueryTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Filters_select_by_code_group_class_operation_key_user_text_and_time()
    {
        var tenant = await server.CreateTenantAsync();
        var operationKey = "op-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Накладные ТОРГ-12" }) };
        request.Headers.Add("X-Operation-Key", operationKey);
        var created = await tenant.Admin.SendAsync(request, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.GetValues("X-Operation-Key").Single().ShouldBe(operationKey);
        var before = TimeProvider.System.GetUtcNow().AddMinutes(-5).ToString("O");
        var after = TimeProvider.System.GetUtcNow().AddMinutes(5).ToString("O");

        (await tenant.Admin.EventsAsync($"operationKey={operationKey}")).Single().GetProperty("code").GetInt32().ShouldBe(3000);
        (await tenant.Admin.EventsAsync("codes=3000")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync("codes=ProjectCreated,ProjectRemoved")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync("groups=3000")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync("classes=Information&codes=3000")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync("classes=Error&codes=3000")).ShouldBeEmpty();
        (await tenant.Admin.EventsAsync($"userId={tenant.AdminUserId}&codes=3000")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync("user=TADMIN&codes=3000")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync("text=TORG-12")).ShouldBeEmpty();
        (await tenant.Admin.EventsAsync("text=Накладные")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync($"from={Uri.EscapeDataString(before)}&to={Uri.EscapeDataString(after)}&codes=3000")).Length.ShouldBe(1);
        (await tenant.Admin.EventsAsync($"to={Uri.EscapeDataString(before)}&codes=3000")).ShouldBeEmpty();
        (await tenant.Admin.EventsAsync($"entityKind=Project&codes=3000")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Keyset_pages_cover_every_record_once_newest_first()
    {
        var tenant = await server.CreateTenantAsync();
        for (var i = 0; i < 5; i++)
        {
            (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = $"paged {i}" }, Cancellation)).EnsureSuccessStatusCode();
        }

        var sequences = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await tenant.Admin.GetAsync($"/api/v1/events?codes=3000&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", Cancellation)).ReadJsonAsync();
            sequences.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        sequences.Count.ShouldBe(5);
        sequences.ShouldBe(sequences.OrderByDescending(s => s).ToList());
        sequences.Distinct().Count().ShouldBe(5);
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_journal_and_cannot_ask_for_another()
    {
        var first = await server.CreateTenantAsync();
        var second = await server.CreateTenantAsync();
        (await second.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "secret project" }, Cancellation)).EnsureSuccessStatusCode();

        var mine = await first.Admin.EventsAsync("limit=1000");
        mine.ShouldAllBe(e => e.GetProperty("tenantId").GetGuid() == first.Id);
        (await first.Admin.EventsAsync("text=secret project")).ShouldBeEmpty();
        await (await first.Admin.GetAsync($"/api/v1/events?tenantId={second.Id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        using var admin = await server.AdminAsync();
        (await admin.EventsAsync($"tenantId={second.Id}&text=secret project")).Length.ShouldBe(1);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-5")]
    [InlineData("limit=100000")]
    [InlineData("codes=99999")]
    [InlineData("codes=NoSuchEvent")]
    [InlineData("groups=42")]
    [InlineData("classes=Bogus")]
    [InlineData("order=sideways")]
    [InlineData("cursor=-1")]
    [InlineData("cursor=abc")]
    [InlineData("from=2026-02-01&to=2026-01-01")]
    [InlineData("from=yesterday")]
    public async Task Nonsense_filters_get_problem_details(string query)
    {
        var tenant = await server.CreateTenantAsync();
        await (await tenant.Admin.GetAsync("/api/v1/events?" + query, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SQL_in_a_filter_is_only_text()
    {
        var tenant = await server.CreateTenantAsync();
        (await tenant.Admin.EventsAsync("text=" + Uri.EscapeDataString("' OR 1=1 --"))).ShouldBeEmpty();
        (await tenant.Admin.EventsAsync("operationKey=" + Uri.EscapeDataString("x' OR '1'='1"))).ShouldBeEmpty();
        (await tenant.Admin.EventsAsync("limit=1000")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task CSV_and_NDJSON_downloads_hold_the_filtered_view_and_defuse_formulas()
    {
        var tenant = await server.CreateTenantAsync();
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "=HYPERLINK(\"http://evil\",\"x\")" }, Cancellation)).EnsureSuccessStatusCode();
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "plain, with comma" }, Cancellation)).EnsureSuccessStatusCode();

        var csv = await tenant.Admin.GetAsync("/api/v1/events/export?format=csv&codes=3000", Cancellation);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var text = await csv.Content.ReadAsStringAsync(Cancellation);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("sequence,id,code,name");
        lines.Length.ShouldBe(3);
        text.ShouldContain("\"'=HYPERLINK(");
        text.ShouldContain("\"plain, with comma\"");

        var ndjson = await tenant.Admin.GetStringAsync("/api/v1/events/export?format=ndjson&codes=3000", Cancellation);
        var records = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        records.Count.ShouldBe(2);
        records.ShouldAllBe(r => r.GetProperty("tenantId").GetGuid() == tenant.Id);
        records[0].GetProperty("sequence").GetInt64().ShouldBeLessThan(records[1].GetProperty("sequence").GetInt64());
        records[0].GetProperty("data").GetProperty("name").GetString().ShouldStartWith("=HYPERLINK");

        await (await tenant.Admin.GetAsync("/api/v1/events/export?format=xml", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_live_tail_streams_new_records_and_resumes_from_Last_Event_ID()
    {
        var tenant = await server.CreateTenantAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var stream = await tenant.Admin.GetAsync("/api/v1/events/stream?codes=3000", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "tailed one" }, Cancellation)).EnsureSuccessStatusCode();
        var first = await ReadEventAsync(reader, timeout.Token);
        (await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "tailed two" }, Cancellation)).EnsureSuccessStatusCode();
        var second = await ReadEventAsync(reader, timeout.Token);

        first.Data.GetProperty("text").GetString().ShouldBe("tailed one");
        second.Data.GetProperty("text").GetString().ShouldBe("tailed two");
        first.Id.ShouldBe(first.Data.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A client that reconnects with the last id it saw gets what came after, and nothing before.
        using var resume = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream?codes=3000");
        resume.Headers.Add("Last-Event-ID", first.Id);
        using var resumed = await tenant.Admin.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync(timeout.Token));
        (await ReadEventAsync(resumedReader, timeout.Token)).Id.ShouldBe(second.Id);
    }

    private static async Task<(string Id, JsonElement Data)> ReadEventAsync(StreamReader reader, CancellationToken cancellation)
    {
        string? id = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
            else if (line.Length == 0 && data is not null)
            {
                return (id!, JsonDocument.Parse(data).RootElement);
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }
}
