using System.Security.Cryptography;
using Docket.Server.Features.Images;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Server.Tests.Markings;

/// <summary>
/// Image pages for marking tests, written straight to the server's database: the upload API is another
/// feature's. The blob keys are well-formed but name no blob; markings never read the pixels.
/// </summary>
public static class TestImages
{
    public static async Task<Guid> AddImageAsync(this DocketServer server, Guid tenantId, Guid projectId, int width = 1000, int height = 1400)
    {
        await using var scope = server.Scope();
        var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
        var now = TimeProvider.System.GetUtcNow();
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var image = new ImageData
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            ProjectId = projectId,
            Name = $"page-{key[..8]}.png",
            OriginalName = $"page-{key[..8]}.png",
            ContentType = "image/png",
            Size = 1234,
            Sha256 = key,
            PageBlob = key,
            PageContentType = "image/png",
            ThumbnailBlob = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            PageNumber = 1,
            PageCount = 1,
            Width = width,
            Height = height,
            OperationKey = "test",
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.Images.Add(image);
        await db.SaveChangesAsync(TestContextCancellation);
        return image.Id;
    }

    private static CancellationToken TestContextCancellation => Xunit.TestContext.Current.CancellationToken;
}
