using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Docket.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrainProcesses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "train_processes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    train_process_template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    script_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data_set_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data_set_version = table.Column<int>(type: "integer", nullable: false),
                    test_data_set_id = table.Column<Guid>(type: "uuid", nullable: true),
                    test_data_set_version = table.Column<int>(type: "integer", nullable: true),
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_version = table.Column<int>(type: "integer", nullable: true),
                    is_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    last_operation_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    last_started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    last_model_version = table.Column<int>(type: "integer", nullable: true),
                    last_run_lost_recorded = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_train_processes", x => x.id);
                    table.ForeignKey(
                        name: "fk_train_processes_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "train_process_metrics",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    process_id = table.Column<Guid>(type: "uuid", nullable: false),
                    operation_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    step = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_train_process_metrics", x => x.id);
                    table.ForeignKey(
                        name: "fk_train_process_metrics_train_processes_process_id",
                        column: x => x.process_id,
                        principalTable: "train_processes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_train_process_metrics_process_id_operation_key_id",
                table: "train_process_metrics",
                columns: new[] { "process_id", "operation_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_train_processes_model_id",
                table: "train_processes",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_train_processes_tenant_id_normalized_name",
                table: "train_processes",
                columns: new[] { "tenant_id", "normalized_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "train_process_metrics");

            migrationBuilder.DropTable(
                name: "train_processes");
        }
    }
}
