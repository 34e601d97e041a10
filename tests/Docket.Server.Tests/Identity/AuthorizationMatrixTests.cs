using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net;
using System.Text;
using System.Text.Json;
using Docket.Contracts.InferenceProcesses;
using Docket.Server.Features.InferenceProcesses;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Server.Tests.DataSets;
using Docket.Server.Tests.InferenceProcesses;
using Docket.Server.Tests.Infrastructure;
using Docket.Server.Tests.Markings;
using Docket.Server.Tests.ModelTemplates;
using Docket.Server.Tests.TrainProcesses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Docket.Server.Tests.Identity;

/// <summary>
/// Every endpoint of the API against four callers: nobody (401); a user of the same tenant whose roles grant
/// everything but the right the endpoint needs (403); a user of another tenant who holds that right (404 for
/// the first tenant's objects, absent from its lists); and a user who holds exactly that right (success).
/// Each case makes its own tenants, users and objects through the API.
/// </summary>
public sealed class AuthorizationMatrixTests(DocketServer server) : IClassFixture<DocketServer>
{
    private static readonly Needs SignedIn = new(null, Rights.None);
    private static readonly Needs Administrator = new(null, Rights.None, Administrator: true);

    private static readonly SemaphoreSlim SampleArchiveLock = new(1, 1);
    private static byte[]? sampleArchive;

    /// <summary>The built-in FieldExtraction type, which every tenant has.</summary>
    private static readonly Guid BuiltInModelType = Guid.Parse("00000000-0000-7000-8001-000000000001");

    private const string MarkingState = "/api/v1/images/{imageId}/markings/{schemeId}";

    /// <summary>
    /// The whole API. <c>{id}</c> is the id of the row's target object, <c>{tenant}</c> the id of the tenant that
    /// owns it, any other placeholder an object made with the target (see <see cref="Related"/>). The anonymous endpoints (login, password change, version, health, OpenAPI) are in HostingTests and LoginTests.
    /// </summary>
    private static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/v1/auth/me", SignedIn, HttpStatusCode.OK),
        new("POST", "/api/v1/auth/logout", SignedIn, HttpStatusCode.NoContent),

