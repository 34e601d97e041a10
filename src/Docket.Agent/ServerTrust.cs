using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Docket.Agent;

/// <summary>
/// How the agent trusts the server's certificate. By default, as the machine does (its CA store). With
/// <c>Agent:CertificateAuthority</c>, the certificate must chain to that private CA instead, checked by a chain whose
/// custom trust store holds only it, for server authentication, and the certificate must name the address dialled:
/// a private CA is trusted for this one connection, never "any certificate".
/// </summary>
public static class ServerTrust
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>The CA certificates of a PEM file (one or several), or why they cannot be read.</summary>
    public static X509Certificate2Collection ReadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        if (authorities.Count == 0)
        {
            throw new CryptographicException($"'{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        return authorities;
    }

    /// <summary>The handler for the stream's channel: the default one unless a private CA is configured.</summary>
    public static SocketsHttpHandler Handler(AgentOptions options)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (options.CertificateAuthority is { Length: > 0 } path)
        {
            var authorities = ReadAuthorities(path);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                IsTrusted(certificate, chain, errors, authorities);
        }

        return handler;
    }

    /// <summary>Whether the server's certificate names the address and chains to one of <paramref name="authorities"/>.</summary>
    public static bool IsTrusted(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        // The name is checked by TLS whatever the trust: a certificate for another host is refused here too.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);

        // A private CA publishes no revocation list the agent could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
        {
            // Intermediates the server sent with its certificate.
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
