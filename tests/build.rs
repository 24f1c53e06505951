//! Whole builds of fixture sites, checked from the outside: the files written,
//! their key content, every internal link, and what a failed build leaves.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use newsgen::{BuildOptions, Numbering, Pages};

use crate::harness::{
    Stamps, TestSite, article_page, build, build_at, build_example, build_with, contents,
    equals_a_fresh_build, failure, leftovers, messages, newsgen, read, replace_in, repo, stamps,
    write,
};

/// The values of every `href` and `src` attribute in `html`.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

/// Internal links (root-relative) in every HTML page of `out` that do not
/// resolve to a file in `out` when the site is served under `base_path`.
fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, bytes) in contents(out) {
        if !page.ends_with(".html") {
            continue;
        }
        for link in links(&String::from_utf8(bytes).unwrap()) {
            if link.starts_with("http") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let path = link.split(['#', '?']).next().unwrap();
            let Some(inside) = path.strip_prefix(base_path) else {
                broken.push(format!("{page}: {link} is outside {base_path}"));
                continue;
            };
            let file = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else {
                inside.to_string()
            };
            if !out.join(&file).is_file() {
                broken.push(format!("{page}: {link}"));
            }
        }
    }
    assert!(checked > 0, "no internal links were checked");
    broken
}

#[test]
fn example_site_builds_every_page_kind_and_every_link_resolves() {
    let (out, site, summary) = build_example();
    let target = out.path().join("public");
    assert!(
        summary.articles >= 10,
        "the example site has articles in both formats"
    );
    assert_eq!(summary.articles, site.library.articles.len());
    for page in [
        "index.html",
        "page/1/index.html",
        "tags/index.html",
        "archive/index.html",
        "404.html",
        "style.css",
        "favicon.svg",
    ] {
        assert!(target.join(page).is_file(), "{page} is missing");
    }
    // Pages are numbered from the oldest: the home page is the highest
    // number, with no numbered twin.
    let home_pages = site.library.articles.len() / site.config.paginate_by;
    assert!(
        !target.join(format!("page/{home_pages}")).exists(),
        "the newest page is the home page itself"
    );
    for article in &site.library.articles {
        let page = article_page(&target, article);
        assert!(
            page.contains(&format!(
                "<time datetime=\"{}\"",
                article.date.datetime_attribute()
            )),
            "{}",
            article.path
        );
    }
    for year in &site.library.years {
        assert!(target.join(format!("{}/index.html", year.year)).is_file());
    }
    // The shared seed article is in the example site.
    let seed = site
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("000_120213c231b1ab6f.txt"))
        .unwrap();
    assert_eq!(
        seed.title,
        "Hungary’s Viktor Orban arrived in Moscow to meet Vladimir Putin"
    );
    assert_eq!(broken_links(&target, "/"), Vec::<String>::new());
}

#[test]
fn article_pages_list_related_stories_sharing_rare_tags() {
    let (out, site, _) = build_example();
    let target = out.path().join("public");
    let library = &site.library;
    let mut listed = 0;
    for (index, article) in library.articles.iter().enumerate() {
        let related: Vec<usize> = library.related.of(index).collect();
        assert!(related.len() <= 5);
        let page = article_page(&target, article);
        for &other in &related {
            let shares = library
                .tags_of(other)
                .any(|t| library.tags_of(index).any(|u| u.slug == t.slug));
            assert!(
                shares,
                "{} is related to {} without a shared tag",
                library.articles[other].path, article.path
            );
            assert!(
                page.contains(&format!(
                    "<li><a href=\"/{}\">",
                    library.articles[other].path
                )),
                "{}",
                article.path
            );
            listed += 1;
        }
        assert_eq!(page.contains("Related stories"), !related.is_empty());
    }
    assert!(listed > 0, "the example site has related stories");
}

#[test]
fn subpath_site_links_stay_under_the_base_path() {
    let site_dir = TestSite::fixture("subpath");
    let (site, _) = build(site_dir.path()).unwrap();
    let out = site_dir.out();
    assert_eq!(broken_links(&out, "/news/"), Vec::<String>::new());
    let home = read(out.join("index.html"));
    assert!(home.contains("<link rel=\"stylesheet\" href=\"/news/style.css\">"));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/news/\">"));
    assert!(home.contains("<html lang=\"en-GB\">"));
    // The site's own style.css and static files replace the theme's.
    assert_eq!(read(out.join("style.css")), "/* site style */\n");
    assert_eq!(fs::read(out.join("img/logo.png")).unwrap(), b"PNG");
    assert!(
        out.join("favicon.svg").is_file(),
        "theme files the site lacks are still written"
    );
    // Overridden partial and 404 page, with site.extra.
    assert!(home.contains("fixture-card"));
    assert!(read(out.join("404.html")).contains("Lost? All the news that fits"));
    let warnings = messages(&site.warnings);
    let ignored = "seeds/notes.pdf: ignored: not an article (articles are *.txt wire text, or *.md or *.markdown Markdown)";
    assert!(warnings.iter().any(|w| w == ignored), "{warnings:?}");
    assert!(
        !warnings.iter().any(|w| w.contains(".swp")),
        "hidden files are skipped silently: {warnings:?}"
    );
}

