using System.Text.Json.Serialization;

namespace Docket.Engines.Messages;

/// <summary>One line an engine writes to stdout: a JSON object whose <c>type</c> says which message it is.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(EngineProgress), "progress")]
[JsonDerivedType(typeof(EngineMetrics), "metrics")]
[JsonDerivedType(typeof(EngineLog), "log")]
[JsonDerivedType(typeof(EngineResult), "result")]
[JsonDerivedType(typeof(EngineReady), "ready")]
[JsonDerivedType(typeof(EngineAnswer), "answer")]
public abstract record EngineMessage;
