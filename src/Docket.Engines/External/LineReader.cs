using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Docket.Engines.External;

/// <summary>
/// Splits a pipe into UTF-8 lines without ever holding more than the limit: a line that grows past it is skipped to
/// its end and reported by its length only, so an engine that prints a gigabyte without a newline costs nothing.
/// </summary>
internal static class LineReader
{
    public static async IAsyncEnumerable<Line> ReadAsync(Stream stream, int maxLength, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        var line = new ArrayBufferWriter<byte>(1024);
        long cutLength = -1;
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            var rest = chunk.AsMemory(0, read);
            while (!rest.IsEmpty)
            {
                var newline = rest.Span.IndexOf((byte)'\n');
                var part = newline < 0 ? rest : rest[..newline];
                if (cutLength >= 0)
                {
                    cutLength += part.Length;
                }
                else if (line.WrittenCount + part.Length > maxLength)
                {
                    cutLength = line.WrittenCount + part.Length;
                    line.ResetWrittenCount();
                }
                else
                {
                    line.Write(part.Span);
                }

                if (newline < 0)
                {
                    break;
                }

                yield return Take(line, ref cutLength);
                rest = rest[(newline + 1)..];
            }
        }

        if (cutLength >= 0 || line.WrittenCount > 0)
        {
            yield return Take(line, ref cutLength);
        }
    }

    private static Line Take(ArrayBufferWriter<byte> line, ref long cutLength)
    {
        Line taken;
        if (cutLength >= 0)
        {
            taken = new Line(null, cutLength);
            cutLength = -1;
        }
        else
        {
            var bytes = line.WrittenSpan;
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }

            taken = new Line(Encoding.UTF8.GetString(bytes), bytes.Length);
        }

        line.ResetWrittenCount();
        return taken;
    }
}