#[test]
fn wire_text_is_escaped_and_dated_in_the_site_zone() {
    let site_dir = TestSite::fixture("subpath");
    let (site, _) = build(site_dir.path()).unwrap();
    let out = site_dir.out();
    let library = site
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("library.txt"))
        .unwrap();
    assert_eq!(library.title, "The mayor opened the new library");
    assert_eq!(library.path, "2022/02/01/the-mayor-opened-the-new-library/");
    let page = article_page(&out, library);
    assert!(page.contains("with &lt;script&gt;alert(1)&lt;/script&gt; in it"));
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("<time datetime=\"2022-02-01T00:00:00+01:00\">1 February 2022</time>"));
}

#[test]
fn month_precision_is_filed_under_the_month_only() {
    let site_dir = TestSite::fixture("subpath");
    let (site, _) = build(site_dir.path()).unwrap();
    let out = site_dir.out();
    let harvest = site
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("harvest.txt"))
        .unwrap();
    assert_eq!(
        harvest.path,
        "2022/02/a-month-only-story-about-the-harvest/"
    );
    let page = article_page(&out, harvest);
    assert!(
        page.contains("<time datetime=\"2022-02\">February 2022</time>"),
        "BOM and CRLF are accepted"
    );
    // Four articles in February 2022, two to a page.
    let month = read(out.join("2022/02/index.html")) + &read(out.join("2022/02/page/1/index.html"));
    assert!(month.contains(&harvest.title));
    for day in ["01", "03"] {
        assert!(!read(out.join(format!("2022/02/{day}/index.html"))).contains(&harvest.title));
    }
}

#[test]
fn colliding_urls_both_get_a_page_and_a_warning_names_both_files() {
    let site_dir = TestSite::fixture("subpath");
    let (site, _) = build(site_dir.path()).unwrap();
    let out = site_dir.out();
    assert!(
        out.join("2022/02/03/same-headline-twice/index.html")
            .is_file()
    );
    assert!(
        out.join("2022/02/03/same-headline-twice-2/index.html")
            .is_file()
    );
    let warning = messages(&site.warnings)
        .into_iter()
        .find(|w| w.contains("same URL"))
        .unwrap();
    assert_eq!(
        warning,
        "seeds/same-b.txt: has the same URL as seeds/same-a.txt (/2022/02/03/same-headline-twice/); this article is published as /2022/02/03/same-headline-twice-2/\n  help: give one of them a different title, or set `slug` in its front matter"
    );
}

