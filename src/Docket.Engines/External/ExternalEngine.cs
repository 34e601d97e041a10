namespace Docket.Engines.External;

/// <summary>
/// An engine as an external process (docs/engine-contract.md): the script folder's <c>start_training.sh</c>,
/// <c>start_evaluation.sh</c> or <c>start_inference.sh</c>, run with /bin/sh in a process group of its own, so any
/// team can plug in an engine in any language. One instance serves any number of runs at once.
/// </summary>
public sealed class ExternalEngine : IEngine
{
    private readonly ExternalEngineOptions options;
    private readonly TimeProvider time;

    public ExternalEngine(ExternalEngineOptions options, TimeProvider time)
    {
        options.Validate();
        this.options = options;
        this.time = time;
    }

    public async Task<IEngineRun> StartAsync(EngineRunRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == EngineKind.Inference)
        {
            throw new ArgumentException("An inference engine stays warm: start it with StartInferenceAsync.", nameof(request));
        }

        return await EngineProcess.StartAsync(request, options, time, intercept: null, cancellationToken);
    }

    public async Task<IInferenceSession> StartInferenceAsync(EngineRunRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind != EngineKind.Inference)
        {
            throw new ArgumentException("Training and evaluation runs start with StartAsync.", nameof(request));
        }

        return await ExternalInferenceSession.StartAsync(request, options, time, cancellationToken);
    }

    public async Task<int> StopLeftoversAsync(string workFolder, CancellationToken cancellationToken)
    {
        var groups = Leftovers.Groups(workFolder);
        foreach (var group in groups)
        {
            ProcessGroup.Signal(group, ProcessGroup.Terminate);
        }

        var deadline = time.GetTimestamp();
        while (groups.Any(ProcessGroup.Exists) && time.GetElapsedTime(deadline) < options.GracePeriod)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        foreach (var group in groups)
        {
            ProcessGroup.Signal(group, ProcessGroup.Kill);
        }

        return groups.Count;
    }
}
