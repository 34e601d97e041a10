namespace Docket.Events;

/// <summary>
/// Every event Docket records. Names and codes are the catalog's contract (seed 000): names keep the seed's
/// spelling, typos included, because receivers match on them. The attribute on each member is the one
/// source of its group, class and texts; docs/events.md is rendered from it.
/// </summary>
public enum EventCode
{
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Запрос на извлечение данных из изображения принят сервером в обработку", "The server accepted a request to extract data from an image")]
    InferenceRequestAccepted = 100,
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Запрос на извлечение данных из изображения успешно отправлен на целевую машину для обработки", "The request was sent to an agent for processing")]
    InferenceRequestSentForProcessingSuccess = 101,
    [Event(EventGroup.InferenceRequest, EventClass.Error, "Отправка запроса на целевую машину завершилась ошибкой", "Sending the request to an agent failed")]
    InferenceRequestSentForProcessingError = 102,
    [Event(EventGroup.InferenceRequest, EventClass.Error, "Не найден агент, на котором запущен процесс инференса с типом модели, который указан в запросе на извлечение данных", "No agent runs an inference process for the model type named in the request")]
    InferenceRequestNoAgent = 103,
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Старт конвейера запуска обработки запроса на инференс", "The agent started the pipeline that processes the request")]
    InferenceRequestStartPipeline = 104,
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Успешно завершен этап загрузки на целевую машину файла изображения из запроса", "The agent downloaded the request's image file")]
    InferenceRequestDownloadImgFileSuccess = 105,
    [Event(EventGroup.InferenceRequest, EventClass.Error, "Этап загрузки на целевую машину файла изображения завершен ошибкой", "Downloading the request's image file to the agent failed")]
    InferenceRequestDownloadImgFileError = 106,
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Успешно завершен этап загрузки на целевую машину схемы разметки", "The agent downloaded the marking scheme")]
    InferenceRequestDownloadMarkingFileSuccess = 107,
    [Event(EventGroup.InferenceRequest, EventClass.Error, "Этап загрузки на целевую машину схемы разметки завершен ошибкой", "Downloading the marking scheme to the agent failed")]
    InferenceRequestDownloadMarkingFileError = 108,
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Запрос на извлечение данных из изображения обработан успешно", "The request was processed successfully")]
    InferenceRequestProcessedSuccess = 109,
    [Event(EventGroup.InferenceRequest, EventClass.Error, "Обработка запроса на извлечение данных из изображения завершилась ошибкой", "Processing the request failed")]
    InferenceRequestProcessedError = 110,
    [Event(EventGroup.InferenceRequest, EventClass.Information, "Извлеченные из изображения данные получены сервером", "The server received the data extracted from the image")]
    InferenceRequestResultTransferred = 111,
    [Event(EventGroup.InferenceRequest, EventClass.Error, "Не найден лицензированный агент с указанным типом модели для обработки запроса. При данной ошибке необходимо обеспечить подходящего агента лицензией", "No licensed agent serves the requested model type; an agent needs a license")]
    InferenceRequestNoLicensedAgent = 112,

    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса создан", "Inference process created")]
    InferenceProcessCreated = 200,
    [Event(EventGroup.InferenceProcess, EventClass.Correction, "Процесс инференса удален", "Inference process removed")]
    InferenceProcessRemoved = 201,
    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса выключен", "Inference process disabled")]
    InferenceProcessDisabled = 202,
    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса включен", "Inference process enabled")]
    InferenceProcessEnabled = 203,
    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса ожидает запуск", "Inference process is waiting to start")]
    InferenceProcessStarted = 204,
    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса ожидает остановку", "Inference process is waiting to stop")]
    InferenceProcessStoped = 205,
    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса запускается", "Inference process is starting")]
    InferenceProcessSentToLaunch = 206,
    [Event(EventGroup.InferenceProcess, EventClass.Information, "Процесс инференса останавливается", "Inference process is stopping")]
    InferenceProcessSentToStop = 207,
    [Event(EventGroup.InferenceProcess, EventClass.Error, "Запуск процесса инференс завершился ошибкой", "Starting the inference process failed")]
    InferenceProcessStartingError = 208,
    [Event(EventGroup.InferenceProcess, EventClass.Error, "Остановка процесса инференса завершилась ошибкой", "Stopping the inference process failed")]
    InferenceProcessStoppingError = 209,

