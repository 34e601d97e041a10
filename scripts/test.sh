#!/usr/bin/env bash
# Runs every test, on a fresh Debian machine too: installs what the tests need from Debian's packages
# (PostgreSQL, rsyslog, poppler-utils, Node.js for the OpenAPI linter and the RFC 8785 reference, curl, jq and unzip for the guides' examples), starts them, and runs the whole suite twice:
# over SQLite and over PostgreSQL.
#   scripts/test.sh --fast   the inner loop instead: the tests marked [Trait("Category", "Fast")] (unit tests and a few
#                            in-process server classes), over SQLite only, with no PostgreSQL, rsyslog or linter to start.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
case "${1:-}" in
  "") ;;
  --fast)
    scripts/server-deps.sh
    dotnet build Docket.slnx -c Release -warnaserror
    DOCKET_TEST_PROVIDER=sqlite exec dotnet test Docket.slnx -c Release --no-build --filter "Category=Fast"
    ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 2 ;;
esac

scripts/server-deps.sh
scripts/test-tools.sh
export DOCKET_TEST_POSTGRES
DOCKET_TEST_POSTGRES="$(scripts/test-postgres.sh)"
# An assignment first, so that `set -e` stops here if rsyslog cannot be started.
rsyslog_env="$(scripts/test-rsyslog.sh)"
eval "$rsyslog_env"
export DOCKET_TEST_OPENAPI_LINT
DOCKET_TEST_OPENAPI_LINT="$(scripts/test-openapi-lint.sh)"
export DOCKET_TEST_JCS
DOCKET_TEST_JCS="$(scripts/test-jcs.sh)"

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Docket.slnx -c Release -warnaserror

status=0
for provider in sqlite postgres; do
  echo "== tests over $provider =="
  DOCKET_TEST_PROVIDER=$provider dotnet test Docket.slnx -c Release --no-build \
    --logger "trx;LogFilePrefix=$provider" --results-directory "$results" || status=1
done

# One closing line for every run, counted from the TRX files of both runs.
count() { sed -n 's/.*<Counters \([^>]*\)>.*/\1/p' "$results"/*.trx | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
echo "$(count passed) passed, $(( $(count failed) + $(count error) + $(count timeout) )) failed, $(count notExecuted) skipped"
exit $status
