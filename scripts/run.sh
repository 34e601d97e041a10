#!/usr/bin/env bash
# Runs the server on a fresh Debian machine: installs its Debian dependencies, builds it, then starts it with the
# embedded defaults (SQLite, blobs and secrets under ./data at the repository's root, listening on
# http://127.0.0.1:5080). Extra arguments are passed to the server (e.g. --Storage:Provider=Postgres).
# For production, run a published build as a service instead: docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scripts/server-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The data folder is ./data of the repository (ignored by git: it holds the journal's signing key), whatever folder
# `dotnet run` starts the process in; a Docket__DataDirectory already set, or --Docket:DataDirectory, wins.
export Docket__DataDirectory="${Docket__DataDirectory:-$root/data}"

# The first build restores packages and compiles for about a minute; say so rather than sit silent.
echo "Building Docket (the first time restores packages and compiles: about a minute)..." >&2
dotnet build src/Docket.Server -c Release -nologo -v quiet -clp:ErrorsOnly >&2
echo "Starting Docket (http://127.0.0.1:5080 unless --urls says otherwise) with its data in $Docket__DataDirectory ..." >&2
exec dotnet run --project src/Docket.Server -c Release --no-build -- "$@"
