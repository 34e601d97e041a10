namespace Docket.Events;

/// <summary>
/// The groups of the catalog. A group's value is its code: the first code of its range, as the seed
/// numbers the tables (a group need not have an event at its own code, e.g. License starts at 601).
/// </summary>
public enum EventGroup
{
    [EventGroupTitle("Запрос на извлечение данных (инференс)", "Inference request")]
    InferenceRequest = 100,

    [EventGroupTitle("Процесс инференса", "Inference process")]
    InferenceProcess = 200,

    [EventGroupTitle("Шаблон процесса инференса", "Inference process template")]
    InferenceProcessTemplate = 300,

    [EventGroupTitle("Целевая машина", "Agent")]
    Agent = 400,

    [EventGroupTitle("Скрипт", "Script")]
    Script = 500,

    [EventGroupTitle("Лицензия", "License")]
    License = 600,

    [EventGroupTitle("Авторизация", "Sign-in")]
    Authorization = 2000,

    [EventGroupTitle("Проект", "Project")]
    Project = 3000,

    [EventGroupTitle("Данные", "Project data")]
    ProjectData = 4000,

    [EventGroupTitle("Схема разметки", "Marking scheme")]
    MarkingScheme = 5000,

    [EventGroupTitle("Поля схемы разметки", "Marking scheme fields")]
    MarkingField = 6000,

    [EventGroupTitle("Роль", "Role")]
    Role = 8000,

    [EventGroupTitle("Пользователь", "User")]
    User = 9000,

    [EventGroupTitle("Шаблон модели", "Model template")]
    ModelTemplate = 10000,

    [EventGroupTitle("Разметка данных", "Marking")]
    Marking = 11000,

    [EventGroupTitle("Датасет", "Dataset")]
    DataSet = 12000,

    [EventGroupTitle("Тип модели", "Model type")]
    ModelType = 13000,

    [EventGroupTitle("Модель", "Model")]
    Model = 14000,

    [EventGroupTitle("Процесс обучения", "Training process")]
    TrainProcess = 15000,

    [EventGroupTitle("Шаблон обучения", "Training process template")]
    TrainProcessTemplate = 16000,

    [EventGroupTitle("Пайплан", "Pipeline")]
    Pipeline = 17000,

    /// <summary>
    /// The seed's second table headed "Процесс инференса" (codes 18100-18960): the steps an agent takes to
    /// launch an inference process or run a test one. Its Russian title says so, to tell it from group 200.
    /// </summary>
    [EventGroupTitle("Процесс инференса: запуск на целевой машине", "Inference process pipeline")]
    InferenceProcessPipeline = 18000,

    [EventGroupTitle("Данные журнала агента", "Agent log data")]
    AgentLog = 19000,

    /// <summary>Docket's own: state changes of export subscriptions (see docs/export.md).</summary>
    [EventGroupTitle("Экспорт журнала", "Journal export", Extension = true)]
    Export = 90000,

    /// <summary>Docket's own: what the journal records about itself (retention trimming its start; see docs/journal.md).</summary>
    [EventGroupTitle("Журнал событий", "Event journal", Extension = true)]
    Journal = 91000,

    /// <summary>Docket's own: tenants created, changed, switched on or off and removed (see docs/identity.md).</summary>
    [EventGroupTitle("Тенанты", "Tenants", Extension = true)]
    Tenants = 92000,
}
