using Docket.Agent.Protocol.V1;
using Docket.Events;

namespace Docket.Agent.Processes;

/// <summary>
/// The catalog's codes for each step of a launch, per kind (groups 15000 and 18000): a training reports the 15xxx
/// codes, an inference process and a test run the 18xxx ones, a test run adding its test dataset's 187xx.
/// </summary>
public static class LaunchSteps
{
    /// <summary>The files each kind takes, in the order they are fetched, and whether each is required.</summary>
    public static IReadOnlyList<(FileRole Role, bool Required)> Files(ProcessKind kind) => kind switch
    {
        ProcessKind.Training =>
        [
            (FileRole.Script, true), (FileRole.ModelTemplate, true), (FileRole.Model, false),
            (FileRole.DataSet, true), (FileRole.TestDataSet, false),
        ],
        ProcessKind.Inference => [(FileRole.Script, true), (FileRole.Model, true)],
        ProcessKind.TestRun => [(FileRole.Script, true), (FileRole.Model, true), (FileRole.TestDataSet, true)],
        _ => [],
    };

    public static EventCode Pipeline(ProcessKind kind) =>
        kind == ProcessKind.Training ? EventCode.TrainProcessStartPipeline : EventCode.InferenceProcessStartPipeline;

    /// <summary>A process found dead when the agent started again.</summary>
    public static EventCode Lost(ProcessKind kind) =>
        kind == ProcessKind.Training ? EventCode.TrainProcessEmergencyShutdown : EventCode.InferenceProcessEmergencyShutdown;

    public static (EventCode Success, EventCode Error) Storage(ProcessKind kind) => kind == ProcessKind.Training
        ? (EventCode.TrainProcessStartFileStoragePrepareSuccess, EventCode.TrainProcessStartFileStoragePrepareError)
        : (EventCode.InferenceProcessStartFileStoragePrepareSuccess, EventCode.InferenceProcessStartFileStoragePrepareError);

    public static (EventCode Success, EventCode Error) Download(ProcessKind kind, FileRole role) => (kind, role) switch
    {
        (ProcessKind.Training, FileRole.Script) => (EventCode.TrainProcessStartDownloadScriptSuccess, EventCode.TrainProcessStartDownloadScriptError),
        (ProcessKind.Training, FileRole.ModelTemplate) => (EventCode.TrainProcessStartDownloadModelTemplateSuccess, EventCode.TrainProcessStartDownloadModelTemplateError),
        (ProcessKind.Training, FileRole.Model) => (EventCode.TrainProcessStartDownloadModelSuccess, EventCode.TrainProcessStartDownloadModelError),
        (ProcessKind.Training, FileRole.DataSet) => (EventCode.TrainProcessStartDownloadDataSetSuccess, EventCode.TrainProcessStartDownloadDataSetError),
        (ProcessKind.Training, FileRole.TestDataSet) => (EventCode.TrainProcessStartDownloadTestDataSetSuccess, EventCode.TrainProcessStartDownloadTestDataSetError),
        (_, FileRole.Script) => (EventCode.InferenceProcessStartDownloadScriptSuccess, EventCode.InferenceProcessStartDownloadScriptError),
        (_, FileRole.Model) => (EventCode.InferenceProcessStartDownloadModelSuccess, EventCode.InferenceProcessStartDownloadModelError),
        (ProcessKind.TestRun, FileRole.TestDataSet) => (EventCode.InferenceTestProcessStartDownloadDataSetSuccess, EventCode.InferenceTestProcessStartDownloadDataSetError),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, $"a {kind} takes no {role}"),
    };

    /// <summary>The unzip's codes; the catalog has none for the script folder, whose unzip counts as its download.</summary>
    public static (EventCode Success, EventCode Error) Unzip(ProcessKind kind, FileRole role) => (kind, role) switch
    {
        (_, FileRole.Script) => Download(kind, role),
        (ProcessKind.Training, FileRole.ModelTemplate) => (EventCode.TrainProcessStartUnzipModelTemplateSuccess, EventCode.TrainProcessStartUnzipModelTemplateError),
        (ProcessKind.Training, FileRole.Model) => (EventCode.TrainProcessStartUnzipModelSuccess, EventCode.TrainProcessStartUnzipModelError),
        (ProcessKind.Training, FileRole.DataSet) => (EventCode.TrainProcessStartUnzipDataSetSuccess, EventCode.TrainProcessStartUnzipDataSetError),
        (ProcessKind.Training, FileRole.TestDataSet) => (EventCode.TrainProcessStartDownloadUnzipTestDataSetSuccess, EventCode.TrainProcessStartDownloadUnzipTestDataSetError),
        (_, FileRole.Model) => (EventCode.InferenceProcessStartUnzipModelSuccess, EventCode.InferenceProcessStartUnzipModelError),
        (ProcessKind.TestRun, FileRole.TestDataSet) => (EventCode.InferenceTestProcessStartUnzipDataSetSuccess, EventCode.InferenceTestProcessStartUnzipDataSetError),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, $"a {kind} takes no {role}"),
    };

    /// <summary>Inference and test run: the marking scheme, which travels in the engine input rather than as a file.</summary>
    public static (EventCode Success, EventCode Error) MarkingScheme =>
        (EventCode.InferenceProcessStartDownloadMarkingSchemeSuccess, EventCode.InferenceProcessStartDownloadMarkingSchemeError);

    public static (EventCode Success, EventCode Error) Started(ProcessKind kind) => kind == ProcessKind.Training
        ? (EventCode.TrainProcessStartCompletedSuccess, EventCode.TrainProcessStartCompletedError)
        : (EventCode.InferenceProcessStartCompletedSuccess, EventCode.InferenceProcessStartCompletedError);

    /// <summary>The folder of the contract's work folder a file of <paramref name="role"/> is unpacked into.</summary>
    public static string Folder(Docket.Engines.EngineFolders folders, FileRole role) => role switch
    {
        FileRole.Script => folders.Script,
        FileRole.ModelTemplate => folders.ModelTemplate,
        FileRole.Model => folders.Model,
        FileRole.DataSet => folders.DataSet,
        FileRole.TestDataSet => folders.TestDataSet,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The kind as heartbeats name it.</summary>
    public static string Name(ProcessKind kind) => kind switch
    {
        ProcessKind.Training => "training",
        ProcessKind.Inference => "inference",
        ProcessKind.TestRun => "test-run",
        _ => kind.ToString(),
    };
}
