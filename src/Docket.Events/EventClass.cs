namespace Docket.Events;

/// <summary>The class of a journal record, numbered as the AI servers we replace number it.</summary>
public enum EventClass
{
    Information = 1,
    Error = 2,
    SecurityIncident = 3,
    Correction = 4,
}
