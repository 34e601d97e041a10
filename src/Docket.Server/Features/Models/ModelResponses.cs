using Docket.Contracts.Models;

namespace Docket.Server.Features.Models;

/// <summary>The model contract made from the stored model: the contracts assembly cannot know the entity.</summary>
public static class ModelResponses
{
    extension(ModelResponse)
    {
        public static ModelResponse From(Model m, ModelState state) =>
            new(m.Id, m.TenantId, m.Name, m.ModelTypeId, m.Description, state.Latest,
                new SortedDictionary<string, int>(state.Tags.ToDictionary(), StringComparer.Ordinal),
                m.CreatedAt, m.UpdatedAt, Common.ETags.From(m.ConcurrencyStamp));
    }
}
