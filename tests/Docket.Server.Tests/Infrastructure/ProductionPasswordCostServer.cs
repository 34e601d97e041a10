namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// A server that hashes passwords at the production cost (210,000 PBKDF2 iterations), for tests that time it: at the
/// suite's usual 10,000 a verification costs no more than the request around it.
/// </summary>
public sealed class ProductionPasswordCostServer : DocketServer
{
    protected override IEnumerable<string> Settings => ["--Identity:PasswordHashIterations=210000"];
}
