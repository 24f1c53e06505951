#!/usr/bin/env python3
"""Validate a built newsgen site's feeds, sitemaps and page metadata.

Usage: validate.py [--now RFC3339] [--feed-limit N] [--base-url URL]
                   [--vnu-jar JAR | --no-vnu] [--vnu-all] [--jobs N] [--self-test] DIR...

Checks each output folder with real validators and the specification:

- HTML: the Nu HTML Checker (vnu.jar, errors only) over every page of a small
  site, or over a sample with every page kind for a large one; every page's
  <html lang>, <title>, meta description, canonical link (pointing at the
  page itself) and feed autodiscovery links; list pages' rel=prev/next.
- Article pages: OpenGraph, Twitter card and the JSON-LD NewsArticle.
- RSS and Atom: xmllint well-formedness, feedparser (bozo == 0), structure,
  item counts (the newest `--feed-limit` articles of the site or the tag),
  item links that exist in the output, dates that agree with the pages.
- JSON Feed: the JSON Feed 1.1 JSON schema (npm jsonfeed-schema), counts, links.
- Sitemaps: the sitemap XSD (npm sitemap) on every urlset, the index
  (parts, limits), every <loc> an existing file, every canonical page listed.
- news-sitemap.xml: namespaces, at most 1,000 URLs, publication dates within
  the 2 days before --now, every article of those 2 days listed.
- robots.txt names both sitemaps.

The checks assume the default [feeds] formats (all three); tell the script
a different `[feeds] limit` or `full_text = false` with its options.
--self-test then damages hard-linked copies of each (small, valid) site one
way at a time and requires the checks meant to catch it to fail.

Prints each failure, a summary per site, and a last line
'validate: N passed, M failed'; exits non-zero on any failure.
validate.sh finds the tools and runs this; see it for the requirements.
"""
import argparse
import datetime as dt
import email.utils
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_MODULES = os.path.join(HERE, "node_modules")
SITEMAP_XSD = os.path.join(NODE_MODULES, "sitemap", "schema", "sitemap.xsd")
JSONFEED_SCHEMA = os.path.join(NODE_MODULES, "jsonfeed-schema", "schema-v1.1.json")
DEFAULT_VNU_JAR = os.path.join(NODE_MODULES, "vnu-jar", "build", "dist", "vnu.jar")

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
NEWS_MAX_URLS = 1_000
NEWS_WINDOW = dt.timedelta(days=2)
HEADLINE_MAX = 110
VNU_ALL_UP_TO = 400  # HTML pages; above this vnu checks a sample of every kind
SHOW_FAILURES = 25  # per check, so a systematic bug does not flood the log

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UT|UTC|[ECMP][SD]T|Z)$"
)
LIST_PAGE = re.compile(
    r"^(?P<root>|tags/[^/]+/|authors/[^/]+/|\d{4}/|\d{4}/\d{2}/|\d{4}/\d{2}/\d{2}/|[^/]+/)"
    r"(?:page/(?P<n>\d+)/)?index\.html$"
)
# Folders newsgen writes that are not sections (a section front is any other
# one-segment list: /world/, /politics/).
NOT_SECTIONS = {"tags/", "archive/", "authors/", "page/", "search/"}
# The topics index's pages by initial: /tags/by_letter/a/, /tags/by_letter/a/2/.
TOPICS_PAGE = re.compile(r"^tags/by_letter/[^/]+/(?:\d+/)?index\.html$")
HREF = re.compile(r'href="([^"]*)"')
# A part of a split sitemap: a month, the tag pages or the other pages.
SITEMAP_PART = r"sitemap-(\d{4}-\d{2}|pages|tags)(-\d+)?\.xml"


# --------------------------------------------------------------------------
# Results


class Report:
    """Counts checks; each check is one file (or one site-wide property)."""

    def __init__(self, quiet=False):
        self.quiet = quiet
        self.passed = 0
        self.failed = 0
        self.shown = {}
        self.by_check = {}
        self.problems = []  # (check, where, problem), for the self-test

    def log(self, line):
        if not self.quiet:
            print(line, flush=True)

    def record(self, check, where, problems):
        counts = self.by_check.setdefault(check, [0, 0])
        if problems:
            self.failed += 1
            counts[1] += 1
            if self.quiet:
                self.problems += [(check, where, problem) for problem in problems]
            shown = self.shown.get(check, 0)
            if shown < SHOW_FAILURES:
                for problem in problems[:5]:
                    self.log(f"FAIL [{check}] {where}: {problem}")
                if len(problems) > 5:
                    self.log(f"FAIL [{check}] {where}: ... and {len(problems) - 5} more problems")
            elif shown == SHOW_FAILURES:
                self.log(f"FAIL [{check}] ... further failures of this check not shown")
            self.shown[check] = shown + 1
        else:
            self.passed += 1
            counts[0] += 1



# --------------------------------------------------------------------------
# Small helpers


def parse_rfc3339(text):
    """An aware datetime, or None when `text` is not RFC 3339 with a zone."""
    if not isinstance(text, str) or not RFC3339.match(text):
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_w3c(text):
    """Sitemap dates: RFC 3339 date-time with zone, or a plain date (UTC)."""
    if text and W3C_DATE.match(text):
        try:
            return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            return None
    return parse_rfc3339(text)


def parse_rfc822(text):
    if not text or not RFC822.match(text):
        return None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    # The weekday must be the date's own, as feed validators insist.
    if when.strftime("%a") != text[:3]:
        return None
    return when


