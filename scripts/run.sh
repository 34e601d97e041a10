#!/usr/bin/env bash
# Runs the server on a fresh Debian machine: installs its Debian dependencies, builds it, then starts it with the
# embedded defaults (SQLite, blobs and secrets under ./data at the repository's root, listening on
# http://127.0.0.1:5080), and one local agent beside it, so that one machine trains and serves models with no other
# setup. Extra arguments are passed to the server (e.g. --Storage:Provider=Postgres).
#
# The local agent: the server (Agents:Local) makes the agent of this host in the default tenant and writes its id and
# a fresh key to <data>/local-agent.json (0600); the agent reads that file and dials the server's loopback agent
# endpoint (http://127.0.0.1:5081); the server never dials it. DOCKET_LOCAL_AGENT=0 starts the server alone. With the
# agent, the server's endpoints are named (Kestrel:Endpoints:Api and :AgentStream), which replaces --urls: change the
# API's address with --Kestrel:Endpoints:Api:Url=... instead. Stopping this script (Ctrl+C) stops both.
# For production, run a published build as a service instead: docs/deployment.md and docs/agents.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scripts/server-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The data folder is ./data of the repository (ignored by git: it holds the journal's signing key), whatever folder
# `dotnet run` starts the process in; a Docket__DataDirectory already set, or --Docket:DataDirectory, wins.
export Docket__DataDirectory="${Docket__DataDirectory:-$root/data}"
local_agent="${DOCKET_LOCAL_AGENT:-1}"

# The first build restores packages and compiles for about a minute; say so rather than sit silent.
echo "Building Docket (the first time restores packages and compiles: about a minute)..." >&2
dotnet build src/Docket.Server -c Release -nologo -v quiet -clp:ErrorsOnly >&2
if [ "$local_agent" = 0 ]; then
    echo "Starting Docket (http://127.0.0.1:5080 unless --urls says otherwise) with its data in $Docket__DataDirectory ..." >&2
    exec dotnet run --project src/Docket.Server -c Release --no-build -- "$@"
fi

dotnet build src/Docket.Agent -c Release -nologo -v quiet -clp:ErrorsOnly >&2
# Environment, so that the same keys on the command line (passed to the server) win.
export Kestrel__Endpoints__Api__Url="${Kestrel__Endpoints__Api__Url:-http://127.0.0.1:5080}"
export Kestrel__Endpoints__AgentStream__Url="${Kestrel__Endpoints__AgentStream__Url:-http://127.0.0.1:5081}"
export Agents__Local=true
echo "Starting Docket ($Kestrel__Endpoints__Api__Url) with its data in $Docket__DataDirectory, and its local agent ..." >&2

# Each in a session of its own, so that stopping this script stops each whole (dotnet run and the program it runs).
setsid dotnet run --project src/Docket.Server -c Release --no-build -- "$@" &
server=$!
setsid dotnet run --project src/Docket.Agent -c Release --no-build -- \
    "--Agent:Server=$Kestrel__Endpoints__AgentStream__Url" \
    "--Agent:CredentialsFile=$Docket__DataDirectory/local-agent.json" \
    "--Agent:WorkDirectory=$Docket__DataDirectory/agent-work" &
agent=$!

stop() {
    trap - EXIT INT TERM
    kill -TERM -- "-$server" "-$agent" 2>/dev/null || true
    wait "$server" "$agent" 2>/dev/null || true
}
trap stop EXIT INT TERM

# Whichever ends first (the server refused its settings, the agent its own) ends the other.
wait -n "$server" "$agent" || true
