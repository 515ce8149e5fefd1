#!/bin/bash
# A private apt configuration for Debian suites the machine's own apt sources do not list (an
# older or newer release, backports), so prepare.sh can fetch another release's kernel package
# without touching the machine's apt setup. The archive is the one the machine already uses: the
# URI and keyring of the sources entry for its own release (no archive host is written here).
#
#   apt.sh DIR SUITE...    writes DIR/apt.conf and fetches the suites' package lists; prints the
#                          path for APT_CONFIG. Lists older than a day are fetched again.
set -euo pipefail
dir=$1
shift
[ $# -gt 0 ] || { echo "usage: apt.sh DIR SUITE..." >&2; exit 2; }
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "apt.sh: /etc/os-release names no release (VERSION_CODENAME)" >&2; exit 2; }

# The entry that lists the machine's own release: "URI KEYRING" (deb822 .sources files, then
# one-line .list files).
archive=$(
  {
    for file in /etc/apt/sources.list.d/*.sources; do [ -f "$file" ] && { cat "$file"; echo; }; done
  } | awk -v want="$codename" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") && uris != "") { split(uris, u, " "); print u[1], (key == "" ? "-" : key); found = 1; exit }
      types = ""; uris = ""; suites = ""; key = ""
    }
    /^[[:space:]]*$/ { flush(); next }
    /^[[:space:]]*#/ { next }
    /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
    /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
    /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
    /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); key = $0 }
    END { if (!found) flush() }'
)
if [ -z "$archive" ]; then
  archive=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v want="$codename" '
    $1 == "deb" {
      key = "-"; i = 2
      if ($2 ~ /^\[/) { for (; i <= NF; i++) { if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) } if ($i ~ /\]$/) break } i++ }
      if ($(i + 1) == want) { print $i, key; exit }
    }')
fi
[ -n "$archive" ] || { echo "apt.sh: no apt source of this machine lists its release $codename" >&2; exit 2; }
read -r uri key <<< "$archive"
[ "$key" != "-" ] || key=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
: > "$dir/sources.list.new"
for suite in "$@"; do echo "deb [signed-by=$key] $uri $suite main" >> "$dir/sources.list.new"; done
cat > "$dir/apt.conf" <<EOF
Dir::Etc::SourceList "$dir/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$dir/lists";
Dir::Cache "$dir/cache";
Dir::State::status "/dev/null";
APT::Sandbox::User "root";
EOF
stale=$(find "$dir/lists" -maxdepth 1 -name '*_Packages' -mtime -1 | head -1)
if ! cmp -s "$dir/sources.list.new" "$dir/sources.list" 2>/dev/null || [ -z "$stale" ]; then
  mv "$dir/sources.list.new" "$dir/sources.list"
  APT_CONFIG="$dir/apt.conf" apt-get update -qq >&2
else
  rm -f "$dir/sources.list.new"
fi
echo "$dir/apt.conf"