#[test]
fn tag_spellings_share_one_page_and_every_tag_has_a_url() {
    let site_dir = TestSite::fixture("subpath");
    let (site, _) = build(site_dir.path()).unwrap();
    let out = site_dir.out();
    let cafe = read(out.join("tags/cafe-culture/index.html"));
    assert!(cafe.contains("Café owners meet") && cafe.contains("Cafe prices rise"));
    let index = read(out.join("tags/index.html"));
    assert!(
        index.contains(
            "href=\"/news/tags/cafe-culture/\">Café Culture</a> <span class=\"count\">2</span>"
        ),
        "{index}"
    );
    let unsluggable = site.library.tags.iter().find(|t| t.name == "!!!").unwrap();
    assert!(unsluggable.slug.starts_with("tag-"));
    assert!(
        out.join("tags")
            .join(&unsluggable.slug)
            .join("index.html")
            .is_file()
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let out = site_dir.out();
    assert!(!out.join("tags/secret").exists());
    assert!(!read(out.join("2023/index.html")).contains("Unfinished draft"));
    build_with(
        site_dir.path(),
        BuildOptions {
            drafts: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(read(out.join("tags/secret/index.html")).contains("Unfinished draft"));
}

#[test]
fn pagination_counts_from_the_oldest_and_links_pages_both_ways() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let out = site_dir.out();
    // 6 published articles, 2 to a page: the home page (number 3), then
    // page 2, then page 1 with the oldest.
    let first = read(out.join("index.html"));
    assert!(first.contains("href=\"/news/page/2/\" rel=\"next\""));
    assert!(!first.contains("rel=\"prev\""));
    let second = read(out.join("page/2/index.html"));
    assert!(
        second.contains("href=\"/news/\" rel=\"prev\"")
            && second.contains("href=\"/news/page/1/\" rel=\"next\"")
    );
    let last = read(out.join("page/1/index.html"));
    assert!(last.contains("href=\"/news/page/2/\" rel=\"prev\"") && !last.contains("rel=\"next\""));
    assert!(!out.join("page/3").exists() && !out.join("page/0").exists());
    assert!(
        out.join("2022/page/1/index.html").is_file(),
        "archives paginate too"
    );
    // The front page shows the period's count; the older pages do not, as
    // it changes with every article added.
    assert!(read(out.join("2022/index.html")).contains("class=\"list-count\""));
    let older = read(out.join("2022/page/1/index.html"));
    assert!(!older.contains("class=\"list-count\"") && !older.contains("class=\"count\""));
}

#[test]
fn pagination_can_count_from_the_newest() {
    let site_dir = TestSite::fixture("subpath");
    replace_in(
        &site_dir.path().join("site.toml"),
        "paginate_by = 2",
        "paginate_by = 2\npage_numbers = \"from_newest\"",
    );
    build(site_dir.path()).unwrap();
    let out = site_dir.out();
    let first = read(out.join("index.html"));
    assert!(first.contains("href=\"/news/page/2/\" rel=\"next\"") && first.contains("Page 1 of 3"));
    assert!(!first.contains("rel=\"prev\""));
    let second = read(out.join("page/2/index.html"));
    assert!(
        second.contains("href=\"/news/\" rel=\"prev\"")
            && second.contains("href=\"/news/page/3/\" rel=\"next\"")
    );
    let last = read(out.join("page/3/index.html"));
    assert!(
        last.contains("rel=\"prev\"")
            && !last.contains("rel=\"next\"")
            && last.contains("Page 3 of 3")
    );
    assert!(!out.join("page/1").exists() && !out.join("page/4").exists());
}

#[test]
fn archive_overview_counts_years_and_months() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let archive = read(site_dir.path().join("public/archive/index.html"));
    assert!(
        archive.contains("<a href=\"/news/2022/\">2022</a> <span class=\"count\">4</span>"),
        "{archive}"
    );
    assert!(
        archive
            .contains("<a href=\"/news/2023/01/\">January 2023</a> <span class=\"count\">2</span>"),
        "{archive}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let first = contents(&site_dir.out());
    build(site_dir.path()).unwrap();
    assert_eq!(first, contents(&site_dir.out()));
}

#[test]
fn a_failed_build_reports_every_problem_and_leaves_the_output_untouched() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let out = site_dir.out();
    let before = contents(&out);
    let seeds = site_dir.path().join("seeds");
    fs::write(seeds.join("bad-date.txt"), "date 2022-02-30 Text.").unwrap();
    fs::write(seeds.join("no-date.txt"), "Just text.").unwrap();
    fs::write(seeds.join("open.md"), "+++\ntitle = \"T\"\n").unwrap();
    let errors = failure(build(site_dir.path()));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors[0].starts_with("seeds/bad-date.txt:1:6: `2022-02-30` is not a date"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("seeds/no-date.txt:1:1: wire text must start with a `date` line"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with(
            "seeds/open.md:1:1: the front matter opened with `+++` on line 1 is never closed"
        ),
        "{}",
        errors[2]
    );
    assert_eq!(before, contents(&out), "the previous output is untouched");
    let leftovers = leftovers(site_dir.path(), &["staging"]);
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn template_errors_name_the_file_line_and_column() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let before = contents(&site_dir.out());
    let templates = site_dir.path().join("templates");
    fs::write(templates.join("tags.html"), "{% extends \"base.html\" %}\n{% block content %}\n{{ tags | no_such_filter }}\n{% endblock content %}\n").unwrap();
    let errors = failure(build(site_dir.path()));
    assert!(
        errors[0].starts_with("templates/tags.html:3:11: Unknown filter `no_such_filter`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("3 | {{ tags | no_such_filter }}"),
        "the source line is shown: {}",
        errors[0]
    );

    fs::write(templates.join("tags.html"), "{% extends \"base.html\" %}\n{% block content %}\n  {{ page.titel }}\n{% endblock content %}\n").unwrap();
    let errors = failure(build(site_dir.path()));
    assert!(
        errors[0].starts_with("templates/tags.html:3:"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("titel"), "{}", errors[0]);

    fs::write(templates.join("tags.html"), "{% if x %}\nunclosed\n").unwrap();
    let errors = failure(build(site_dir.path()));
    assert!(
        errors[0].starts_with("templates/tags.html:"),
        "{}",
        errors[0]
    );
    assert_eq!(before, contents(&site_dir.out()));
}

#[test]
fn a_site_without_templates_or_static_uses_the_built_in_theme() {
    let site_dir = TestSite::fixture("subpath");
    fs::remove_dir_all(site_dir.path().join("templates")).unwrap();
    fs::remove_dir_all(site_dir.path().join("static")).unwrap();
    build(site_dir.path()).unwrap();
    let out = site_dir.out();
    assert_eq!(read(out.join("style.css")), read(repo("static/style.css")));
    assert!(read(out.join("404.html")).contains("Page not found"));
}

#[test]
fn refuses_an_output_folder_it_did_not_create() {
    let site_dir = TestSite::fixture("subpath");
    let mine = site_dir.out();
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("precious.txt"), "keep me").unwrap();
    let errors = failure(build(site_dir.path()));
    assert!(
        errors[0].contains("is not empty and was not created by newsgen"),
        "{}",
        errors[0]
    );
    assert_eq!(read(mine.join("precious.txt")), "keep me");

    let options = BuildOptions {
        output_dir: Some(PathBuf::from(".")),
        ..Default::default()
    };
    let errors = failure(build_with(site_dir.path(), options));
    assert!(
        errors[0].contains("the output folder is the site folder itself"),
        "{}",
        errors[0]
    );
}

#[test]
fn config_problems_stop_the_build_with_line_and_suggestion() {
    let site_dir = TestSite::fixture("subpath");
    let config = site_dir.path().join("site.toml");
    fs::write(
        &config,
        read(&config).replace("paginate_by = 2", "paginateby = 2"),
    )
    .unwrap();
    let errors = failure(build(site_dir.path()));
    assert_eq!(
        errors,
        ["site.toml:6:1: unknown key `paginateby`\n  help: did you mean `paginate_by`?"]
    );
}

#[test]
fn cli_init_then_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("mysite");
    let init = newsgen(&["init", site.to_str().unwrap()], dir.path())
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let built = newsgen(&["build"], &site).output().unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(stdout.starts_with("Built 1 article: "), "{stdout}");
    assert!(
        site.join("public/2026/01/05/welcome-to-your-newsroom/index.html")
            .is_file()
    );
    assert_eq!(
        read(site.join("templates/article.html")),
        read(repo("templates/article.html"))
    );
    let again = newsgen(&["init", site.to_str().unwrap()], dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn cli_failure_exits_1_and_lists_problems() {
    let site_dir = TestSite::fixture("subpath");
    fs::write(site_dir.path().join("seeds/empty.txt"), "").unwrap();
    let result = newsgen(&["build", "--quiet"], site_dir.path())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("error: seeds/empty.txt:1:1: the file is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("build failed: 1 problem; nothing was written"),
        "{stderr}"
    );
    assert!(!site_dir.out().exists());
}

#[test]
fn feeds_for_the_site_and_every_tag() {
    let site_dir = TestSite::fixture("subpath");
    let (site, _) = build_at(site_dir.path(), "2023-01-12T12:00:00Z");
    let out = site_dir.out();
    for file in ["feed.xml", "atom.xml", "feed.json"] {
        assert!(out.join(file).is_file(), "{file}");
        for tag in &site.library.tags {
            assert!(
                out.join(tag.path()).join(file).is_file(),
                "{} {file}",
                tag.slug
            );
        }
    }
    let rss = read(out.join("feed.xml"));
    assert_eq!(rss.matches("<item>").count(), site.library.articles.len());
    assert!(rss.contains("<atom:link href=\"https://example.org/news/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>"));
    let tag_feed: serde_json::Value =
        serde_json::from_str(&read(out.join("tags/cafe-culture/feed.json"))).unwrap();
    assert_eq!(tag_feed["items"].as_array().unwrap().len(), 2);
    assert!(
        tag_feed["items"][0].get("content_html").is_none(),
        "tag feeds carry summaries by default"
    );
    // Every page links the site's feeds; tag pages their own first.
    let tag_page = read(out.join("tags/cafe-culture/index.html"));
    let own = tag_page
        .find("href=\"https://example.org/news/tags/cafe-culture/feed.xml\"")
        .unwrap();
    let site_feed = tag_page
        .find("href=\"https://example.org/news/feed.xml\"")
        .unwrap();
    assert!(own < site_feed);
}

#[test]
fn feed_limit_and_formats_follow_site_toml() {
    let site_dir = TestSite::fixture("subpath");
    replace_in(
        &site_dir.path().join("site.toml"),
        "[extra]",
        "[feeds]\nlimit = 2\nformats = [\"atom\"]\n\n[extra]",
    );
    build(site_dir.path()).unwrap();
    let out = site_dir.out();
    assert_eq!(read(out.join("atom.xml")).matches("<entry>").count(), 2);
    assert!(!out.join("feed.xml").exists() && !out.join("feed.json").exists());
    assert!(!read(out.join("index.html")).contains("application/rss+xml"));
}

#[test]
fn sitemap_lists_every_canonical_page_and_nothing_else() {
    let site_dir = TestSite::fixture("subpath");
    let (_, summary) = build_at(site_dir.path(), "2023-01-12T12:00:00Z");
    let out = site_dir.out();
    let sitemap = read(out.join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert_eq!(locs.len(), summary.pages - 1, "every page but the 404 page");
    for loc in &locs {
        let path = loc.strip_prefix("https://example.org/news/").unwrap();
        assert!(out.join(path).join("index.html").is_file(), "{loc}");
    }
    assert!(sitemap.contains("<url><loc>https://example.org/news/2023/01/11/cafe-prices-rise/</loc><lastmod>2023-01-12T00:00:00+01:00</lastmod></url>"), "lastmod comes from `updated`");
    assert_eq!(
        read(out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/news/sitemap.xml\nSitemap: https://example.org/news/news-sitemap.xml\n"
    );
}

#[test]
fn news_sitemap_holds_the_last_two_days_only() {
    let site_dir = TestSite::fixture("subpath");
    // Café owners meet: 2023-01-10 08:30 UTC; Cafe prices rise: 2023-01-10 23:00 UTC.
    build_at(site_dir.path(), "2023-01-12T06:00:00Z");
    let news = read(site_dir.path().join("public/news-sitemap.xml"));
    assert!(news.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    assert_eq!(news.matches("<url>").count(), 2, "{news}");
    assert!(
        news.contains("<news:title>Cafe prices rise</news:title>")
            && news.contains("<news:title>Café owners meet</news:title>")
    );
    assert!(news.contains("<news:publication><news:name>Fixture Gazette</news:name><news:language>en</news:language></news:publication>"));
    build_at(site_dir.path(), "2030-01-01T00:00:00Z");
    assert_eq!(
        read(site_dir.path().join("public/news-sitemap.xml"))
            .matches("<url>")
            .count(),
        0
    );
}

#[test]
fn article_metadata_opengraph_and_json_ld() {
    let site_dir = TestSite::fixture("subpath");
    fs::write(
        site_dir.path().join("seeds/hostile.txt"),
        "date 2023-02-01 Officials said </script><script>alert(1)</script> was posted on Monday. More text.\n",
    )
    .unwrap();
    let (site, _) = build_at(site_dir.path(), "2023-02-02T00:00:00Z");
    let out = site_dir.out();
    let cafe = site
        .library
        .articles
        .iter()
        .find(|a| a.title == "Cafe prices rise")
        .unwrap();
    let page = article_page(&out, cafe);
    for expected in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://example.org/news/2023/01/11/cafe-prices-rise/\">",
        "<meta property=\"article:published_time\" content=\"2023-01-11T00:00:00+01:00\">",
        "<meta property=\"article:modified_time\" content=\"2023-01-12T00:00:00+01:00\">",
        "<meta property=\"article:tag\" content=\"Café Culture\">",
        "<link rel=\"canonical\" href=\"https://example.org/news/2023/01/11/cafe-prices-rise/\">",
    ] {
        assert!(page.contains(expected), "{expected}");
    }
    let json_ld = |page: &str| -> serde_json::Value {
        let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let end = start + page[start..].find("</script>").unwrap();
        serde_json::from_str(&page[start..end]).unwrap()
    };
    let data = json_ld(&page);
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["datePublished"], "2023-01-11T00:00:00+01:00");
    assert_eq!(data["dateModified"], "2023-01-12T00:00:00+01:00");
    assert_eq!(
        data["mainEntityOfPage"]["@id"],
        "https://example.org/news/2023/01/11/cafe-prices-rise/"
    );
    assert_eq!(data["publisher"]["name"], "Fixture Gazette");

    let hostile = site
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("hostile.txt"))
        .unwrap();
    let page = article_page(&out, hostile);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the JSON-LD script element"
    );
    let data = json_ld(&page);
    assert!(
        data["headline"]
            .as_str()
            .unwrap()
            .contains("</script><script>alert(1)</script>")
    );
    assert!(data["headline"].as_str().unwrap().chars().count() <= 110);
}

#[test]
fn list_pages_link_their_neighbours_in_the_head() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let second = read(site_dir.path().join("public/page/2/index.html"));
    let head = &second[..second.find("</head>").unwrap()];
    assert!(head.contains("<link rel=\"canonical\" href=\"https://example.org/news/page/2/\">"));
    assert!(
        head.contains("<link rel=\"prev\" href=\"/news/\">")
            && head.contains("<link rel=\"next\" href=\"/news/page/1/\">"),
        "{head}"
    );
}

#[test]
fn a_rebuild_rewrites_only_the_files_whose_bytes_change() {
    let site_dir = TestSite::fixture("subpath");
    let now = "2023-01-20T00:00:00Z";
    build_at(site_dir.path(), now);
    let out = site_dir.out();
    let before = stamps(&out);
    let bytes_before = contents(&out);

    // Nothing changed: every file is kept as it was.
    let (_, summary) = build_at(site_dir.path(), now);
    assert_eq!(summary.unchanged, summary.files);
    assert_eq!(stamps(&out), before);

    // One article edited: its page and the pages listing its text change;
    // every other file keeps its bytes, modification time and inode.
    let seed = site_dir.path().join("seeds/more/cafe.md");
    fs::write(
        &seed,
        read(&seed).replace("Owners met on *Monday*.", "Owners met on *Tuesday*."),
    )
    .unwrap();
    let (site, summary) = build_at(site_dir.path(), now);
    let after = stamps(&out);
    let bytes_after = contents(&out);
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| after[*path] != before[*path])
        .collect();
    for path in &changed {
        assert_ne!(
            bytes_after[*path], bytes_before[*path],
            "{path} was rewritten with the same bytes"
        );
    }
    for (path, stamp) in &after {
        if bytes_after[path] == bytes_before[path] {
            assert_eq!(
                stamp, &before[path],
                "{path} kept its bytes but not its stamp"
            );
        }
    }
    let cafe = site
        .library
        .articles
        .iter()
        .find(|a| a.title == "Café owners meet")
        .unwrap();
    assert!(
        changed
            .iter()
            .any(|p| **p == format!("{}index.html", cafe.path)),
        "{changed:?}"
    );
    assert_eq!(summary.files - summary.unchanged, changed.len());
    assert!(
        changed.len() < after.len() / 3,
        "{} of {} files changed",
        changed.len(),
        after.len()
    );
}

/// A site of `stories` Markdown articles over five days of January 2023,
/// all tagged alike, three to a list page.
fn desk_site(stories: usize, numbering: &str) -> TestSite {
    let site = TestSite::new(&format!(
        "title = \"Desk\"\nbase_url = \"https://example.org/\"\npaginate_by = 3\npage_numbers = \"{numbering}\"\n"
    ));
    for story in 0..stories {
        desk_story(site.path(), story);
    }
    site
}

fn desk_story(root: &Path, story: usize) {
    write(
        &root.join(format!("seeds/story-{story:03}.md")),
        format!(
            "+++\ntitle = \"Desk story number {story}\"\ndate = 2023-01-{:02}T{:02}:00:00Z\ntags = [\"Desk\"]\n+++\n\nThe desk filed story {story}.\n",
            1 + story / 10,
            story % 10
        ),
    );
}

/// The numbers of the `page/N/` files of every list that changed, by list.
fn changed_numbered_pages(before: &Stamps, after: &Stamps) -> BTreeMap<String, Vec<usize>> {
    let mut lists: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (path, stamp) in after {
        let Some((list, rest)) = path.split_once("page/") else {
            continue;
        };
        if before.get(path) != Some(stamp) {
            let number = rest.trim_end_matches("/index.html").parse().unwrap();
            lists.entry(list.to_string()).or_default().push(number);
        }
    }
    lists
        .values_mut()
        .for_each(|numbers| numbers.sort_unstable());
    lists
}

#[test]
fn an_added_article_moves_no_older_list_page() {
    let now = "2023-02-01T00:00:00Z";
    // 40 stories, 3 to a page: 13 pages, the front holding 4. The 41st
    // fits on the front page: no numbered page changes.
    let site_dir = desk_site(40, "from_oldest");
    let root = site_dir.path();
    build_at(root, now);
    let out = root.join("public");
    let before = stamps(&out);
    assert!(out.join("page/12/index.html").is_file() && !out.join("page/13").exists());
    desk_story(root, 40);
    build_at(root, now);
    let after = stamps(&out);
    assert_eq!(changed_numbered_pages(&before, &after), BTreeMap::new());
    assert!(read(out.join("index.html")).contains("Desk story number 40<"));

    // The 42nd fills a new page: page 13 appears, and of the others only
    // pages 11 and 12 change, whose links reach the front page.
    desk_story(root, 41);
    build_at(root, now);
    let again = stamps(&out);
    let changed = changed_numbered_pages(&after, &again);
    assert_eq!(changed[""], [11, 12, 13]);
    assert_eq!(changed["tags/desk/"], [11, 12, 13]);
    // January holds them all; the 42nd story's day is a list of two.
    assert_eq!(changed["2023/01/"], [11, 12, 13]);
    assert_eq!(changed["2023/"], [11, 12, 13]);
    assert_eq!(changed.len(), 4, "{changed:?}");
    // Page 13 holds the 4th to 6th newest: stories 38, 37 and 36.
    assert_eq!(
        Pages::new(42, 3, Numbering::FromOldest).page(13).items,
        3..6
    );
    let page = read(out.join("page/13/index.html"));
    for story in 36..=38 {
        assert!(
            page.contains(&format!("Desk story number {story}<")),
            "{story}"
        );
    }
    assert!(!page.contains("Desk story number 39<") && !page.contains("Desk story number 35<"));
}

#[test]
fn a_count_used_where_it_is_none_names_the_template_and_the_setting() {
    let site_dir = desk_site(10, "from_oldest");
    let root = site_dir.path();
    fs::create_dir(root.join("templates")).unwrap();
    // A tag template written for counts on every page.
    let tag = read(repo("templates/tag.html")).replace(
        "{% if tag.count %}<p class=\"list-count\">{{ tag.count }} article{{ tag.count | pluralize }}</p>{% endif %}",
        "<p class=\"list-count\">{{ tag.count }} article{{ tag.count | pluralize }}</p>",
    );
    fs::write(root.join("templates/tag.html"), tag).unwrap();
    let problems = failure(build(root));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("templates/tag.html:6:")
            && problems[0].contains("`none`")
            && problems[0].contains("{% if tag.count %}")
            && problems[0].contains("`page_numbers`"),
        "{}",
        problems[0]
    );
    // Numbered from the newest, every page has its counts.
    replace_in(&root.join("site.toml"), "from_oldest", "from_newest");
    build(root).unwrap();
}

