using System.Globalization;
using System.Text;

namespace Docket.Server.Journal;

/// <summary>
/// RFC 4180 CSV of journal records. Cells that a spreadsheet would run as a formula get a leading apostrophe
/// (OWASP's CSV-injection advice): journal text often carries what users typed.
/// </summary>
internal static class JournalCsv
{
    public const string Header =
        "sequence,id,code,name,group,class,occurredAt,recordedAt,tenantId,projectId,userId,userLogin,clientIp,nodeId,operationKey,entityKind,entityId,text,data,traceId,signature\r\n";

    public static string Row(JournalRecord r)
    {
        var builder = new StringBuilder(256);
        string?[] cells =
        [
            r.Sequence.ToString(CultureInfo.InvariantCulture), r.Id.ToString(), r.Code.ToString(CultureInfo.InvariantCulture), r.Name,
            r.Group.ToString(CultureInfo.InvariantCulture), r.Class.ToString(), Time(r.OccurredAt), Time(r.RecordedAt),
            r.TenantId?.ToString(), r.ProjectId?.ToString(), r.UserId?.ToString(), r.UserLogin, r.ClientIp, r.NodeId, r.OperationKey,
            r.EntityKind, r.EntityId, r.Text, r.Data, r.TraceId, r.Signature,
        ];
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            Append(builder, cells[i]);
        }

        return builder.Append("\r\n").ToString();
    }

    private static string Time(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder builder, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var quote = formula || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!quote)
        {
            builder.Append(value);
            return;
        }

        builder.Append('"');
        if (formula)
        {
            builder.Append('\'');
        }

        builder.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