    [Event(EventGroup.InferenceProcessTemplate, EventClass.Information, "Шаблон процесса инференса создан", "Inference process template created")]
    InferenceProcessTemplateCreated = 300,
    [Event(EventGroup.InferenceProcessTemplate, EventClass.Correction, "Шаблон процесса инференса изменен", "Inference process template changed")]
    InferenceProcessTemplateUpdated = 301,
    [Event(EventGroup.InferenceProcessTemplate, EventClass.Correction, "Шаблон процесса инференса удален", "Inference process template removed")]
    InferenceProcessTemplateRemoved = 302,

    [Event(EventGroup.Agent, EventClass.Information, "Целевая машина создана", "Agent created")]
    AgentCreated = 400,
    [Event(EventGroup.Agent, EventClass.Correction, "Целевая машина изменена", "Agent changed")]
    AgentUpdated = 401,
    [Event(EventGroup.Agent, EventClass.Correction, "Целевая машина удалена", "Agent removed")]
    AgentRemoved = 402,
    [Event(EventGroup.Agent, EventClass.Information, "Целевая машина выключена", "Agent disabled")]
    AgentDisabled = 403,
    [Event(EventGroup.Agent, EventClass.Information, "Целевая машина включена", "Agent enabled")]
    AgentEnabled = 404,
    [Event(EventGroup.Agent, EventClass.Information, "Целевая машина автоматически выключена из-за превышения времени недоступности. Максимальное время недоступности указывается в настройках конфигурационного файла (Agents > AutoDisableUnavailablePeriod)", "Agent disabled automatically after being unavailable longer than Agents:AutoDisableUnavailablePeriod")]
    AgentAutoDisabled = 405,

    [Event(EventGroup.Script, EventClass.Information, "Скрипт создан", "Script created", NotUsed = true)]
    ScriptCreated = 500,
    [Event(EventGroup.Script, EventClass.Correction, "Скрипт изменен", "Script changed", NotUsed = true)]
    ScriptUpdated = 501,
    [Event(EventGroup.Script, EventClass.Correction, "Скрипт удален", "Script removed", NotUsed = true)]
    ScriptRemoved = 502,

    [Event(EventGroup.License, EventClass.Information, "Лицензия добавлена", "License added")]
    LicenseAdded = 601,
    [Event(EventGroup.License, EventClass.Correction, "Лицензия удалена. Примечание: в текущей версии нет функции удаления лицензии", "License deleted", NotUsed = true)]
    LicenseDeleted = 602,
    [Event(EventGroup.License, EventClass.Information, "Лицензия скачана", "License downloaded")]
    LicenseDownloaded = 603,
    [Event(EventGroup.License, EventClass.Correction, "Лицензия отозвана. Примечание: в текущей версии нет функции отзыва лицензии", "License revoked", NotUsed = true)]
    LicenseRevoked = 604,
    [Event(EventGroup.License, EventClass.Correction, "Отозванная лицензия заменена. Примечание: в текущей версии нет функции замены отозванной", "Revoked license replaced", NotUsed = true)]
    LicenseRevokeReplaced = 605,
    [Event(EventGroup.License, EventClass.Information, "Запрос на лицензию создан", "License request created")]
    LicenseRequested = 606,
    [Event(EventGroup.License, EventClass.Information, "Запрос на замену лицензии создан. Примечание: в текущей версии нет функции запроса замены лицензии", "License replacement request created", NotUsed = true)]
    LicenseReplaceRequested = 607,
    [Event(EventGroup.License, EventClass.Information, "Лицензия выдана на тенант", "License issued to a tenant")]
    LicenseToTenantAdded = 608,
    [Event(EventGroup.License, EventClass.Information, "Лицензия деактивирована", "License deactivated")]
    LicenseDeactivated = 609,
    [Event(EventGroup.License, EventClass.Information, "Лицензия, которая ранее была деактивирована, вновь активирована", "A previously deactivated license was activated again")]
    LicenseActivated = 610,

