using System.Runtime.Versioning;
using Docket.Server.Journal;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Journal;

/// <summary>Key files (the journal's signing key, the sink secrets' key) on the real disk, each test in its own folder.</summary>
[UnsupportedOSPlatform("windows")]
[Trait("Category", "Fast")]
public sealed class KeyFileTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string data = Path.Combine(Path.GetTempPath(), "docket-tests", "key-file-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task Replicas_creating_the_key_at_once_all_get_the_one_key_the_file_holds_and_it_is_the_owners_alone()
    {
        Directory.CreateDirectory(data);
        var path = Path.Combine(data, "secrets", "test.key");

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => KeyFile.LoadOrCreate(path, 32, ownFolder: true), TestContext.Current.CancellationToken)));

        keys.Select(Convert.ToBase64String).Distinct().ShouldHaveSingleItem().ShouldBe((await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Trim());
        File.GetUnixFileMode(path).ShouldBe(OwnerReadWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(path)!).ShouldBe(OwnerReadWrite | UnixFileMode.UserExecute);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ShouldBe(["test.key"], "no temporary file is left behind");
    }

    [Fact]
    public void The_servers_own_secrets_folder_left_wide_open_by_an_earlier_version_is_tightened_an_operators_folder_is_not()
    {
        var own = Path.Combine(data, "secrets");
        var operators = Path.Combine(data, "etc-docket");
        const UnixFileMode wide = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(own);
        Directory.CreateDirectory(operators);

        // Set, not created with: the process's umask (077 once a server ran in it) would narrow a mode given at creation.
        File.SetUnixFileMode(own, wide);
        File.SetUnixFileMode(operators, wide);

        KeyFile.LoadOrCreate(Path.Combine(own, "a.key"), 32, ownFolder: true);
        KeyFile.LoadOrCreate(Path.Combine(operators, "b.key"), 32, ownFolder: false);

        File.GetUnixFileMode(own).ShouldBe(OwnerReadWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(operators).ShouldBe(wide);
        File.GetUnixFileMode(Path.Combine(operators, "b.key")).ShouldBe(OwnerReadWrite);
    }

    [Fact]
    public void A_file_that_is_not_a_key_is_refused_without_being_read_whole()
    {
        var path = Path.Combine(data, "secrets", "big.key");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[1024 * 1024]);

        Should.Throw<InvalidOperationException>(() => KeyFile.LoadOrCreate(path, 32, ownFolder: true)).Message.ShouldContain("not a key file");
    }
}
