using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrainProcessTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "train_process_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    model_type_id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_template_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    allowed_extensions = table.Column<List<string>>(type: "text[]", nullable: false),
                    augmentation = table.Column<bool>(type: "boolean", nullable: false),
                    workers = table.Column<int>(type: "integer", nullable: false),
                    batch_size = table.Column<int>(type: "integer", nullable: false),
                    iterations = table.Column<int>(type: "integer", nullable: false),
                    learning_rate = table.Column<double>(type: "double precision", nullable: false),
                    device = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    max_run_time = table.Column<TimeSpan>(type: "interval", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_train_process_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_train_process_templates_model_templates_model_template_id",
                        column: x => x.model_template_id,
                        principalTable: "model_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_train_process_templates_model_types_model_type_id",
                        column: x => x.model_type_id,
                        principalTable: "model_types",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_train_process_templates_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_train_process_templates_model_template_id",
                table: "train_process_templates",
                column: "model_template_id");

            migrationBuilder.CreateIndex(
                name: "ix_train_process_templates_model_type_id",
                table: "train_process_templates",
                column: "model_type_id");

            migrationBuilder.CreateIndex(
                name: "ix_train_process_templates_tenant_id_normalized_name",
                table: "train_process_templates",
                columns: new[] { "tenant_id", "normalized_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "train_process_templates");
        }
    }
}
