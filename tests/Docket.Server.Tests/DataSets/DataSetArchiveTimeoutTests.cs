using System.Net;
using System.Net.Http.Json;
using Docket.Server.Features.DataSets;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.DataSets;

/// <summary>A build that outlives <c>DataSet:ArchivateTimeout</c> stops with 12008, under either spelling of the section.</summary>
public abstract class DataSetArchiveTimeoutTests(DocketServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_build_past_ArchivateTimeout_ends_TimedOut_with_DataSetArchivateCompletedTimeout()
    {
        server.App.Services.GetRequiredService<IOptions<DataSetOptions>>().Value.ArchivateTimeout.ShouldBe(TimeSpan.FromMilliseconds(1));
        var tenant = await server.CreateTenantAsync();
        var project = await server.MarkedProjectAsync(tenant, 3);
        var created = await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = "Slow", schemeId = project.SchemeId }, Cancellation);
        var dataSetId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{dataSetId}/versions/1/archives", null, Cancellation);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var ended = await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready", "Failed", "TimedOut");

        ended.GetProperty("state").GetString().ShouldBe("TimedOut");
        ended.GetProperty("error").GetString()!.ShouldContain("ArchivateTimeout");
        await (await tenant.Admin.GetAsync($"{requested.Headers.Location}/content", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var operationKey = requested.Headers.GetValues("X-Operation-Key").Single();
        var codes = (await tenant.Admin.EventsAsync($"operationKey={operationKey}&limit=100")).Select(e => e.GetProperty("code").GetInt32()).ToArray();
        codes.Count(c => c == 12008).ShouldBe(1);
        codes.ShouldNotContain(12004);
        codes.ShouldNotContain(12005);
    }
}

public sealed class DataSetArchiveTimeoutSectionTests(ArchiveTimeoutServer server)
    : DataSetArchiveTimeoutTests(server), IClassFixture<ArchiveTimeoutServer>;

public sealed class DataSetArchiveTimeoutCatalogSpellingTests(CatalogSpelledArchiveTimeoutServer server)
    : DataSetArchiveTimeoutTests(server), IClassFixture<CatalogSpelledArchiveTimeoutServer>;
