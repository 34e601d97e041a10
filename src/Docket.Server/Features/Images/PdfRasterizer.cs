using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Docket.Server.Common;
using Docket.Server.Storage.Blobs;
using Docket.Server.Storage;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Images;

/// <summary>
/// Renders PDF pages to PNG with Debian's poppler tools: <c>pdfinfo</c> first, so page count and page size are
/// checked before anything is rendered, then <c>pdftoppm</c> under a time limit.
/// </summary>
public sealed partial class PdfRasterizer(IBlobStore blobs, IOptions<ImageDataOptions> options)
{
    private const double PointsPerInch = 72;

    public async Task<PdfRendering> RenderAsync(string path, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.PdfTimeout);
        try
        {
            var info = await RunAsync("pdfinfo", ["-f", "1", "-l", (limits.MaxPages + 1).ToString(CultureInfo.InvariantCulture), path], timeout.Token);
            if (info.ExitCode != 0)
            {
                return PdfRendering.Refused(info.Error.Contains("password", StringComparison.OrdinalIgnoreCase)
                    ? "is an encrypted PDF."
                    : "is a corrupt or truncated PDF.");
            }

            var pagesMatch = PagesLine().Match(info.Output);
            var pages = pagesMatch.Success ? int.Parse(pagesMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            if (pages == 0)
            {
                return PdfRendering.Refused("is a PDF without pages.");
            }

            if (pages > limits.MaxPages)
            {
                return PdfRendering.Refused($"has {pages} pages; at most {limits.MaxPages} are taken from one file.");
            }

            foreach (Match size in PageSizeLine().Matches(info.Output))
            {
                var width = double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture) / PointsPerInch * limits.PdfDpi;
                var height = double.Parse(size.Groups[3].Value, CultureInfo.InvariantCulture) / PointsPerInch * limits.PdfDpi;
                if (width * height > limits.MaxPixels)
                {
                    return PdfRendering.Refused(
                        $"page {size.Groups[1].Value} would render to {width:0}×{height:0} pixels at {limits.PdfDpi} dpi; at most {limits.MaxPixels} pixels are accepted per page.");
                }
            }

            var folder = blobs.TempPath(".pdf-pages");
            PrivateFiles.CreateFolder(folder);
            var render = await RunAsync("pdftoppm", ["-r", limits.PdfDpi.ToString(CultureInfo.InvariantCulture), "-png", path, Path.Combine(folder, "page")], timeout.Token);
            var files = Directory.GetFiles(folder, "page-*.png").OrderBy(PageOf).ToList();
            if (render.ExitCode != 0 || files.Count != pages)
            {
                Directory.Delete(folder, recursive: true);
                return PdfRendering.Refused("is a PDF whose pages could not be rendered.");
            }

            return new PdfRendering(files, folder, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PdfRendering.Refused($"took longer than {limits.PdfTimeout} to render (ImageData:PdfTimeout).");
        }
        catch (Win32Exception)
        {
            return PdfRendering.Refused("is a PDF, and this server cannot render PDFs: install Debian's poppler-utils (pdftoppm, pdfinfo).");
        }
    }

    private static int PageOf(string file) =>
        int.Parse(Path.GetFileNameWithoutExtension(file).AsSpan("page-".Length), CultureInfo.InvariantCulture);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new Win32Exception($"{tool} did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", RegexOptions.Multiline)]
    private static partial Regex PageSizeLine();
}
