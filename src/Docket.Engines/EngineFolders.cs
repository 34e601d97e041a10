namespace Docket.Engines;

/// <summary>
/// The folders of one run, each already unpacked by the agent (docs/engine-contract.md, "The work folder"). A folder
/// that a kind does not use may be absent on disk; the engine is still told its path.
/// </summary>
public sealed record EngineFolders
{
    public required string Work { get; init; }
    public required string Script { get; init; }
    public required string ModelTemplate { get; init; }
    public required string Model { get; init; }
    public required string DataSet { get; init; }
    public required string TestDataSet { get; init; }
    public required string Output { get; init; }

    /// <summary>The contract's layout under <paramref name="work"/>: <c>script/</c>, <c>model-template/</c>, ...</summary>
    public static EngineFolders Under(string work)
    {
        var root = Path.GetFullPath(work);
        return new EngineFolders
        {
            Work = root,
            Script = Path.Combine(root, "script"),
            ModelTemplate = Path.Combine(root, "model-template"),
            Model = Path.Combine(root, "model"),
            DataSet = Path.Combine(root, "data-set"),
            TestDataSet = Path.Combine(root, "test-data-set"),
            Output = Path.Combine(root, "output"),
        };
    }

    /// <summary>Where a training engine leaves the model package.</summary>
    public string ModelPackage => Path.Combine(Output, EngineContract.ModelPackageFolder);

    /// <summary>Where an evaluation engine leaves its scores per field.</summary>
    public string Evaluation => Path.Combine(Output, EngineContract.EvaluationFile);

    /// <summary>Where an evaluation engine leaves its predicted fields and boxes, one page a line.</summary>
    public string Predictions => Path.Combine(Output, EngineContract.PredictionsFile);
}
