#!/usr/bin/env bash
# Make sure the TeX tools for `make pdf` are available (xelatex, latexmk, the
# LaTeX packages Sphinx uses, GNU FreeFont) and poppler-utils for its test,
# installing Debian's packages when missing (root or sudo needed).
set -euo pipefail
PACKAGES="texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex latexmk fonts-freefont-otf tex-gyre poppler-utils"
missing=0
for tool in xelatex latexmk pdfinfo pdftotext pdfimages; do
  command -v "$tool" >/dev/null 2>&1 || missing=1
done
kpsewhich fncychap.sty >/dev/null 2>&1 || missing=1
fc-list : family 2>/dev/null | grep -i FreeSerif >/dev/null || missing=1  # no -q: SIGPIPE under pipefail
[ "$missing" -eq 0 ] && exit 0
echo "TeX tools for the PDF are missing; installing Debian's packages: $PACKAGES" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdfimages >/dev/null
