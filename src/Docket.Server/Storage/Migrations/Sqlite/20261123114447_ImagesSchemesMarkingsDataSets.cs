using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImagesSchemesMarkingsDataSets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "images",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    original_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    page_blob = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    page_content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    thumbnail_blob = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    page_number = table.Column<int>(type: "INTEGER", nullable: false),
                    page_count = table.Column<int>(type: "INTEGER", nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    dpi_x = table.Column<double>(type: "REAL", nullable: true),
                    dpi_y = table.Column<double>(type: "REAL", nullable: true),
                    rotation = table.Column<int>(type: "INTEGER", nullable: false),
                    operation_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_images", x => x.id);
                    table.ForeignKey(
                        name: "fk_images_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "marking_schemes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marking_schemes", x => x.id);
                    table.ForeignKey(
                        name: "fk_marking_schemes_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_sets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    scheme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    current_version = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_sets", x => x.id);
                    table.ForeignKey(
                        name: "fk_data_sets_marking_schemes_scheme_id",
                        column: x => x.scheme_id,
                        principalTable: "marking_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_data_sets_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "marking_fields",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    scheme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    orientation = table.Column<int>(type: "INTEGER", nullable: false),
                    multi_line = table.Column<bool>(type: "INTEGER", nullable: false),
                    required = table.Column<bool>(type: "INTEGER", nullable: false),
                    format_pattern = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    order = table.Column<int>(type: "INTEGER", nullable: false),
                    columns = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marking_fields", x => x.id);
                    table.ForeignKey(
                        name: "fk_marking_fields_marking_schemes_scheme_id",
                        column: x => x.scheme_id,
                        principalTable: "marking_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "markings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    image_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    scheme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_markings", x => x.id);
                    table.ForeignKey(
                        name: "fk_markings_images_image_id",
                        column: x => x.image_id,
                        principalTable: "images",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_markings_marking_schemes_scheme_id",
                        column: x => x.scheme_id,
                        principalTable: "marking_schemes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_set_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    data_set_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    train_ratio = table.Column<double>(type: "REAL", nullable: false),
                    seed = table.Column<int>(type: "INTEGER", nullable: false),
                    train_count = table.Column<int>(type: "INTEGER", nullable: false),
                    test_count = table.Column<int>(type: "INTEGER", nullable: false),
                    scheme = table.Column<string>(type: "TEXT", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_set_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_data_set_versions_data_sets_data_set_id",
                        column: x => x.data_set_id,
                        principalTable: "data_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_set_archives",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    data_set_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version_number = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    blob = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    size = table.Column<long>(type: "INTEGER", nullable: true),
                    items_done = table.Column<int>(type: "INTEGER", nullable: false),
                    item_count = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    operation_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    requested_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    lease_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_set_archives", x => x.id);
                    table.ForeignKey(
                        name: "fk_data_set_archives_data_set_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "data_set_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_data_set_archives_data_sets_data_set_id",
                        column: x => x.data_set_id,
                        principalTable: "data_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "data_set_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    part = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    image_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    image_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    image_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    page_blob = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    page_content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    page_number = table.Column<int>(type: "INTEGER", nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    dpi_x = table.Column<double>(type: "REAL", nullable: true),
                    dpi_y = table.Column<double>(type: "REAL", nullable: true),
                    rotation = table.Column<int>(type: "INTEGER", nullable: false),
                    marking = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_set_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_data_set_items_data_set_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "data_set_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_data_set_archives_blob",
                table: "data_set_archives",
                column: "blob");

            migrationBuilder.CreateIndex(
                name: "ix_data_set_archives_data_set_id_id",
                table: "data_set_archives",
                columns: new[] { "data_set_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_data_set_archives_state_requested_at",
                table: "data_set_archives",
                columns: new[] { "state", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_data_set_archives_version_id",
                table: "data_set_archives",
                column: "version_id");

            migrationBuilder.CreateIndex(
                name: "ix_data_set_items_image_id",
                table: "data_set_items",
                column: "image_id");

            migrationBuilder.CreateIndex(
                name: "ix_data_set_items_page_blob",
                table: "data_set_items",
                column: "page_blob");

            migrationBuilder.CreateIndex(
                name: "ix_data_set_items_version_id_ordinal",
                table: "data_set_items",
                columns: new[] { "version_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_data_set_versions_data_set_id_number",
                table: "data_set_versions",
                columns: new[] { "data_set_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_data_sets_project_id_normalized_name",
                table: "data_sets",
                columns: new[] { "project_id", "normalized_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_data_sets_scheme_id",
                table: "data_sets",
                column: "scheme_id");

            migrationBuilder.CreateIndex(
                name: "ix_images_page_blob",
                table: "images",
                column: "page_blob");

            migrationBuilder.CreateIndex(
                name: "ix_images_project_id_id",
                table: "images",
                columns: new[] { "project_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_images_project_id_sha256_page_number",
                table: "images",
                columns: new[] { "project_id", "sha256", "page_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_images_sha256",
                table: "images",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "ix_images_thumbnail_blob",
                table: "images",
                column: "thumbnail_blob");

            migrationBuilder.CreateIndex(
                name: "ix_marking_fields_scheme_id_normalized_name",
                table: "marking_fields",
                columns: new[] { "scheme_id", "normalized_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_marking_schemes_project_id_normalized_name",
                table: "marking_schemes",
                columns: new[] { "project_id", "normalized_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_markings_image_id_scheme_id",
                table: "markings",
                columns: new[] { "image_id", "scheme_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_markings_scheme_id_id",
                table: "markings",
                columns: new[] { "scheme_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_set_archives");

            migrationBuilder.DropTable(
                name: "data_set_items");

            migrationBuilder.DropTable(
                name: "marking_fields");

            migrationBuilder.DropTable(
                name: "markings");

            migrationBuilder.DropTable(
                name: "data_set_versions");

            migrationBuilder.DropTable(
                name: "images");

            migrationBuilder.DropTable(
                name: "data_sets");

            migrationBuilder.DropTable(
                name: "marking_schemes");
        }
    }
}