#[test]
fn numbered_from_the_newest_an_added_article_moves_every_page() {
    let now = "2023-02-01T00:00:00Z";
    let site_dir = desk_site(40, "from_newest");
    let root = site_dir.path();
    build_at(root, now);
    let out = root.join("public");
    let before = stamps(&out);
    desk_story(root, 40);
    build_at(root, now);
    let changed = changed_numbered_pages(&before, &stamps(&out));
    assert_eq!(changed[""], (2..=14).collect::<Vec<_>>());
}

#[test]
fn a_hand_edited_output_file_is_never_trusted() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let page = site_dir.path().join("public/tags/index.html");
    let original = read(&page);
    // Same length, different bytes: a reused file would keep the damage.
    fs::write(&page, original.replacen("Topics", "TOPICS", 1)).unwrap();
    let manifest_dir = site_dir.path().join(".newsgen");
    assert!(
        manifest_dir.is_dir(),
        "the manifest lives in the site's .newsgen/, not in the output"
    );
    build(site_dir.path()).unwrap();
    assert_eq!(read(&page), original);
    // A corrupt manifest and build cache are ignored: every article is
    // parsed and every file written again, to the same bytes.
    let before = contents(&site_dir.out());
    let mut damaged = 0;
    for entry in walkdir::WalkDir::new(&manifest_dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.file_name() != "lock" {
            fs::write(entry.path(), "garbage").unwrap();
            damaged += 1;
        }
    }
    assert!(damaged >= 3, "the manifest, cache index and body pack");
    let (_, summary) = build(site_dir.path()).unwrap();
    assert_eq!(summary.unchanged, 0);
    assert_eq!(read(&page), original);
    assert_eq!(contents(&site_dir.out()), before);
}

