using System.Reflection;
using Docket.Engines;
using Shouldly;
using Xunit;

namespace Docket.Engines.Tests.Architecture;

/// <summary>
/// The engines stand alone (docs/architecture.md): the agent references them, never the other way, and an engine
/// knows nothing of the server, the agent or the stream's protocol. Read from the compiled assembly, so a reference
/// that a package or a transitive project would bring in is caught too.
/// </summary>
[Trait("Category", "Fast")]
public sealed class EngineReferencesTests
{
    private static readonly Assembly Engines = typeof(IEngine).Assembly;

    [Fact]
    public void Engines_reference_only_the_base_class_library()
    {
        var references = Engines.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.ShouldNotBeEmpty();
        references.Where(name => !Allowed(name)).Order(StringComparer.Ordinal)
            .ShouldBeEmpty("Docket.Engines may use the base class library and Microsoft.Extensions abstractions only: nothing of Docket's server, agent or protocol");
    }

    [Fact]
    public void Every_type_lives_under_the_Docket_Engines_namespace()
    {
        Engines.GetName().Name.ShouldBe("Docket.Engines");
        Engines.GetTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Docket.Engines", StringComparison.Ordinal))
            .Where(t => !t.Namespace!.StartsWith("System.", StringComparison.Ordinal) && !t.Namespace.StartsWith("Microsoft.", StringComparison.Ordinal))
            .Select(t => t.FullName).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Docket.Server", false)]
    [InlineData("Docket.Agent", false)]
    [InlineData("Docket.Agent.Protocol", false)]
    [InlineData("Docket.Contracts", false)]
    [InlineData("Grpc.Net.Client", false)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions", true)]
    [InlineData("System.Text.Json", true)]
    public void The_rule_itself_refuses_Docket_and_admits_the_base_class_library(string name, bool allowed) => Allowed(name).ShouldBe(allowed);

    private static bool Allowed(string name) =>
        name is "System" or "netstandard" or "mscorlib"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
        || (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && name.EndsWith(".Abstractions", StringComparison.Ordinal));
}
