#!/usr/bin/env bash
# The pictures benchmark: a generated corpus of ARTICLES stories of which
# PICTURES carry a 2000×1300 JPEG lead picture, built from scratch (every
# picture encoded), rebuilt with nothing changed (none encoded), and after
# one picture is replaced (one encoded). Reports wall time, pictures per
# second and peak memory, and writes bench/results-images-<PICTURES>.md.
#
#   bash bench/images.sh [PICTURES...]      # default: 1000 10000
#
# Environment: ARTICLES (default 10000), RUN_DIR (default /dev/shm/newsgen-images).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTICLES=${ARTICLES:-10000}
RUN_DIR=${RUN_DIR:-/dev/shm/newsgen-images}
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1000 10000)
(cd "$REPO" && cargo build --release --quiet && cargo build --release --quiet --example gen_corpus)
newsgen=$REPO/target/release/newsgen

measure() { # the build's arguments; prints "wall rss encoded"
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log.time" "$newsgen" build --site "$site" --now 2026-07-01T00:00:00Z "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }
  local wall rss encoded
  read -r wall rss <"$log.time"
  encoded=$(grep -o '[0-9]* pictures\? encoded' "$log" | grep -o '^[0-9]*' || true)
  echo "$wall $rss ${encoded:-0}"
  rm -f "$log" "$log.time"
}

for pictures in "${COUNTS[@]}"; do
  site=$RUN_DIR/site-$pictures
  rm -rf "$site"
  "$REPO/target/release/examples/gen_corpus" "$ARTICLES" "$site" "$pictures" >/dev/null
  out=$REPO/bench/results-images-$pictures.md
  {
    echo "# Pictures: $ARTICLES articles, $pictures pictures (2000×1300 JPEG)"
    echo
    echo "Commit $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), site on $(df --output=fstype "$RUN_DIR" | tail -1)."
    echo
    echo "| build | wall | pictures/s | peak RSS | encoded |"
    echo "| --- | ---: | ---: | ---: | ---: |"
  } >"$out"
  row() { # label, then "wall rss encoded"
    local label=$1 wall rss encoded per="–"
    read -r wall rss encoded <<<"$2"
    [ "$encoded" -gt 0 ] && per=$(awk -v n="$encoded" -v s="$wall" 'BEGIN { printf "%.1f", n / s }')
    echo "| $label | $wall s | $per | $(( rss / 1024 )) MB | $encoded |" | tee -a "$out"
  }
  row "first build" "$(measure)"
  row "rebuild, nothing changed" "$(measure)"
  # A new picture: one file's bytes changed (a JPEG comment after its
  # start marker), its pixels the same.
  one=$(find "$site/seeds" -name 'story-*.jpg' | sort | sed -n 1p)
  python3 -c 'import sys; p = sys.argv[1]; b = open(p, "rb").read(); c = b"edited"; open(p, "wb").write(b[:2] + b"\xff\xfe" + (len(c) + 2).to_bytes(2, "big") + c + b[2:])' "$one"
  row "one picture replaced" "$(measure)"
  echo >>"$out"
done
