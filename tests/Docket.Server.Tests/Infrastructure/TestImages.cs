using System.Globalization;
using System.IO.Compression;
using System.Text;
using Docket.Server.Common;
using NetVips;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// Real image files made on the spot: PNG, JPEG and multi-page TIFF by libvips, PDF written by hand (a minimal
/// valid one), and zips of them. Pixels are random, so every file is new content unless a test repeats it.
/// </summary>
public static class TestImages
{
    private const double MillimetresPerInch = 25.4;

    public static byte[] Png(int width = 120, int height = 80, double dpi = 300) => Noise(width, height, dpi).WriteToBuffer(".png");

    /// <summary>A large page that compresses well: blank but for a small patch of noise that makes it new content.</summary>
    public static byte[] Sparse(int width, int height)
    {
        using var blank = Image.Black(width, height, bands: 3);
        using var patch = Noise(Math.Min(16, width), Math.Min(16, height), 300);
        using var page = blank.Insert(patch, Random.Shared.Next(0, width - patch.Width + 1), Random.Shared.Next(0, height - patch.Height + 1));
        return page.WriteToBuffer(".png");
    }

    public static byte[] Jpeg(int width = 120, int height = 80, double dpi = 150) => Noise(width, height, dpi).WriteToBuffer(".jpg[Q=90]");

    public static byte[] Tiff(int pages, int width = 100, int height = 60)
    {
        var joined = Image.Arrayjoin([.. Enumerable.Range(0, pages).Select(_ => Noise(width, height, 200))], across: 1);
        using var multipage = joined.Mutate(m => m.Set(GValue.GIntType, "page-height", height));
        return multipage.WriteToBuffer(".tif");
    }

    /// <summary>A PDF of <paramref name="pages"/> pages, each <paramref name="widthPt"/>×<paramref name="heightPt"/> points, with a box drawn at a random place.</summary>
    public static byte[] Pdf(int pages, int widthPt = 144, int heightPt = 72)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{3 + (2 * i)} 0 R"))}] /Count {pages} >>",
        };
        for (var i = 0; i < pages; i++)
        {
            var content = $"0 0 0 rg {Random.Shared.Next(0, widthPt / 2)} {Random.Shared.Next(0, heightPt / 2)} 20 20 re f";
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {widthPt} {heightPt}] /Contents {4 + (2 * i)} 0 R >>");
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels but whose data is a few bytes: a pixel bomb.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A zip of the given entries; an entry may be marked as a symbolic link (Unix mode in its external attributes).</summary>
    public static byte[] Zip(params (string Name, byte[] Content, bool Link)[] entries)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, link) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                if (link)
                {
                    entry.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
                }

                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return zip.ToArray();
    }

    public static (string, byte[], bool) Entry(string name, byte[] content) => (name, content, false);

    private static Image Noise(int width, int height, double dpi)
    {
        var pixels = new byte[width * height * 3];
        Random.Shared.NextBytes(pixels);
        using var image = Image.NewFromMemory(pixels, width, height, 3, Enums.BandFormat.Uchar);
        return image.Copy(xres: dpi / MillimetresPerInch, yres: dpi / MillimetresPerInch);
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    internal static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