    [Event(EventGroup.Authorization, EventClass.Information, "Пользователь авторизовался в сервисе", "User signed in")]
    Login = 2001,
    [Event(EventGroup.Authorization, EventClass.SecurityIncident, "Пользователь не существует", "Sign-in refused: the user does not exist")]
    LoginUserNotExist = 2002,
    [Event(EventGroup.Authorization, EventClass.SecurityIncident, "Попытка входа заблокированного пользователя. При попытке входа такой пользователь увидит уведомление «Ошибка аутентификации»", "Sign-in attempt by a locked user; the user sees \"Authentication error\"")]
    LoginUserLocked = 2003,
    [Event(EventGroup.Authorization, EventClass.SecurityIncident, "Ошибка авторизации", "Sign-in failed: wrong credentials")]
    LoginUserUnauthorized = 2004,
    [Event(EventGroup.Authorization, EventClass.SecurityIncident, "Пользователь не авторизован в Active Directory (AD). Примечание: в текущей версии AD-пользователи не используются", "Sign-in failed: Active Directory did not authenticate the user", NotUsed = true)]
    LoginUserUnauthorizedAD = 2005,
    [Event(EventGroup.Authorization, EventClass.SecurityIncident, "Роль пользователя не имеет привязки к AD-группе. Примечание: в текущей версии AD-пользователи не используются", "Sign-in refused: the user's role is not bound to an Active Directory group", NotUsed = true)]
    LoginUserNoRightsGroupAD = 2006,
    [Event(EventGroup.Authorization, EventClass.Information, "Пользователь вышел из сервиса", "User signed out")]
    LogOut = 2007,
    [Event(EventGroup.Authorization, EventClass.SecurityIncident, "Срок действия учетной записи с текущим паролем истек", "Sign-in refused: the password of the account has expired")]
    LoginUserExpired = 2008,

    [Event(EventGroup.Project, EventClass.Information, "Проект создан", "Project created")]
    ProjectCreated = 3000,
    [Event(EventGroup.Project, EventClass.Correction, "Проект изменен", "Project changed")]
    ProjectUpdated = 3001,
    [Event(EventGroup.Project, EventClass.Correction, "Проект удален", "Project removed")]
    ProjectRemoved = 3002,

    [Event(EventGroup.ProjectData, EventClass.Information, "Файлы изображений добавлены в проект или извлечены из загруженного архива", "Images added to a project, or extracted from an uploaded archive")]
    ProjectDataImgCreated = 4000,
    [Event(EventGroup.ProjectData, EventClass.Correction, "Файлы изображений изменены", "Images changed")]
    ProjectDataImgUpdated = 4001,
    [Event(EventGroup.ProjectData, EventClass.Correction, "Файлы изображений удалены", "Images removed")]
    ProjectDataImgRemoved = 4002,
    [Event(EventGroup.ProjectData, EventClass.Information, "Архив с изображениями загружен", "Image archive uploaded")]
    ProjectDataImgArchiveUploaded = 4003,
    [Event(EventGroup.ProjectData, EventClass.Error, "Добавление файлов изображений завершилось ошибкой", "Adding images failed")]
    ProjectDataImgCreateError = 4004,

    [Event(EventGroup.MarkingScheme, EventClass.Information, "Схема разметки создана", "Marking scheme created")]
    MarkingSchemeCreated = 5000,
    [Event(EventGroup.MarkingScheme, EventClass.Correction, "Схема разметки изменена", "Marking scheme changed")]
    MarkingSchemeUpdated = 5001,
    [Event(EventGroup.MarkingScheme, EventClass.Correction, "Схема разметки удалена", "Marking scheme removed")]
    MarkingSchemeRemoved = 5002,

