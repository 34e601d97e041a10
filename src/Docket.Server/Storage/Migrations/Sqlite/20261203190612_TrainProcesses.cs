using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Sqlite
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    train_process_template_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    script_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    data_set_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    data_set_version = table.Column<int>(type: "INTEGER", nullable: false),
                    test_data_set_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    test_data_set_version = table.Column<int>(type: "INTEGER", nullable: true),
                    model_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model_version = table.Column<int>(type: "INTEGER", nullable: true),
                    is_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    last_operation_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    last_started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    last_model_version = table.Column<int>(type: "INTEGER", nullable: true),
                    last_run_lost_recorded = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    process_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    operation_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    step = table.Column<long>(type: "INTEGER", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false)
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
