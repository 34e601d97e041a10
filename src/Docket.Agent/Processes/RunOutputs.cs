using Docket.Agent.Files;
using Docket.Agent.Protocol.V1;
using Docket.Engines;

namespace Docket.Agent.Processes;

/// <summary>
/// What a training or a test run leaves, sent to the server after its engine succeeded and before the run ends (and its
/// folder goes): the model package (<c>output/model/</c> zipped) and the predictions (<c>output/predictions.ndjson</c>),
/// each where the StartProcess asked for it. A run whose output does not reach the server has not succeeded.
/// </summary>
internal static class RunOutputs
{
    /// <summary>The model package's zip, in the run's own folder, so that the run's cleanup removes it.</summary>
    public const string ModelPackageFile = "model-package.zip";

    /// <summary>
    /// Uploads each output <paramref name="command"/> asks for and lists it in <paramref name="ended"/>; null when every
    /// one was kept, else why the run fails.
    /// </summary>
    public static async Task<string?> UploadAsync(
        StartProcess command, EngineFolders folders, string uploads, FileUploader uploader, ProcessEnded ended, CancellationToken cancellationToken)
    {
        foreach (var upload in command.Uploads)
        {
            string path;
            string contentType;
            switch (upload.Role)
            {
                case OutputRole.ModelPackage:
                    path = Path.Combine(Directory.CreateDirectory(uploads).FullName, ModelPackageFile);
                    if (await ModelPackager.PackAsync(folders.ModelPackage, path, cancellationToken) is { } refusal)
                    {
                        return $"the model package could not be made: {refusal}";
                    }

                    contentType = "application/zip";
                    break;
                case OutputRole.Predictions:
                    path = folders.Predictions;
                    contentType = "application/x-ndjson";
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(command), upload.Role, "an output role the supervisor lets through");
            }

            var ticket = new UploadTicket(upload.Path, upload.Token, (long)Math.Min(upload.MaxBytes, long.MaxValue));
            var sent = await uploader.UploadAsync(ticket, path, contentType, cancellationToken);
            if (!sent.Succeeded)
            {
                return $"{Describe(upload.Role)} could not be uploaded: {sent.Detail}";
            }

            ended.Outputs.Add(new UploadedOutput { Role = upload.Role, Sha256 = sent.Sha256, Size = (ulong)sent.Size });
        }

        return null;
    }

    /// <summary>The roles a kind leaves output of: a training its model package, a test run its predictions.</summary>
    public static bool Leaves(ProcessKind kind, OutputRole role) => (kind, role) switch
    {
        (ProcessKind.Training, OutputRole.ModelPackage) => true,
        (ProcessKind.TestRun, OutputRole.Predictions) => true,
        _ => false,
    };

    private static string Describe(OutputRole role) => role == OutputRole.ModelPackage ? "the model package" : "the predictions";
}
