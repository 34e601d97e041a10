using System.Diagnostics;
using System.Globalization;
using Docket.Contracts.MarkingSchemes;
using Docket.Contracts.Markings;
using Docket.Server.Common;
using Docket.Server.Features.Images;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Markings;
using Docket.Server.Features.Projects;
using Docket.Server.Features.Tenants;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Benchmarks;

/// <summary>
/// A project with marked scans for the archive mode, written straight through the server's DbContext and blob store
/// as the dataset tests seed theirs (tests/Docket.Server.Tests/DataSets/DataSetSeeding.cs): an Invoice scheme (Total,
/// Date, a Lines table), one <see cref="SyntheticScan"/> page per image, each a blob of its own, and one marking per
/// image, checked against the scheme and the page by the server's own <see cref="MarkingCheck"/>.
/// </summary>
internal sealed class ArchiveSeeder(BenchHost host)
{
    private const int Batch = 500;

    public async Task<SeededScans> SeedAsync(int images, int seed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = $"bench-{images}", NormalizedName = TextRules.Normalize($"bench-{images}"), CreatedAt = now };
        var project = new Project
        {
            Id = Guid.CreateVersion7(), TenantId = tenant.Id, Name = $"scans-{images}", NormalizedName = TextRules.Normalize($"scans-{images}"), CreatedAt = now, UpdatedAt = now,
        };
        var scheme = Scheme(tenant.Id, project.Id, now);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            db.Tenants.Add(tenant);
            db.Projects.Add(project);
            db.MarkingSchemes.Add(scheme);
            await db.SaveChangesAsync(cancellationToken);
        }

        long bytes = 0;
        for (var first = 0; first < images; first += Batch)
        {
            var count = Math.Min(Batch, images - first);
            // The PNG encoding is the slow part; the blob writes and the inserts follow in order.
            var pngs = new byte[count][];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                pngs[i] = SyntheticScan.Png(unchecked(seed + images * 1_000_003 + first + i)));

            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<IBlobStore>();
            for (var i = 0; i < count; i++)
            {
                var number = first + i;
                using var content = new MemoryStream(pngs[i], writable: false);
                var blob = await store.PutAsync(content, cancellationToken);
                bytes += pngs[i].Length;
                var image = new ImageData
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenant.Id,
                    ProjectId = project.Id,
                    Name = $"scan-{number:D5}.png",
                    OriginalName = $"scan-{number:D5}.png",
                    ContentType = "image/png",
                    Size = pngs[i].Length,
                    Sha256 = blob.Key,
                    PageBlob = blob.Key,
                    PageContentType = "image/png",
                    ThumbnailBlob = blob.Key,
                    PageNumber = 1,
                    PageCount = 1,
                    Width = SyntheticScan.Width,
                    Height = SyntheticScan.Height,
                    DpiX = SyntheticScan.Dpi,
                    DpiY = SyntheticScan.Dpi,
                    OperationKey = "bench-seed",
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Images.Add(image);
                var check = new MarkingCheck(scheme, image);
                var marking = check.Run(Request(number))
                    ?? throw new InvalidOperationException("The seeded marking does not fit its scheme: " + string.Join("; ", check.Errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
                db.Markings.Add(new Marking
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenant.Id,
                    ProjectId = project.Id,
                    ImageId = image.Id,
                    SchemeId = scheme.Id,
                    Content = marking.ToJson(),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            Report.Progress($"  seeded {first + count:N0} of {images:N0} scans");
        }

        return new SeededScans(project.Id, scheme.Id, images, bytes, Stopwatch.GetElapsedTime(started));
    }

    private static MarkingScheme Scheme(Guid tenantId, Guid projectId, DateTime now)
    {
        var scheme = new MarkingScheme
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            ProjectId = projectId,
            Name = "Invoice",
            NormalizedName = "INVOICE",
            Kind = MarkingSchemeKind.Extraction,
            CreatedAt = now,
            UpdatedAt = now,
        };
        MarkingField Field(string name, FieldType type, int order) => new()
        {
            Id = Guid.CreateVersion7(), SchemeId = scheme.Id, Name = name, NormalizedName = name.ToUpperInvariant(), Type = type, Order = order,
        };

        var total = Field("Total", FieldType.Money, 0);
        total.Required = true;
        total.FormatPattern = @"^\d+\.\d{2}$";
        var date = Field("Date", FieldType.Date, 1);
        date.Language = FieldLanguage.English;
        var lines = Field("Lines", FieldType.Table, 2);
        lines.Columns =
        [
            new MarkingFieldColumn { Name = "Item", Type = FieldType.String, Required = true },
            new MarkingFieldColumn { Name = "Amount", Type = FieldType.Money },
        ];
        scheme.Fields.AddRange([total, date, lines]);
        return scheme;
    }

    /// <summary>What a marker would enter for scan <paramref name="number"/>, with the boxes where the page shows it.</summary>
    private static MarkingRequest Request(int number)
    {
        static MarkingBox Box((int X, int Y, int Width, int Height) box) => new(box.X, box.Y, box.Width, box.Height);
        var row = SyntheticScan.TableTop + 4;
        return new MarkingRequest
        {
            Fields =
            [
                new MarkingValueRequest { Field = "Total", Value = string.Create(CultureInfo.InvariantCulture, $"{100 + number % 9_000}.50"), Boxes = [Box(SyntheticScan.TotalBox)] },
                new MarkingValueRequest { Field = "Date", Value = $"2025-{1 + number % 12:D2}-{1 + number % 28:D2}", Boxes = [Box(SyntheticScan.DateBox)] },
                new MarkingValueRequest
                {
                    Field = "Lines",
                    Rows =
                    [
                        new MarkingRow
                        {
                            Cells =
                            [
                                new MarkingCell { Column = "Item", Value = "Paper", Boxes = [new MarkingBox(46, row, 300, 16)] },
                                new MarkingCell { Column = "Amount", Value = "60.50", Boxes = [new MarkingBox(470, row, 86, 16)] },
                            ],
                        },
                        new MarkingRow
                        {
                            Cells =
                            [
                                new MarkingCell { Column = "Item", Value = "Ink", Boxes = [new MarkingBox(46, row + SyntheticScan.TableRowHeight, 300, 16)] },
                                new MarkingCell { Column = "Amount", Value = "40.00" },
                            ],
                        },
                    ],
                },
            ],
        };
    }
}
