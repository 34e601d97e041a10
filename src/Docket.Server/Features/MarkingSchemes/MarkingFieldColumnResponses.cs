using Docket.Contracts.MarkingSchemes;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>The column contract made from a stored table column.</summary>
public static class MarkingFieldColumnResponses
{
    extension(MarkingFieldColumnResponse)
    {
        public static MarkingFieldColumnResponse From(MarkingFieldColumn c) => new(c.Name, c.Type, c.Language, c.Required, c.FormatPattern);
    }
}
