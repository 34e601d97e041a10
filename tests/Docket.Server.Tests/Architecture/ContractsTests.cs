using System.Reflection;
using Docket.Contracts.Common;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Architecture;

/// <summary>
/// The contracts assembly stands alone (docs/architecture.md): an agent, an engine, the robot client or the console
/// references it without the server, its database or ASP.NET Core coming along. Read from the compiled assembly, so a
/// reference that only a package or a transitive project would bring in is caught too.
/// </summary>
public sealed class ContractsTests
{
    private static readonly Assembly Contracts = typeof(Page<>).Assembly;

    [Fact]
    public void Contracts_reference_only_the_base_class_library_and_the_event_catalog()
    {
        var references = Contracts.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotBeEmpty();
        references.Where(name => !Allowed(name)).Order(StringComparer.Ordinal)
            .ShouldBeEmpty("Docket.Contracts may use the base class library and Docket.Events only: nothing of the server, ASP.NET Core or EF Core");
    }

    [Fact]
    public void Every_contract_lives_under_the_Docket_Contracts_namespace()
    {
        Contracts.GetName().Name.ShouldBe("Docket.Contracts");
        Contracts.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Docket.Contracts", StringComparison.Ordinal))
            .Where(t => !t.Namespace!.StartsWith("System.", StringComparison.Ordinal) && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal))
            .Select(t => t.FullName).ShouldBeEmpty();
    }

    private static bool Allowed(string name) =>
        name is "System" or "netstandard" or "mscorlib" or "Microsoft.CSharp" or "Docket.Events"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);
}
