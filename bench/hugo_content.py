#!/usr/bin/env python3
"""Turn a newsgen site's seeds/ into Hugo content/: the same articles.

    python3 bench/hugo_content.py SITE_DIR CONTENT_DIR
    python3 bench/hugo_content.py --one SITE_DIR SEED CONTENT_DIR


SITE_DIR is a site made by examples/gen_corpus.rs (anything with seeds/ of
wire text and TOML-front-matter Markdown works). CONTENT_DIR/articles/ is
replaced (with --one, only the page for SEED, a path inside seeds/, is
written: bench/run.sh uses it for the "add one article" rebuild); each seed becomes one Hugo page at the same relative path, so no
folder holds more than a few dozen files, with the URL newsgen gives it
(`/{year}/{month}/{day}/{slug}/`, `/{year}/{month}/{slug}/` for a month-only
date) and its year, month and day as terms of the `years`, `months` and
`days` taxonomies (the date archives; see bench/README.md).

Markdown seeds keep their title, date, updated (as `lastmod`), tags, authors,
image, slug and body unchanged. Wire text is read the simple way:
- date: the `date` line (a month-only date becomes the first of the month);
- dateline: a leading `CITY (Agency) -`, `CITY, Country, Mon. D (Agency) -`,
  `CITY, Month D. /TASS/.` or `CITY —` is taken off the lead (shown above the
  body, like newsgen);
- title: the lead's first sentence (a few common abbreviations do not end
  it), without its final period, cut at a word to at most 110 characters;
- tags: its hashtags only, each once (newsgen also tags wire text with the
  names the story is about, so it has more tags; see bench/README.md);
- body: the paragraphs, Markdown-escaped so they stay plain text.
"""

import datetime as dt
import json
import os
import re
import shutil
import sys
import tomllib
import unicodedata
from concurrent.futures import ProcessPoolExecutor

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "gov", "sen", "rep", "gen",
    "lt", "col", "jr", "sr", "inc", "ltd", "co", "vs", "etc", "jan", "feb",
    "aug", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.k", "u.n",
    "e.u",
}
SENTENCE_END = re.compile(r"([.!?])[\"”’']?(?=\s+[\"“‘(A-Z0-9])")
DATELINE = re.compile(
    r"^(?P<dateline>[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž .'’-]*"  # the place, in capitals
    r"(?:, [^()—]{1,60}?)?"  # ", Poland, Jan. 22" / ", February 7"
    r"(?: \([A-Za-z]+\) -|\. /TASS/\.| —))\s+"
)
HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
                          "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
                          "Œ": "OE", "ı": "i"})
MAX_TITLE = 110
MAX_SLUG = 80
DANGLING = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "at",
            "by", "with", "from", "as"}


