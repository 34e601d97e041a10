using Docket.Server.Common;

namespace Docket.Server.Features.Images;

public enum ImageFileKind
{
    Original,
    Page,
    Thumbnail,
}
