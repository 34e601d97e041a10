using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>Projects and uploads through the public API, as a robot or the console sends them.</summary>
public static class ImageUploads
{
    public static async Task<Guid> CreateProjectAsync(this TestTenant tenant)
    {
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "project-" + Guid.NewGuid().ToString("N")[..12] });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Sends the files as one multipart/form-data upload.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid projectId, params (string Name, byte[] Content, string? ContentType)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content, type) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(type ?? "application/octet-stream");
            form.Add(part, "files", name);
        }

        return await client.PostAsync($"/api/v1/projects/{projectId}/images", form);
    }

    /// <summary>Uploads and expects images to be added; returns the report.</summary>
    public static async Task<JsonElement> UploadAddingAsync(this HttpClient client, Guid projectId, params (string Name, byte[] Content, string? ContentType)[] files)
    {
        using var response = await client.UploadAsync(projectId, files);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static JsonElement[] Added(this JsonElement report) => [.. report.GetProperty("added").EnumerateArray()];

    /// <summary>One image page of the given size, uploaded through the API by the Administrator; its id.</summary>
    public static async Task<Guid> AddImageAsync(this DocketServer server, Guid projectId, int width = 1000, int height = 1400)
    {
        using var admin = await server.AdminAsync();
        var report = await admin.UploadAddingAsync(projectId, ($"page-{Guid.NewGuid():N}.png", TestImages.Sparse(width, height), "image/png"));
        return report.Added().Single().GetProperty("id").GetGuid();
    }
}
