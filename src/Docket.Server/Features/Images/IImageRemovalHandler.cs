namespace Docket.Server.Features.Images;

/// <summary>
/// An area whose rows hang on images (markings), told when one is removed. <see cref="ImageService"/> calls every
/// handler registered in DI before it saves: each stages the removal of its own rows and records its own events on the
/// request's context, so the image, what hung on it and all their events commit in one transaction. The image area
/// knows no handler; the areas that depend on images react.
/// </summary>
public interface IImageRemovalHandler
{
    Task ImageRemovingAsync(ImageRemoved image, CancellationToken cancellationToken);
}
