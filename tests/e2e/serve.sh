#!/usr/bin/env bash
# End-to-end: build the example site for the domain root and for a sub-path,
# serve both with nginx on loopback, crawl every link, and drive Chromium
# over the pages. Needs nginx, chromium and node (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
# nginx workers run as an unprivileged user: let them read the site.
chmod 755 "$work"
trap 'nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT
root_port=18081
sub_port=18082
newsgen=target/release/newsgen

"$newsgen" build --quiet --output-dir "$work/root" --base-url "http://127.0.0.1:$root_port/"
"$newsgen" build --quiet --output-dir "$work/sub" --base-url "http://127.0.0.1:$sub_port/news/"

cat > "$work/nginx.conf" <<CONF
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$root_port;
    root $work/root;
    error_page 404 /404.html;
  }
  server {
    listen 127.0.0.1:$sub_port;
    location /news/ {
      alias $work/sub/;
      error_page 404 /news/404.html;
    }
  }
}
CONF
mkdir -p "$work/tmp"
nginx -p "$work" -c "$work/nginx.conf"

articles=$(find seeds -name '*.txt' -o -name '*.md' | wc -l)
python3 tests/e2e/crawl.py "http://127.0.0.1:$root_port/" / "$articles"
python3 tests/e2e/crawl.py "http://127.0.0.1:$sub_port/news/" /news/ "$articles"
node tests/e2e/browser.mjs "http://127.0.0.1:$sub_port/news/"
