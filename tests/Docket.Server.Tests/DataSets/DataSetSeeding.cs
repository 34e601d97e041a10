using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docket.Contracts.MarkingSchemes;
using Docket.Contracts.Markings;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Markings;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Docket.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Docket.Server.Tests.DataSets;

/// <summary>
/// Marked images for dataset tests. Schemes, images and markings are written straight through the server's DbContext
/// and page blobs through its blob store (real PNGs from libvips), since their own APIs are built elsewhere; the
/// project itself is made through the API. Image <c>i</c> has the same bytes and marking in every project.
/// </summary>
public static class DataSetSeeding
{
    /// <summary>A project with <paramref name="images"/> marked images; another <paramref name="variant"/> gives other page bytes.</summary>
    public static async Task<SeededProject> MarkedProjectAsync(this DocketServer server, TestTenant tenant, int images, int variant = 0)
    {
        var created = await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = "project-" + Guid.NewGuid().ToString("N")[..12] });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var projectId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IBlobStore>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var scheme = new MarkingScheme
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            ProjectId = projectId,
            Name = "Invoice",
            NormalizedName = "INVOICE",
            Kind = MarkingSchemeKind.Extraction,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var total = Field(scheme, "Total", FieldType.Money, 0);
        total.Required = true;
        total.FormatPattern = @"^\d+\.\d{2}$";
        var date = Field(scheme, "Date", FieldType.Date, 1);
        date.Language = FieldLanguage.English;
        var lines = Field(scheme, "Lines", FieldType.Table, 2);
        lines.Columns =
        [
            new MarkingFieldColumn { Name = "Item", Type = FieldType.String, Required = true },
            new MarkingFieldColumn { Name = "Amount", Type = FieldType.Money },
        ];
        scheme.Fields.AddRange([total, date, lines]);
        db.MarkingSchemes.Add(scheme);

        var seeded = new List<SeededImage>();
        for (var i = 0; i < images; i++)
        {
            var (width, height) = (16 + i, 12 + variant);
            using var vips = NetVips.Image.Black(width, height);
            var png = vips.WriteToBuffer(".png");
            var blob = await store.PutAsync(new MemoryStream(png), CancellationToken.None);
            var image = new ImageData
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenant.Id,
                ProjectId = projectId,
                Name = $"invoice-{i:D3}.png",
                OriginalName = $"invoice-{i:D3}.png",
                ContentType = "image/png",
                Size = png.Length,
                Sha256 = blob.Key,
                PageBlob = blob.Key,
                PageContentType = "image/png",
                ThumbnailBlob = blob.Key,
                PageNumber = 1,
                PageCount = 1,
                Width = width,
                Height = height,
                DpiX = 200,
                DpiY = 200,
                Rotation = i % 2 == 0 ? 0 : 90,
                OperationKey = "seed",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Images.Add(image);
            var value = $"{100 + i}.50";
            var marking = new Marking
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenant.Id,
                ProjectId = projectId,
                ImageId = image.Id,
                SchemeId = scheme.Id,
                Content = Content(total.Id, date.Id, lines.Id, value).ToJson(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Markings.Add(marking);
            seeded.Add(new SeededImage(image.Id, marking.Id, image.Name, blob.Key, png, width, height, image.Rotation, value));
        }

        await db.SaveChangesAsync();
        return new SeededProject(projectId, scheme.Id, total.Id, lines.Id, seeded);
    }

    /// <summary>Changes an image's marked total and renames the Total field, as a marker would after a version was made.</summary>
    public static async Task RemarkAsync(this DocketServer server, SeededProject project, SeededImage image, string total, string fieldName)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var marking = await db.Markings.SingleAsync(m => m.Id == image.MarkingId);
        var content = MarkingContent.FromJson(marking.Content);
        marking.Content = (content with
        {
            Fields = [.. content.Fields.Select(f => f.FieldId == project.TotalFieldId ? f with { Value = total } : f)],
        }).ToJson();
        var field = await db.MarkingFields.SingleAsync(f => f.Id == project.TotalFieldId);
        field.Name = fieldName;
        field.NormalizedName = fieldName.ToUpperInvariant();
        await db.SaveChangesAsync();
    }

    /// <summary>Polls an archive until it reaches one of <paramref name="states"/>; fails after a minute.</summary>
    public static async Task<JsonElement> WaitForArchiveAsync(this HttpClient client, Uri location, params string[] states)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var archive = await client.GetFromJsonAsync<JsonElement>(location, timeout.Token);
            if (states.Contains(archive.GetProperty("state").GetString()))
            {
                return archive;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static MarkingField Field(MarkingScheme scheme, string name, FieldType type, int order) => new()
    {
        Id = Guid.CreateVersion7(),
        SchemeId = scheme.Id,
        Name = name,
        NormalizedName = name.ToUpperInvariant(),
        Type = type,
        Order = order,
    };

    private static MarkingContent Content(Guid total, Guid date, Guid lines, string value) => new()
    {
        Fields =
        [
            new MarkingFieldValue { FieldId = total, Value = value, Boxes = [new MarkingBox(1, 2, 10, 4)] },
            new MarkingFieldValue { FieldId = date, Value = "2025-11-23", Boxes = [new MarkingBox(1, 7, 8, 3)] },
            new MarkingFieldValue
            {
                FieldId = lines,
                Rows =
                [
                    new MarkingRow { Cells = [new MarkingCell { Column = "Item", Value = "Paper", Boxes = [new MarkingBox(0, 0, 5, 2)] }, new MarkingCell { Column = "Amount", Value = "60.50" }] },
                    new MarkingRow { Cells = [new MarkingCell { Column = "Item", Value = "Ink" }, new MarkingCell { Column = "Amount", Value = "40.00" }] },
                ],
            },
        ],
    };
}

/// <summary>A project with an Invoice scheme (Total, Date, Lines with Item and Amount) and its marked images.</summary>
public sealed record SeededProject(Guid ProjectId, Guid SchemeId, Guid TotalFieldId, Guid LinesFieldId, IReadOnlyList<SeededImage> Images);

public sealed record SeededImage(Guid Id, Guid MarkingId, string Name, string Sha256, byte[] Png, int Width, int Height, int Rotation, string Total);
