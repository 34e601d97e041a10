using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JournalTenantCodeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_journal_records_tenant_id_code_sequence",
                table: "journal_records",
                columns: new[] { "tenant_id", "code", "sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_journal_records_tenant_id_code_sequence",
                table: "journal_records");
        }
    }
}