/// Every file of the build cache (index shards and the body pack).
fn cache_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join(".newsgen/cache"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != "lock")
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn the_build_cache_parses_only_changed_articles_and_never_trusts_damage() {
    let now = "2023-01-20T00:00:00Z";
    let site_dir = TestSite::fixture("subpath");
    let root = site_dir.path();
    let (site, _) = build_at(root, now);
    let reference = contents(&root.join("public"));
    let articles = site.library.articles.len();
    // Every article is parsed the first time (drafts and scheduled ones too;
    // not the hidden swap file or the PDF).
    let seeds = walkdir::WalkDir::new(root.join("seeds"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.') && (name.ends_with(".txt") || name.ends_with(".md"))
        })
        .count();
    assert_eq!(site.parsed, seeds, "the first build parses everything");
    // Bodies live in the pack, not in memory.
    assert!(
        site.library
            .articles
            .iter()
            .all(|a| a.sections.is_empty() && a.kept.is_some())
    );
    let pack = cache_files(root)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "bodies"))
        .expect("a body pack");
    assert!(fs::metadata(&pack).unwrap().len() > 0);

    // Touched but unchanged files come from the cache: same site.
    for entry in fs::read_dir(root.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = fs::read(&path).unwrap();
            fs::write(&path, bytes).unwrap();
        }
    }
    let (site, _) = build_at(root, now);
    assert_eq!(site.library.articles.len(), articles);
    assert_eq!(site.parsed, 0, "touched, unchanged files are not parsed");
    assert_eq!(contents(&root.join("public")), reference);

    // An edited file is parsed again, alone.
    let seed = root.join("seeds/more/cafe.md");
    let original = read(&seed);
    fs::write(&seed, original.replace("Owners met", "The owners met")).unwrap();
    let (site, _) = build_at(root, now);
    assert_eq!(site.parsed, 1);
    fs::write(&seed, original).unwrap();
    let (site, _) = build_at(root, now);
    assert_eq!(site.parsed, 1);
    assert_eq!(contents(&root.join("public")), reference);

    // A damaged pack (same length, other bytes) is detected by its
    // checksums: the bodies are parsed again from the seeds. A template
    // change makes every article page render, so every body is needed.
    let length = fs::metadata(&pack).unwrap().len() as usize;
    fs::write(&pack, vec![b'x'; length]).unwrap();
    let article_template = read(repo("templates/article.html"));
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/article.html"),
        article_template.replace("</article>", "</article><!-- v2 -->"),
    )
    .unwrap();
    let (_, summary) = build_at(root, now);
    let after = contents(&root.join("public"));
    let mut changed = 0;
    for (path, bytes) in &after {
        let expected = reference[path].clone();
        if bytes != &expected {
            changed += 1;
            let text =
                String::from_utf8_lossy(bytes).replace("</article><!-- v2 -->", "</article>");
            assert_eq!(
                text.as_bytes(),
                expected,
                "{path}: only the template change differs"
            );
        }
    }
    assert_eq!(changed, articles, "every article page, nothing else");
    assert_eq!(summary.files - summary.unchanged, articles);
    // The damage cleared the cache: the next build parses everything.
    let (site, _) = build_at(root, now);
    assert_eq!(site.parsed, seeds);
    assert_eq!(contents(&root.join("public")), after);
}

