using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InferenceProcessTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inference_process_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    model_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model_version = table.Column<int>(type: "INTEGER", nullable: true),
                    model_tag = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    marking_scheme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    allowed_extensions = table.Column<string>(type: "TEXT", nullable: false),
                    orientation_detection = table.Column<bool>(type: "INTEGER", nullable: false),
                    line_removal = table.Column<bool>(type: "INTEGER", nullable: false),
                    table_header_parsing = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inference_process_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_inference_process_templates_marking_schemes_marking_scheme_id",
                        column: x => x.marking_scheme_id,
                        principalTable: "marking_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_inference_process_templates_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_inference_process_templates_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inference_process_templates_marking_scheme_id",
                table: "inference_process_templates",
                column: "marking_scheme_id");

            migrationBuilder.CreateIndex(
                name: "ix_inference_process_templates_model_id",
                table: "inference_process_templates",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_inference_process_templates_tenant_id_normalized_name",
                table: "inference_process_templates",
                columns: new[] { "tenant_id", "normalized_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inference_process_templates");
        }
    }
}
