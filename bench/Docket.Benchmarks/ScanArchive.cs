using System.IO.Compression;
using System.Security.Cryptography;
using Docket.Server.Common;
using NetVips;

namespace Docket.Benchmarks;

/// <summary>
/// A zip of synthetic page scans, as a robot would upload them: A4 at 150 dpi (1240×1754), greyscale, text-like
/// lines of "glyphs" (strokes, ascenders, descenders), headings, some tables, logos and signatures, on tinted paper
/// with sensor noise and a slight optical blur. Four pages in five are JPEG (quality 80), one in five a cleaner
/// PNG, as scanners that keep text pages lossless write them. Every page comes from <c>Random(seed, index)</c> and
/// the zip has fixed timestamps, so the same seed and count give the same bytes; the zip is kept between runs.
/// </summary>
internal static class ScanArchive
{
    public const int Width = 1240;
    public const int Height = 1754;

    // Bumped whenever the drawing changes, so a cached zip of the old drawing is not reused.
    private const int Version = 1;
    private const double PixelsPerMillimetre = 150 / 25.4;
    private static readonly DateTimeOffset Stamp = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string PathFor(int seed, int count) =>
        Path.Combine(Path.GetTempPath(), "docket-bench", $"scans-v{Version}-seed{seed}-{count}.zip");

    public static bool IsPng(int index) => index % 5 == 4;

    public static string EntryName(int index) => $"scans/scan_{index + 1:D5}.{(IsPng(index) ? "png" : "jpg")}";

