//! An article's life after it is written: corrections shown on the page
//! and moving every "last changed" date (JSON-LD, OpenGraph, feeds,
//! sitemap); an embargo holding an article back until it lifts; an expiry
//! taking it down (an incremental build deletes its files); redirects for
//! moved and removed articles and their old paths, with `_redirects`.

use newsgen::BuildOptions;

use crate::harness::{TestSite, at, build_at, build_with, contents, failure, read};

const SITE: &str = "title = \"Desk\"\nbase_url = \"https://example.org/news/\"\n";

/// A Markdown article `seeds/{name}.md` with its title, date and more
/// front matter (TOML, after `tags`).
fn story(site: &TestSite, name: &str, title: &str, date: &str, front: &str) {
    site.write(
        &format!("seeds/{name}.md"),
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\ntags = [\"Harbour\"]\n{front}+++\nThe harbour story, told.\n"
        ),
    );
}

fn page(site: &TestSite, path: &str) -> String {
    read(site.out().join(path).join("index.html"))
}

/// The JSON-LD of an article page.
fn json_ld(page: &str) -> serde_json::Value {
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

#[test]
fn a_correction_is_shown_and_moves_every_last_changed_date() {
    let site = TestSite::new(SITE);
    story(
        &site,
        "vote",
        "Vote passes",
        "2022-02-01T09:00:00Z",
        "[[corrections]]\ndate = 2022-02-04T14:05:00\ntext = \"An earlier version misspelled the mayor's name.\"\n",
    );
    story(&site, "plain", "Ferry late", "2022-02-02T09:00:00Z", "");
    build_at(site.path(), "2022-02-05T00:00:00Z");
    let path = "2022/02/01/vote-passes/";
    let html = page(&site, path);
    assert!(
        html.contains("<aside class=\"correction\"><p><strong>Correction</strong> <time datetime=\"2022-02-04T14:05:00+00:00\">4 February 2022, 14:05</time>: An earlier version misspelled the mayor&#39;s name.</p></aside>"),
        "{html}"
    );
    assert!(html.contains(
        "<span class=\"updated\">Updated <time datetime=\"2022-02-04T14:05:00+00:00\">4 February 2022, 14:05</time></span>"
    ));
    assert!(html.contains(
        "<meta property=\"article:modified_time\" content=\"2022-02-04T14:05:00+00:00\">"
    ));
    let data = json_ld(&html);
    assert_eq!(data["datePublished"], "2022-02-01T09:00:00+00:00");
    assert_eq!(data["dateModified"], "2022-02-04T14:05:00+00:00");

    // An article never changed says nothing of an update.
    let plain = page(&site, "2022/02/02/ferry-late/");
    assert!(!plain.contains("class=\"updated\"") && !plain.contains("class=\"correction\""));

    let atom = read(site.out().join("atom.xml"));
    let entry = &atom[atom.find("<title>Vote passes</title>").unwrap()..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    assert!(
        entry.contains("<updated>2022-02-04T14:05:00+00:00</updated>"),
        "{entry}"
    );
    let sitemap = read(site.out().join("sitemap.xml"));
    assert!(
        sitemap.contains(&format!("<url><loc>https://example.org/news/{path}</loc><lastmod>2022-02-04T14:05:00+00:00</lastmod></url>")),
        "{sitemap}"
    );
}

#[test]
fn an_embargoed_article_waits_for_its_embargo_whatever_its_date() {
    let site = TestSite::new(SITE);
    story(
        &site,
        "budget",
        "Budget leaked",
        "2022-02-01T08:00:00Z",
        "embargo = 2022-02-03T10:00:00Z\n",
    );
    story(&site, "plain", "Ferry late", "2022-02-01T09:00:00Z", "");
    let path = "2022/02/01/budget-leaked/";

    let (before, _) = build_at(site.path(), "2022-02-03T09:59:00Z");
    assert_eq!(before.scheduled, 1);
    assert!(!site.out().join(path).exists());
    assert!(!read(site.out().join("feed.xml")).contains("Budget leaked"));
    assert!(!read(site.out().join("news-sitemap.xml")).contains("Budget leaked"));

    // --future shows it, marked as scheduled until the embargo lifts.
    let future = BuildOptions {
        future: true,
        ..at("2022-02-03T09:59:00Z")
    };
    build_with(site.path(), future).unwrap();
    assert!(page(&site, path).contains("Scheduled: not published until 3 February 2022, 10:00"));

    // Once it lifts, it is published; the News sitemap dates it then, so
    // it is news for two days from the embargo, not from its date.
    let (after, _) = build_at(site.path(), "2022-02-04T12:00:00Z");
    assert_eq!(after.scheduled, 0);
    assert!(!page(&site, path).contains("Scheduled"));
    assert!(read(site.out().join("feed.xml")).contains("Budget leaked"));
    let news = read(site.out().join("news-sitemap.xml"));
    assert!(
        news.contains("<news:publication_date>2022-02-03T10:00:00+00:00</news:publication_date><news:title>Budget leaked</news:title>"),
        "{news}"
    );
    assert!(!news.contains("Ferry late"), "{news}");
}

#[test]
fn an_expired_article_is_taken_down_and_an_incremental_build_deletes_its_files() {
    let site = TestSite::new(SITE);
    story(
        &site,
        "notice",
        "Harbour closed",
        "2022-02-01T08:00:00Z",
        "expires = 2022-03-01\n",
    );
    story(&site, "plain", "Ferry late", "2022-02-02T09:00:00Z", "");
    let path = "2022/02/01/harbour-closed/";
    build_at(site.path(), "2022-02-10T00:00:00Z");
    assert!(site.out().join(path).join("index.html").is_file());
    assert!(read(site.out().join("index.html")).contains("Harbour closed"));

    let now = "2022-03-01T00:00:00Z";
    let (expired, summary) = build_at(site.path(), now);
    assert_eq!(expired.expired, 1);
    assert!(summary.deleted > 0);
    assert!(!site.out().join(path).exists(), "its folder is gone");
    let incremental = contents(&site.out());
    for (file, bytes) in &incremental {
        assert!(
            !String::from_utf8_lossy(bytes).contains("Harbour closed"),
            "{file} still shows it"
        );
    }
    let fresh_dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output_dir: Some(fresh_dir.path().join("public")),
        ..at(now)
    };
    build_with(site.path(), options).unwrap();
    let fresh = contents(&fresh_dir.path().join("public"));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &fresh {
        assert!(
            incremental[file] == *bytes,
            "{file} differs from a fresh build"
        );
    }

    // The binary says so.
    let output = crate::harness::newsgen(&["build", "--now", "2022-03-02T00:00:00Z"], site.path())
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(printed.contains("1 expired"), "{printed}");
}

#[test]
fn moved_articles_and_old_paths_get_redirect_pages_and_a_redirects_file() {
    let site = TestSite::new(SITE);
    build_at(site.path(), "2024-02-01T00:00:00Z");
    assert!(
        !site.out().join("_redirects").exists(),
        "no redirects, no file"
    );

    story(
        &site,
        "old",
        "Old story",
        "2023-12-01",
        "redirect = \"/2024/01/02/new-story/\"\n",
    );
    story(
        &site,
        "new",
        "New story",
        "2024-01-02",
        "aliases = [\"/old/path\", \"/2019/legacy.html\"]\n",
    );
    story(
        &site,
        "gone",
        "Gone story",
        "2023-11-01",
        "expires = 2024-01-01\nredirect = \"https://other.example/x?a=1&b=2\"\n",
    );
    build_at(site.path(), "2024-02-01T00:00:00Z");
    let out = site.out();
    let target = "https://example.org/news/2024/01/02/new-story/";
    for file in [
        "2023/12/01/old-story/index.html",
        "old/path/index.html",
        "2019/legacy.html",
    ] {
        let html = read(out.join(file));
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{html}"
        );
        for expected in [
            format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">"),
            format!("<link rel=\"canonical\" href=\"{target}\">"),
            "<meta name=\"robots\" content=\"noindex\">".to_string(),
            format!("<a href=\"{target}\">"),
            "<title>Moved · Desk</title>".to_string(),
        ] {
            assert!(html.contains(&expected), "{file}: {expected}\n{html}");
        }
    }
    let gone = read(out.join("2023/11/01/gone-story/index.html"));
    assert!(
        gone.contains("content=\"0; url=https://other.example/x?a=1&amp;b=2\""),
        "{gone}"
    );
    assert_eq!(
        read(out.join("_redirects")),
        "/news/2023/11/01/gone-story/ https://other.example/x?a=1&b=2 301\n\
         /news/old/path/ /news/2024/01/02/new-story/ 301\n\
         /news/2019/legacy.html /news/2024/01/02/new-story/ 301\n\
         /news/2023/12/01/old-story/ /news/2024/01/02/new-story/ 301\n"
    );
    // The moved article is in no list, feed or sitemap.
    for file in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "tags/harbour/index.html",
    ] {
        let text = read(out.join(file));
        assert!(
            !text.contains("Old story") && !text.contains("old-story"),
            "{file}"
        );
        assert!(
            !text.contains("old/path") && !text.contains("legacy"),
            "{file}"
        );
    }
    assert!(read(out.join("index.html")).contains("New story"));
}

