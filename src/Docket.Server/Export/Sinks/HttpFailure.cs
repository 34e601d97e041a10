using System.Net.Sockets;
using System.Security.Authentication;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Why an HTTP sink's request got no answer, in words of Docket's own. <see cref="HttpRequestException"/>'s message can
/// quote what the other end sent (an invalid status or header line: a mail server's or a database's banner when a URL
/// points at one), so it never reaches <c>lastError</c>: only the kind of failure and the socket's error code do.
/// </summary>
internal static class HttpFailure
{
    public static string Describe(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name does not resolve" + Socket(exception),
        HttpRequestError.ConnectionError => "cannot connect" + Socket(exception),
        // The local TLS stack's own words (an untrusted chain, a name mismatch), nothing the receiver chose.
        HttpRequestError.SecureConnectionError => "TLS handshake failed" + (exception.InnerException is AuthenticationException tls ? ": " + tls.Message : "."),
        HttpRequestError.InvalidResponse => "the answer is not HTTP.",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete.",
        HttpRequestError.HttpProtocolError => "the answer broke the HTTP protocol.",
        HttpRequestError.VersionNegotiationError => "no HTTP version both sides speak.",
        HttpRequestError.ConfigurationLimitExceeded => "the answer's headers exceed the client's limits.",
        HttpRequestError.ProxyTunnelError => "the proxy refused to connect.",
        HttpRequestError.UserAuthenticationError => "the proxy refused the credentials.",
        _ => "the request failed" + Socket(exception),
    };

    private static string Socket(HttpRequestException exception) =>
        (exception.InnerException as SocketException ?? exception.InnerException?.InnerException as SocketException) is { } socket
            ? $" ({socket.SocketErrorCode})."
            : ".";
}
