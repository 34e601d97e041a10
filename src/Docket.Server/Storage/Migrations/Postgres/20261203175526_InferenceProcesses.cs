using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InferenceProcesses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inference_processes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    script_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    launch_operation_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    launch_requested_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    launch_serving_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    launch_ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    launch_reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    launch_model_version_id = table.Column<Guid>(type: "uuid", nullable: true),
                    launch_model_version = table.Column<int>(type: "integer", nullable: true),
                    launch_loss_reported = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inference_processes", x => x.id);
                    table.ForeignKey(
                        name: "fk_inference_processes_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "inference_test_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    process_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data_set_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data_set_version = table.Column<int>(type: "integer", nullable: false),
                    model_version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_version = table.Column<int>(type: "integer", nullable: false),
                    operation_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    predictions_received = table.Column<bool>(type: "boolean", nullable: false),
                    prediction_count = table.Column<int>(type: "integer", nullable: false),
                    skipped_prediction_lines = table.Column<int>(type: "integer", nullable: false),
                    loss_reported = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inference_test_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_inference_test_runs_inference_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "inference_processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_inference_test_runs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "inference_test_run_predictions",
                columns: table => new
                {
                    test_run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    page = table.Column<int>(type: "integer", nullable: false),
                    field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    column = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    row = table.Column<int>(type: "integer", nullable: true),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    confidence = table.Column<double>(type: "double precision", nullable: true),
                    box_x = table.Column<int>(type: "integer", nullable: true),
                    box_y = table.Column<int>(type: "integer", nullable: true),
                    box_width = table.Column<int>(type: "integer", nullable: true),
                    box_height = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inference_test_run_predictions", x => new { x.test_run_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_inference_test_run_predictions_inference_test_runs_test_run~",
                        column: x => x.test_run_id,
                        principalTable: "inference_test_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inference_test_run_scores",
                columns: table => new
                {
                    test_run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inference_test_run_scores", x => new { x.test_run_id, x.order });
                    table.ForeignKey(
                        name: "fk_inference_test_run_scores_inference_test_runs_test_run_id",
                        column: x => x.test_run_id,
                        principalTable: "inference_test_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inference_processes_agent_id",
                table: "inference_processes",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_inference_processes_tenant_id_normalized_name",
                table: "inference_processes",
                columns: new[] { "tenant_id", "normalized_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inference_test_runs_process_id",
                table: "inference_test_runs",
                column: "process_id");

            migrationBuilder.CreateIndex(
                name: "ix_inference_test_runs_tenant_id",
                table: "inference_test_runs",
                column: "tenant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inference_test_run_predictions");

            migrationBuilder.DropTable(
                name: "inference_test_run_scores");

            migrationBuilder.DropTable(
                name: "inference_test_runs");

            migrationBuilder.DropTable(
                name: "inference_processes");
        }
    }
}
