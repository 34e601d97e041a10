namespace Docket.Contracts.Export;

public enum SinkKind
{
    SplunkHec,
    Webhook,
    Syslog,
    File,
}
