namespace Docket.Contracts.Export;

/// <summary>The names of the envelope profiles a subscription may ask for.</summary>
public static class ExportProfiles
{
    /// <summary>Docket's own envelope, in the seed's export data model (docs/export.md).</summary>
    public const string Docket = "docket";
}
