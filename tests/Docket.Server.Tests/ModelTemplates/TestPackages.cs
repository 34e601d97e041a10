using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Docket.Server.Tests.ModelTemplates;

/// <summary>Model packages for the tests: real zips written by .NET, and the hostile ones the server must refuse.</summary>
internal static class TestPackages
{
    /// <summary>A small package whose bytes differ per <paramref name="seed"/>, so each test owns its blob.</summary>
    public static byte[] Zip(string seed, params (string Name, byte[] Content)[] extra)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "model/config.json", Encoding.UTF8.GetBytes($$"""{"seed":"{{seed}}","layers":4}"""));
            Write(zip, "model/weights.bin", RandomNumberGenerator.GetBytes(4096));
            foreach (var (name, content) in extra)
            {
                Write(zip, name, content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A zip with exactly these entries, compressed.</summary>
    public static byte[] ZipOf(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                Write(zip, name, content);
            }
        }

        return buffer.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static ByteArrayContent Content(byte[] bytes, string type = "application/zip")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static void Write(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(content);
    }
}
