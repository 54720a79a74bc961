#!/usr/bin/env bash
# Check that a headless Chromium is available for the browser check (make browser).
# Uses $CHROMIUM if set, else /usr/bin/chromium. On a contributor's machine it only
# checks, and says what is missing and how to install it. Only in CI (CI=true, as
# root: .ci/run) does it install Debian's chromium package itself.
set -euo pipefail
bin="${CHROMIUM:-/usr/bin/chromium}"
PACKAGES="chromium fonts-dejavu-core"
if [ -x "$bin" ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ] && [ "$(id -u)" -eq 0 ]; then
  echo "CI: Chromium not found at $bin; installing Debian's $PACKAGES." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  [ -x "$bin" ] && exit 0
  echo "Chromium is still missing at $bin" >&2
  exit 1
fi
cat >&2 <<MSG
make test needs a headless Chromium for the browser and accessibility check, and
found none at $bin.
  Debian/Ubuntu:  sudo apt-get install --no-install-recommends $PACKAGES
  elsewhere:      install Chromium (or Chrome) and point CHROMIUM at it, e.g.
                  make test CHROMIUM=/path/to/chromium
MSG
exit 1
