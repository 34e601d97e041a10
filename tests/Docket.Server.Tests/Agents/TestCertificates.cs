using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Docket.Server.Tests.Agents;

/// <summary>A private CA made in the test, and server certificates it issues, written where the server and the agent read them.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 authority;

    public TestCertificates(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        authority = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    /// <summary>The CA's certificate as PEM, for Agent:CertificateAuthority.</summary>
    public string WriteAuthority(string folder)
    {
        var path = Path.Combine(folder, "ca.pem");
        File.WriteAllText(path, authority.ExportCertificatePem());
        return path;
    }

    /// <summary>A certificate for 127.0.0.1 and localhost, for server authentication, with its key, as a PFX for Kestrel.</summary>
    public string WriteServerCertificate(string folder, string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = TimeProvider.System.GetUtcNow();
        using var issued = request.Create(authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(folder, "server.pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pfx, password));
        return path;
    }

    public void Dispose() => authority.Dispose();
}
