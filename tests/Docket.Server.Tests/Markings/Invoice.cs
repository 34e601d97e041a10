using System.Text.Json;

namespace Docket.Server.Tests.Markings;

/// <summary>What <see cref="MarkingSetup.CreateInvoiceAsync"/> made.</summary>
public sealed record Invoice(Guid ProjectId, Guid SchemeId, Guid ImageId, JsonElement Scheme)
{
    public string MarkingUrl => $"/api/v1/images/{ImageId}/markings/{SchemeId}";
}
