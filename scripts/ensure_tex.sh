#!/usr/bin/env bash
# Check the TeX tools for `make pdf` (xelatex, latexmk, the LaTeX packages Sphinx
# uses, GNU FreeFont) and poppler-utils for its test. On a contributor's machine it
# only checks, and says exactly what is missing and how to install it. Only in CI
# (CI=true, as root: .ci/run) does it install Debian's packages itself.
set -euo pipefail
PACKAGES="texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk fonts-freefont-otf tex-gyre poppler-utils"
missing=()
check() {
  for tool in xelatex latexmk pdfinfo pdftotext pdfimages; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("the command $tool")
  done
  kpsewhich fncychap.sty >/dev/null 2>&1 || missing+=("the LaTeX package fncychap.sty")
  # no grep -q: SIGPIPE under pipefail
  fc-list : family 2>/dev/null | grep -i FreeSerif >/dev/null || missing+=("the font FreeSerif (GNU FreeFont)")
}
check
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "${CI:-}" = "true" ] && [ "$(id -u)" -eq 0 ]; then
  echo "CI: TeX tools missing; installing Debian's packages: $PACKAGES" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  missing=()
  check
  [ "${#missing[@]}" -eq 0 ] && exit 0
fi
{
  echo "make pdf (part of make test) needs TeX and poppler-utils; missing:"
  for item in "${missing[@]}"; do echo "  - $item"; done
  echo "Debian/Ubuntu (about 1 minute):"
  echo "  sudo apt-get install --no-install-recommends $PACKAGES"
} >&2
exit 1
