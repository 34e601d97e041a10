#!/usr/bin/env bash
# Installs what the server itself needs beside .NET, from Debian's packages, idempotently:
# poppler-utils (pdftoppm, pdfinfo) renders uploaded PDFs to page images.
set -euo pipefail

if ! command -v pdftoppm >/dev/null || ! command -v pdfinfo >/dev/null; then
  echo "Installing poppler-utils from Debian's packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils >&2
fi
