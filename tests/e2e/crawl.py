#!/usr/bin/env python3
"""Crawl a served newsgen site over HTTP and fail on any broken internal link.

Usage: crawl.py START_URL BASE_PATH MIN_PAGES

Starts at START_URL, follows every href/src on the same host, and checks that
each answers 200 with the right Content-Type; that no link leaves BASE_PATH;
that an unknown URL answers 404 with the site's 404 page. Prints one line
'crawl: N passed, M failed' and exits non-zero on any failure.
"""
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

EXPECTED_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".html": "text/html", "/": "text/html"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def main():
    start, base_path, min_pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
    origin = urllib.parse.urlsplit(start)
    seen, queue, failures = {start}, [start], []
    passed = 0
    while queue:
        url = queue.pop()
        status, content_type, body = fetch(url)
        path = urllib.parse.urlsplit(url).path
        if status != 200:
            failures.append(f"{url}: HTTP {status}")
            continue
        suffix = "/" if path.endswith("/") else path[path.rfind("."):]
        expected = EXPECTED_TYPES.get(suffix)
        if expected and not content_type.startswith(expected):
            failures.append(f"{url}: Content-Type {content_type!r}, expected {expected}")
            continue
        passed += 1
        if not content_type.startswith("text/html"):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(target)
            if parts.netloc != origin.netloc:
                continue
            if not parts.path.startswith(base_path):
                failures.append(f"{url}: link {link} leaves {base_path}")
                continue
            target = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    missing = urllib.parse.urljoin(start, base_path + "no/such/page/")
    status, _, body = fetch(missing)
    if status == 404 and b"Page not found" in body:
        passed += 1
    else:
        failures.append(f"{missing}: HTTP {status}, expected 404 with the site's 404 page")
    if passed < min_pages:
        failures.append(f"only {passed} URLs answered, expected at least {min_pages}")
    for failure in failures:
        print("FAIL", failure)
    print(f"crawl {start}: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
