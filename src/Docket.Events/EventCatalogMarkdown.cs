using System.Globalization;
using System.Text;

namespace Docket.Events;

/// <summary>
/// Renders the catalog as docs/events.md. The output depends on the catalog only (no clock, no culture,
/// LF line endings), so a test can require the committed file to equal it.
/// </summary>
public static class EventCatalogMarkdown
{
    public static string Render()
    {
        var text = new StringBuilder();

        Line(text, "# Event catalog");
        Line(text);
        Line(text, "<!-- Generated from src/Docket.Events by EventCatalogMarkdown.Render(). Do not edit by hand: change the attributes in");
        Line(text, "     EventCode.cs or EventGroup.cs, then run `DOCKET_UPDATE_DOCS=1 dotnet test tests/Docket.Events.Tests`. -->");
        Line(text);
        Line(text, "Every event Docket records: its code, name, class and description in English and Russian. Codes and names are");
        Line(text, "the contract of the journal, the API and the export, and keep the spelling of the catalog Docket follows, typos");
        Line(text, "included (`InferenceProcessStoped`, `DataSetArchivateProgress1`).");
        Line(text);
        Line(text, string.Create(CultureInfo.InvariantCulture,
            $"{EventCatalog.All.Count} events in {EventCatalog.Groups.Count} groups. Codes noted *not used* are reserved for functions Docket does not have yet and are never recorded."));
        Line(text);

        Line(text, "## Classes");
        Line(text);
        Line(text, "Each event has one class. The first rule that fits decides:");
        Line(text);
        Line(text, "1. **SecurityIncident** (3): a sign-in that failed or was refused (2002-2006, 2008), and a change of what a user may do");
        Line(text, "   or whether they may sign in: a role's permissions (8004) or Active Directory groups (8003), a user's roles (9003),");
        Line(text, "   locking and unlocking a user (9006, 9005).");
        Line(text, "2. **Error** (2): an operation failed or could not be carried out: names ending in `Error`, `Failed` or `Timeout`");
        Line(text, "   (`CompletedTimeout` included), and `NoAgent`, `NoLicensedAgent`, `EmergencyShutdown`.");
        Line(text, "3. **Correction** (4): an existing object was edited or removed: names ending in `Updated`, `Removed` or `Deleted`,");
        Line(text, "   and `MarkingCreateOrEdit`, `UserPasswordChanged`, `LicenseRevoked`, `LicenseRevokeReplaced`.");
        Line(text, "4. **Information** (1): everything else: creating objects, uploads and downloads, steps and successes, and switching");
        Line(text, "   an object on or off (`Enabled`, `Disabled`, `AutoDisabled`, `Activated`, `Deactivated`), which changes its state,");
        Line(text, "   not its data.");
        Line(text);

        Line(text, "## Deviations from the seed");
        Line(text);
        Line(text, "- **`TrainProcessTimeout` is 15802.** The seed gives 15800 to both `TrainProcessCompletedSuccess` and");
        Line(text, "  `TrainProcessTimeout`. Docket keeps 15800 for the success and gives the timeout 15802, the next free code of");
        Line(text, "  its range, so that a code names exactly one event.");
        Line(text, "- **Group 18000 `InferenceProcessPipeline`** is the seed's second table headed \"Процесс инференса\" (18100-18960).");
        Line(text, "  Docket numbers it 18000 and titles it \"Процесс инференса: запуск на целевой машине\" to tell it from group 200.");
        Line(text, "- Russian descriptions are the seed's text without its markdown (bold marks dropped, quoted interface texts in «»).");
        Line(text, "- **Docket's own groups** are numbered from 90000, clear of the seed's codes and of its later versions' (21xxx,");
        Line(text, "  22xxx), and marked *(Docket)* below: 90000 records the state changes of journal export subscriptions, 91000");
        Line(text, "  what the journal records about itself (retention trimming its oldest records), 92000 tenants.");

        foreach (var group in EventCatalog.Groups)
        {
            Line(text);
            Line(text, string.Create(CultureInfo.InvariantCulture, $"## {group.Code} {group.TitleEn} / {group.TitleRu}{(group.IsExtension ? " (Docket)" : string.Empty)}"));
            Line(text);
            Line(text, "| Code | Name | Class | English | Русский | Note |");
            Line(text, "|---:|---|---|---|---|---|");
            foreach (var definition in EventCatalog.All.Where(definition => definition.Group == group.Group))
            {
                Line(text, string.Create(CultureInfo.InvariantCulture,
                    $"| {definition.NumericCode} | `{definition.Name}` | {definition.Class} | {Cell(definition.DescriptionEn)} | {Cell(definition.DescriptionRu)} |{(definition.NotUsed ? " not used |" : " |")}"));
            }
        }

        return text.ToString();
    }

    // AppendLine would write Environment.NewLine; the file is LF on every OS.
    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
