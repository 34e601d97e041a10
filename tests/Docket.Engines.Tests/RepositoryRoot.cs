namespace Docket.Engines.Tests;

/// <summary>The checkout the tests run from: the folder above the test's binaries that holds Docket.slnx.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Docket.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Docket.slnx not found above the test's folder.");
    }
}
