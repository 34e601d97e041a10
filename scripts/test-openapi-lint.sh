#!/usr/bin/env bash
# Installs the OpenAPI linter the tests run (Spectral, pinned in tools/openapi-lint/package-lock.json), idempotently:
# Node.js and npm from Debian's packages if they are missing, then `npm ci` when the lock file changed since the last
# install. Install scripts are not run (none is needed; one would only send install analytics).
# Prints the linter's folder, which the tests read from DOCKET_TEST_OPENAPI_LINT.
set -euo pipefail
cd "$(dirname "$0")/../tools/openapi-lint"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Installing Node.js and npm from Debian's packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >&2
fi

lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.docket-lock-sha256"
if [ ! -x node_modules/.bin/spectral ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock" ]; then
  echo "Installing the OpenAPI linter (npm ci in tools/openapi-lint)..." >&2
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$lock" > "$stamp"
fi

pwd
