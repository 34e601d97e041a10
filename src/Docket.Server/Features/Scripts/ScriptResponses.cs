using Docket.Contracts.Scripts;

namespace Docket.Server.Features.Scripts;

/// <summary>The script contract made from the stored script: the contracts assembly cannot know the entity.</summary>
public static class ScriptResponses
{
    extension(ScriptResponse)
    {
        public static ScriptResponse From(Script s) =>
            new(s.Id, s.TenantId, s.Name, s.Engine, s.Description,
                s.PackageBlob is null
                    ? null
                    : new ScriptPackageResponse(s.PackageSize!.Value, s.PackageBlob, s.PackageUploadedAt!.Value,
                        (s.PackageScripts ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                s.CreatedAt, s.UpdatedAt, Common.ETags.From(s.ConcurrencyStamp));
    }
}