    /// <summary>The cached zip, made first if it is not there yet. Returns whether it had to be made.</summary>
    public static async Task<bool> EnsureAsync(string path, int seed, int count, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        await using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: false))
        {
            // Pages are drawn in parallel, a chunk at a time, and written in order.
            var chunk = Math.Max(2, Environment.ProcessorCount * 4);
            for (var start = 0; start < count; start += chunk)
            {
                var pages = new byte[Math.Min(chunk, count - start)][];
                Parallel.For(0, pages.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => pages[i] = Page(seed, start + i));
                for (var i = 0; i < pages.Length; i++)
                {
                    var entry = zip.CreateEntry(EntryName(start + i), CompressionLevel.Optimal);
                    entry.LastWriteTime = Stamp;
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    await stream.WriteAsync(pages[i], cancellationToken);
                }

                Report.Progress($"  scans: {start + pages.Length}/{count}");
            }
        }

        File.Move(partial, path, overwrite: true);
        return true;
    }

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    /// <summary>One page, encoded: the same bytes for the same seed and index.</summary>
    public static byte[] Page(int seed, int index)
    {
        // Not HashCode.Combine: it is randomized per process.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var png = IsPng(index);
        var paper = (byte)random.Next(228, 250);
        var ink = (byte)random.Next(15, 70);
        var pixels = new byte[Width * Height];
        Array.Fill(pixels, paper);
        var canvas = new Canvas(pixels, random);

        var left = random.Next(90, 150);
        var right = Width - random.Next(90, 150);
        var y = random.Next(100, 170);
        if (random.NextDouble() < 0.5)
        {
            // A letterhead logo: a block of mid grey in the top right corner.
            canvas.Fill(right - 220, y - 40, 200, 80, (byte)random.Next(60, 170));
        }

        y = canvas.TextLine(left, right - 260, y, xHeight: 20, stroke: 3, ink, words: random.Next(2, 6)) + 50;
        while (y < Height - 220)
        {
            var roll = random.NextDouble();
            if (roll < 0.12 && y < Height - 600)
            {
                y = canvas.Table(left, right, y, ink) + 40;
            }
            else if (roll < 0.18 && y < Height - 300)
            {
                y = canvas.Signature(left + random.Next(0, 400), y + 40, ink) + 60;
            }
            else
            {
                // A paragraph: full lines, the last one shorter.
                var lines = random.Next(2, 9);
                for (var i = 0; i < lines && y < Height - 220; i++)
                {
                    var end = i == lines - 1 ? left + random.Next(200, right - left) : right;
                    y = canvas.TextLine(left, end, y, xHeight: 11, stroke: 2, ink, words: 0) + random.Next(14, 19);
                }

                y += random.Next(14, 30);
            }
        }

        canvas.TextLine(Width / 2 - 40, Width / 2 + 40, Height - 120, xHeight: 9, stroke: 2, ink, words: 1);

        // Sensor noise: a triangular distribution around zero, stronger on the JPEG "camera" scans.
        var spread = png ? 2 : 6;
        var noise = new byte[pixels.Length];
        random.NextBytes(noise);
        for (var i = 0; i < pixels.Length; i++)
        {
            var delta = ((noise[i] & 0x0F) + (noise[i] >> 4) - 15) * spread / 15;
            pixels[i] = (byte)Math.Clamp(pixels[i] + delta, 0, 255);
        }

        using var raw = Image.NewFromMemory(pixels, Width, Height, 1, Enums.BandFormat.Uchar);
        using var blurred = raw.Gaussblur(0.7, precision: Enums.Precision.Integer);
        using var page = blurred.Copy(xres: PixelsPerMillimetre, yres: PixelsPerMillimetre, interpretation: Enums.Interpretation.Bw);
        return png ? page.WriteToBuffer(".png[compression=6]") : page.WriteToBuffer(".jpg[Q=80,strip=false]");
    }

    /// <summary>Drawing on a greyscale page in memory.</summary>
    private sealed class Canvas(byte[] pixels, Random random)
    {
        public void Fill(int x, int y, int width, int height, byte value)
        {
            var x0 = Math.Clamp(x, 0, Width);
            var x1 = Math.Clamp(x + width, 0, Width);
            for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
            {
                pixels.AsSpan((row * Width) + x0, x1 - x0).Fill(value);
            }
        }

        /// <summary>One line of words from <paramref name="left"/> to about <paramref name="right"/>; returns the next baseline.</summary>
        public int TextLine(int left, int right, int baseline, int xHeight, int stroke, byte ink, int words)
        {
            var x = left;
            var written = 0;
            while (x < right - (xHeight * 3) && (words == 0 || written < words))
            {
                var letters = random.Next(1, 11);
                for (var i = 0; i < letters && x < right; i++)
                {
                    x += Glyph(x, baseline, xHeight, stroke, ink) + Math.Max(1, xHeight / 5);
                }

                x += xHeight;
                written++;
            }

            return baseline + (xHeight * 2) + 6;
        }

        /// <summary>A letter-like shape: stems, bars, perhaps an ascender or descender; returns its width.</summary>
        private int Glyph(int x, int baseline, int xHeight, int stroke, byte ink)
        {
            var width = random.Next(xHeight / 2, xHeight + 1);
            var top = baseline - xHeight;
            var shape = random.Next(1, 64);
            if ((shape & 1) != 0)
            {
                var ascender = random.NextDouble() < 0.25 ? xHeight / 2 : 0;
                Fill(x, top - ascender, stroke, xHeight + ascender, ink);
            }

            if ((shape & 2) != 0)
            {
                var descender = random.NextDouble() < 0.12 ? xHeight / 2 : 0;
                Fill(x + width - stroke, top, stroke, xHeight + descender, ink);
            }

            if ((shape & 4) != 0)
            {
                Fill(x, top, width, stroke, ink);
            }

            if ((shape & 8) != 0)
            {
                Fill(x, top + (xHeight / 2), width, stroke, ink);
            }

            if ((shape & 16) != 0 || shape < 4)
            {
                Fill(x, baseline - stroke, width, stroke, ink);
            }

            return width;
        }

        /// <summary>A ruled table with short entries; returns the y below it.</summary>
        public int Table(int left, int right, int y, byte ink)
        {
            var rows = random.Next(3, 12);
            var columns = random.Next(2, 6);
            const int RowHeight = 34;
            var columnWidth = (right - left) / columns;
            for (var r = 0; r <= rows; r++)
            {
                Fill(left, y + (r * RowHeight), columnWidth * columns, 2, ink);
            }

            for (var c = 0; c <= columns; c++)
            {
                Fill(left + (c * columnWidth), y, 2, rows * RowHeight, ink);
            }

            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    var start = left + (c * columnWidth) + 8;
                    TextLine(start, start + random.Next(columnWidth / 4, columnWidth - 16), y + (r * RowHeight) + 24, 10, 2, ink, words: random.Next(1, 3));
                }
            }

            return y + (rows * RowHeight);
        }

        /// <summary>A scribbled signature: a random walk of thick dots; returns the y below it.</summary>
        public int Signature(int x, int y, byte ink)
        {
            double px = x, py = y, angle = 0;
            for (var i = 0; i < 900; i++)
            {
                angle += (random.NextDouble() - 0.5) * 0.9;
                px += Math.Cos(angle) * 1.5 + 0.35;
                py += Math.Sin(angle) * 2.5;
                py = Math.Clamp(py, y - 30, y + 30);
                Fill((int)px, (int)py, 3, 3, ink);
            }

            return y + 40;
        }
    }
}