    [Event(EventGroup.MarkingField, EventClass.Information, "Поле создано", "Field created")]
    MarkingFieldCreated = 6000,
    [Event(EventGroup.MarkingField, EventClass.Correction, "Поле изменено", "Field changed")]
    MarkingFieldUpdated = 6001,
    [Event(EventGroup.MarkingField, EventClass.Correction, "Поле удалено", "Field removed")]
    MarkingFieldRemoved = 6002,
    [Event(EventGroup.MarkingField, EventClass.Correction, "Параметры полей схемы разметки изменены на странице \"Поля\"/\"Документы\"", "Field settings of the marking scheme changed on the Fields or Documents page")]
    MarkingFieldTypesUpdated = 6003,
    [Event(EventGroup.MarkingField, EventClass.Correction, "Настройки табличных полей схемы разметки изменены на странице \"Поля\"", "Table field columns of the marking scheme changed on the Fields page")]
    MarkingFieldColumnsUpdated = 6004,

    [Event(EventGroup.Role, EventClass.Information, "Роль создана", "Role created")]
    RoleCreated = 8000,
    [Event(EventGroup.Role, EventClass.Correction, "Роль изменена", "Role changed")]
    RoleUpdated = 8001,
    [Event(EventGroup.Role, EventClass.Correction, "Роль удалена", "Role removed")]
    RoleRemoved = 8002,
    [Event(EventGroup.Role, EventClass.SecurityIncident, "Роль привязана к AD-группе. Примечание: в текущей версии группы Active Directory не используются", "Role bound to Active Directory groups", NotUsed = true)]
    RoleAssignAdGroups = 8003,
    [Event(EventGroup.Role, EventClass.SecurityIncident, "Роли назначены разрешения", "Permissions assigned to a role")]
    RoleAssignPermissions = 8004,

    [Event(EventGroup.User, EventClass.Information, "Пользователь создан", "User created")]
    UserCreated = 9000,
    [Event(EventGroup.User, EventClass.Correction, "Пользователь изменен", "User changed")]
    UserUpdated = 9001,
    [Event(EventGroup.User, EventClass.Correction, "Пользователь удален", "User removed")]
    UserRemoved = 9002,
    [Event(EventGroup.User, EventClass.SecurityIncident, "Пользователю назначены роли", "Roles assigned to a user")]
    UserRolesAssigned = 9003,
    [Event(EventGroup.User, EventClass.Correction, "Пароль пользователя изменен", "User's password changed")]
    UserPasswordChanged = 9004,
    [Event(EventGroup.User, EventClass.SecurityIncident, "Пользователь разблокирован", "User unlocked")]
    UserEnabled = 9005,
    [Event(EventGroup.User, EventClass.SecurityIncident, "Пользователь заблокирован. Вход заблокированного пользователя временно ограничен. При попытке входа такой пользователь увидит уведомление «Ошибка аутентификации»", "User locked; a locked user who tries to sign in sees \"Authentication error\"")]
    UserDisabled = 9006,

    [Event(EventGroup.ModelTemplate, EventClass.Information, "Шаблон модели создан", "Model template created")]
    ModelTemplateCreated = 10000,
    [Event(EventGroup.ModelTemplate, EventClass.Correction, "Шаблон модели отредактирован", "Model template changed")]
    ModelTemplateUpdated = 10001,
    [Event(EventGroup.ModelTemplate, EventClass.Correction, "Шаблон модели удален", "Model template removed")]
    ModelTemplateRemoved = 10002,

    [Event(EventGroup.Marking, EventClass.Correction, "Изображение размечено или переразмечено", "Image marked or re-marked")]
    MarkingCreateOrEdit = 11000,
    [Event(EventGroup.Marking, EventClass.Correction, "Разметка изображения удалена", "Image marking removed")]
    MarkingRemoved = 11001,
    [Event(EventGroup.Marking, EventClass.Information, "Разметка изображения добавлена в датасет", "Image marking added to a dataset")]
    MarkingMovedToDataSet = 11002,

