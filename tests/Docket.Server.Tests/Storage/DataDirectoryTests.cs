using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Docket.Server.Storage;
using Docket.Server.Tests.Infrastructure;
using Docket.Testing;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Storage;

/// <summary>
/// The data folder as a real server process leaves it. The process starts with umask 022, the usual one, so what it
/// writes is private only because the server makes it so: nobody but its user may read another tenant's images, the
/// database or the keys.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests
{
    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_data_folder_and_everything_the_server_writes_in_it_are_private_to_its_user()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        var data = Path.Combine(storage.DataDirectory, "data");
        await using var server = await ServerProcess.StartAsync(storage, "node-a", [.. ServerSettings.ForTests, $"--Docket:DataDirectory={data}"], Cancellation);
        using var admin = await server.AdminAsync(Cancellation);
        var project = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "private" }, Cancellation);
        project.StatusCode.ShouldBe(HttpStatusCode.Created, server.Output);
        var projectId = (await project.ReadJsonAsync()).GetProperty("id").GetGuid();
        // A PNG, and a PDF that goes through pdftoppm and the scratch folder.
        await admin.UploadAddingAsync(projectId, ("a.png", TestImages.Png(), "image/png"), ("b.pdf", TestImages.Pdf(2), "application/pdf"));

        File.GetUnixFileMode(data).ShouldBe(PrivateFiles.PrivateFolderMode);
        var entries = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).ToList();
        entries.Count(e => e.Contains($"{Path.DirectorySeparatorChar}blobs{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && File.Exists(e))
            .ShouldBeGreaterThan(4, "the upload's originals, pages and thumbnails");
        if (storage.Provider == StorageProvider.Sqlite)
        {
            entries.ShouldContain(Path.Combine(data, "docket.db"));
            entries.ShouldContain(Path.Combine(data, "docket.db-wal"));
            entries.ShouldContain(Path.Combine(data, "docket.db-shm"));
        }

        foreach (var entry in entries)
        {
            (File.GetUnixFileMode(entry) & GroupAndOthers).ShouldBe((UnixFileMode)0, entry);
        }
    }

    [Fact]
    public async Task An_existing_data_folder_open_to_others_is_tightened_at_start_and_the_change_is_logged()
    {
        await using var storage = await ServerStorage.CreateAsync(Cancellation);
        var data = storage.DataDirectory;
        var notes = Path.Combine(data, "notes.txt");
        var folder = Path.Combine(data, "old-blobs");
        await File.WriteAllTextAsync(notes, "left by an earlier version", Cancellation);
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(notes, (UnixFileMode)0b110_100_100);

        await using var server = await ServerProcess.StartAsync(storage, "node-a", ServerSettings.ForTests, Cancellation);

        File.GetUnixFileMode(data).ShouldBe(PrivateFiles.PrivateFolderMode);
        File.GetUnixFileMode(folder).ShouldBe(PrivateFiles.PrivateFolderMode);
        File.GetUnixFileMode(notes).ShouldBe(PrivateFiles.PrivateFileMode);
        server.Output.ShouldContain($"Tightened {data} from mode 0755 to 0700");
        server.Output.ShouldContain($"Tightened {notes} from mode 0644 to 0600");
    }
}
