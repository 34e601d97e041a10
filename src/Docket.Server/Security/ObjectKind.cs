namespace Docket.Server.Security;

/// <summary>The kinds of object a right is granted on. Stored by name, so members may be added anywhere.</summary>
public enum ObjectKind
{
    Tenant,
    User,
    Role,
    ApiKey,
    Journal,
    Project,
    ImageData,
    MarkingScheme,
    Marking,
    DataSet,
    ModelType,
    ModelTemplate,
    Model,
    TrainProcessTemplate,
    TrainProcess,
    InferenceProcessTemplate,
    InferenceProcess,
    InferenceRequest,
    Agent,
    License,
    ExportSubscription,
    Script,
}