URI = re.compile(r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


def url_problem(what, value):
    """Why `value` is not an absolute http(s) URI (RFC 3986: spaces and the like percent-encoded), or None."""
    if isinstance(value, str) and URI.match(value):
        return None
    return f"{what} {value!r} is not an absolute URL (RFC 3986)"


def text_of(element, path, namespaces=NS):
    found = element.find(path, namespaces)
    return (found.text or "").strip() if found is not None else None


class Site:
    """Where a site's URLs live in its output folder."""

    def __init__(self, root, base_url):
        self.root = root
        self.base_url = base_url

    def relpath(self, url, page_url=None):
        """The output file a URL (absolute, or relative to `page_url`) names, or None."""
        if not isinstance(url, str):
            return None
        if page_url is not None:
            url = urllib.parse.urljoin(page_url, url)
        url = url.split("#", 1)[0]
        if not url.startswith(self.base_url):
            return None
        rest = urllib.parse.unquote(url[len(self.base_url):].split("?", 1)[0])
        if rest == "" or rest.endswith("/"):
            rest += "index.html"
        if ".." in rest.split("/"):
            return None
        return rest

    def exists(self, relpath):
        return relpath is not None and os.path.isfile(os.path.join(self.root, relpath))

    def url(self, relpath):
        if relpath.endswith("index.html"):
            relpath = relpath[: -len("index.html")]
        return self.base_url + urllib.parse.quote(relpath)


def page_kind(relpath):
    if relpath == "404.html":
        return "404"
    if relpath == "tags/index.html" or TOPICS_PAGE.match(relpath):
        return "tags"
    if relpath == "archive/index.html":
        return "archive_index"
    if relpath == "authors/index.html":
        return "authors"
    match = LIST_PAGE.match(relpath)
    if match:
        root = match.group("root")
        if root == "":
            return "home"
        if root.startswith("tags/"):
            return "tag"
        if root.startswith("authors/"):
            return "author"
        if re.fullmatch(r"\d{4}/(\d{2}/){0,2}", root):
            return {5: "year", 8: "month", 11: "day"}[len(root)]
        if root not in NOT_SECTIONS:
            return "section"
    return "article"


def list_root(relpath):
    """The folder of a list page's feeds: "tags/x/", "authors/x/", "world/"."""
    match = LIST_PAGE.match(relpath)
    return match.group("root") if match else None


# --------------------------------------------------------------------------
# HTML heads (read in worker processes)


class Head(HTMLParser):
    """The metadata of one page's <head>."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = None
        self.meta = {}
        self.links = []
        self.json_ld = []
        self._title = None
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value or "") for name, value in attrs}
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self._title = []
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("http-equiv")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "title" and self._title is not None:
            self.title = "".join(self._title).strip()
            self._title = None
        elif tag == "script" and self._script is not None:
            self.json_ld.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
        if self._script is not None:
            self._script.append(data)


def read_page(args):
    root, relpath = args
    try:
        with open(os.path.join(root, relpath), encoding="utf-8") as file:
            html = file.read()
    except (OSError, UnicodeDecodeError) as error:
        html = f"<!-- unreadable: {error} -->"
    end = html.find("</head>")
    head = Head()
    head.feed(html if end < 0 else html[: end + len("</head>")])
    head.close()
    kind = page_kind(relpath)
    if kind == "section" and head.meta.get("og:type") == ["article"]:
        kind = "article"  # a permalink of one segment, not a section front
    if "refresh" in head.meta:
        kind = "redirect"  # an old path of a moved article, wherever it is
    page = {
        "kind": kind,
        "has_head_end": end >= 0,
        "lang": head.lang,
        "title": head.title,
        "meta": head.meta,
        "links": head.links,
        "json_ld": head.json_ld,
        "tag_links": html.count('rel="tag"'),
    }
    if kind == "tag":
        # Article links on tag pages tell which articles carry the tag.
        page["hrefs"] = sorted(set(HREF.findall(html[end:])))
    return relpath, page


# --------------------------------------------------------------------------
# Page checks


def check_page(site, relpath, page, all_pages):
    problems = []
    kind = page["kind"]
    if not page["has_head_end"]:
        problems.append("no </head>")
    if not page["lang"]:
        problems.append("<html> has no lang")
    if not page["title"]:
        problems.append("no <title> or an empty one")
    if kind == "redirect":
        return problems + check_redirect(site, page)
    descriptions = page["meta"].get("description", [])
    if len(descriptions) != 1 or not descriptions[0].strip():
        problems.append(f"expected one non-empty meta description, found {descriptions!r}")
    page_url = site.url(relpath)
    canonicals = [link.get("href", "") for link in page["links"] if "canonical" in link.get("rel", "").split()]
    if kind == "404":
        pass  # served at every missing URL and left out of the sitemap: a canonical would be wrong
    elif len(canonicals) != 1:
        problems.append(f"expected one canonical link, found {len(canonicals)}")
    elif not canonicals[0].startswith(site.base_url):
        problems.append(f"canonical {canonicals[0]!r} is not an absolute URL under {site.base_url}")
    elif site.relpath(canonicals[0]) != relpath:
        problems.append(f"canonical {canonicals[0]!r} is not this page")

    alternates = [link for link in page["links"] if "alternate" in link.get("rel", "").split()]
    offered = {(link.get("type"), link.get("href")) for link in alternates}
    expected = []
    if kind in ("tag", "section", "author"):
        # A list's own feeds: a tag's, a section's, an author's.
        own_root = list_root(relpath)
        expected += [(FEED_TYPES[f], site.base_url + own_root + name) for f, name in FEED_FILES.items()
                     if site.exists(own_root + name)]
        if not any(site.exists(own_root + name) for name in FEED_FILES.values()):
            problems.append(f"the {kind} page has no feeds in {own_root}")
    expected += [(FEED_TYPES[f], site.base_url + name) for f, name in FEED_FILES.items() if site.exists(name)]
    for feed_type, href in expected:
        if (feed_type, href) not in offered:
            problems.append(f"no feed autodiscovery link type={feed_type} href={href}")
    for link in alternates:
        if link.get("type") in FEED_TYPES.values() and not site.exists(site.relpath(link.get("href", ""), page_url)):
            problems.append(f"feed link {link.get('href')!r} names no file in the output")

    match = LIST_PAGE.match(relpath)
    if match:
        root, numbered = match.group("root"), match.group("n")
        want_prev, want_next = list_neighbours(root, numbered and int(numbered), all_pages)
        for want in (want_prev, want_next):
            if want and want not in all_pages:
                problems.append(f"{relpath} exists but {want} does not")
        for rel, want in (("prev", want_prev), ("next", want_next)):
            hrefs = [link.get("href", "") for link in page["links"] if rel in link.get("rel", "").split()]
            got = [site.relpath(href, page_url) for href in hrefs]
            if want is None and hrefs:
                problems.append(f"rel={rel} {hrefs!r} on the {'first' if rel == 'prev' else 'last'} page")
            elif want is not None and got != [want]:
                problems.append(f"rel={rel} should point at {site.url(want)}, found {hrefs!r}")
    return problems


def check_redirect(site, page):
    """A redirect page: refreshes at once to its one canonical URL, not indexed."""
    problems = []
    canonicals = [link.get("href", "") for link in page["links"] if "canonical" in link.get("rel", "").split()]
    refresh = page["meta"].get("refresh", [])
    if len(canonicals) != 1 or not re.match(r"^(https?:)?//", canonicals[0]):
        problems.append(f"expected one absolute canonical link, found {canonicals!r}")
    elif refresh != [f"0; url={canonicals[0]}"]:
        problems.append(f"refresh {refresh!r} does not lead at once to the canonical {canonicals[0]!r}")
    if page["meta"].get("robots") != ["noindex"]:
        problems.append("a redirect page without <meta name=\"robots\" content=\"noindex\">")
    return problems


_NUMBERED = {}  # (pages, list root) -> the numbers of its page/N/ files


def list_neighbours(root, number, all_pages):
    """The newer (rel=prev) and older (rel=next) pages of a list page, as the
    numbered pages present say they must be. Numbered from the oldest, page 1
    exists and the front page (no number) is the highest; numbered from the
    newest, the front page is page 1 and page/1/ never exists."""
    def page(n):
        return f"{root}page/{n}/index.html"
    key = (id(all_pages), root)
    numbers = _NUMBERED.get(key)
    if numbers is None:
        numbers, n = set(), 1
        while page(n) in all_pages or n == 1:
            if page(n) in all_pages:
                numbers.add(n)
            n += 1
        _NUMBERED[key] = numbers
    from_oldest = 1 in numbers
    front = (max(numbers) + 1) if from_oldest else 1
    last = 1 if from_oldest else max(numbers, default=1)
    if number is None:
        number = front
    def path(n):
        return root + "index.html" if n == front else page(n)
    if from_oldest:
        newer = number + 1 if number < front else None
        older = number - 1 if number > 1 else None
    else:
        newer = number - 1 if number > 1 else None
        older = number + 1 if number < last else None
    return (newer and path(newer)), (older and path(older))


def find_news_article(documents):
    for document in documents:
        candidates = document if isinstance(document, list) else [document]
        for candidate in list(candidates):
            if isinstance(candidate, dict) and isinstance(candidate.get("@graph"), list):
                candidates.extend(candidate["@graph"])
        for candidate in candidates:
            if isinstance(candidate, dict):
                types = candidate.get("@type")
                types = types if isinstance(types, list) else [types]
                if "NewsArticle" in types:
                    return candidate
    return None


def check_article(site, relpath, page):
    """OpenGraph, Twitter card and JSON-LD of one article page; also returns its dates."""
    problems = []
    meta = page["meta"]
    canonical = site.url(relpath)

    def one(key):
        values = meta.get(key, [])
        if len(values) != 1 or not values[0].strip():
            problems.append(f"expected one non-empty <meta property={key}>, found {values!r}")
            return None
        return values[0]

    if one("og:type") not in (None, "article"):
        problems.append(f"og:type is {meta['og:type'][0]!r}, not 'article'")
    for key in ("og:title", "og:description", "og:site_name"):
        one(key)
    og_url = one("og:url")
    if og_url is not None and og_url != canonical:
        problems.append(f"og:url {og_url!r} is not the canonical {canonical!r}")
    published = modified = None
    for key in ("article:published_time", "article:modified_time"):
        value = one(key)
        if value is not None:
            when = parse_rfc3339(value)
            if when is None:
                problems.append(f"{key} {value!r} is not an RFC 3339 date-time with a time zone")
            elif key == "article:published_time":
                published = when
            else:
                modified = when
    if published and modified and modified < published:
        problems.append("article:modified_time is before article:published_time")
    tags = meta.get("article:tag", [])
    if page["tag_links"] and not tags:
        problems.append('the page links tags (rel="tag") but has no article:tag')
    if any(not tag.strip() for tag in tags):
        problems.append("an empty article:tag")
    og_images = meta.get("og:image", [])
    for key in ("og:image", "og:url"):
        problems += [p for p in (url_problem(key, value) for value in meta.get(key, [])) if p]
    card = one("twitter:card")
    if card is not None and card not in ("summary", "summary_large_image", "app", "player"):
        problems.append(f"twitter:card {card!r} is not a card type")

    documents = []
    for raw in page["json_ld"]:
        try:
            documents.append(json.loads(raw))
        except json.JSONDecodeError as error:
            problems.append(f"JSON-LD does not parse: {error}")
    article = find_news_article(documents)
    if article is None:
        problems.append("no JSON-LD NewsArticle")
        return problems, published, modified, og_images
    context = json.dumps(article.get("@context", documents[0].get("@context") if isinstance(documents[0], dict) else ""))
    if "schema.org" not in context:
        problems.append("JSON-LD @context is not schema.org")
    headline = article.get("headline")
    if not isinstance(headline, str) or not headline.strip():
        problems.append("JSON-LD headline is missing")
    elif len(headline) > HEADLINE_MAX:
        problems.append(f"JSON-LD headline has {len(headline)} characters (at most {HEADLINE_MAX})")
    ld_dates = {}
    for key in ("datePublished", "dateModified"):
        when = parse_rfc3339(article.get(key))
        ld_dates[key] = when
        if when is None:
            problems.append(f"JSON-LD {key} {article.get(key)!r} is not a date-time with a time zone")
    if ld_dates["datePublished"] and published and ld_dates["datePublished"] != published:
        problems.append("JSON-LD datePublished differs from article:published_time")
    if ld_dates["dateModified"] and modified and ld_dates["dateModified"] != modified:
        problems.append("JSON-LD dateModified differs from article:modified_time")
    authors = article.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    if not authors or not all(isinstance(a, dict) and a.get("@type") in ("Person", "Organization")
                              and isinstance(a.get("name"), str) and a["name"].strip() for a in authors):
        problems.append(f"JSON-LD author must be Person/Organization objects with a name, found {article.get('author')!r}")
    for person in (a for a in authors if isinstance(a, dict) and a.get("@type") == "Person"):
        # Google: a Person links their author page on this site.
        url = person.get("url")
        target = site.relpath(url) if isinstance(url, str) and url.startswith(site.base_url) else None
        if target is None or not site.exists(target):
            problems.append(f"JSON-LD author {person.get('name')!r} has url {url!r}, which is no page of the site")
        for same in person.get("sameAs", []):
            if url_problem("JSON-LD author sameAs", same):
                problems.append(url_problem("JSON-LD author sameAs", same))
    publisher = article.get("publisher")
    if not (isinstance(publisher, dict) and publisher.get("@type") == "Organization"
            and isinstance(publisher.get("name"), str) and publisher["name"].strip()):
        problems.append(f"JSON-LD publisher must be an Organization with a name, found {publisher!r}")
    elif "logo" in publisher:
        logo = publisher["logo"]
        problem = url_problem("JSON-LD publisher.logo", logo.get("url") if isinstance(logo, dict) else logo)
        if problem:
            problems.append(problem)
    main = article.get("mainEntityOfPage")
    main_url = main.get("@id") if isinstance(main, dict) else main
    if main_url != canonical:
        problems.append(f"JSON-LD mainEntityOfPage {main!r} is not the canonical {canonical!r}")
    if "url" in article and article["url"] != canonical:
        problems.append(f"JSON-LD url {article['url']!r} is not the canonical {canonical!r}")
    image = article.get("image")
    for value in image if isinstance(image, list) else [image] if image else []:
        value = value.get("url") if isinstance(value, dict) else value
        problem = url_problem("JSON-LD image", value)
        if problem:
            problems.append(problem)
    if bool(image) != bool(og_images):
        problems.append(f"JSON-LD image {image!r} and og:image {og_images!r} disagree")
    return problems, published, modified, og_images


# --------------------------------------------------------------------------
# Feeds (checked in worker processes; CONTEXT is set before the pool forks)

CONTEXT = {}


def feed_expectation(folder):
    """The article files a feed in `folder` should hold, newest first, or None."""
    if folder == "":
        members = CONTEXT["articles"]
    else:
        members = CONTEXT["tag_members"].get(folder)
        if members is None:
            return None
    return sorted(members, key=lambda rel: CONTEXT["published"].get(rel) or dt.datetime.min.replace(tzinfo=dt.timezone.utc), reverse=True)


def check_summary(where, link, summary, problems):
    """A feed's summary of an article is the page's own description."""
    page_summary = CONTEXT["summaries"].get(CONTEXT["site"].relpath(link))
    if summary is not None and page_summary is not None and summary.strip() != page_summary.strip():
        problems.append(f"{where}: summary {summary[:60]!r}... is not the page's og:description {page_summary[:60]!r}...")


def check_items(kind, links, dates, folder, problems):
    """Counts, links, order and newest-first selection, shared by the three formats."""
    site = CONTEXT["site"]
    limit = CONTEXT["limit"]
    relpaths = [site.relpath(link) for link in links]
    for link, rel in zip(links, relpaths):
        if rel not in CONTEXT["published"]:
            problems.append(f"item link {link!r} is not an article page in the output")
    if len(set(relpaths)) != len(relpaths):
        problems.append("duplicate items")
    members = feed_expectation(folder)
    if members is None:
        if not 1 <= len(links) <= limit:
            problems.append(f"{len(links)} items; expected 1 to {limit}")
    else:
        want = min(limit, len(members))
        if len(links) != want:
            what = "the site's articles" if folder == "" else "articles linked from the tag's pages"
            problems.append(f"{len(links)} items; expected {want} (newest {limit} of {len(members)} {what})")
        member_set, item_set = set(members), set(relpaths)
        strays = [rel for rel in relpaths if rel not in member_set]
        if strays and folder:
            problems.append(f"{len(strays)} items are not on the tag's pages, e.g. {strays[0]}")
        chosen = [CONTEXT["published"][rel] for rel in relpaths if rel in CONTEXT["published"]]
        left_out = [rel for rel in members if rel not in item_set]
        if chosen and left_out:
            newest_left = max(CONTEXT["published"][rel] for rel in left_out)
            if newest_left > min(chosen):
                problems.append(f"not the newest articles: {left_out[0]} ({newest_left.isoformat()}) was left out")
    for when, rel in zip(dates, relpaths):
        page_date = CONTEXT["published"].get(rel)
        if when is not None and page_date is not None and when.replace(microsecond=0) != page_date.replace(microsecond=0):
            problems.append(f"{kind} date {when.isoformat()} of {rel} differs from its page's {page_date.isoformat()}")
            break
    known = [d for d in dates if d is not None]
    if any(a < b for a, b in zip(known, known[1:])):
        problems.append("items are not newest first")
    return relpaths


def check_rss(path, folder):
    site = CONTEXT["site"]
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f"not well-formed: {error}"], None
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        return ["not an RSS 2.0 document (<rss version=\"2.0\"><channel>)"], None
    for name in ("title", "link", "description"):
        if not text_of(channel, name):
            problems.append(f"channel has no {name}")
    link = text_of(channel, "link")
    if link and not link.startswith(site.base_url):
        problems.append(f"channel link {link!r} is not under {site.base_url}")
    self_links = [a.get("href") for a in channel.findall("atom:link", NS) if a.get("rel") == "self"]
    want_self = site.base_url + folder + "feed.xml"
    if self_links != [want_self]:
        problems.append(f"atom:link rel=self should be {want_self!r}, found {self_links!r}")
    links, dates = [], []
    for index, item in enumerate(channel.findall("item")):
        where = f"item {index + 1}"
        for name in ("title", "link", "guid", "description"):
            if not text_of(item, name):
                problems.append(f"{where} has no {name}")
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true" and text_of(item, "guid") != text_of(item, "link"):
            problems.append(f"{where}: permalink guid differs from its link")
        pub = text_of(item, "pubDate")
        when = parse_rfc822(pub)
        if when is None:
            problems.append(f"{where}: pubDate {pub!r} is not an RFC 822 date (with the right weekday)")
        content = item.find("content:encoded", NS)
        if folder == "" and CONTEXT["full_text"] and (content is None or not (content.text or "").strip()):
            problems.append(f"{where} has no content:encoded (the site feed carries full text)")
        elif content is not None and not (content.text or "").strip():
            problems.append(f"{where} has an empty content:encoded")
        check_summary(where, text_of(item, "link") or "", text_of(item, "description"), problems)
        links.append(text_of(item, "link") or "")
        dates.append(when)
    relpaths = check_items("pubDate", links, dates, folder, problems)
    return problems, relpaths


def check_atom(path, folder):
    site = CONTEXT["site"]
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f"not well-formed: {error}"], None
    if root.tag != "{%s}feed" % NS["atom"]:
        return ["not an Atom feed (<feed xmlns=\"http://www.w3.org/2005/Atom\">)"], None
    for name in ("id", "title", "updated"):
        if not text_of(root, f"atom:{name}"):
            problems.append(f"feed has no {name}")
    if text_of(root, "atom:updated") and parse_rfc3339(text_of(root, "atom:updated")) is None:
        problems.append(f"feed updated {text_of(root, 'atom:updated')!r} is not RFC 3339")
    self_links = [a.get("href") for a in root.findall("atom:link", NS) if a.get("rel") == "self"]
    want_self = site.base_url + folder + "atom.xml"
    if self_links != [want_self]:
        problems.append(f"link rel=self should be {want_self!r}, found {self_links!r}")
    feed_author = root.find("atom:author/atom:name", NS) is not None
    links, dates = [], []
    for index, entry in enumerate(root.findall("atom:entry", NS)):
        where = f"entry {index + 1}"
        for name in ("id", "title", "updated"):
            if not text_of(entry, f"atom:{name}"):
                problems.append(f"{where} has no {name}")
        for name in ("updated", "published"):
            value = text_of(entry, f"atom:{name}")
            if value is not None and parse_rfc3339(value) is None:
                problems.append(f"{where}: {name} {value!r} is not RFC 3339")
        # RFC 4287 4.1.1: every entry has an author, its own or the feed's.
        if not feed_author and entry.find("atom:author/atom:name", NS) is None:
            problems.append(f"{where} has no author and the feed has none")
        alternates = [a.get("href") for a in entry.findall("atom:link", NS) if a.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1:
            problems.append(f"{where}: expected one alternate link, found {alternates!r}")
        if entry.find("atom:content", NS) is None and entry.find("atom:summary", NS) is None:
            problems.append(f"{where} has neither content nor summary")
        summary = entry.find("atom:summary", NS)
        if summary is not None and summary.get("type", "text") == "text":
            check_summary(where, alternates[0] if alternates else "", summary.text or "", problems)
        links.append(alternates[0] if alternates else "")
        dates.append(parse_rfc3339(text_of(entry, "atom:published") or ""))
    relpaths = check_items("published", links, dates, folder, problems)
    return problems, relpaths


def check_json_feed(path, folder):
    site = CONTEXT["site"]
    try:
        with open(path, encoding="utf-8") as file:
            feed = json.load(file)
    except (ValueError, UnicodeDecodeError) as error:
        return [f"not JSON: {error}"], None
    problems = [
        f"schema: {error.message} at /{'/'.join(str(p) for p in error.absolute_path)}"
        for error in CONTEXT["json_schema"].iter_errors(feed)
    ][:10]
    if not isinstance(feed, dict):
        return problems or ["not a JSON object"], None
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version {feed.get('version')!r} is not JSON Feed 1.1")
    want_self = site.base_url + folder + "feed.json"
    if feed.get("feed_url") != want_self:
        problems.append(f"feed_url should be {want_self!r}, found {feed.get('feed_url')!r}")
    if not str(feed.get("home_page_url", "")).startswith(site.base_url):
        problems.append(f"home_page_url {feed.get('home_page_url')!r} is not under {site.base_url}")
    items = feed.get("items") if isinstance(feed.get("items"), list) else []
    links, dates = [], []
    for index, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        where = f"item {index + 1}"
        if not item.get("id"):
            problems.append(f"{where} has no id")
        if folder == "" and CONTEXT["full_text"] and not item.get("content_html"):
            problems.append(f"{where} has no content_html (the site feed carries full text)")
        when = parse_rfc3339(item.get("date_published"))
        if when is None:
            problems.append(f"{where}: date_published {item.get('date_published')!r} is not RFC 3339")
        if isinstance(item.get("summary"), str):
            check_summary(where, item.get("url"), item["summary"], problems)
        for key in ("url", "image", "banner_image"):
            if key in item and url_problem(key, item[key]):
                problems.append(f"{where}: {url_problem(key, item[key])}")
        links.append(item.get("url") or "")
        dates.append(when)
    relpaths = check_items("date_published", links, dates, folder, problems)
    return problems, relpaths


def check_feed_folder(folder):
    """Every feed of one folder ("" for the site, "tags/x/" for a tag)."""
    import feedparser  # imported here: slow to import, needed only in workers

    root = CONTEXT["site"].root
    results = []
    orders = {}
    for kind, name in FEED_FILES.items():
        path = os.path.join(root, folder, name)
        if not os.path.isfile(path):
            results.append((f"feed {kind}", folder + name, ["missing"]))
            continue
        checker = {"rss": check_rss, "atom": check_atom, "json": check_json_feed}[kind]
        try:
            problems, relpaths = checker(path, folder)
        except Exception as error:  # a malformed feed must fail its check, not stop the run
            problems, relpaths = [f"unreadable: {error!r}"], None
        results.append((f"feed {kind}", folder + name, problems))
        if relpaths is not None:
            orders[kind] = relpaths
        if kind != "json":
            parsed = feedparser.parse(path)
            fp_problems = []
            if parsed.bozo:
                fp_problems.append(f"bozo: {parsed.get('bozo_exception')!r}")
            if relpaths is not None and len(parsed.entries) != len(relpaths):
                fp_problems.append(f"feedparser read {len(parsed.entries)} entries, not {len(relpaths)}")
            results.append(("feedparser", folder + name, fp_problems))
    if len(orders) == 3 and not (orders["rss"] == orders["atom"] == orders["json"]):
        results.append(("feed agreement", folder or "site feeds", ["RSS, Atom and JSON Feed list different items or orders"]))
    elif len(orders) == 3:
        results.append(("feed agreement", folder or "site feeds", []))
    return results


# --------------------------------------------------------------------------
# External tools


def run(command):
    return subprocess.run(command, capture_output=True, text=True)


def xmllint_well_formed(root, paths, report, check):
    """xmllint --noout in batches; a failing batch is rerun file by file to name the culprit."""
    for start in range(0, len(paths), 500):
        batch = paths[start:start + 500]
        if run(["xmllint", "--noout", "--nonet", *batch]).returncode == 0:
            for path in batch:
                report.record(check, os.path.relpath(path, root), [])
            continue
        for path in batch:
            result = run(["xmllint", "--noout", "--nonet", path])
            lines = [line.replace(path, os.path.relpath(path, root)) for line in result.stderr.splitlines() if line]
            report.record(check, os.path.relpath(path, root), lines[:3] if result.returncode else [])


def xmllint_schema(path, xsd):
    result = run(["xmllint", "--noout", "--nonet", "--schema", xsd, path])
    if result.returncode == 0:
        return []
    lines = [line.replace(path, os.path.basename(path)) for line in result.stderr.splitlines()
             if line and "fails to validate" not in line]
    return lines[:5] or ["fails to validate"]


def vnu(jar, paths):
    """Nu HTML Checker errors per file."""
    if not paths:
        return {}
    errors = {path: [] for path in paths}
    result = run(["java", "-jar", jar, "--errors-only", "--no-langdetect", "--format", "gnu", "--stdout", *paths])
    for line in result.stdout.splitlines():
        match = re.match(r'^"?(?:file:)?(.*?)"?:(\d+\.\d+-\d+\.\d+|\d+\.\d+|\d+):\s*(.*)$', line)
        path = os.path.abspath(urllib.parse.unquote(match.group(1))) if match else None
        if path in errors:
            errors[path].append(f"{match.group(2)}: {match.group(3)}")
        elif line.strip():
            # Not attributable to a file: count it against the whole run.
            errors.setdefault("(vnu)", []).append(line)
    if result.returncode != 0 and not any(errors.values()):
        errors["(vnu)"] = [f"exit status {result.returncode}: {result.stderr.strip()[:300]}"]
    return errors


def vnu_sample(pages):
    """Every page kind (and a numbered page of each list kind), plus spread-out articles."""
    by_kind = {}
    for relpath in sorted(pages):
        by_kind.setdefault(pages[relpath]["kind"], []).append(relpath)
    chosen = set()
    for kind, relpaths in by_kind.items():
        firsts = [r for r in relpaths if "/page/" not in "/" + r]
        seconds = [r for r in relpaths if re.search(r"(^|/)page/\d+/index\.html$", r)]
        if kind == "article":
            step = max(1, len(relpaths) // 12)
            chosen.update(relpaths[::step][:12])
            with_image = [r for r in relpaths if pages[r]["meta"].get("og:image")]
            chosen.update(with_image[:2])
            longest = max(relpaths, key=lambda r: len(pages[r]["title"] or ""))
            chosen.add(longest)
        else:
            chosen.update(firsts[:2])
            chosen.update(seconds[:1])
    return sorted(chosen)


# --------------------------------------------------------------------------
# One site


def articles_by_tag(site, pages, article_set):
    """Which articles each tag folder holds, from the article links on its pages."""
    tag_members = {}
    for relpath, page in pages.items():
        if page["kind"] == "tag":
            folder = "/".join(relpath.split("/")[:2]) + "/"
            members = tag_members.setdefault(folder, set())
            page_url = site.url(relpath)
            for href in page["hrefs"]:
                target = site.relpath(href, page_url)
                if target in article_set:
                    members.add(target)
    return tag_members


def check_feed_images(site, images, report):
    """The site JSON Feed's item images agree with the pages' og:image."""
    try:
        with open(os.path.join(site.root, "feed.json"), encoding="utf-8") as file:
            items = json.load(file).get("items", [])
        problems = []
        for item in items:
            rel = site.relpath(item.get("url", ""))
            if rel in images and bool(item.get("image")) != bool(images[rel]):
                problems.append(f"{rel}: feed image {item.get('image')!r}, page og:image {images[rel]!r}")
        report.record("feed images", "feed.json", problems)
    except (OSError, ValueError, AttributeError):
        pass  # reported by the JSON Feed check


def validate_site(root, options, report):
    started = time.monotonic()
    timings = []

    def lap(name):
        nonlocal started
        now = time.monotonic()
        timings.append(f"{name} {now - started:.1f}s")
        started = now

    root = os.path.abspath(root)
    report.log(f"== {root}")
    html_files, files = [], set()
    for folder, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            files.add(rel)
            if name.endswith(".html"):
                html_files.append(rel)
    if "index.html" not in files:
        report.record("site", root, ["no index.html: not a built site"])
        return

    with multiprocessing.Pool(options.jobs) as pool:
        pages = dict(pool.imap_unordered(read_page, [(root, rel) for rel in html_files], chunksize=64))
    lap("read pages")

    base_url = options.base_url
    if not base_url:
        home = [link.get("href", "") for link in pages["index.html"]["links"] if "canonical" in link.get("rel", "").split()]
        base_url = home[0] if home else None
    if not base_url or not base_url.endswith("/") or not base_url.startswith(("https://", "http://")):
        report.record("site", root, [f"cannot tell the base URL (home page canonical {base_url!r}); pass --base-url"])
        return
    site = Site(root, base_url)
    articles = sorted(rel for rel, page in pages.items() if page["kind"] == "article")
    report.log(f"   base URL {base_url}, {len(html_files)} HTML pages, {len(articles)} articles")

    # Pages and articles.
    published, modified, images, summaries = {}, {}, {}, {}
    page_set = set(pages)
    for relpath in sorted(pages):
        page = pages[relpath]
        report.record("page metadata", relpath, check_page(site, relpath, page, page_set))
        if page["kind"] == "article":
            problems, published_at, modified_at, og_images = check_article(site, relpath, page)
            report.record("article metadata", relpath, problems)
            published[relpath] = published_at
            modified[relpath] = modified_at
            images[relpath] = og_images
            if len(page["meta"].get("og:description", [])) == 1:
                summaries[relpath] = page["meta"]["og:description"][0]
    lap("page checks")

    tag_members = articles_by_tag(site, pages, set(articles))

    # Feeds.
    feed_folders = [""] + sorted({rel.rsplit("/", 1)[0] + "/" for rel in files
                                  if rel.endswith(("/feed.xml", "/atom.xml", "/feed.json"))})
    for folder in feed_folders[1:]:
        if not folder.startswith("tags/"):
            # A section's or an author's: its page is there.
            if pages.get(folder + "index.html", {}).get("kind") not in ("section", "author"):
                report.record("feed folders", folder, ["feeds in a folder that is no tag, section or author page"])
            continue
        if folder not in tag_members:
            report.record("feed folders", folder, ["feeds for a tag that has no tag page"])
    for folder in sorted(tag_members):
        if folder not in feed_folders:
            report.record("feed folders", folder, ["tag page without feeds"])
    xml_feeds = [os.path.join(root, folder, name) for folder in feed_folders for name in ("feed.xml", "atom.xml")
                 if os.path.isfile(os.path.join(root, folder, name))]
    xmllint_well_formed(root, xml_feeds, report, "xmllint feeds")
    lap("xmllint feeds")

    import jsonschema

    with open(JSONFEED_SCHEMA, encoding="utf-8") as file:
        schema = json.load(file)
    validator_class = jsonschema.validators.validator_for(schema)
    CONTEXT.update(
        site=site,
        limit=options.feed_limit,
        full_text=not options.no_full_text,
        articles=articles,
        published={rel: when for rel, when in published.items() if when is not None},
        tag_members=tag_members,
        summaries=summaries,
        json_schema=validator_class(schema, format_checker=validator_class.FORMAT_CHECKER),
    )
    with multiprocessing.Pool(options.jobs) as pool:  # forks now, so workers see CONTEXT
        for results in pool.imap(check_feed_folder, feed_folders, chunksize=8):
            for check, where, problems in results:
                report.record(check, where, problems)
    lap(f"feeds ({len(feed_folders)} folders)")

    check_feed_images(site, images, report)

    # Sitemaps.
    canonical_pages = {rel for rel, page in pages.items() if page["kind"] not in ("404", "redirect")}
    check_sitemaps(site, canonical_pages, modified, report)
    lap("sitemaps")
    check_news_sitemap(site, published, options.now, report)
    check_robots(site, report)

    # Nu HTML Checker.
    if options.vnu_jar:
        if options.vnu_all or len(pages) <= VNU_ALL_UP_TO:
            chosen = sorted(pages)
        else:
            chosen = vnu_sample(pages)
        errors = vnu(options.vnu_jar, [os.path.join(root, rel) for rel in chosen])
        for path, problems in sorted(errors.items()):
            report.record("vnu", os.path.relpath(path, root) if path != "(vnu)" else path, problems)
        kinds = {}
        for rel in chosen:
            kinds[pages[rel]["kind"]] = kinds.get(pages[rel]["kind"], 0) + 1
        lap(f"vnu ({len(chosen)} pages: {', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    report.log(f"   time: {', '.join(timings)}")


def check_sitemaps(site, canonical_pages, modified, report):
    path = os.path.join(site.root, "sitemap.xml")
    if not os.path.isfile(path):
        report.record("sitemap", "sitemap.xml", ["missing"])
        return
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        report.record("sitemap", "sitemap.xml", [f"not well-formed: {error}"])
        return
    parts = []
    if root.tag == "{%s}sitemapindex" % NS["sm"]:
        problems = []
        locs = [text_of(entry, "sm:loc") or "" for entry in root.findall("sm:sitemap", NS)]
        if len(root) != len(locs):
            problems.append("the index holds elements other than <sitemap>")
        if not locs:
            problems.append("an empty sitemap index")
        for number, loc in enumerate(locs, start=1):
            if not re.fullmatch(re.escape(site.base_url) + SITEMAP_PART, loc):
                problems.append(f"part {number} is {loc!r}, not {site.base_url}sitemap-<month|pages|tags>[-N].xml")
            rel = site.relpath(loc)
            if not site.exists(rel):
                problems.append(f"part {loc!r} is not a file in the output")
            else:
                parts.append(rel)
        stray = sorted(f for f in os.listdir(site.root) if re.fullmatch(SITEMAP_PART, f) and f not in parts)
        if stray:
            problems.append(f"sitemap parts not in the index: {stray}")
        report.record("sitemap index", "sitemap.xml", problems)
    elif root.tag == "{%s}urlset" % NS["sm"]:
        parts = ["sitemap.xml"]
    else:
        report.record("sitemap", "sitemap.xml", [f"root element {root.tag!r} is neither a urlset nor a sitemapindex"])
        return

    listed = {}
    total_bytes = 0
    for rel in parts:
        path = os.path.join(site.root, rel)
        problems = xmllint_schema(path, SITEMAP_XSD)
        size = os.path.getsize(path)
        total_bytes += size
        if size > SITEMAP_MAX_BYTES:
            problems.append(f"{size} bytes: over 50 MB")
        urls = ET.parse(path).getroot().findall("sm:url", NS) if not problems or size <= SITEMAP_MAX_BYTES else []
        if len(urls) > SITEMAP_MAX_URLS:
            problems.append(f"{len(urls)} URLs: over {SITEMAP_MAX_URLS}")
        for url in urls:
            loc = text_of(url, "sm:loc") or ""
            target = site.relpath(loc)
            if loc in listed:
                problems.append(f"{loc} listed twice")
            listed[loc] = text_of(url, "sm:lastmod")
            if parse_w3c(listed[loc]) is None:
                problems.append(f"{loc}: lastmod {listed[loc]!r} is missing or not a W3C date")
            if not site.exists(target):
                problems.append(f"<loc> {loc} is not a file in the output")
            elif target in modified and modified[target] is not None:
                lastmod = parse_w3c(listed[loc])
                if lastmod != modified[target]:
                    problems.append(f"{loc}: lastmod {listed[loc]!r} is not the article's modified time {modified[target].isoformat()}")
        report.record("sitemap urlset", rel, problems)

    problems = []
    if len(parts) > 1 or root.tag.endswith("sitemapindex"):
        if len(listed) <= SITEMAP_MAX_URLS and total_bytes <= SITEMAP_MAX_BYTES:
            problems.append(f"a sitemap index for only {len(listed)} URLs ({total_bytes} bytes): one sitemap.xml would do")
    want = {site.url(rel) for rel in canonical_pages}
    missing = sorted(want - set(listed))
    extra = sorted(set(listed) - want)
    if missing:
        problems.append(f"{len(missing)} canonical pages are not in the sitemap, e.g. {missing[:3]}")
    if extra:
        problems.append(f"{len(extra)} sitemap URLs are not canonical pages, e.g. {extra[:3]}")
    report.record("sitemap coverage", f"{len(listed)} URLs in {len(parts)} file(s)", problems)


def check_news_sitemap(site, published, now, report):
    rel = "news-sitemap.xml"
    path = os.path.join(site.root, rel)
    if not os.path.isfile(path):
        report.record("news sitemap", rel, ["missing"])
        return
    xmllint_well_formed(site.root, [path], report, "xmllint news sitemap")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        report.record("news sitemap", rel, [f"not well-formed: {error}"])
        return
    problems = []
    with open(path, encoding="utf-8") as file:
        raw = file.read(4096)
    if root.tag != "{%s}urlset" % NS["sm"]:
        problems.append(f"root is {root.tag!r}, not a sitemap <urlset>")
    if f'xmlns:news="{NS["news"]}"' not in raw:
        problems.append(f"no xmlns:news=\"{NS['news']}\" declaration")
    urls = root.findall("sm:url", NS)
    if len(urls) > NEWS_MAX_URLS:
        problems.append(f"{len(urls)} URLs: over {NEWS_MAX_URLS}")
    if now is None:
        problems.append("cannot check publication dates: pass --now (the build's --now)")
    listed = []
    for index, url in enumerate(urls):
        where = f"url {index + 1}"
        loc = text_of(url, "sm:loc") or ""
        target = site.relpath(loc)
        if target not in published:
            problems.append(f"{where}: {loc!r} is not an article page in the output")
        listed.append(target)
        news = url.find("news:news", NS)
        if news is None:
            problems.append(f"{where} has no news:news")
            continue
        name = text_of(news, "news:publication/news:name")
        language = text_of(news, "news:publication/news:language")
        if not name:
            problems.append(f"{where} has no news:publication/news:name")
        if not language or not re.match(r"^([a-z]{2,3}|zh-cn|zh-tw)$", language):
            problems.append(f"{where}: news:language {language!r} is not an ISO 639 code")
        if not text_of(news, "news:title"):
            problems.append(f"{where} has no news:title")
        date_text = text_of(news, "news:publication_date")
        when = parse_w3c(date_text)
        if when is None:
            problems.append(f"{where}: news:publication_date {date_text!r} is not a W3C date-time")
        elif now is not None and not (now - NEWS_WINDOW <= when <= now):
            problems.append(f"{where}: published {date_text}, outside the 2 days before {now.isoformat()}")
        # Later than the page's date only for an embargoed article: it is
        # published when its embargo lifts.
        if when is not None and target in published and published[target] and when < published[target]:
            problems.append(f"{where}: publication_date {date_text} is before the page's {published[target].isoformat()}")
    if now is not None:
        # Articles exactly 2 days old may go either way.
        must = {rel for rel, when in published.items() if when and now - NEWS_WINDOW < when <= now}
        # By name, not by count: an embargoed article may be listed though
        # its page is dated earlier.
        missing = sorted(must - set(listed))
        if missing and len(listed) < NEWS_MAX_URLS:
            problems.append(f"{len(listed)} URLs, but {len(must)} articles were published in the 2 days before "
                            f"{now.isoformat()}; e.g. missing {missing[:2]}")
    report.record("news sitemap", f"{rel} ({len(urls)} URLs)", problems)


def check_robots(site, report):
    path = os.path.join(site.root, "robots.txt")
    if not os.path.isfile(path):
        report.record("robots.txt", "robots.txt", ["missing"])
        return
    with open(path, encoding="utf-8") as file:
        lines = [line.strip() for line in file]
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
    problems = [f"no 'Sitemap: {site.base_url}{name}' line" for name in ("sitemap.xml", "news-sitemap.xml")
                if f"{site.base_url}{name}" not in sitemaps]
    problems += [f"Sitemap {url!r} is not a file in the output" for url in sitemaps if not site.exists(site.relpath(url))]
    report.record("robots.txt", "robots.txt", problems)



# --------------------------------------------------------------------------
# Self-test: each check must be able to fail. Damage a hard-linked copy of a
# valid site one way at a time and require the named checks to fail.


def rewrite(root, rel, change):
    """Replace one file of a hard-linked copy (never write through the link)."""
    path = os.path.join(root, rel)
    with open(path, encoding="utf-8") as file:
        before = file.read()
    after = change(before)
    if after == before:
        raise RuntimeError(f"self-test: the damage to {rel} changed nothing")
    os.remove(path)
    with open(path, "w", encoding="utf-8") as file:
        file.write(after)


def first_of_kind(root, kind, predicate=lambda text: True):
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            if name.endswith(".html") and page_kind(rel) == kind:
                with open(os.path.join(root, rel), encoding="utf-8") as file:
                    text = file.read()
                # A redirect page stands at an old article path: not one to damage.
                if 'http-equiv="refresh"' not in text and predicate(text):
                    return rel
    raise RuntimeError(f"self-test: the site has no {kind} page to damage")


def tag_feed_with_items(root, count):
    for slug in sorted(os.listdir(os.path.join(root, "tags"))):
        rel = f"tags/{slug}/feed.xml"
        path = os.path.join(root, rel)
        if os.path.isfile(path) and open(path, encoding="utf-8").read().count("<item>") >= count:
            return rel
    raise RuntimeError(f"self-test: no tag feed has {count} items")


def drop_first(pattern):
    return lambda text: re.sub(pattern, "", text, count=1, flags=re.S)


def sub_first(pattern, replacement):
    return lambda text: re.sub(pattern, replacement, text, count=1, flags=re.S)


def part_name(number):
    return "sitemap-pages.xml" if number == 1 else f"sitemap-pages-{number}.xml"


def make_index(root, parts):
    """Turn sitemap.xml into an index over `parts` (lists of <url> lines)."""
    with open(os.path.join(root, "sitemap.xml"), encoding="utf-8") as file:
        text = file.read()
    head, _, _ = text.partition("<url>")
    base = re.search(r"<loc>([^<]*)</loc>", text).group(1)
    os.remove(os.path.join(root, "sitemap.xml"))
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for number, lines in enumerate(parts, start=1):
        name = part_name(number)
        with open(os.path.join(root, name), "w", encoding="utf-8") as file:
            file.write(head + "".join(lines) + "</urlset>\n")
        index.append(f"<sitemap><loc>{base}{name}</loc></sitemap>")
    with open(os.path.join(root, "sitemap.xml"), "w", encoding="utf-8") as file:
        file.write("\n".join(index + ["</sitemapindex>", ""]))


def sitemap_lines(root):
    with open(os.path.join(root, "sitemap.xml"), encoding="utf-8") as file:
        return re.findall(r"<url>.*?</url>\n?", file.read(), flags=re.S)


def damages(root):
    """(what, checks that must fail, how) for the self-test."""
    article = first_of_kind(root, "article")
    tagged = first_of_kind(root, "article", lambda text: 'rel="tag"' in text)
    home = "index.html"
    archive = first_of_kind(root, "month")
    tag_feed = tag_feed_with_items(root, 2)
    return [
        ("RSS not well-formed", {"xmllint feeds", "feed rss", "feedparser"},
         lambda: rewrite(root, "feed.xml", lambda t: t.replace("</channel>", "", 1))),
        ("RSS pubDate in ISO 8601", {"feed rss"},
         lambda: rewrite(root, "feed.xml", sub_first(r"<pubDate>[^<]*</pubDate>", "<pubDate>2025-09-05T00:00:00Z</pubDate>"))),
        ("RSS pubDate with the wrong weekday", {"feed rss"},
         lambda: rewrite(root, "feed.xml", sub_first(r"<pubDate>(Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
                                                     lambda m: "<pubDate>" + ("Mon" if m.group(1) != "Mon" else "Tue")))),
        ("RSS missing the newest item", {"feed rss", "feed agreement"},
         lambda: rewrite(root, "feed.xml", drop_first(r"<item>.*?</item>\n?"))),
        ("RSS item links a missing page", {"feed rss"},
         lambda: rewrite(root, "feed.xml", sub_first(r"<link>([^<]*)/</link>(\s*<guid[^>]*>)[^<]*", r"<link>\1-gone/</link>\2\1-gone/"))),
        ("RSS without atom:link rel=self", {"feed rss"},
         lambda: rewrite(root, "feed.xml", drop_first(r"<atom:link [^>]*/>"))),
        ("RSS site feed item without content:encoded", {"feed rss"},
         lambda: rewrite(root, "feed.xml", drop_first(r"<content:encoded>.*?</content:encoded>"))),
        ("RSS item description is not the summary", {"feed rss"},
         lambda: rewrite(root, "feed.xml", sub_first(r"(<item>.*?<description>)[^<]*", r"\1A different summary."))),
        ("tag feed missing its newest item", {"feed rss"},
         lambda: rewrite(root, tag_feed, drop_first(r"<item>.*?</item>\n?"))),
        ("Atom without any author", {"feed atom"},
         lambda: rewrite(root, "atom.xml", lambda t: re.sub(r"<author>.*?</author>\n?", "", t, flags=re.S))),
        ("Atom updated not RFC 3339", {"feed atom"},
         lambda: rewrite(root, "atom.xml", sub_first(r"<updated>[^<]*</updated>", "<updated>5 Sep 2025</updated>"))),
        ("JSON Feed without a title (schema)", {"feed json"},
         lambda: rewrite(root, "feed.json", lambda t: json.dumps({k: v for k, v in json.loads(t).items() if k != "title"}))),
        ("JSON Feed item url of the wrong type (schema)", {"feed json"},
         lambda: rewrite(root, "feed.json", lambda t: json.dumps(
             {**json.loads(t), "items": [{**json.loads(t)["items"][0], "url": 42}] + json.loads(t)["items"][1:]}))),
        ("sitemap fails the XSD", {"sitemap urlset"},
         lambda: rewrite(root, "sitemap.xml", sub_first(r"</loc>", "</loc><priority>high</priority>"))),
        ("sitemap <loc> of a missing page", {"sitemap urlset", "sitemap coverage"},
         lambda: rewrite(root, "sitemap.xml", sub_first(r"<loc>([^<]*)</loc>", r"<loc>\1no-such-page/</loc>"))),
        ("sitemap URL without lastmod", {"sitemap urlset"},
         lambda: rewrite(root, "sitemap.xml", drop_first(r"<lastmod>[^<]*</lastmod>"))),
        ("og:image with a space", {"article metadata"},
         lambda: rewrite(root, article, sub_first(r'(<meta property="og:url" content="[^"]*">)',
                                                  r'\1\n<meta property="og:image" content="https://example.org/a b.jpg">'))),
        ("sitemap leaves out a page", {"sitemap coverage"},
         lambda: rewrite(root, "sitemap.xml", drop_first(r"<url>.*?</url>\n?"))),
        ("sitemap index for a small site", {"sitemap coverage"},
         lambda: make_index(root, [sitemap_lines(root)])),
        ("sitemap index part of 50,001 URLs", {"sitemap urlset"},
         lambda: make_index(root, [(sitemap_lines(root) * (SITEMAP_MAX_URLS // len(sitemap_lines(root)) + 1))[:SITEMAP_MAX_URLS + 1]])),
        ("sitemap index names a missing part", {"sitemap index"},
         lambda: (make_index(root, [sitemap_lines(root)]), os.remove(os.path.join(root, part_name(1))))),
        ("news sitemap with the wrong namespace", {"news sitemap"},
         lambda: rewrite(root, "news-sitemap.xml", lambda t: t.replace("sitemap-news/0.9", "sitemap-news/0.8"))),
        ("news sitemap date outside the 2 days", {"news sitemap"},
         lambda: rewrite(root, "news-sitemap.xml", sub_first(r"<news:publication_date>[^<]*", "<news:publication_date>2020-01-01T00:00:00Z"))),
        ("news sitemap leaves out a new article", {"news sitemap"},
         lambda: rewrite(root, "news-sitemap.xml", drop_first(r"<url>.*?</url>\n?"))),
        ("robots.txt without the news sitemap", {"robots.txt"},
         lambda: rewrite(root, "robots.txt", lambda t: re.sub(r"(?m)^Sitemap: .*news-sitemap\.xml\n?", "", t))),
        ("canonical of another page", {"page metadata"},
         lambda: rewrite(root, archive, sub_first(r'(<link rel="canonical" href="[^"]*?)/"', r'\1/page/9/"'))),
        ("home page without rel=next", {"page metadata"},
         lambda: rewrite(root, home, drop_first(r'<link rel="next"[^>]*>\n?'))),
        ("page without Atom autodiscovery", {"page metadata"},
         lambda: rewrite(root, archive, drop_first(r'<link rel="alternate" type="application/atom\+xml"[^>]*>\n?'))),
        ("page without meta description", {"page metadata"},
         lambda: rewrite(root, archive, drop_first(r'<meta name="description"[^>]*>\n?'))),
        ("article without og:title", {"article metadata"},
         lambda: rewrite(root, article, drop_first(r'<meta property="og:title"[^>]*>\n?'))),
        ("article without article:tag", {"article metadata"},
         lambda: rewrite(root, tagged, lambda t: re.sub(r'<meta property="article:tag"[^>]*>\n?', "", t))),
        ("JSON-LD headline of 111 characters", {"article metadata"},
         lambda: rewrite(root, article, sub_first(r'"headline":"[^"]*"', '"headline":"' + "x" * 111 + '"'))),
        ("JSON-LD datePublished without a time zone", {"article metadata"},
         lambda: rewrite(root, article, sub_first(r'"datePublished":"([^"]*?)(Z|[+-]\d\d:\d\d)"', r'"datePublished":"\1"'))),
        ("JSON-LD that does not parse", {"article metadata"},
         lambda: rewrite(root, article, sub_first(r"\}</script>", "</script>"))),
        ("JSON-LD without publisher", {"article metadata"},
         lambda: rewrite(root, article, sub_first(r'"publisher":\{[^{}]*(\{[^{}]*\}[^{}]*)?\},?', ""))),
        ("invalid HTML (vnu)", {"vnu"},
         lambda: rewrite(root, article, sub_first(r"(<body[^>]*>)", r"\1<li>stray</li>"))),
    ]


def self_test(site_root, options, report):
    import shutil
    import tempfile

    report.log(f"== self-test on a damaged copy of {site_root}")
    if options.now is None:
        report.record("self-test", site_root, ["pass --now: the news sitemap damage needs it"])
        return
    work = tempfile.mkdtemp(prefix="validate-self-test-")
    try:
        scratch = os.path.join(work, "site")

        def trial(damage, vnu):
            """The problems validate_site finds in a copy of the site, damaged by `damage`."""
            subprocess.run(["cp", "-al", os.path.abspath(site_root), scratch], check=True)
            try:
                if damage is not None:
                    damage()
                quiet = Report(quiet=True)
                validate_site(scratch, argparse.Namespace(**{**vars(options), "vnu_jar": options.vnu_jar if vnu else None}), quiet)
                return quiet.problems
            finally:
                shutil.rmtree(scratch)

        # Only problems the damage adds count, so a site that already fails a check still tests it.
        baseline = {False: trial(None, False)}
        subprocess.run(["cp", "-al", os.path.abspath(site_root), scratch], check=True)
        cases = [(what, must_fail) for what, must_fail, _ in damages(scratch)]
        shutil.rmtree(scratch)
        for index, (what, must_fail) in enumerate(cases):
            vnu = "vnu" in must_fail
            if vnu not in baseline:
                baseline[vnu] = trial(None, vnu)
            known = set(baseline[vnu])
            new = [p for p in trial(lambda: damages(scratch)[index][2](), vnu) if p not in known]
            caught_by = {check for check, _, _ in new}
            missed = must_fail - caught_by
            if missed:
                report.record("self-test", what, [f"not caught by {sorted(missed)} (new failures: {sorted(caught_by)})"])
                continue
            report.record("self-test", what, [])
            report.log(f"   caught: {what} -> {', '.join(sorted(caught_by))}")
            for check in sorted(must_fail):
                for check, where, problem in [p for p in new if p[0] == check][:2]:
                    report.log(f"      [{check}] {where}: {problem}"[:160])
    finally:
        shutil.rmtree(work, ignore_errors=True)

# --------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", metavar="DIR", help="built output folders")
    parser.add_argument("--now", type=str, help="the build time given to `newsgen build --now` (RFC 3339)")
    parser.add_argument("--feed-limit", type=int, default=50, help="[feeds] limit of the site (default 50)")
    parser.add_argument("--no-full-text", action="store_true", help="the site was built with [feeds] full_text = false")
    parser.add_argument("--base-url", help="the site's base_url (default: the home page's canonical URL)")
    parser.add_argument("--vnu-jar", default=DEFAULT_VNU_JAR, help="the Nu HTML Checker's vnu.jar (default: from node_modules)")
    parser.add_argument("--no-vnu", action="store_true", help="skip the Nu HTML Checker")
    parser.add_argument("--vnu-all", action="store_true", help=f"check every page with vnu, even past {VNU_ALL_UP_TO}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="worker processes")
    parser.add_argument("--self-test", action="store_true",
                        help="then damage copies of the (small, valid) site one way at a time: every check must fail")
    options = parser.parse_args()
    if options.now is not None:
        now = parse_rfc3339(options.now)
        if now is None:
            parser.error(f"--now {options.now!r} is not an RFC 3339 date-time with a time zone")
        options.now = now
    if options.no_vnu:
        options.vnu_jar = None
    for required in [SITEMAP_XSD, JSONFEED_SCHEMA] + ([options.vnu_jar] if options.vnu_jar else []):
        if not os.path.isfile(required):
            parser.error(f"{required} is missing: run `npm ci --prefix tests/e2e`")

    report = Report()
    started = time.monotonic()
    for folder in options.dirs:
        before = (report.passed, report.failed)
        validate_site(folder, options, report)
        print(f"   {report.passed - before[0]} passed, {report.failed - before[1]} failed", flush=True)
        if options.self_test:
            self_test(folder, options, report)
    print("   checks: " + ", ".join(f"{name} {ok}/{ok + bad}" for name, (ok, bad) in sorted(report.by_check.items())))
    print(f"   total time {time.monotonic() - started:.1f}s")
    print(f"validate: {report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
