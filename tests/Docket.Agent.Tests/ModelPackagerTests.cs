using System.IO.Compression;
using Docket.Agent.Files;
using Shouldly;
using Xunit;

namespace Docket.Agent.Tests;

/// <summary>The model package made of a training's output/model/: the same bytes for the same files, files only.</summary>
[Trait("Category", "Fast")]
public sealed class ModelPackagerTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("docket-model-package-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Model => Path.Combine(work, "output", "model");

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task The_same_files_make_the_same_bytes_whatever_their_times_and_the_order_they_were_written_in()
    {
        Write("b.json", "{}");
        Write("weights/z.bin", "zz");
        Write("a.txt", "first");
        var first = await PackAsync("first.zip");
        Directory.Delete(Model, recursive: true);
        Write("a.txt", "first");
        Write("weights/z.bin", "zz");
        Write("b.json", "{}");
        File.SetLastWriteTimeUtc(Path.Combine(Model, "a.txt"), new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc));

        var second = await PackAsync("second.zip");

        second.ShouldBe(first);
        using var zip = new ZipArchive(new MemoryStream(first));
        zip.Entries.Select(entry => entry.FullName).ShouldBe(["a.txt", "b.json", "weights/z.bin"]);
    }

    [Fact]
    public async Task A_link_in_the_folder_refuses_the_package()
    {
        Write("model.json", "{}");
        Directory.CreateDirectory(Path.Combine(Model, "shared"));
        Directory.CreateSymbolicLink(Path.Combine(Model, "shared", "cache"), "/tmp");

        var refusal = await ModelPackager.PackAsync(Model, Path.Combine(work, "model.zip"), Cancellation);

        refusal.ShouldBe("output/model/shared/cache is a link; the model package takes files only");
    }

    [Fact]
    public async Task A_missing_folder_or_one_without_a_file_is_no_package()
    {
        (await ModelPackager.PackAsync(Model, Path.Combine(work, "model.zip"), Cancellation)).ShouldBe("the engine left no output/model/ folder");
        Directory.CreateDirectory(Path.Combine(Model, "checkpoints", "empty"));

        (await ModelPackager.PackAsync(Model, Path.Combine(work, "model.zip"), Cancellation)).ShouldBe("the engine left no file in output/model/");
    }

    private void Write(string name, string content)
    {
        var path = Path.Combine(Model, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private async Task<byte[]> PackAsync(string name)
    {
        var zip = Path.Combine(work, name);
        (await ModelPackager.PackAsync(Model, zip, Cancellation)).ShouldBeNull();
        return await File.ReadAllBytesAsync(zip, Cancellation);
    }
}
