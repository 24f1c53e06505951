#!/usr/bin/env bash
# Validate built newsgen sites with real validators: the Nu HTML Checker
# (vnu-jar), xmllint (well-formedness, and the sitemap XSD from npm `sitemap`),
# Python feedparser, the JSON Feed 1.1 schema (npm `jsonfeed-schema`) with
# Python jsonschema, and validate.py's own checks of OpenGraph, JSON-LD,
# canonical/prev/next links, sitemaps, the Google News sitemap and robots.txt.
#
#   tests/e2e/validate.sh [--now RFC3339] [--base-url URL] [--self-test] DIR...
#
# DIR is an output folder of `newsgen build`. Pass the build's --now (the
# Google News sitemap's 2-day window is checked against it) and, to catch a
# wrong base path, the site's base_url. --self-test also damages copies of
# each (small) site and requires every check to catch its damage. Run
# `validate.py --help` for the other options. The last line of output is
# `validate: N passed, M failed`; the exit status is non-zero on any failure.
#
# Requirements (CI installs them):
#   apt-get install libxml2-utils default-jre-headless   # xmllint, java 17+ (if missing)
#   pip install feedparser jsonschema
#   npm ci --prefix tests/e2e                             # vnu-jar, jsonfeed-schema, sitemap
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
command -v xmllint >/dev/null || missing+=("xmllint (apt-get install libxml2-utils)")
command -v java >/dev/null || missing+=("java (apt-get install default-jre-headless)")
command -v node >/dev/null || missing+=("node (apt-get install nodejs npm)")
python3 -c 'import feedparser, jsonschema' 2>/dev/null ||
  missing+=("Python feedparser and jsonschema (pip install feedparser jsonschema)")
[ -d "$here/node_modules/vnu-jar" ] && [ -d "$here/node_modules/jsonfeed-schema" ] && [ -d "$here/node_modules/sitemap" ] ||
  missing+=("npm packages (npm ci --prefix tests/e2e)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'validate.sh: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

# The vnu-jar package knows where its jar is.
vnu_jar="$(cd "$here" && node -e 'process.stdout.write(String(require("vnu-jar")))')"
exec python3 "$here/validate.py" --vnu-jar "$vnu_jar" "$@"