#[test]
fn a_template_change_renders_only_the_pages_that_use_it() {
    let now = "2023-01-20T00:00:00Z";
    let site_dir = TestSite::fixture("subpath");
    let root = site_dir.path();
    build_at(root, now);
    let before = stamps(&root.join("public"));
    let tag_template = read(repo("templates/tag.html"));
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/tag.html"),
        tag_template.replace(
            "{% endblock content %}",
            "<!-- edited -->{% endblock content %}",
        ),
    )
    .unwrap();
    let (site, summary) = build_at(root, now);
    let after = stamps(&root.join("public"));
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| after[*path] != before[*path])
        .collect();
    assert!(!changed.is_empty());
    assert!(
        changed
            .iter()
            .all(|p| p.starts_with("tags/") && *p != "tags/index.html"),
        "only tag pages: {changed:?}"
    );
    let tag_pages: usize = site
        .library
        .tags
        .iter()
        .map(|t| {
            Pages::new(
                t.articles.len(),
                site.config.paginate_by,
                site.config.page_numbers,
            )
            .count
        })
        .sum();
    assert_eq!(changed.len(), tag_pages);
    assert_eq!(summary.files - summary.unchanged, tag_pages);
}

#[test]
fn an_incremental_build_equals_a_fresh_one() {
    let now = "2023-01-20T00:00:00Z";
    let site_dir = TestSite::fixture("subpath");
    let root = site_dir.path();
    build_at(root, now);
    // A new headline changes the article's card: its neighbours, related
    // stories, lists and feeds must all follow.
    let seed = root.join("seeds/more/cafe.md");
    fs::write(
        &seed,
        read(&seed).replace("Café owners meet", "Café owners meet again"),
    )
    .unwrap();
    build_at(root, now);
    equals_a_fresh_build(root, now);
}