#[test]
fn a_redirect_on_a_taken_path_is_an_error_naming_both_files() {
    let site = TestSite::new(SITE);
    story(&site, "a", "First", "2024-01-01", "");
    story(&site, "b", "Second", "2024-01-02", "");
    story(&site, "c", "Third", "2024-01-03", "");
    build_at(site.path(), "2024-02-01T00:00:00Z");
    let before = contents(&site.out());
    story(
        &site,
        "b",
        "Second",
        "2024-01-02",
        "aliases = [\"/2024/01/01/first/\", \"shared\"]\n",
    );
    story(
        &site,
        "c",
        "Third",
        "2024-01-03",
        "aliases = [\"/shared/\"]\n",
    );
    assert_eq!(
        failure(build_with(site.path(), at("2024-02-01T00:00:00Z"))),
        [
            "seeds/b.md: /2024/01/01/first/ is an alias of seeds/b.md and the page of seeds/a.md\n  help: a path can hold one page: remove the alias or the redirect, or give one of the articles another `slug`",
            "seeds/c.md: /shared/ is an alias of seeds/c.md and an alias of seeds/b.md\n  help: a path can hold one page: remove the alias or the redirect, or give one of the articles another `slug`",
        ]
    );
    assert!(contents(&site.out()) == before, "the output is untouched");
}
