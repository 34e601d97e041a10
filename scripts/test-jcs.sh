#!/usr/bin/env bash
# Installs the independent RFC 8785 implementation the content hash tests compare with (the npm package
# `canonicalize` by the RFC's co-author, pinned in tools/jcs/package-lock.json), idempotently: Node.js and npm from
# Debian's packages if they are missing, then `npm ci` when the lock file changed since the last install. Install
# scripts are not run (none is needed).
# Prints the tool's folder, which the tests read from DOCKET_TEST_JCS.
set -euo pipefail
cd "$(dirname "$0")/../tools/jcs"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Installing Node.js and npm from Debian's packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >&2
fi

lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.docket-lock-sha256"
if [ ! -f node_modules/canonicalize/package.json ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock" ]; then
  echo "Installing the RFC 8785 reference (npm ci in tools/jcs)..." >&2
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$lock" > "$stamp"
fi

pwd