    [Event(EventGroup.DataSet, EventClass.Information, "Датасет создан", "Dataset created")]
    DataSetCreated = 12000,
    [Event(EventGroup.DataSet, EventClass.Correction, "Датасет изменен", "Dataset changed")]
    DataSetUpdated = 12001,
    [Event(EventGroup.DataSet, EventClass.Correction, "Датасет удален", "Dataset removed")]
    DataSetRemoved = 12002,
    [Event(EventGroup.DataSet, EventClass.Information, "Запущена архивация датасета", "Dataset archiving started")]
    DataSetArchivateStarted = 12003,
    [Event(EventGroup.DataSet, EventClass.Information, "Архивирование датасета успешно завершено", "Dataset archiving completed")]
    DataSetArchivateCompletedSuccess = 12004,
    [Event(EventGroup.DataSet, EventClass.Error, "Архивирование датасета завершилось ошибкой", "Dataset archiving failed")]
    DataSetArchivateCompletedError = 12005,
    [Event(EventGroup.DataSet, EventClass.Information, "Этап подготовки данных изображения датасета успешно завершен", "Archiving: an image's data was prepared")]
    DataSetArchivateProgress1 = 12006,
    [Event(EventGroup.DataSet, EventClass.Information, "Этап добавления в архив данных изображения датасета успешно завершен", "Archiving: an image's data was added to the archive")]
    DataSetArchivateProgress2 = 12007,
    [Event(EventGroup.DataSet, EventClass.Error, "Не удаётся за отведённое в конфигурации сервиса (DateSet > ArchivateTimeout) время сформировать архив датасета вследствие ошибок или размеров датасета", "The dataset archive could not be built within DataSet:ArchivateTimeout, because of errors or the dataset's size")]
    DataSetArchivateCompletedTimeout = 12008,
    [Event(EventGroup.DataSet, EventClass.Information, "Архив с датасетом загружен для обработки", "Dataset archive uploaded for processing")]
    DataSetArchiveUploaded = 12009,
    [Event(EventGroup.DataSet, EventClass.Information, "Импорт датасета из загруженного архива выполнен успешно", "Dataset imported from the uploaded archive")]
    DataSetArchiveImportSucceed = 12010,
    [Event(EventGroup.DataSet, EventClass.Error, "Импорт датасета из загруженного архива завершился ошибкой", "Importing a dataset from the uploaded archive failed")]
    DataSetArchiveImportFailed = 12011,

    [Event(EventGroup.ModelType, EventClass.Information, "Тип модели создан", "Model type created")]
    ModelTypeCreated = 13000,
    [Event(EventGroup.ModelType, EventClass.Correction, "Тип модели изменен", "Model type changed")]
    ModelTypeUpdated = 13001,
    [Event(EventGroup.ModelType, EventClass.Correction, "Тип модели удален", "Model type removed")]
    ModelTypeRemoved = 13002,

