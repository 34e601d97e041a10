using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DataSetArchiveFormatVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every archive built so far is of format version 1.
            migrationBuilder.AddColumn<int>(
                name: "format_version",
                table: "data_set_archives",
                type: "integer",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "format_version",
                table: "data_set_archives");
        }
    }
}