        new("GET", "/api/v1/tenants", Right(ObjectKind.Tenant, Rights.View), HttpStatusCode.OK, TheTenant, Lists: IdsOfArray),
        new("GET", "/api/v1/tenants/{id}", Right(ObjectKind.Tenant, Rights.View), HttpStatusCode.OK, TheTenant, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/tenants", Administrator, HttpStatusCode.Created, Body: _ => new { name = Unique("tenant") }),
        new("PUT", "/api/v1/tenants/{id}", Administrator, HttpStatusCode.OK, TheTenant, Body: s => new { name = s.Owner.Name, description = "Edited" }),
        new("DELETE", "/api/v1/tenants/{id}", Administrator, HttpStatusCode.NoContent, AnEmptyTenant),

        new("GET", "/api/v1/users?tenantId={tenant}", Right(ObjectKind.User, Rights.View), HttpStatusCode.OK, AUser, Lists: IdsOfPage),
        new("POST", "/api/v1/users", Right(ObjectKind.User, Rights.Create), HttpStatusCode.Created,
            Body: s => new { login = Unique("user"), password = DocketServerExtensions.UserPassword, tenantId = s.Owner.Id },
            Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/users/{id}", Right(ObjectKind.User, Rights.View), HttpStatusCode.OK, AUser, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/users/{id}", Right(ObjectKind.User, Rights.Edit), HttpStatusCode.OK, AUser,
            Body: _ => new { displayName = "Edited" }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/users/{id}", Right(ObjectKind.User, Rights.Delete), HttpStatusCode.NoContent, AUser, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/users/{id}/roles", Right(ObjectKind.User, Rights.Manage), HttpStatusCode.OK, AUser,
            Body: _ => new { roleIds = Array.Empty<Guid>() }, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/users/{id}/block", Right(ObjectKind.User, Rights.Manage), HttpStatusCode.OK, AUser, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/users/{id}/unblock", Right(ObjectKind.User, Rights.Manage), HttpStatusCode.OK, AUser, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/users/{id}/password", Right(ObjectKind.User, Rights.Manage), HttpStatusCode.OK, AUser,
            Body: _ => new { newPassword = "Another-Passw0rd!" }, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/roles?tenantId={tenant}", Right(ObjectKind.Role, Rights.View), HttpStatusCode.OK, ARole, Lists: IdsOfArray),
        new("POST", "/api/v1/roles?tenantId={tenant}", Right(ObjectKind.Role, Rights.Create), HttpStatusCode.Created,
            // Rights the caller itself holds: nobody grants more than they have.
            Body: _ => new { name = Unique("role"), permissions = new[] { new { kind = "Role", rights = new[] { "Create" } } } },
            Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/roles/{id}", Right(ObjectKind.Role, Rights.View), HttpStatusCode.OK, ARole, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/roles/{id}", Right(ObjectKind.Role, Rights.Edit), HttpStatusCode.OK, ARole,
            Body: _ => new { name = Unique("role") }, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/roles/{id}/permissions", Right(ObjectKind.Role, Rights.Manage), HttpStatusCode.OK, ARole,
            Body: _ => new { permissions = new[] { new { kind = "Role", rights = new[] { "Manage" } } } }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/roles/{id}", Right(ObjectKind.Role, Rights.Delete), HttpStatusCode.NoContent, ARole, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/api-keys?tenantId={tenant}", Right(ObjectKind.ApiKey, Rights.View), HttpStatusCode.OK, AnApiKey, Lists: IdsOfArray),
        // The target is a service account of the tenant: the key is minted for it.
        new("POST", "/api/v1/api-keys", Right(ObjectKind.ApiKey, Rights.Create), HttpStatusCode.Created, AServiceAccount,
            Body: s => new { name = "robot", userId = s.TargetId }, Cross: CrossTenant.Refused),
        new("DELETE", "/api/v1/api-keys/{id}", Right(ObjectKind.ApiKey, Rights.Delete), HttpStatusCode.NoContent, AnApiKey, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/agents?tenantId={tenant}", Right(ObjectKind.Agent, Rights.View), HttpStatusCode.OK, AnAgent, Lists: IdsOfArray),
        new("POST", "/api/v1/agents", Right(ObjectKind.Agent, Rights.Create), HttpStatusCode.Created,
            Body: s => new { name = Unique("agent"), tenantId = s.Owner.Id }, Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/agents/{id}", Right(ObjectKind.Agent, Rights.View), HttpStatusCode.OK, AnAgent, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/agents/{id}", Right(ObjectKind.Agent, Rights.Edit), HttpStatusCode.OK, AnAgent,
            Body: _ => new { name = Unique("agent") }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/agents/{id}", Right(ObjectKind.Agent, Rights.Delete), HttpStatusCode.NoContent, AnAgent, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/agents/{id}/enable", Right(ObjectKind.Agent, Rights.Manage), HttpStatusCode.OK, AnAgent, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/agents/{id}/disable", Right(ObjectKind.Agent, Rights.Manage), HttpStatusCode.OK, AnAgent, Cross: CrossTenant.NotFound),
        // The agent never connected: the right lets the caller through to the answer that it cannot be reached.
        new("POST", "/api/v1/agents/{id}/ping", Right(ObjectKind.Agent, Rights.Manage), HttpStatusCode.Conflict, AnAgent, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/agents/{id}/log-lines", Right(ObjectKind.Agent, Rights.View), HttpStatusCode.OK, AnAgent, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/projects?tenantId={tenant}", Right(ObjectKind.Project, Rights.View), HttpStatusCode.OK, AProject, Lists: IdsOfPage),
        new("POST", "/api/v1/projects", Right(ObjectKind.Project, Rights.Create), HttpStatusCode.Created,
            Body: s => new { name = Unique("project"), tenantId = s.Owner.Id }, Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/projects/{id}", Right(ObjectKind.Project, Rights.View), HttpStatusCode.OK, AProject, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/projects/{id}", Right(ObjectKind.Project, Rights.Edit), HttpStatusCode.OK, AProject,
            Body: _ => new { name = Unique("project") }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/projects/{id}", Right(ObjectKind.Project, Rights.Delete), HttpStatusCode.NoContent, AProject, Cross: CrossTenant.NotFound),

        // A project's schemes: another tenant's project is missing, so its list and creates are 404, not filtered.
        new("GET", "/api/v1/projects/{projectId}/marking-schemes", Right(ObjectKind.MarkingScheme, Rights.View), HttpStatusCode.OK, AProjectOfSchemes,
            Cross: CrossTenant.NotFound, State: "/api/v1/projects/{projectId}/marking-schemes"),
        new("POST", "/api/v1/projects/{projectId}/marking-schemes", Right(ObjectKind.MarkingScheme, Rights.Create), HttpStatusCode.Created, AProjectOfSchemes,
            Body: _ => new { name = Unique("scheme") }, Cross: CrossTenant.NotFound, State: "/api/v1/projects/{projectId}/marking-schemes"),
        new("GET", "/api/v1/marking-schemes/{id}", Right(ObjectKind.MarkingScheme, Rights.View), HttpStatusCode.OK, AScheme, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/marking-schemes/{id}", Right(ObjectKind.MarkingScheme, Rights.Edit), HttpStatusCode.OK, AScheme,
            Body: _ => new { name = Unique("scheme") }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/marking-schemes/{id}", Right(ObjectKind.MarkingScheme, Rights.Delete), HttpStatusCode.NoContent, AScheme, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/marking-schemes/{id}/fields", Right(ObjectKind.MarkingScheme, Rights.Edit), HttpStatusCode.Created, AScheme,
            Body: _ => new { name = Unique("field") }, Cross: CrossTenant.NotFound),
        new("PATCH", "/api/v1/marking-schemes/{id}/fields", Right(ObjectKind.MarkingScheme, Rights.Edit), HttpStatusCode.OK, AScheme,
            Body: s => new { fields = new[] { new { fieldId = s.Related("fieldId"), required = true } } }, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/marking-schemes/{id}/fields/{fieldId}", Right(ObjectKind.MarkingScheme, Rights.View), HttpStatusCode.OK, AScheme,
            Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/marking-schemes/{id}/fields/{fieldId}", Right(ObjectKind.MarkingScheme, Rights.Edit), HttpStatusCode.OK, AScheme,
            Body: _ => new { name = Unique("field"), type = "Table" }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/marking-schemes/{id}/fields/{fieldId}", Right(ObjectKind.MarkingScheme, Rights.Edit), HttpStatusCode.NoContent, AScheme,
            Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/marking-schemes/{id}/fields/{fieldId}/columns", Right(ObjectKind.MarkingScheme, Rights.Edit), HttpStatusCode.OK, AScheme,
            Body: _ => new { columns = new[] { new { name = "Name" }, new { name = "Price" } } }, Cross: CrossTenant.NotFound),

        // Uploads and the image list name the project; the rest an image. An upload's body is a PNG, not JSON.
        new("POST", "/api/v1/projects/{projectId}/images", Right(ObjectKind.ImageData, Rights.Create), HttpStatusCode.Created, AProjectOfSchemes,
            Body: _ => PngContent(), Cross: CrossTenant.NotFound, State: "/api/v1/projects/{projectId}/images"),
        new("GET", "/api/v1/projects/{projectId}/images", Right(ObjectKind.ImageData, Rights.View), HttpStatusCode.OK, AProjectOfSchemes,
            Cross: CrossTenant.NotFound, State: "/api/v1/projects/{projectId}/images"),
        new("GET", "/api/v1/images/{id}", Right(ObjectKind.ImageData, Rights.View), HttpStatusCode.OK, AnImage, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/images/{id}", Right(ObjectKind.ImageData, Rights.Edit), HttpStatusCode.OK, AnImage,
            Body: _ => new { name = Unique("image"), rotation = 180 }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/images/{id}", Right(ObjectKind.ImageData, Rights.Delete), HttpStatusCode.NoContent, AnImage, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/images/{id}/original", Right(ObjectKind.ImageData, Rights.View), HttpStatusCode.OK, AnImage, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/images/{id}/page", Right(ObjectKind.ImageData, Rights.View), HttpStatusCode.OK, AnImage, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/images/{id}/thumbnail", Right(ObjectKind.ImageData, Rights.View), HttpStatusCode.OK, AnImage, Cross: CrossTenant.NotFound),

        // Markings are addressed by image and scheme; the target is a marking, its state the marking as its tenant reads it.
        new("GET", "/api/v1/images/{imageId}/markings", Right(ObjectKind.Marking, Rights.View), HttpStatusCode.OK, AMarking,
            Cross: CrossTenant.NotFound, State: MarkingState),
        new("GET", "/api/v1/images/{imageId}/markings/{schemeId}", Right(ObjectKind.Marking, Rights.View), HttpStatusCode.OK, AMarking,
            Cross: CrossTenant.NotFound, State: MarkingState),
        new("PUT", "/api/v1/images/{imageId}/markings/{schemeId}", Right(ObjectKind.Marking, Rights.Edit), HttpStatusCode.OK, AMarking,
            Body: _ => new { fields = new[] { new { field = "Total", value = "99.00" } } }, Cross: CrossTenant.NotFound, State: MarkingState),
        new("DELETE", "/api/v1/images/{imageId}/markings/{schemeId}", Right(ObjectKind.Marking, Rights.Delete), HttpStatusCode.NoContent, AMarking,
            Cross: CrossTenant.NotFound, State: MarkingState),
        new("GET", "/api/v1/marking-schemes/{schemeId}/markings", Right(ObjectKind.Marking, Rights.View), HttpStatusCode.OK, AMarking,
            Cross: CrossTenant.NotFound, State: MarkingState),

        // Journal rows target a project: the lists must show its ProjectCreated record to its tenant only.
        new("GET", "/api/v1/events?codes=3000", Right(ObjectKind.Journal, Rights.View), HttpStatusCode.OK, AProject, Lists: EntityIdsOfPage),
        new("GET", "/api/v1/events/export?codes=3000", Right(ObjectKind.Journal, Rights.View), HttpStatusCode.OK, AProject, Lists: EntityIdsOfNdjson),
        new("GET", "/api/v1/events/stream?codes=3000&after=0", Right(ObjectKind.Journal, Rights.View), HttpStatusCode.OK, AProject,
            Lists: EntityIdOfFirstEvent, Streams: true),
        new("GET", "/api/v1/events/verify", Administrator, HttpStatusCode.OK),
        new("GET", "/api/v1/events/catalog", SignedIn, HttpStatusCode.OK),

        new("GET", "/api/v1/export/subscriptions", Right(ObjectKind.ExportSubscription, Rights.View), HttpStatusCode.OK, ASubscription, Lists: IdsOfArray),
        new("POST", "/api/v1/export/subscriptions", Right(ObjectKind.ExportSubscription, Rights.Manage), HttpStatusCode.Created,
            Body: s => new { name = Unique("export"), sink = "File", settings = new { directory = Unique("folder") }, enabled = false, tenantId = s.Owner.Id },
            Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/export/subscriptions/{id}", Right(ObjectKind.ExportSubscription, Rights.View), HttpStatusCode.OK, ASubscription, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/export/subscriptions/{id}", Right(ObjectKind.ExportSubscription, Rights.Manage), HttpStatusCode.OK, ASubscription,
            Body: _ => new { name = Unique("export"), sink = "File", settings = new { directory = Unique("folder") } }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/export/subscriptions/{id}", Right(ObjectKind.ExportSubscription, Rights.Manage), HttpStatusCode.NoContent, ASubscription, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/export/subscriptions/{id}/pause", Right(ObjectKind.ExportSubscription, Rights.Manage), HttpStatusCode.OK, ASubscription, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/export/subscriptions/{id}/resume", Right(ObjectKind.ExportSubscription, Rights.Manage), HttpStatusCode.OK, ASubscription, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/export/subscriptions/{id}/replay", Right(ObjectKind.ExportSubscription, Rights.Manage), HttpStatusCode.OK, ASubscription,
            Body: _ => new { fromSequence = 1 }, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/export/schema", SignedIn, HttpStatusCode.OK),

        new("GET", "/api/v1/data-sets?tenantId={tenant}", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, ADataSet, Lists: IdsOfPage),
        new("POST", "/api/v1/projects/{id}/data-sets", Right(ObjectKind.DataSet, Rights.Create), HttpStatusCode.Created, AMarkedProject,
            Body: s => new { name = Unique("dataset"), schemeId = s.Related("scheme") }, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/data-sets/{id}", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, ADataSet, Cross: CrossTenant.NotFound),
        // An import makes a scheme, images and markings as well, so it needs the rights to make those too.
        new("POST", "/api/v1/projects/{id}/data-sets/import",
            new Needs(ObjectKind.DataSet, Rights.Create, Also: [(ObjectKind.MarkingScheme, Rights.Create), (ObjectKind.ImageData, Rights.Create), (ObjectKind.Marking, Rights.Edit)]),
            HttpStatusCode.Created, AProjectForAnArchive, Body: _ => SampleArchiveContent(), Cross: CrossTenant.NotFound,
            State: "/api/v1/data-sets?projectId={id}"),
        new("PUT", "/api/v1/data-sets/{id}", Right(ObjectKind.DataSet, Rights.Edit), HttpStatusCode.OK, ADataSet,
            Body: _ => new { name = Unique("dataset") }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/data-sets/{id}", Right(ObjectKind.DataSet, Rights.Delete), HttpStatusCode.NoContent, ADataSet, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/data-sets/{id}/versions", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, ADataSet, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/data-sets/{id}/versions", Right(ObjectKind.DataSet, Rights.Edit), HttpStatusCode.Created, ADataSet,
            Body: _ => new { trainRatio = 0.5 }, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/data-sets/{id}/versions/{number}/items", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, ADataSet, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/data-sets/{id}/versions/{number}/archives", Right(ObjectKind.DataSet, Rights.Manage), HttpStatusCode.Accepted, ADataSet,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/data-sets/{id}/archives", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, ADataSet, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/data-sets/{id}/archives/{archive}", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, AnArchivedDataSet,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/data-sets/{id}/archives/{archive}/content", Right(ObjectKind.DataSet, Rights.View), HttpStatusCode.OK, AnArchivedDataSet,
            Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/model-types?tenantId={tenant}", Right(ObjectKind.ModelType, Rights.View), HttpStatusCode.OK, AModelType, Lists: IdsOfArray),
        new("POST", "/api/v1/model-types", Right(ObjectKind.ModelType, Rights.Create), HttpStatusCode.Created,
            Body: s => new { name = Unique("type"), purpose = "FieldExtraction", tenantId = s.Owner.Id }, Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/model-types/{id}", Right(ObjectKind.ModelType, Rights.View), HttpStatusCode.OK, AModelType, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/model-types/{id}", Right(ObjectKind.ModelType, Rights.Edit), HttpStatusCode.OK, AModelType,
            Body: _ => new { name = Unique("type") }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/model-types/{id}", Right(ObjectKind.ModelType, Rights.Delete), HttpStatusCode.NoContent, AModelType, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/model-templates?tenantId={tenant}", Right(ObjectKind.ModelTemplate, Rights.View), HttpStatusCode.OK, AModelTemplate, Lists: IdsOfPage),
        new("POST", "/api/v1/model-templates", Right(ObjectKind.ModelTemplate, Rights.Create), HttpStatusCode.Created,
            Body: s => new { name = Unique("template"), modelTypeId = BuiltInModelType, tenantId = s.Owner.Id }, Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/model-templates/{id}", Right(ObjectKind.ModelTemplate, Rights.View), HttpStatusCode.OK, AModelTemplate, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/model-templates/{id}", Right(ObjectKind.ModelTemplate, Rights.Edit), HttpStatusCode.OK, AModelTemplate,
            Body: _ => new { name = Unique("template"), modelTypeId = BuiltInModelType }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/model-templates/{id}", Right(ObjectKind.ModelTemplate, Rights.Delete), HttpStatusCode.NoContent, AModelTemplate, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/model-templates/{id}/package", Right(ObjectKind.ModelTemplate, Rights.Edit), HttpStatusCode.OK, AModelTemplate,
            Body: _ => PackageContent(), Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/model-templates/{id}/package", Right(ObjectKind.ModelTemplate, Rights.View), HttpStatusCode.OK, AModelTemplateWithPackage,
            Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/scripts?tenantId={tenant}", Right(ObjectKind.Script, Rights.View), HttpStatusCode.OK, AScript, Lists: IdsOfPage),
        new("POST", "/api/v1/scripts", Right(ObjectKind.Script, Rights.Create), HttpStatusCode.Created,
            Body: s => new { name = Unique("script"), engine = "external", tenantId = s.Owner.Id }, Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/scripts/{id}", Right(ObjectKind.Script, Rights.View), HttpStatusCode.OK, AScript, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/scripts/{id}", Right(ObjectKind.Script, Rights.Edit), HttpStatusCode.OK, AScript,
            Body: _ => new { name = Unique("script"), engine = "external" }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/scripts/{id}", Right(ObjectKind.Script, Rights.Delete), HttpStatusCode.NoContent, AScript, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/scripts/{id}/package", Right(ObjectKind.Script, Rights.Edit), HttpStatusCode.OK, AScript,
            Body: _ => ScriptPackageContent(), Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/scripts/{id}/package", Right(ObjectKind.Script, Rights.View), HttpStatusCode.OK, AScriptWithPackage,
            Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/models?tenantId={tenant}", Right(ObjectKind.Model, Rights.View), HttpStatusCode.OK, AModel, Lists: IdsOfPage),
        new("POST", "/api/v1/models", Right(ObjectKind.Model, Rights.Create), HttpStatusCode.Created,
            Body: s => new { name = Unique("model"), modelTypeId = BuiltInModelType, tenantId = s.Owner.Id }, Cross: CrossTenant.CreatesInOwnTenant),
        new("GET", "/api/v1/models/{id}", Right(ObjectKind.Model, Rights.View), HttpStatusCode.OK, AModel, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/models/{id}", Right(ObjectKind.Model, Rights.Edit), HttpStatusCode.OK, AModel,
            Body: _ => new { name = Unique("model"), modelTypeId = BuiltInModelType }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/models/{id}", Right(ObjectKind.Model, Rights.Delete), HttpStatusCode.NoContent, AModel, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/models/{id}/versions", Right(ObjectKind.Model, Rights.View), HttpStatusCode.OK, AModel, Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/models/{id}/versions", Right(ObjectKind.Model, Rights.Edit), HttpStatusCode.Created, AModel,
            Body: _ => PackageContent(), Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/models/{id}/versions/{number}", Right(ObjectKind.Model, Rights.View), HttpStatusCode.OK, ATaggedModel, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/models/{id}/versions/{number}", Right(ObjectKind.Model, Rights.Edit), HttpStatusCode.NoContent, ATaggedModel,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/models/{id}/versions/{number}/package", Right(ObjectKind.Model, Rights.View), HttpStatusCode.OK, ATaggedModel,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/models/{id}/tags/{tag}", Right(ObjectKind.Model, Rights.View), HttpStatusCode.OK, ATaggedModel, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/models/{id}/tags/{tag}", Right(ObjectKind.Model, Rights.Edit), HttpStatusCode.OK, ATaggedModel,
            Body: _ => new { version = 1 }, Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/models/{id}/tags/{tag}", Right(ObjectKind.Model, Rights.Edit), HttpStatusCode.OK, ATaggedModel, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/train-process-templates?tenantId={tenant}", Right(ObjectKind.TrainProcessTemplate, Rights.View), HttpStatusCode.OK,
            ATrainProcessTemplate, Lists: IdsOfPage),
        new("POST", "/api/v1/train-process-templates", Right(ObjectKind.TrainProcessTemplate, Rights.Create), HttpStatusCode.Created, AModelTemplate,
            Body: s => new { name = Unique("recipe"), modelTypeId = BuiltInModelType, modelTemplateId = s.TargetId, tenantId = s.Owner.Id },
            Cross: CrossTenant.Refused),
        new("GET", "/api/v1/train-process-templates/{id}", Right(ObjectKind.TrainProcessTemplate, Rights.View), HttpStatusCode.OK, ATrainProcessTemplate,
            Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/train-process-templates/{id}", Right(ObjectKind.TrainProcessTemplate, Rights.Edit), HttpStatusCode.OK, ATrainProcessTemplate,
            Body: s => new { name = Unique("recipe"), modelTypeId = BuiltInModelType, modelTemplateId = s.Related("modelTemplateId"), workers = 2 },
            Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/train-process-templates/{id}", Right(ObjectKind.TrainProcessTemplate, Rights.Delete), HttpStatusCode.NoContent,
            ATrainProcessTemplate, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/inference-process-templates?tenantId={tenant}", Right(ObjectKind.InferenceProcessTemplate, Rights.View), HttpStatusCode.OK,
            AnInferenceProcessTemplate, Lists: IdsOfPage),
        new("POST", "/api/v1/inference-process-templates", Right(ObjectKind.InferenceProcessTemplate, Rights.Create), HttpStatusCode.Created,
            AServedModel, Body: s => new
            {
                name = Unique("serving"), modelId = s.TargetId, modelTag = "production", markingSchemeId = s.Related("schemeId"), tenantId = s.Owner.Id,
            },
            Cross: CrossTenant.Refused),
        new("GET", "/api/v1/inference-process-templates/{id}", Right(ObjectKind.InferenceProcessTemplate, Rights.View), HttpStatusCode.OK,
            AnInferenceProcessTemplate, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/inference-process-templates/{id}", Right(ObjectKind.InferenceProcessTemplate, Rights.Edit), HttpStatusCode.OK,
            AnInferenceProcessTemplate, Body: s => new
            {
                name = Unique("serving"), modelId = s.Related("modelId"), modelVersion = 1, markingSchemeId = s.Related("schemeId"), lineRemoval = true,
            },
            Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/inference-process-templates/{id}", Right(ObjectKind.InferenceProcessTemplate, Rights.Delete), HttpStatusCode.NoContent,
            AnInferenceProcessTemplate, Cross: CrossTenant.NotFound),

        new("GET", "/api/v1/train-processes?tenantId={tenant}", Right(ObjectKind.TrainProcess, Rights.View), HttpStatusCode.OK, ATrainProcess, Lists: IdsOfPage),
        new("POST", "/api/v1/train-processes", Right(ObjectKind.TrainProcess, Rights.Create), HttpStatusCode.Created, ATrainingSetup,
            Body: s => TrainProcessBody(s), Cross: CrossTenant.Refused),
        new("GET", "/api/v1/train-processes/{id}", Right(ObjectKind.TrainProcess, Rights.View), HttpStatusCode.OK, ATrainProcess, Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/train-processes/{id}", Right(ObjectKind.TrainProcess, Rights.Edit), HttpStatusCode.OK, ATrainProcess,
            Body: s => TrainProcessBody(s), Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/train-processes/{id}", Right(ObjectKind.TrainProcess, Rights.Delete), HttpStatusCode.NoContent, ATrainProcess,
            Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/train-processes/{id}/enable", Right(ObjectKind.TrainProcess, Rights.Manage), HttpStatusCode.OK, ATrainProcess,
            Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/train-processes/{id}/disable", Right(ObjectKind.TrainProcess, Rights.Manage), HttpStatusCode.OK, ATrainProcess,
            Cross: CrossTenant.NotFound),
        // Its agent never connected: the right is enough to be told so (409), as a ping is.
        new("POST", "/api/v1/train-processes/{id}/start", Right(ObjectKind.TrainProcess, Rights.Manage), HttpStatusCode.Conflict, ATrainProcess,
            Cross: CrossTenant.NotFound),
        // Nothing runs: the right is enough to be told so (409).
        new("POST", "/api/v1/train-processes/{id}/stop", Right(ObjectKind.TrainProcess, Rights.Manage), HttpStatusCode.Conflict, ATrainProcess,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/train-processes/{id}/metrics", Right(ObjectKind.TrainProcess, Rights.View), HttpStatusCode.OK, ATrainProcess,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/inference-processes?tenantId={tenant}", Right(ObjectKind.InferenceProcess, Rights.View), HttpStatusCode.OK,
            AnInferenceProcess, Lists: IdsOfPage),
        new("POST", "/api/v1/inference-processes", Right(ObjectKind.InferenceProcess, Rights.Create), HttpStatusCode.Created, WhatAProcessNames,
            Body: s => new { name = Unique("serving"), agentId = s.Related("agentId"), templateId = s.TargetId, scriptId = s.Related("scriptId"), tenantId = s.Owner.Id },
            Cross: CrossTenant.Refused),
        new("GET", "/api/v1/inference-processes/{id}", Right(ObjectKind.InferenceProcess, Rights.View), HttpStatusCode.OK, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        new("PUT", "/api/v1/inference-processes/{id}", Right(ObjectKind.InferenceProcess, Rights.Edit), HttpStatusCode.OK, AnInferenceProcess,
            Body: s => new { name = Unique("serving"), agentId = s.Related("agentId"), templateId = s.Related("templateId"), scriptId = s.Related("scriptId") },
            Cross: CrossTenant.NotFound),
        new("DELETE", "/api/v1/inference-processes/{id}", Right(ObjectKind.InferenceProcess, Rights.Delete), HttpStatusCode.NoContent, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/inference-processes/{id}/enable", Right(ObjectKind.InferenceProcess, Rights.Manage), HttpStatusCode.OK, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/inference-processes/{id}/disable", Right(ObjectKind.InferenceProcess, Rights.Manage), HttpStatusCode.OK, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        // No agent is connected in the matrix: the right is checked, then the start and the test run meet the agent's state and the stop the process's.
        new("POST", "/api/v1/inference-processes/{id}/start", Right(ObjectKind.InferenceProcess, Rights.Manage), HttpStatusCode.Conflict, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/inference-processes/{id}/stop", Right(ObjectKind.InferenceProcess, Rights.Manage), HttpStatusCode.Conflict, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        new("POST", "/api/v1/inference-processes/{id}/test-runs", Right(ObjectKind.InferenceProcess, Rights.Manage), HttpStatusCode.Conflict, AnInferenceProcess,
            Body: _ => new { dataSetId = Guid.NewGuid(), version = 1 }, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/inference-processes/{id}/test-runs", Right(ObjectKind.InferenceProcess, Rights.View), HttpStatusCode.OK, AnInferenceProcess,
            Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/inference-processes/{id}/test-runs/{runId}", Right(ObjectKind.InferenceProcess, Rights.View), HttpStatusCode.OK,
            AnInferenceProcess, Cross: CrossTenant.NotFound),
        new("GET", "/api/v1/inference-processes/{id}/test-runs/{runId}/predictions", Right(ObjectKind.InferenceProcess, Rights.View), HttpStatusCode.OK,
            AnInferenceProcess, Cross: CrossTenant.NotFound),

        new("GET", "/metrics", Administrator, HttpStatusCode.OK),
    ];

    /// <summary>
    /// Objects a target was made with that rows name besides it, by placeholder: a scheme's field, a marking's image and
    /// scheme, a marked project's scheme, a dataset's version number and archive. Keyed by the target's id.
    /// </summary>
    private static readonly ConcurrentDictionary<Guid, Dictionary<string, string>> Related = new();

    private enum CrossTenant
    {
        /// <summary>Nothing of another tenant to reach: the endpoint is the caller's own or the Administrator's.</summary>
        None,

        /// <summary>The other tenant's object is reported missing.</summary>
        NotFound,

        /// <summary>A list answers with the caller's own objects and none of the other tenant's.</summary>
        Unlisted,

        /// <summary>A create that names the other tenant lands in the caller's own tenant.</summary>
        CreatesInOwnTenant,

        /// <summary>A create that names the other tenant's object is refused as invalid.</summary>
        Refused,
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> AllEndpoints => new(Endpoints.Select(e => e.Name));

    public static TheoryData<string> EndpointsNeedingARight => new(Endpoints.Where(e => e.Needs != SignedIn).Select(e => e.Name));

    public static TheoryData<string> EndpointsOverTenantData => new(Endpoints.Where(e => e.EffectiveCross != CrossTenant.None).Select(e => e.Name));

    [Fact]
    public void The_matrix_has_a_row_for_every_endpoint_the_server_maps()
    {
        var mapped = ((IEndpointRouteBuilder)server.App).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {Normalize(endpoint.RoutePattern.RawText!)}"))
            .ToHashSet();
        var rows = Endpoints.Select(e => $"{e.Method} {Normalize(e.Route)}").ToList();

        rows.ShouldBeUnique();
        mapped.Order().ShouldBe(rows.Order());

        static string Normalize(string route) =>
            System.Text.RegularExpressions.Regex.Replace(route.Split('?')[0], "{[^}]+}", "{}").TrimEnd('/');
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Anonymous_caller_is_unauthorized(string endpoint)
    {
        var row = Row(endpoint);
        var owner = await server.CreateTenantAsync();
        var scene = await SceneAsync(row, owner);
        using var anonymous = server.Anonymous();

        using var response = await SendAsync(anonymous, row, scene);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(EndpointsNeedingARight))]
    public async Task Caller_of_the_tenant_without_the_right_is_forbidden(string endpoint)
    {
        var row = Row(endpoint);
        var owner = await server.CreateTenantAsync();
        var scene = await SceneAsync(row, owner);
        var caller = await LackingAsync(row.Needs, owner);

        using var response = await SendAsync(caller, row, scene);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(EndpointsOverTenantData))]
    public async Task Caller_of_another_tenant_with_the_right_cannot_reach_the_tenants_objects(string endpoint)
    {
        var row = Row(endpoint);
        var owner = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var caller = await HolderAsync(row.Needs, other);
        var scene = await SceneAsync(row, owner);

        switch (row.EffectiveCross)
        {
            case CrossTenant.NotFound:
            {
                var before = await SnapshotAsync(row, scene);
                using var response = await SendAsync(caller, row, scene);
                await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
                (await SnapshotAsync(row, scene)).ShouldBe(before);
                break;
            }

            case CrossTenant.Unlisted:
            {
                var own = await row.Target!(server, other);
                using var response = await SendAsync(caller, row, scene);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                var listed = await row.Lists!(response);
                listed.ShouldContain(own.ToString());
                listed.ShouldNotContain(scene.TargetId.ToString());
                break;
            }

            case CrossTenant.CreatesInOwnTenant:
            {
                using var response = await SendAsync(caller, row, scene);
                var body = await response.Content.ReadAsStringAsync(Cancellation);
                response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
                // The created object, or the one its answer wraps with a secret shown once (an agent with its key).
                var created = JsonDocument.Parse(body).RootElement;
                var createdObject = created.TryGetProperty("tenantId", out _) ? created : created.GetProperty("agent");
                createdObject.GetProperty("tenantId").GetGuid().ShouldBe(other.Id);
                break;
            }

            case CrossTenant.Refused:
            {
                using var response = await SendAsync(caller, row, scene);
                await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
                break;
            }

            default:
                throw new ShouldAssertException($"{row.Name} has nothing of another tenant to reach.");
        }
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Caller_with_the_right_succeeds(string endpoint)
    {
        var row = Row(endpoint);
        var owner = await server.CreateTenantAsync();
        var caller = await HolderAsync(row.Needs, owner);
        var scene = await SceneAsync(row, owner);

        using var response = await SendAsync(caller, row, scene);

        if (row.Streams)
        {
            response.StatusCode.ShouldBe(row.Success);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("text/event-stream");
            return;
        }

        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(row.Success, body);
        if (row.Lists is not null)
        {
            (await row.Lists(response)).ShouldContain(scene.TargetId.ToString());
        }
    }

    private static Endpoint Row(string name) => Endpoints.Single(e => e.Name == name);

    /// <summary>The route with the scene's values: <c>{id}</c>, <c>{tenant}</c> and the target's further values.</summary>
    private static string Resolve(string route, Scene scene)
    {
        var path = route.Replace("{id}", scene.TargetId.ToString(), StringComparison.Ordinal)
            .Replace("{tenant}", scene.Owner.Id.ToString(), StringComparison.Ordinal);
        foreach (var (name, value) in Related.GetValueOrDefault(scene.TargetId) ?? [])
        {
            path = path.Replace($"{{{name}}}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private static Needs Right(ObjectKind kind, Rights right) => new(kind, right);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<Scene> SceneAsync(Endpoint row, TestTenant owner) =>
        new(owner, row.Target is null ? Guid.Empty : await row.Target(server, owner));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Endpoint row, Scene scene)
    {
        var path = Resolve(row.Route, scene);
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), path);
        if (row.Body is not null)
        {
            var body = row.Body(scene);
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        // Headers only: the live tail never ends, and the other answers are read from the stream just the same.
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancellation);
    }

    /// <summary>The target as its own tenant sees it; any change or removal shows in it (ETag, revokedAt).</summary>
    private static async Task<string> SnapshotAsync(Endpoint row, Scene scene)
    {
        if (row.State is not null)
        {
            var state = await scene.Owner.Admin.GetAsync(Resolve(row.State, scene), Cancellation);
            var text = await state.Content.ReadAsStringAsync(Cancellation);
            state.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            return text;
        }

        var collection = row.Route[..row.Route.IndexOf("/{id}", StringComparison.Ordinal)];
        if (collection.EndsWith("/api-keys", StringComparison.Ordinal))
        {
            var keys = await scene.Owner.Admin.GetFromJsonAsync<JsonElement>(collection, Cancellation);
            return keys.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == scene.TargetId).GetRawText();
        }

        var response = await scene.Owner.Admin.GetAsync($"{collection}/{scene.TargetId}", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        // A subscription's lag grows with the clock; everything else about it must be untouched.
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        if (node["status"] is System.Text.Json.Nodes.JsonObject status)
        {
            status.Remove("lagSeconds");
            status.Remove("lagEvents");
        }

        return node.ToJsonString();
    }

    /// <summary>A user who holds the right and no more; the Administrator for its endpoints; a user with no rights for the rest.</summary>
    private async Task<HttpClient> HolderAsync(Needs needs, TestTenant tenant)
    {
        if (needs.Administrator)
        {
            return await server.AdminAsync();
        }

        if (needs.Kind is not { } kind)
        {
            return await server.CreateUserAsync(tenant);
        }

        // Rights on tenants belong to the built-in roles only.
        return kind == ObjectKind.Tenant
            ? tenant.Admin
            : await server.CreateUserAsync(tenant,
                [(kind.ToString(), RightNames.ToNames(needs.Right)), .. (needs.Also ?? []).Select(a => (a.Kind.ToString(), RightNames.ToNames(a.Right)))]);
    }

    /// <summary>A user whose roles grant every right a role can hold but the one needed; a TenantAdministrator for the Administrator's endpoints.</summary>
    private async Task<HttpClient> LackingAsync(Needs needs, TestTenant tenant)
    {
        if (needs.Administrator)
        {
            return tenant.Admin;
        }

        var permissions = Enum.GetValues<ObjectKind>()
            .Where(kind => kind != ObjectKind.Tenant)
            .Select(kind => (kind.ToString(), RightNames.ToNames(kind == needs.Kind ? Rights.All & ~needs.Right : Rights.All)))
            .ToArray();
        return await server.CreateUserAsync(tenant, permissions);
    }

    private static Task<Guid> TheTenant(DocketServer server, TestTenant tenant) => Task.FromResult(tenant.Id);

    /// <summary>A project, and (made once, in a tenant of its own) a dataset archive every import row sends to it.</summary>
    private static async Task<Guid> AProjectForAnArchive(DocketServer server, TestTenant tenant)
    {
        await SampleArchiveLock.WaitAsync(Cancellation);
        try
        {
            sampleArchive ??= (await DataSetImportTests.ArchivedDataSetAsync(await server.CreateTenantAsync())).Archive;
        }
        finally
        {
            SampleArchiveLock.Release();
        }

        return await AProject(server, tenant);
    }

    private static ByteArrayContent SampleArchiveContent()
    {
        var content = new ByteArrayContent(sampleArchive!);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        return content;
    }

    private static async Task<Guid> AnEmptyTenant(DocketServer server, TestTenant tenant)
    {
        using var admin = await server.AdminAsync();
        return await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/tenants", new { name = Unique("empty") }, Cancellation));
    }

    private static async Task<Guid> AUser(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = Unique("target"), password = DocketServerExtensions.UserPassword }, Cancellation));

    private static async Task<Guid> AServiceAccount(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/users",
            new { login = Unique("robot"), isServiceAccount = true }, Cancellation));

    /// <summary>A role granting what any holder of a Role right holds too: nobody strips a role of rights they lack.</summary>
    private static async Task<Guid> ARole(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/roles",
            new { name = Unique("target"), permissions = Array.Empty<object>() }, Cancellation));

    /// <summary>A robot's key: a service account with no roles, so any holder of an ApiKey right may revoke it.</summary>
    private static async Task<Guid> AnApiKey(DocketServer server, TestTenant tenant)
    {
        var robot = await AServiceAccount(server, tenant);
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/api-keys", new { name = Unique("key"), userId = robot }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("apiKey").GetProperty("id").GetGuid();
    }

    private static async Task<Guid> ASubscription(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/export/subscriptions",
            new { name = Unique("target"), sink = "File", settings = new { directory = Unique("target") }, enabled = false }, Cancellation));

    private static async Task<Guid> AnAgent(DocketServer server, TestTenant tenant)
    {
        var response = await tenant.Admin.PostAsJsonAsync("/api/v1/agents", new { name = Unique("target") }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("agent").GetProperty("id").GetGuid();
    }

    private static async Task<Guid> AProject(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/projects", new { name = Unique("target") }, Cancellation));

    private static async Task<Guid> AnImage(DocketServer server, TestTenant tenant)
    {
        var project = await tenant.CreateProjectAsync();
        var report = await tenant.Admin.UploadAddingAsync(project, ("target.png", TestImages.Png(), "image/png"));
        return report.Added().Single().GetProperty("id").GetGuid();
    }

    private static ByteArrayContent PngContent()
    {
        var content = new ByteArrayContent(TestImages.Png());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return content;
    }

    private static async Task<Guid> AProjectOfSchemes(DocketServer server, TestTenant tenant)
    {
        var projectId = await AProject(server, tenant);
        Related[projectId] = new() { ["projectId"] = projectId.ToString() };
        return projectId;
    }

    /// <summary>An invoice scheme; <c>{fieldId}</c> is its Items table, which no marking uses.</summary>
    private static async Task<Guid> AScheme(DocketServer server, TestTenant tenant)
    {
        var scheme = await tenant.Admin.CreateSchemeAsync(await AProject(server, tenant));
        var schemeId = scheme.GetProperty("id").GetGuid();
        Related[schemeId] = new() { ["fieldId"] = scheme.FieldId("Items").ToString() };
        return schemeId;
    }

    private static async Task<Guid> AMarking(DocketServer server, TestTenant tenant)
    {
        var invoice = await server.CreateInvoiceAsync(tenant);
        var response = await tenant.Admin.PutAsJsonAsync(invoice.MarkingUrl, new { fields = new[] { new { field = "Total", value = "12.50" } } }, Cancellation);
        var markingId = await CreatedIdAsync(response);
        Related[markingId] = new() { ["imageId"] = invoice.ImageId.ToString(), ["schemeId"] = invoice.SchemeId.ToString() };
        return markingId;
    }

    private static async Task<Guid> AMarkedProject(DocketServer server, TestTenant tenant)
    {
        var project = await server.MarkedProjectAsync(tenant, 2);
        Related[project.ProjectId] = new() { ["scheme"] = project.SchemeId.ToString() };
        return project.ProjectId;
    }

    private static async Task<Guid> ADataSet(DocketServer server, TestTenant tenant)
    {
        var project = await server.MarkedProjectAsync(tenant, 2);
        var id = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync($"/api/v1/projects/{project.ProjectId}/data-sets",
            new { name = Unique("target"), schemeId = project.SchemeId }, Cancellation));
        Related[id] = new() { ["number"] = "1" };
        return id;
    }

    /// <summary>A dataset with a Ready archive of its version 1.</summary>
    private static async Task<Guid> AnArchivedDataSet(DocketServer server, TestTenant tenant)
    {
        var id = await ADataSet(server, tenant);
        var requested = await tenant.Admin.PostAsync($"/api/v1/data-sets/{id}/versions/1/archives", null, Cancellation);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Cancellation));
        var archive = await tenant.Admin.WaitForArchiveAsync(requested.Headers.Location!, "Ready");
        Related[id]["archive"] = archive.GetProperty("id").GetString()!;
        return id;
    }

    private static async Task<Guid> AModelType(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/model-types", new { name = Unique("target"), purpose = "FieldExtraction" }, Cancellation));

    private static async Task<Guid> AModelTemplate(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/model-templates", new { name = Unique("target"), modelTypeId = BuiltInModelType }, Cancellation));

    private static async Task<Guid> AModelTemplateWithPackage(DocketServer server, TestTenant tenant)
    {
        var id = await AModelTemplate(server, tenant);
        var uploaded = await tenant.Admin.PutAsync($"/api/v1/model-templates/{id}/package", PackageContent(), Cancellation);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(Cancellation));
        return id;
    }

    private static async Task<Guid> AScript(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/scripts", new { name = Unique("target"), engine = "external" }, Cancellation));

    private static async Task<Guid> AScriptWithPackage(DocketServer server, TestTenant tenant)
    {
        var id = await AScript(server, tenant);
        var uploaded = await tenant.Admin.PutAsync($"/api/v1/scripts/{id}/package", ScriptPackageContent(), Cancellation);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.OK, await uploaded.Content.ReadAsStringAsync(Cancellation));
        return id;
    }

    private static async Task<Guid> AModel(DocketServer server, TestTenant tenant) =>
        await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/models", new { name = Unique("target"), modelTypeId = BuiltInModelType }, Cancellation));

    /// <summary>A model with version 1, tagged <c>production</c>: <c>{number}</c> and <c>{tag}</c>.</summary>
    private static async Task<Guid> ATaggedModel(DocketServer server, TestTenant tenant)
    {
        var id = await AModel(server, tenant);
        var uploaded = await tenant.Admin.PostAsync($"/api/v1/models/{id}/versions", PackageContent(), Cancellation);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(Cancellation));
        var tagged = await tenant.Admin.PutAsJsonAsync($"/api/v1/models/{id}/tags/production", new { version = 1 }, Cancellation);
        tagged.StatusCode.ShouldBe(HttpStatusCode.OK, await tagged.Content.ReadAsStringAsync(Cancellation));
        Related[id] = new() { ["number"] = "1", ["tag"] = "production" };
        return id;
    }

    /// <summary>A training template starting from a model template of the built-in FieldExtraction type: <c>modelTemplateId</c>.</summary>
    private static async Task<Guid> ATrainProcessTemplate(DocketServer server, TestTenant tenant)
    {
        var modelTemplate = await AModelTemplate(server, tenant);
        var id = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/train-process-templates",
            new { name = Unique("target"), modelTypeId = BuiltInModelType, modelTemplateId = modelTemplate }, Cancellation));
        Related[id] = new() { ["modelTemplateId"] = modelTemplate.ToString() };
        return id;
    }

    /// <summary>A model with version 1 tagged <c>production</c> (as <see cref="ATaggedModel"/>) and a scheme of the same tenant: <c>schemeId</c>.</summary>
    private static async Task<Guid> AServedModel(DocketServer server, TestTenant tenant)
    {
        var id = await ATaggedModel(server, tenant);
        var scheme = await tenant.Admin.CreateSchemeAsync(await AProject(server, tenant));
        Related[id]["schemeId"] = scheme.GetProperty("id").GetString()!;
        return id;
    }

    /// <summary>An inference template following the tag <c>production</c> of a model: <c>modelId</c> and <c>schemeId</c>.</summary>
    private static async Task<Guid> AnInferenceProcessTemplate(DocketServer server, TestTenant tenant)
    {
        var modelId = await AServedModel(server, tenant);
        var schemeId = Related[modelId]["schemeId"];
        var id = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/inference-process-templates",
            new { name = Unique("target"), modelId, modelTag = "production", markingSchemeId = Guid.Parse(schemeId) }, Cancellation));
        Related[id] = new() { ["modelId"] = modelId.ToString(), ["schemeId"] = schemeId };
        return id;
    }

    /// <summary>What a training process names (TrainingSetup), made in the tenant; the target is its agent, the rest in Related.</summary>
    private static async Task<Guid> ATrainingSetup(DocketServer server, TestTenant tenant)
    {
        var setup = await TrainingSetup.CreateAsync(server, tenant);
        Related[setup.AgentId] = new()
        {
            ["agentId"] = setup.AgentId.ToString(), ["templateId"] = setup.TemplateId.ToString(), ["scriptId"] = setup.ScriptId.ToString(),
            ["dataSetId"] = setup.DataSetId.ToString(), ["modelId"] = setup.ModelId.ToString(),
        };
        return setup.AgentId;
    }

    /// <summary>A training process of a TrainingSetup, its objects in Related as for <see cref="ATrainingSetup"/>.</summary>
    private static async Task<Guid> ATrainProcess(DocketServer server, TestTenant tenant)
    {
        var agentId = await ATrainingSetup(server, tenant);
        var id = await CreatedIdAsync(await tenant.Admin.PostAsJsonAsync("/api/v1/train-processes",
            TrainProcessBody(new Scene(tenant, agentId)), Cancellation));
        Related[id] = Related[agentId];
        return id;
    }

    private static object TrainProcessBody(Scene scene) => new
    {
        name = Unique("training"),
        agentId = scene.Related("agentId"),
        trainProcessTemplateId = scene.Related("templateId"),
        scriptId = scene.Related("scriptId"),
        dataSetId = scene.Related("dataSetId"),
        dataSetVersion = 1,
        modelId = scene.Related("modelId"),
        tenantId = scene.Owner.Id,
    };

    /// <summary>An inference template, with an agent and a script of the same tenant (<c>agentId</c>, <c>scriptId</c>): what a process names.</summary>
    private static async Task<Guid> WhatAProcessNames(DocketServer server, TestTenant tenant)
    {
        var served = await InferenceSetup.ServedAsync(tenant, cancellationToken: Cancellation);
        Related[served.TemplateId] = new() { ["agentId"] = served.AgentId.ToString(), ["scriptId"] = served.ScriptId.ToString() };
        return served.TemplateId;
    }

    /// <summary>
    /// An inference process with one ended test run (<c>runId</c>), written through the context since a run needs a
    /// connected agent; and what it names (<c>agentId</c>, <c>templateId</c>, <c>scriptId</c>).
    /// </summary>
    private static async Task<Guid> AnInferenceProcess(DocketServer server, TestTenant tenant)
    {
        var served = await InferenceSetup.ServedAsync(tenant, cancellationToken: Cancellation);
        var id = await tenant.Admin.ProcessAsync(served, Unique("target"), Cancellation);
        var runId = Guid.CreateVersion7();
        await using (var scope = server.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DocketDbContext>();
            db.InferenceTestRuns.Add(new InferenceTestRun
            {
                Id = runId, TenantId = tenant.Id, ProcessId = id, DataSetId = Guid.NewGuid(), DataSetVersion = 1, ModelVersionId = Guid.NewGuid(),
                ModelVersion = 1, OperationKey = "matrix", State = InferenceTestRunState.Failed, Reason = "seeded", CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(Cancellation);
        }

        Related[id] = new()
        {
            ["agentId"] = served.AgentId.ToString(), ["templateId"] = served.TemplateId.ToString(), ["scriptId"] = served.ScriptId.ToString(),
            ["runId"] = runId.ToString(),
        };
        return id;
    }

    private static ByteArrayContent PackageContent() => TestPackages.Content(TestPackages.Zip(Unique("package")));

    private static ByteArrayContent ScriptPackageContent() =>
        TestPackages.Content(TestPackages.ZipOf(("start_training.sh", Encoding.UTF8.GetBytes($"#!/bin/sh\n# {Unique("script")}\n"))));

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<string[]> IdsOfArray(HttpResponseMessage response) =>
        [.. (await response.ReadJsonAsync()).EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];

    private static async Task<string[]> IdsOfPage(HttpResponseMessage response) =>
        [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];

    private static async Task<string[]> EntityIdsOfPage(HttpResponseMessage response) =>
        [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(item => item.GetProperty("entityId").GetString()!)];

    private static async Task<string[]> EntityIdsOfNdjson(HttpResponseMessage response)
    {
        var lines = (await response.Content.ReadAsStringAsync(Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("entityId").GetString()!)];
    }

    /// <summary>The live tail replays from <c>after=0</c>: its first ProjectCreated must be the caller's tenant's.</summary>
    private static async Task<string[]> EntityIdOfFirstEvent(HttpResponseMessage response) =>
        [(await response.ReadFirstEventAsync(Cancellation)).GetProperty("entityId").GetString()!];

    private delegate Task<Guid> Target(DocketServer server, TestTenant tenant);

    /// <summary>What an endpoint requires: a right on a kind, the Administrator, or (neither) any signed-in caller.</summary>
    private sealed record Needs(ObjectKind? Kind, Rights Right, bool Administrator = false, (ObjectKind Kind, Rights Right)[]? Also = null);

    /// <summary>The tenant a case's object belongs to, and that object's id (empty when the row has no target).</summary>
    private sealed record Scene(TestTenant Owner, Guid TargetId)
    {
        public Guid Related(string name) => Guid.Parse(AuthorizationMatrixTests.Related[TargetId][name]);
    }

    private sealed record Endpoint(
        string Method,
        string Route,
        Needs Needs,
        HttpStatusCode Success,
        Target? Target = null,
        Func<Scene, object>? Body = null,
        Func<HttpResponseMessage, Task<string[]>>? Lists = null,
        CrossTenant Cross = CrossTenant.None,
        bool Streams = false,
        string? State = null)
    {
        public string Name => $"{Method} {Route}";

        /// <summary>Every list of tenant data is checked for leaks from other tenants.</summary>
        public CrossTenant EffectiveCross => Lists is not null ? CrossTenant.Unlisted : Cross;
    }
}