    [Event(EventGroup.Model, EventClass.Information, "Модель создана", "Model created")]
    ModelCreated = 14000,
    [Event(EventGroup.Model, EventClass.Correction, "Модель изменена", "Model changed")]
    ModelUpdated = 14001,
    [Event(EventGroup.Model, EventClass.Correction, "Модель удалена", "Model removed")]
    ModelRemoved = 14002,
    [Event(EventGroup.Model, EventClass.Information, "Модель загружена успешно", "Model downloaded")]
    ModelDownloadSuccess = 14003,
    [Event(EventGroup.Model, EventClass.Error, "Загрузка модели завершилась ошибкой", "Downloading the model failed")]
    ModelDownloadError = 14004,

    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения создан", "Training process created")]
    TrainProcessCreated = 15000,
    [Event(EventGroup.TrainProcess, EventClass.Correction, "Процесс обучения удален", "Training process removed")]
    TrainProcessRemoved = 15001,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения выключен. Выключенный процесс становится недоступным для запуска и остановки", "Training process disabled; it can no longer be started or stopped")]
    TrainProcessDisabled = 15002,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения, который ранее был выключен, вновь включен", "A previously disabled training process was enabled again")]
    TrainProcessEnabled = 15003,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения отправлен на целевую машину для запуска", "Training process sent to an agent to start")]
    TrainProcessSendToStart = 15004,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения готов к запуску", "Training process is ready to start")]
    TrainProcessStarted = 15005,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения останавливается", "Training process is stopping")]
    TrainProcessSendToStop = 15006,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения успешно остановлен", "Training process stopped")]
    TrainProcessStopedSuccess = 15007,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Остановка процесса обучения завершилась ошибкой (например, не хватает прав для остановки процесса в ОС целевой машины)", "Stopping the training process failed (for example, no OS permission to stop it on the agent)")]
    TrainProcessStopedError = 15008,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Старт конвейера запуска процесса обучения", "The agent started the pipeline that launches the training process")]
    TrainProcessStartPipeline = 15100,
    [Event(EventGroup.TrainProcess, EventClass.Error, "При запуске агента было обнаружено, что процесс обучения аварийно завершен и не выполняется", "On agent start-up the training process was found terminated abnormally and not running")]
    TrainProcessEmergencyShutdown = 15101,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Файловое хранилище успешно подготовлено", "File storage prepared")]
    TrainProcessStartFileStoragePrepareSuccess = 15200,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Подготовка файлового хранилища завершилась ошибкой (например, не хватает прав для создания папки с данными процесса обучения на целевой машине)", "Preparing the file storage failed (for example, no permission to create the training data folder on the agent)")]
    TrainProcessStartFileStoragePrepareError = 15201,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Файл скрипта скачан. Внимание", "Script file downloaded", NotUsed = true)]
    TrainProcessStartDownloadScriptSuccess = 15300,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Скачивание файла скрипта завершилось ошибкой. Примечание: в текущей версии пользовательские скрипты не поддерживаются", "Downloading the script file failed", NotUsed = true)]
    TrainProcessStartDownloadScriptError = 15301,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Шаблон модели загружен успешно", "Model template downloaded")]
    TrainProcessStartDownloadModelTemplateSuccess = 15400,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Загрузка шаблона модели завершилась ошибкой", "Downloading the model template failed")]
    TrainProcessStartDownloadModelTemplateError = 15401,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Распаковка шаблона модели успешно запущена", "Unpacking the model template started")]
    TrainProcessStartUnzipModelTemplateSuccess = 15402,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Распаковка шаблона модели завершилась ошибкой", "Unpacking the model template failed")]
    TrainProcessStartUnzipModelTemplateError = 15403,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Загрузка модели успешно запущена", "Downloading the model started")]
    TrainProcessStartDownloadModelSuccess = 15500,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Загрузка модели завершилось ошибкой", "Downloading the model failed")]
    TrainProcessStartDownloadModelError = 15501,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Распаковка архива модели успешно запущена", "Unpacking the model archive started")]
    TrainProcessStartUnzipModelSuccess = 15502,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Распаковка архива модели завершилась ошибкой", "Unpacking the model archive failed")]
    TrainProcessStartUnzipModelError = 15503,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Загрузка датасета для обучения успешно запущена", "Downloading the training dataset started")]
    TrainProcessStartDownloadDataSetSuccess = 15600,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Загрузка датасета для обучения завершилась ошибкой", "Downloading the training dataset failed")]
    TrainProcessStartDownloadDataSetError = 15601,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Распаковка датасета успешно запущена", "Unpacking the dataset started")]
    TrainProcessStartUnzipDataSetSuccess = 15602,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Распаковка датасета завершилась ошибкой", "Unpacking the dataset failed")]
    TrainProcessStartUnzipDataSetError = 15603,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Загрузка архива тестового датасета успешно запущена", "Downloading the test dataset archive started")]
    TrainProcessStartDownloadTestDataSetSuccess = 15620,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Загрузка архива тестового датасета завершилась ошибкой", "Downloading the test dataset archive failed")]
    TrainProcessStartDownloadTestDataSetError = 15621,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Распаковка архива тестового датасета успешно запущена", "Unpacking the test dataset archive started")]
    TrainProcessStartDownloadUnzipTestDataSetSuccess = 15622,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Распаковка архива тестового датасета завершилась ошибкой", "Unpacking the test dataset archive failed")]
    TrainProcessStartDownloadUnzipTestDataSetError = 15623,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Запуск процесса обучения завершен успешно", "Training process started")]
    TrainProcessStartCompletedSuccess = 15700,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Запуск процесса обучения завершен с ошибкой", "Starting the training process failed")]
    TrainProcessStartCompletedError = 15701,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Процесс обучения успешно завершен. Результатом обучения является обученная модель", "Training process completed; its result is a trained model")]
    TrainProcessCompletedSuccess = 15800,
    [Event(EventGroup.TrainProcess, EventClass.Error, "Процесс обучения завершился ошибкой", "Training process failed")]
    TrainProcessCompletedError = 15801,
    /// <summary>
    /// The seed gives this event 15800, the code of <see cref="TrainProcessCompletedSuccess"/>. Docket keeps
    /// 15800 for the success and moves the timeout to the next free code, so a code names exactly one event.
    /// </summary>
    [Event(EventGroup.TrainProcess, EventClass.Error, "Процесс обучения завершился с ошибкой таймаута. Например, при нехватке прав или библиотек аварийно завершился IDP-процесс", "Training process failed with a timeout (for example, the engine process crashed for lack of permissions or libraries)")]
    TrainProcessTimeout = 15802,
    [Event(EventGroup.TrainProcess, EventClass.Information, "Получены метрики процесса обучения", "Training process metrics received")]
    TrainProcessMetricsReceived = 15900,

