using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Server.Tests.Infrastructure;
using Shouldly;

namespace Docket.Server.Tests.Markings;

/// <summary>A project with an invoice scheme (Total, Date, Number, Paid, Note, Items table) and an image, made through the API as a tenant would.</summary>
public static class MarkingSetup
{
    public static object InvoiceFields => new object[]
    {
        new { name = "Total", type = "Money", required = true },
        new { name = "Date", type = "Date" },
        new { name = "Number", formatPattern = "INV-[0-9]+" },
        new { name = "Paid", type = "Boolean" },
        new { name = "Note", multiLine = true },
        new
        {
            name = "Items",
            type = "Table",
            columns = new object[] { new { name = "Name", required = true }, new { name = "Qty", type = "Number" } },
        },
    };

    public static async Task<Guid> CreateProjectAsync(this HttpClient client, string? name = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = name ?? "project-" + Guid.NewGuid().ToString("N")[..10] }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Creates a scheme in the project; the body defaults to the invoice scheme.</summary>
    public static async Task<JsonElement> CreateSchemeAsync(this HttpClient client, Guid projectId, object? body = null)
    {
        body ??= new { name = "Invoice-" + Guid.NewGuid().ToString("N")[..8], fields = InvoiceFields };
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/marking-schemes", body, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.ReadJsonAsync();
    }

    public static Guid FieldId(this JsonElement scheme, string name) =>
        scheme.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();

    /// <summary>The tenant's project, invoice scheme and one 1000×1400 image in it.</summary>
    public static async Task<Invoice> CreateInvoiceAsync(this DocketServer server, TestTenant tenant)
    {
        var projectId = await tenant.Admin.CreateProjectAsync();
        var scheme = await tenant.Admin.CreateSchemeAsync(projectId);
        var imageId = await server.AddImageAsync(projectId);
        return new Invoice(projectId, scheme.GetProperty("id").GetGuid(), imageId, scheme);
    }

    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;
}
