using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Docket.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AgentLaunches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_launches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    process_id = table.Column<Guid>(type: "uuid", nullable: false),
                    operation_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    upload_secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    started_by = table.Column<Guid>(type: "uuid", nullable: true),
                    started_by_login = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_listed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_launches", x => x.id);
                    table.ForeignKey(
                        name: "fk_agent_launches_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_launch_outputs",
                columns: table => new
                {
                    launch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    blob_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_launch_outputs", x => new { x.launch_id, x.role });
                    table.ForeignKey(
                        name: "fk_agent_launch_outputs_agent_launches_launch_id",
                        column: x => x.launch_id,
                        principalTable: "agent_launches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_launch_steps",
                columns: table => new
                {
                    launch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<int>(type: "integer", nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_launch_steps", x => new { x.launch_id, x.code });
                    table.ForeignKey(
                        name: "fk_agent_launch_steps_agent_launches_launch_id",
                        column: x => x.launch_id,
                        principalTable: "agent_launches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_launch_outputs_blob_key",
                table: "agent_launch_outputs",
                column: "blob_key");

            migrationBuilder.CreateIndex(
                name: "ix_agent_launches_agent_id_ended_at",
                table: "agent_launches",
                columns: new[] { "agent_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_launches_process_id_operation_key",
                table: "agent_launches",
                columns: new[] { "process_id", "operation_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_launch_outputs");

            migrationBuilder.DropTable(
                name: "agent_launch_steps");

            migrationBuilder.DropTable(
                name: "agent_launches");
        }
    }
}
