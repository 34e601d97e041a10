namespace Docket.Engines;

/// <summary>The names that docs/engine-contract.md fixes: scripts, folders, files, environment variables, exit codes.</summary>
public static class EngineContract
{
    /// <summary>Raised when an engine could not read an older one's input or output.</summary>
    public const int Version = 1;

    public const string InputFile = "input.json";
    public const string ModelPackageFolder = "model";
    public const string EvaluationFile = "evaluation.json";
    public const string PredictionsFile = "predictions.ndjson";

    public const string KindVariable = "DOCKET_ENGINE_KIND";
    public const string ContractVariable = "DOCKET_ENGINE_CONTRACT";
    public const string InputVariable = "DOCKET_ENGINE_INPUT";
    public const string WorkVariable = "DOCKET_WORK_DIR";
    public const string ScriptVariable = "DOCKET_SCRIPT_DIR";
    public const string ModelTemplateVariable = "DOCKET_MODEL_TEMPLATE_DIR";
    public const string ModelVariable = "DOCKET_MODEL_DIR";
    public const string DataSetVariable = "DOCKET_DATA_SET_DIR";
    public const string TestDataSetVariable = "DOCKET_TEST_DATA_SET_DIR";
    public const string OutputVariable = "DOCKET_OUTPUT_DIR";

    /// <summary>The engine could not use its input (unreadable, or a contract version it does not speak).</summary>
    public const int BadInputExitCode = 2;

    /// <summary>The script that starts an engine of <paramref name="kind"/>.</summary>
    public static string Script(EngineKind kind) => kind switch
    {
        EngineKind.Training => "start_training.sh",
        EngineKind.Evaluation => "start_evaluation.sh",
        EngineKind.Inference => "start_inference.sh",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind as the environment and the input name it: <c>training</c>, <c>evaluation</c>, <c>inference</c>.</summary>
    public static string Name(EngineKind kind) => kind switch
    {
        EngineKind.Training => "training",
        EngineKind.Evaluation => "evaluation",
        EngineKind.Inference => "inference",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
