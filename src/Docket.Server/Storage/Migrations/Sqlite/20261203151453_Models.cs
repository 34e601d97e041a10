using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Models : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model_type_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    last_version_number = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_models", x => x.id);
                    table.ForeignKey(
                        name: "fk_models_model_types_model_type_id",
                        column: x => x.model_type_id,
                        principalTable: "model_types",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_models_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "model_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    package_blob = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    package_size = table.Column<long>(type: "INTEGER", nullable: false),
                    model_template_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    data_set_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    data_set_version = table.Column<int>(type: "INTEGER", nullable: true),
                    data_set_version_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    train_process_template_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    metrics = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: true),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_model_versions_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_tags",
                columns: table => new
                {
                    model_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    model_version_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_tags", x => new { x.model_id, x.name });
                    table.ForeignKey(
                        name: "fk_model_tags_model_versions_model_version_id",
                        column: x => x.model_version_id,
                        principalTable: "model_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_model_tags_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_model_tags_model_version_id",
                table: "model_tags",
                column: "model_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_model_versions_model_id_number",
                table: "model_versions",
                columns: new[] { "model_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_model_versions_package_blob",
                table: "model_versions",
                column: "package_blob");

            migrationBuilder.CreateIndex(
                name: "ix_models_model_type_id",
                table: "models",
                column: "model_type_id");

            migrationBuilder.CreateIndex(
                name: "ix_models_tenant_id_normalized_name",
                table: "models",
                columns: new[] { "tenant_id", "normalized_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_tags");

            migrationBuilder.DropTable(
                name: "model_versions");

            migrationBuilder.DropTable(
                name: "models");
        }
    }
}
