#!/usr/bin/env bash
# Make sure a headless Chromium is available for the browser check.
# Uses $CHROMIUM if set, else /usr/bin/chromium, installing Debian's package when missing.
set -euo pipefail
bin="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then
  exit 0
fi
echo "Chromium not found at $bin; installing Debian's chromium package." >&2
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x "$bin" ] || { echo "Chromium is still missing at $bin" >&2; exit 1; }
