#!/usr/bin/env bash
# Runs the server on a fresh Debian machine: installs its Debian dependencies, then starts it with the embedded
# defaults (SQLite, blobs and secrets under ./data, listening on http://127.0.0.1:5080). Extra arguments are
# passed to the server (e.g. --Storage:Provider=Postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/server-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Docket.Server -- "$@"
