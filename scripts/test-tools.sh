#!/usr/bin/env bash
# Installs the command-line tools the documentation's examples use (curl, jq, unzip) from Debian's packages,
# idempotently: the suite runs docs/first-steps.md as written.
set -euo pipefail

missing=()
for tool in curl jq unzip; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
