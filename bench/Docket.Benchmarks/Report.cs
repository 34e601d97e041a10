using System.Globalization;
using System.Text;

namespace Docket.Benchmarks;

/// <summary>What a mode prints: progress lines and Markdown tables, on the console and, with <c>--out</c>, into a file.</summary>
internal sealed class Report(string? path)
{
    private readonly StringBuilder text = new();

    public void Line(string line = "")
    {
        Console.WriteLine(line);
        text.AppendLine(line);
    }

    /// <summary>Progress only: on the console, not in the file.</summary>
    public static void Progress(string line) => Console.Error.WriteLine(line);

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Join("|", header.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row) + " |");
        }

        Line();
    }

    public void Code(string language, IEnumerable<string> lines)
    {
        Line("```" + language);
        foreach (var line in lines)
        {
            Line(line);
        }

        Line("```");
        Line();
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
        }
    }

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => (ratio * 100).ToString("F0", CultureInfo.InvariantCulture) + " %";
}
