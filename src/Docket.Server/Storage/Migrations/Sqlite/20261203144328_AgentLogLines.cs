using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgentLogLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_log_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    process_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_log_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_agent_log_lines_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_log_lines_agent_id_id",
                table: "agent_log_lines",
                columns: new[] { "agent_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_log_lines_agent_id_process_id_id",
                table: "agent_log_lines",
                columns: new[] { "agent_id", "process_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_log_lines_received_at",
                table: "agent_log_lines",
                column: "received_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_log_lines");
        }
    }
}