def slugify(text):
    """Like newsgen's slugs: ASCII, lower case, words joined by `-`, at most
    80 characters (cut at a `-`)."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "article"
    if len(slug) > MAX_SLUG:
        cut = slug.rfind("-", 0, MAX_SLUG + 1)
        slug = slug[: cut if cut > 0 else MAX_SLUG]
    return slug


def toml_string(value):
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def toml_list(values):
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def first_sentence(lead):
    for match in SENTENCE_END.finditer(lead):
        before = lead[: match.start(1)]
        word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if word.strip("\"“(") in ABBREVIATIONS:
            continue
        return lead[: match.end()].strip()
    return lead.strip()


def headline(lead):
    title = first_sentence(lead)
    title = re.sub(r"\.[\"”’']?$", lambda m: m.group(0)[1:], title)
    if len(title) > MAX_TITLE:
        words = title[: MAX_TITLE + 1].split()[:-1]
        while len(words) > 1 and words[-1].lower().strip(",;:") in DANGLING:
            words.pop()
        title = " ".join(words).rstrip(",;:—-")
    return title


def escape_markdown(paragraph):
    """Wire text is plain text: keep Markdown from reading it as markup."""
    paragraph = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", paragraph)
    # A line start that Markdown would read as a heading, list or quote.
    return re.sub(r"^(\s*)([#>+=-]|\d+[.)])", r"\1\\\2", paragraph)


def read_wire(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = re.match(r"\s*date (\d{4})-(\d{2})(?:-(\d{2}))?[ \t]*\n?", text)
    if not match:
        raise ValueError("no date line")
    year, month, day = match.group(1), match.group(2), match.group(3)
    paragraphs = [
        " ".join(line.strip() for line in block.split("\n") if line.strip())
        for block in re.split(r"\n\s*\n", text[match.end():])
    ]
    paragraphs = [p for p in paragraphs if p]
    dateline = None
    found = DATELINE.match(paragraphs[0]) if paragraphs else None
    if found:
        dateline = found.group("dateline")
        paragraphs[0] = paragraphs[0][found.end():]
    tags = []
    for paragraph in paragraphs:
        for tag in HASHTAG.findall(paragraph):
            if tag.lower() not in (t.lower() for t in tags):
                tags.append(tag)
    return {
        "title": headline(paragraphs[0]) if paragraphs else "Untitled",
        "date": f"{year}-{month}-{day or '01'}T00:00:00Z",
        "day": day and (int(year), int(month), int(day)),
        "year": int(year),
        "month": int(month),
        "tags": tags,
        "authors": [],
        "dateline": dateline,
        "body": "\n\n".join(escape_markdown(p) for p in paragraphs) + "\n",
    }


def read_markdown(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n?", text, re.S)
    if not match:
        raise ValueError("no TOML front matter")
    front = tomllib.loads(match.group(1))
    date = front["date"]
    if isinstance(date, dt.datetime):
        if date.tzinfo is not None:
            date = date.astimezone(dt.timezone.utc)
        stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        stamp = f"{date.isoformat()}T00:00:00Z"
    updated = front.get("updated")
    if isinstance(updated, dt.datetime) and updated.tzinfo is not None:
        updated = updated.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif updated is not None:
        updated = updated.isoformat()
    authors = front.get("authors") or ([front["author"]] if "author" in front else [])
    return {
        "title": front["title"],
        "date": stamp,
        "day": (date.year, date.month, date.day),
        "year": date.year,
        "month": date.month,
        "updated": updated,
        "tags": list(front.get("tags", [])),
        "authors": list(authors),
        "image": front.get("image"),
        "slug": front.get("slug"),
        "dateline": None,
        "body": text[match.end():],
    }


def front_matter(article, url):
    year, month = article["year"], article["month"]
    lines = [
        "+++",
        f"title = {toml_string(article['title'])}",
        f"date = {article['date']}",
    ]
    if article.get("updated"):
        lines.append(f"lastmod = {article['updated']}")
    lines.append(f"url = {toml_string(url)}")
    lines.append(f"tags = {toml_list(article['tags'])}")
    lines.append(f"years = [\"{year:04}\"]")
    lines.append(f"months = [\"{year:04}/{month:02}\"]")
    if article["day"]:
        lines.append(f"days = [\"{year:04}/{month:02}/{article['day'][2]:02}\"]")
    if article["authors"]:
        lines.append(f"authors = {toml_list(article['authors'])}")
    if article.get("image"):
        lines.append(f"images = [{toml_string(article['image'])}]")
    if article["dateline"]:
        lines.append(f"dateline = {toml_string(article['dateline'])}")
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def read_seed(path):
    with open(path, encoding="utf-8") as seed:
        text = seed.read()
    return read_wire(text) if path.endswith(".txt") else read_markdown(text)


def convert(job):
    """Reads a batch of seeds; returns (relative path, article) pairs."""
    seeds, paths = job
    return [(rel, read_seed(os.path.join(seeds, rel))) for rel in paths]


def article_url(article, taken):
    """newsgen's default permalink; a taken URL gets -2, -3, ... like newsgen."""
    year, month = article["year"], article["month"]
    slug = article.get("slug") or slugify(article["title"])
    prefix = f"/{year:04}/{month:02}/"
    if article["day"]:
        prefix += f"{article['day'][2]:02}/"
    url, n = f"{prefix}{slug}/", 1
    while url in taken:
        n += 1
        url = f"{prefix}{slug}-{n}/"
    taken.add(url)
    return url


def write_page(target, rel, article, url):
    out = os.path.join(target, os.path.splitext(rel)[0] + ".md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as page:
        page.write(front_matter(article, url))
        page.write(article["body"])


def main():
    args = sys.argv[1:]
    if len(args) == 4 and args[0] == "--one":
        site, rel, content = args[1:]
        seeds = os.path.join(site, "seeds")
        article = read_seed(os.path.join(seeds, rel))
        write_page(os.path.join(content, "articles"), rel, article, article_url(article, set()))
        return
    if len(args) != 2:
        sys.exit("usage: hugo_content.py SITE_DIR CONTENT_DIR\n"
                 "       hugo_content.py --one SITE_DIR SEED CONTENT_DIR")
    site, content = args
    seeds = os.path.join(site, "seeds")
    paths = []
    for folder, dirs, files in os.walk(seeds):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".txt", ".md")):
                paths.append(os.path.relpath(os.path.join(folder, name), seeds))
    paths.sort()

    batches = [(seeds, paths[i:i + 500]) for i in range(0, len(paths), 500)]
    with ProcessPoolExecutor() as pool:
        articles = [pair for batch in pool.map(convert, batches) for pair in batch]

    taken = set()
    target = os.path.join(content, "articles")
    if os.path.exists(target):
        shutil.rmtree(target)
    stats = {"wire": 0, "markdown": 0, "tags": 0}
    for rel, article in articles:
        write_page(target, rel, article, article_url(article, taken))
        stats["wire" if rel.endswith(".txt") else "markdown"] += 1
        stats["tags"] += len(article["tags"])
    print(
        f"hugo_content: {len(articles)} articles ({stats['wire']} wire, "
        f"{stats['markdown']} Markdown, {stats['tags']} tag uses) into {target}"
    )


if __name__ == "__main__":
    main()
