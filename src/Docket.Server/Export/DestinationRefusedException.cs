namespace Docket.Server.Export;

/// <summary>A sink's destination is, or resolves only to, an address <see cref="ExportDestinations"/> refuses; the message says which and what to do.</summary>
public sealed class DestinationRefusedException : IOException
{
    public DestinationRefusedException()
    {
    }

    public DestinationRefusedException(string message)
        : base(message)
    {
    }

    public DestinationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
