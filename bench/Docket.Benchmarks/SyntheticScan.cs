namespace Docket.Benchmarks;

/// <summary>
/// A greyscale page that looks like a scanned invoice at 72 dpi (600×800, about A4): a logo block, a title, lines of
/// "words" made of glyphs from a fixed 48-glyph alphabet, a table with ruled rows, a total, and scanner speckle.
/// Every seed gives other bytes, so every page is a blob of its own; a PNG of one is about 37 KB, the size of a
/// real scan's text at that resolution (it compresses like text, not like noise).
/// </summary>
internal static class SyntheticScan
{
    public const int Width = 600;
    public const int Height = 800;
    public const double Dpi = 72;

    private const int GlyphWidth = 6;
    private const int GlyphHeight = 9;
    private const byte Paper = 246;
    private static readonly bool[][,] Glyphs = MakeGlyphs(48, new Random(7));

    /// <summary>Where the marked fields of every page are, in pixels of the page: the boxes its marking gives.</summary>
    public static readonly (int X, int Y, int Width, int Height) DateBox = (430, 60, 96, 12);
    public static readonly (int X, int Y, int Width, int Height) TotalBox = (440, 730, 110, 20);
    public const int TableTop = 430;
    public const int TableRowHeight = 24;

    public static byte[] Png(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[Width * Height];
        Array.Fill(pixels, Paper);

        Fill(pixels, 40, 30, 110 + random.Next(40), 36, (byte)(70 + random.Next(40)));
        Text(pixels, random, 200, 34, 2, 8 + random.Next(10), 340);
        Text(pixels, random, DateBox.X, DateBox.Y + 2, 1, 12, DateBox.X + DateBox.Width);

        // Address and body paragraphs; a page is fuller or emptier, as letters are.
        var lines = 8 + random.Next(14);
        for (var line = 0; line < lines; line++)
        {
            var right = line % 5 == 4 ? 200 + random.Next(300) : 560;
            Words(pixels, random, 40, 110 + line * 14, right);
        }

        // The table: ruled rows with an item and an amount each.
        var rows = 3 + random.Next(9);
        for (var row = 0; row <= rows; row++)
        {
            Fill(pixels, 40, TableTop + row * TableRowHeight, 520, 1, 120);
            if (row < rows)
            {
                Words(pixels, random, 46, TableTop + row * TableRowHeight + 8, 380);
                Text(pixels, random, 470, TableTop + row * TableRowHeight + 8, 1, 6, 556);
            }
        }

        Text(pixels, random, TotalBox.X + 4, TotalBox.Y + 2, 2, 7, TotalBox.X + TotalBox.Width);

        // Scanner speckle, thicker near the edges as on a real feed.
        for (var i = 0; i < 5_500; i++)
        {
            var x = i % 4 == 0 ? (random.Next(2) == 0 ? random.Next(30) : Width - 1 - random.Next(30)) : random.Next(Width);
            pixels[random.Next(Height) * Width + x] = (byte)(150 + random.Next(90));
        }

        using var image = NetVips.Image.NewFromMemory(pixels, Width, Height, 1, NetVips.Enums.BandFormat.Uchar);
        return image.PngsaveBuffer();
    }

    private static void Words(byte[] pixels, Random random, int left, int top, int right)
    {
        var x = left;
        while (true)
        {
            var length = 2 + random.Next(8);
            if (x + length * (GlyphWidth + 1) > right)
            {
                return;
            }

            x = Text(pixels, random, x, top, 1, length, right) + 6;
        }
    }

    /// <summary>Draws <paramref name="length"/> glyphs at <paramref name="scale"/>; returns where the text ends.</summary>
    private static int Text(byte[] pixels, Random random, int x, int top, int scale, int length, int right)
    {
        for (var i = 0; i < length && x + GlyphWidth * scale <= right; i++)
        {
            var glyph = Glyphs[random.Next(Glyphs.Length)];
            var ink = (byte)(25 + random.Next(50));
            for (var gy = 0; gy < GlyphHeight * scale; gy++)
            {
                for (var gx = 0; gx < GlyphWidth * scale; gx++)
                {
                    if (glyph[gx / scale, gy / scale])
                    {
                        pixels[(top + gy) * Width + x + gx] = ink;
                    }
                }
            }

            x += (GlyphWidth + 1) * scale;
        }

        return x;
    }

    private static void Fill(byte[] pixels, int x, int y, int width, int height, byte value)
    {
        for (var row = y; row < y + height; row++)
        {
            Array.Fill(pixels, value, row * Width + x, width);
        }
    }

    /// <summary>Glyphs of strokes: a vertical, a horizontal and a few dots each, so that text compresses as text does.</summary>
    private static bool[][,] MakeGlyphs(int count, Random random)
    {
        var glyphs = new bool[count][,];
        for (var g = 0; g < count; g++)
        {
            var glyph = new bool[GlyphWidth, GlyphHeight];
            var column = random.Next(GlyphWidth - 1);
            var (from, to) = (random.Next(3), 6 + random.Next(3));
            for (var y = from; y <= to; y++)
            {
                glyph[column, y] = true;
            }

            var row = 2 + random.Next(GlyphHeight - 3);
            for (var x = random.Next(2); x < GlyphWidth - random.Next(2); x++)
            {
                glyph[x, row] = true;
            }

            for (var dot = 0; dot < 6; dot++)
            {
                glyph[random.Next(GlyphWidth), 1 + random.Next(GlyphHeight - 1)] = true;
            }

            glyphs[g] = glyph;
        }

        return glyphs;
    }
}
