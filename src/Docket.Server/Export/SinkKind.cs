namespace Docket.Server.Export;

public enum SinkKind
{
    SplunkHec,
    Webhook,
    Syslog,
    File,
}