#[test]
fn the_sitemap_is_kept_until_a_url_or_a_date_changes() {
    let site_dir = TestSite::fixture("subpath");
    build(site_dir.path()).unwrap();
    let sitemap = site_dir.path().join("public/sitemap.xml");
    let original = read(&sitemap);
    let modified = || fs::metadata(&sitemap).unwrap().modified().unwrap();
    let before = modified();

    // A corrected body keeps every URL and date: the file is kept as it is.
    let seed = site_dir.path().join("seeds/harvest.txt");
    let mut text = read(&seed);
    text.push_str("\nA correction was appended to this story.\n");
    fs::write(&seed, text).unwrap();
    let (_, summary) = build(site_dir.path()).unwrap();
    assert!(
        summary.unchanged < summary.files,
        "the story's page changed"
    );
    assert_eq!(modified(), before, "the sitemap was rewritten");

    // A hand-edited sitemap is not trusted.
    fs::write(&sitemap, original.replacen("<urlset", "<URLSET", 1)).unwrap();
    build(site_dir.path()).unwrap();
    assert_eq!(read(&sitemap), original);

    // A new story is listed.
    fs::write(
        site_dir.path().join("seeds/late.txt"),
        "date 2022-03-01 A late story arrives. Text.\n",
    )
    .unwrap();
    build(site_dir.path()).unwrap();
    let listed = read(&sitemap);
    assert!(
        listed.contains("/2022/03/01/a-late-story-arrives/"),
        "{listed}"
    );
}
