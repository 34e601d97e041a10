namespace Docket.Server.Features.Images;

/// <summary>
/// One file of an upload as <see cref="ImageUpload"/> queues it: what to record for it once everything before it
/// is settled, available when its decode (if any) is done, and whether a full batch is committed after it.
/// </summary>
internal sealed record UploadStep(Task<Action> Outcome, bool ThenCommit)
{
    /// <summary>A step known as soon as the file is read: a refusal, a duplicate, an archive opened.</summary>
    public static UploadStep Now(Action settle, bool thenCommit = true) => new(Task.FromResult(settle), thenCommit);

    /// <summary>A step known when a decode ends; a decode that throws makes the step throw where it is settled.</summary>
    public static UploadStep After(Task<PageDecoding> decoding, Func<PageDecoding, Action> settle) => new(ThenAsync(decoding, settle), ThenCommit: true);

    private static async Task<Action> ThenAsync(Task<PageDecoding> decoding, Func<PageDecoding, Action> settle) => settle(await decoding);
}
