using System.Text.Json;
using Docket.Events;

namespace Docket.Server.Export.Sinks;

/// <summary>The property names of HEC's event objects and the class names, escaped once for <see cref="SplunkHecSink"/>.</summary>
internal static class HecNames
{
    public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    public static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
    public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    public static readonly JsonEncodedText SourceType = JsonEncodedText.Encode("sourcetype");
    public static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    public static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
    public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Class = JsonEncodedText.Encode("class");
    public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
}
