#!/usr/bin/env bash
# Faults that need root to stage, run by .ci/run: an output folder on a
# read-only file system, a full disk, and an article the build user cannot
# read. Each must fail with a clear message and leave the previous output
# exactly as it was. Needs root (mount), setpriv (util-linux) and a release
# build of newsgen.
set -uo pipefail
cd "$(dirname "$0")/../.."
newsgen=$PWD/target/release/newsgen
work=$(mktemp -d)
chmod 755 "$work"
passed=0
failed=0
cleanup() {
  umount "$work/ro" "$work/full" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

check() { # name, condition...
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
  fi
}
fingerprint() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }

site=$work/site
mkdir -p "$site"
cp -r seeds site.toml "$site"/
build() { "$newsgen" build --quiet --now 2025-09-06T12:00:00Z --site "$site" "$@"; }

# 1. A read-only file system under the output folder.
mkdir "$work/ro"
mount -t tmpfs -o size=16m tmpfs "$work/ro"
build --output-dir "$work/ro/public"
before=$(fingerprint "$work/ro/public")
mount -o remount,ro "$work/ro"
message=$(build --output-dir "$work/ro/public" 2>&1)
status=$?
check "read-only: the build fails" test "$status" -eq 1
check "read-only: the message names the folder and the cause" grep -q "Read-only file system" <<<"$message"
check "read-only: the previous output is untouched" test "$before" = "$(fingerprint "$work/ro/public")"

# 2. A disk with room for one copy of the site but not for a second copy of
# its pages (the pictures under images/ stay as they are when the title
# changes: the room they take is no room for pages).
mkdir "$work/full"
total=$(du -sk "$work/ro/public" | cut -f1)
pages=$(du -sk --exclude=images "$work/ro/public" | cut -f1)
size=$((total + pages / 2))
mount -t tmpfs -o "size=${size}k" tmpfs "$work/full"
build --output-dir "$work/full/public"
before=$(fingerprint "$work/full/public")
# A new title changes every page: unchanged files would be reused (hard
# links take no room), changed ones need a second copy.
sed -i 's/^title = .*/title = "The Harrowmere Courier, second edition"/' "$site/site.toml"
message=$(build --output-dir "$work/full/public" 2>&1)
status=$?
check "full disk: the build fails" test "$status" -eq 1
check "full disk: the message says the disk is full" grep -q "No space left on device" <<<"$message"
check "full disk: the previous output is untouched" test "$before" = "$(fingerprint "$work/full/public")"
check "full disk: no staging folder is left behind" test -z "$(ls -A "$work/full" | grep -v '^public$')"

# 3. An article the build user cannot read (root reads anything: build as nobody).
chown -R nobody "$work/site"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$newsgen" build --quiet --now 2025-09-06T12:00:00Z --site "$site"
before=$(fingerprint "$site/public")
# Edited, then unreadable: an unchanged file would come from the build cache
# without being read.
echo "A late correction." >>"$site/seeds/000_120213c231b1ab6f.txt"
chmod 000 "$site/seeds/000_120213c231b1ab6f.txt"
message=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$newsgen" build --quiet --site "$site" 2>&1)
status=$?
check "unreadable file: the build fails" test "$status" -eq 1
check "unreadable file: the message names the file and the cause" grep -q "seeds/000_120213c231b1ab6f.txt: cannot read the file: Permission denied" <<<"$message"
check "unreadable file: the previous output is untouched" test "$before" = "$(fingerprint "$site/public")"

echo "faults: $passed passed, $failed failed"
test "$failed" -eq 0