    [Event(EventGroup.TrainProcessTemplate, EventClass.Information, "Шаблон обучения создан", "Training template created")]
    TrainProcessTemplateCreated = 16000,
    [Event(EventGroup.TrainProcessTemplate, EventClass.Correction, "Шаблон обучения обновлен", "Training template changed")]
    TrainProcessTemplateUpdated = 16001,
    [Event(EventGroup.TrainProcessTemplate, EventClass.Correction, "Шаблон обучения удален", "Training template removed")]
    TrainProcessTemplateRemoved = 16002,

    [Event(EventGroup.Pipeline, EventClass.Information, "Пайплан создан", "Pipeline created", NotUsed = true)]
    PipelineCreated = 17000,
    [Event(EventGroup.Pipeline, EventClass.Correction, "Пайплан обновлен", "Pipeline changed", NotUsed = true)]
    PipelineUpdated = 17001,
    [Event(EventGroup.Pipeline, EventClass.Correction, "Пайплан удален", "Pipeline removed", NotUsed = true)]
    PipelineRemoved = 17002,

    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Старт конвейера запуска процесса инференса", "The agent started the pipeline that launches the inference process")]
    InferenceProcessStartPipeline = 18100,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "При запуске агента было обнаружено, что процесс инференса аварийно завершен и не выполняется", "On agent start-up the inference process was found terminated abnormally and not running")]
    InferenceProcessEmergencyShutdown = 18101,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Файловое хранилище успешно подготовлено", "File storage prepared")]
    InferenceProcessStartFileStoragePrepareSuccess = 18200,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Подготовка файлового хранилища завершилась ошибкой. Например, не хватает прав для создания папки с данными процесса обучения на целевой машине", "Preparing the file storage failed (for example, no permission to create the process data folder on the agent)")]
    InferenceProcessStartFileStoragePrepareError = 18201,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Скачивание файла скрипта завершилось успешно. Примечание: в текущей версии пользовательские скрипты не поддерживаются", "Script file downloaded", NotUsed = true)]
    InferenceProcessStartDownloadScriptSuccess = 18300,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Скачивание файла скрипта завершилось ошибкой. Примечание: в текущей версии пользовательские скрипты не поддерживаются", "Downloading the script file failed", NotUsed = true)]
    InferenceProcessStartDownloadScriptError = 18301,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Скачивание модели завершилось успешно", "Model downloaded")]
    InferenceProcessStartDownloadModelSuccess = 18500,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Скачивание модели завершилось ошибкой", "Downloading the model failed")]
    InferenceProcessStartDownloadModelError = 18501,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Распаковка архива модели завершилась успешно", "Model archive unpacked")]
    InferenceProcessStartUnzipModelSuccess = 18502,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Распаковка архива модели завершилась ошибкой", "Unpacking the model archive failed")]
    InferenceProcessStartUnzipModelError = 18503,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Скачивание схемы разметки завершилась успешно", "Marking scheme downloaded")]
    InferenceProcessStartDownloadMarkingSchemeSuccess = 18600,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Скачивание схемы разметки завершилось ошибкой", "Downloading the marking scheme failed")]
    InferenceProcessStartDownloadMarkingSchemeError = 18601,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Скачивание тестового датасета завершилась успешно (тестовый процесс инференса)", "Test dataset downloaded (test inference process)")]
    InferenceTestProcessStartDownloadDataSetSuccess = 18700,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Скачивание тестового датасета завершилось ошибкой", "Downloading the test dataset failed")]
    InferenceTestProcessStartDownloadDataSetError = 18701,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Распаковка тестового датасета завершилась успешно", "Test dataset unpacked")]
    InferenceTestProcessStartUnzipDataSetSuccess = 18702,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Распаковка тестового датасета завершилось ошибкой", "Unpacking the test dataset failed")]
    InferenceTestProcessStartUnzipDataSetError = 18703,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Процесс инференса успешно запущен", "Inference process started")]
    InferenceProcessStartCompletedSuccess = 18800,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Запуск процесса инференса завершился ошибкой", "Starting the inference process failed")]
    InferenceProcessStartCompletedError = 18801,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Показатели оценки процесса тестового инференс получены сервером", "The server received the evaluation scores of the test inference process")]
    InferenceTestProcessTransferEvaluationResultSuccess = 18900,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Координаты полей тестового инференс получены сервером", "The server received the field bounding boxes of the test inference process")]
    InferenceTestProcessTransferBboxSuccess = 18920,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Information, "Тестовый процесс инференса завершен успешно", "Test inference process completed")]
    InferenceTestProcessCompletedSuccess = 18940,
    [Event(EventGroup.InferenceProcessPipeline, EventClass.Error, "Тестовый процесс инференса завершился ошибкой", "Test inference process failed")]
    InferenceTestProcessCompletedError = 18960,

    [Event(EventGroup.AgentLog, EventClass.Information, "Данные из журнала агента получены сервером", "The server received data from the agent's log")]
    AgentLogDataReceived = 19000,

    [Event(EventGroup.Export, EventClass.Information, "Подписка на экспорт журнала создана", "Export subscription created")]
    ExportSubscriptionCreated = 90000,
    [Event(EventGroup.Export, EventClass.Correction, "Подписка на экспорт журнала изменена", "Export subscription changed")]
    ExportSubscriptionUpdated = 90001,
    [Event(EventGroup.Export, EventClass.Correction, "Подписка на экспорт журнала удалена", "Export subscription removed")]
    ExportSubscriptionRemoved = 90002,
    [Event(EventGroup.Export, EventClass.Information, "Подписка на экспорт журнала приостановлена", "Export subscription paused")]
    ExportSubscriptionPaused = 90003,
    [Event(EventGroup.Export, EventClass.Information, "Подписка на экспорт журнала возобновлена", "Export subscription resumed")]
    ExportSubscriptionResumed = 90004,
    [Event(EventGroup.Export, EventClass.Error, "Доставка по подписке на экспорт остановлена постоянной ошибкой получателя", "Export subscription failing: the receiver refused with a permanent error")]
    ExportSubscriptionFailed = 90005,
    [Event(EventGroup.Export, EventClass.Information, "Доставка по подписке на экспорт восстановлена", "Export subscription recovered: deliveries succeed again")]
    ExportSubscriptionRecovered = 90006,
    [Event(EventGroup.Export, EventClass.Information, "Подписка на экспорт журнала перемотана для повторной доставки", "Export subscription rewound for replay")]
    ExportSubscriptionReplayed = 90007,

    [Event(EventGroup.Journal, EventClass.Correction, "Записи журнала старше срока хранения удалены", "Journal records older than the retention period removed")]
    JournalRecordsRemoved = 91000,

    [Event(EventGroup.Tenants, EventClass.Information, "Тенант создан", "Tenant created")]
    TenantCreated = 92000,
    [Event(EventGroup.Tenants, EventClass.Correction, "Тенант изменен", "Tenant changed")]
    TenantUpdated = 92001,
    [Event(EventGroup.Tenants, EventClass.Correction, "Тенант удален", "Tenant removed")]
    TenantRemoved = 92002,
    [Event(EventGroup.Tenants, EventClass.Information, "Тенант включен", "Tenant enabled")]
    TenantEnabled = 92003,
    [Event(EventGroup.Tenants, EventClass.Information, "Тенант отключен", "Tenant disabled")]
    TenantDisabled = 92004,
}
