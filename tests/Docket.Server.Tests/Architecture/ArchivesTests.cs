using System.Reflection;
using Docket.Archives;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Architecture;

/// <summary>
/// The safe zip reader stands alone (docs/architecture.md): the agent unzips what it downloads with the same checks as
/// the server's uploads, without the server, the contracts or the catalog coming along. Read from the compiled
/// assembly, so a reference that a package or a transitive project would bring in is caught too.
/// </summary>
[Trait("Category", "Fast")]
public sealed class ArchivesTests
{
    private static readonly Assembly Archives = typeof(SafeZipReader).Assembly;

    [Fact]
    public void Archives_reference_nothing_of_Docket_only_the_base_class_library()
    {
        var references = Archives.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotBeEmpty();
        references.Where(name => !Allowed(name)).Order(StringComparer.Ordinal)
            .ShouldBeEmpty("Docket.Archives may use the base class library only (System.IO.Hashing for CRC-32): nothing of Docket, ASP.NET Core or EF Core");
    }

    [Fact]
    public void Every_type_lives_under_the_Docket_Archives_namespace()
    {
        Archives.GetName().Name.ShouldBe("Docket.Archives");
        Archives.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Docket.Archives", StringComparison.Ordinal))
            .Where(t => !t.Namespace!.StartsWith("System.", StringComparison.Ordinal) && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal))
            .Select(t => t.FullName).ShouldBeEmpty();
    }

    private static bool Allowed(string name) =>
        name is "System" or "netstandard" or "mscorlib"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
}
