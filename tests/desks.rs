//! Sections and authors: section fronts with their feeds, the masthead and
//! the home page's blocks, the rules that file wire copy, author pages with
//! profiles, the authors index, bylines and their JSON-LD, the errors, and
//! incremental builds that touch only what a change shows.

use std::path::Path;

use crate::harness::{
    TestSite, build, build_at, equals_a_fresh_build, failure, messages, read, replace_in, stamps,
};

const NOW: &str = "2025-06-01T12:00:00Z";

const SITE: &str = r#"title = "The Courier"
base_url = "https://example.org/news/"
paginate_by = 2
default_section = "World"
[home]
section_stories = 2
[[sections]]
name = "World"
description = "News from abroad"
[[sections]]
name = "Politics"
folders = ["politics"]
[[sections]]
name = "Sport"
slug = "sports"
tags = ["Football"]
"#;

/// A site with sections, two profiles and stories filed every way.
fn newsroom() -> TestSite {
    let site = TestSite::new(SITE);
    site.write(
        "seeds/vote.md",
        "+++\ntitle = \"Council backs bridge\"\ndate = 2025-03-14\nsection = \"politics\"\nauthors = [\"Priya Castellano\", \"Sam Okafor\", \"Jane Doe\"]\n+++\nThe council voted.\n",
    )
    .write(
        "seeds/politics/budget.txt",
        " date 2025-03-10 \nBy Jane Doe\n\nThe city's budget passed on Monday after a long debate in the chamber.\n",
    )
    .write(
        "seeds/final.md",
        "+++\ntitle = \"Athletic win the cup\"\ndate = 2025-04-27\ntags = [\"Football\"]\n+++\nA double won it.\n",
    )
    .write(
        "seeds/oslo.md",
        "+++\ntitle = \"Oslo swelters\"\ndate = 2025-05-02\nauthors = [\"Lee Ray\"]\n+++\nNights stayed warm.\n",
    )
    .write(
        "authors/jane.md",
        "+++\nname = \"Jane Doe\"\nslug = \"jdoe\"\nrole = \"Political editor\"\nphoto = \"people/jane.svg\"\nemail = \"jane@example.org\"\nlinks = [\"https://social.example/@jane\"]\n+++\nJane has covered the *council* since 2010.\n",
    )
    .write(
        "authors/priya.md",
        "---\nname: Priya Castellano\nrole: City reporter\n---\nPriya reports on the city.\n",
    )
    .write(
        "static/people/jane.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    );
    site
}

fn page(site: &TestSite, path: &str) -> String {
    read(site.out().join(path).join("index.html"))
}

/// The articleSection and author list of a page's JSON-LD.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn sections_have_fronts_feeds_a_place_in_the_masthead_and_on_the_home_page() {
    let site = newsroom();
    let (built, _) = build_at(site.path(), NOW);
    // Front matter, the folder rule, the tag rule, the default.
    let desk = |title: &str| {
        let article = built
            .library
            .articles
            .iter()
            .find(|a| a.title.starts_with(title));
        article.unwrap().desk.clone()
    };
    assert_eq!(desk("Council").as_deref(), Some("Politics"));
    assert_eq!(desk("The city").as_deref(), Some("Politics"));
    assert_eq!(desk("Athletic").as_deref(), Some("Sport"));
    assert_eq!(desk("Oslo").as_deref(), Some("World"));

    let politics = page(&site, "politics/");
    assert!(
        politics.contains("<h1 class=\"section-title\">Politics"),
        "{politics}"
    );
    assert!(politics.contains("Council backs bridge") && !politics.contains("Oslo swelters"));
    assert!(politics.contains("2 stories"));
    assert!(politics.contains("href=\"https://example.org/news/politics/feed.xml\""));
    let sport_feed = read(site.out().join("sports/atom.xml"));
    assert!(
        sport_feed.contains("<title>Athletic win the cup</title>"),
        "{sport_feed}"
    );
    assert!(!sport_feed.contains("Oslo swelters"));
    assert!(site.out().join("world/feed.json").is_file());
    let world = page(&site, "world/");
    assert!(world.contains("News from abroad"));
    // The masthead lists the sections in order, on every page.
    let nav = |html: &str| {
        let nav = &html[html.find("<nav class=\"site-nav\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        ["/news/world/", "/news/politics/", "/news/sports/"].map(|url| nav.find(url).unwrap())
    };
    let places = nav(&world);
    assert!(places[0] < places[1] && places[1] < places[2]);
    nav(&page(&site, "tags/"));
    // The home page's blocks: each section's newest stories (two at most)
    // that the top stories do not show: Sport's and World's only stories
    // are at the top, so they have no block.
    let home = page(&site, "");
    let top = &home[..home.find("class=\"home-section\"").unwrap()];
    assert!(top.contains("Oslo swelters") && top.contains("Athletic win the cup"));
    let block = &home[home.find("id=\"section-politics\"").unwrap()..];
    let block = &block[..block.find("</section>").unwrap()];
    assert!(block.contains("Council backs bridge") && block.contains("The city"));
    assert!(!home.contains("id=\"section-sports\"") && !home.contains("id=\"section-world\""));
    // The article: OpenGraph, JSON-LD, and the section as the kicker of
    // a story with no topic.
    let oslo = built
        .library
        .articles
        .iter()
        .find(|a| a.title.starts_with("Oslo"))
        .unwrap();
    let html = read(site.out().join(&oslo.path).join("index.html"));
    assert!(html.contains("<meta property=\"article:section\" content=\"World\">"));
    assert_eq!(json_ld(&html)["articleSection"], "World");
    assert!(
        html.contains("<p class=\"kicker\"><a href=\"/news/world/\">World</a></p>"),
        "{html}"
    );
}

#[test]
fn authors_have_pages_feeds_an_index_and_linked_bylines() {
    let site = newsroom();
    let (built, _) = build_at(site.path(), NOW);
    // One warning names every author without a profile, once each.
    let warnings = messages(&built.warnings);
    let unprofiled: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("no profile"))
        .collect();
    assert_eq!(unprofiled.len(), 1, "{warnings:#?}");
    assert!(
        unprofiled[0].starts_with("authors: 2 authors have no profile: Lee Ray, Sam Okafor"),
        "{}",
        unprofiled[0]
    );
    // The profile's page: bio, role, photo, links, stories, feeds.
    let jane = page(&site, "authors/jdoe/");
    assert!(jane.contains("<em>council</em>") && jane.contains("Political editor"));
    assert!(jane.contains("src=\"/news/people/jane.svg\""));
    assert!(jane.contains("href=\"https://social.example/@jane\""));
    assert!(jane.contains("Council backs bridge") && jane.contains("The city"));
    assert!(!jane.contains("Oslo swelters"));
    let profile_ld = json_ld(&jane);
    assert_eq!(profile_ld["@type"], "ProfilePage");
    assert_eq!(
        profile_ld["mainEntity"]["sameAs"][0],
        "https://social.example/@jane"
    );
    assert!(read(site.out().join("authors/jdoe/feed.xml")).contains("Council backs bridge"));
    // Without a profile: a page with the stories.
    let lee = page(&site, "authors/lee-ray/");
    assert!(lee.contains("Oslo swelters") && lee.contains("1 story"));
    // The index lists everyone by name, profiles and not.
    let index = page(&site, "authors/");
    let order: Vec<usize> = ["Jane Doe", "Lee Ray", "Priya Castellano", "Sam Okafor"]
        .iter()
        .map(|name| index.find(name).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{index}");
    // The byline links every author, "By A, B and C", and JSON-LD lists
    // them as people with their page and profiles.
    let vote = built
        .library
        .articles
        .iter()
        .find(|a| a.title.starts_with("Council"))
        .unwrap();
    let html = read(site.out().join(&vote.path).join("index.html"));
    assert!(html.contains(
        "By <a href=\"/news/authors/priya-castellano/\" rel=\"author\">Priya Castellano</a>, <a href=\"/news/authors/sam-okafor/\" rel=\"author\">Sam Okafor</a> and <a href=\"/news/authors/jdoe/\" rel=\"author\">Jane Doe</a>"
    ), "{html}");
    let authors = &json_ld(&html)["author"];
    assert_eq!(authors[2]["@type"], "Person");
    assert_eq!(authors[2]["name"], "Jane Doe");
    assert_eq!(authors[2]["url"], "https://example.org/news/authors/jdoe/");
    assert_eq!(authors[2]["sameAs"][0], "https://social.example/@jane");
    assert_eq!(
        authors[1]["url"],
        "https://example.org/news/authors/sam-okafor/"
    );
    assert!(authors[1].get("sameAs").is_none());
    // A wire byline is an author too.
    assert!(page(&site, "authors/jdoe/").contains("2 stories"));
    let sitemap = read(site.out().join("sitemap.xml"));
    for url in ["authors/", "authors/jdoe/", "politics/", "sports/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/news/{url}</loc>")),
            "{url}"
        );
    }
}

#[test]
fn an_unknown_section_is_an_error_with_the_closest_name() {
    let site = newsroom();
    site.write(
        "seeds/typo.md",
        "+++\ntitle = \"T\"\ndate = 2025-01-01\nsection = \"Politcs\"\n+++\nText.\n",
    );
    let errors = failure(build(site.path()));
    assert_eq!(
        errors,
        [
            "seeds/typo.md:4:1: unknown section \"Politcs\"\n  help: did you mean \"Politics\"? The sections are: \"World\", \"Politics\", \"Sport\""
        ]
    );
}

#[test]
fn sections_that_collide_and_bad_profiles_are_errors() {
    let site = newsroom();
    site.write("static/sports/logo.svg", "<svg/>");
    site.write(
        "authors/jane2.md",
        "+++\nname = \"Janet Doe\"\nslug = \"jdoe\"\n+++\n",
    );
    site.write(
        "authors/lee.md",
        "+++\nname = \"Lee Ray\"\nphoto = \"people/lee.jpg\"\n+++\n",
    );
    let errors = failure(build(site.path()));
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let has = |text: &str| errors.iter().any(|e| e.contains(text));
    assert!(
        has(
            "site.toml: section \"Sport\" would live at /sports/, where static/sports/logo.svg is copied"
        ),
        "{errors:#?}"
    );
    assert!(
        has("authors/jane2.md: has the same author page (/authors/jdoe/) as authors/jane.md"),
        "{errors:#?}"
    );
    assert!(
        has("authors/lee.md:3:1: the photo static/people/lee.jpg does not exist"),
        "{errors:#?}"
    );
}

/// Editing a profile rewrites that author's pages and the articles that
/// show them, and nothing else; the output equals a fresh build's.
#[test]
fn an_edited_profile_rewrites_only_what_shows_it() {
    let site = newsroom();
    build_at(site.path(), NOW);
    let before = stamps(&site.out());
    replace_in(&site.join("authors/jane.md"), "since 2010", "since 2011");
    build_at(site.path(), NOW);
    let after = stamps(&site.out());
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed, ["authors/jdoe/index.html"], "{changed:#?}");
    equals_a_fresh_build(site.path(), NOW);
    // A new profile link is in the JSON-LD of every article Jane signed.
    replace_in(
        &site.join("authors/jane.md"),
        "@jane\"]",
        "@jane\", \"https://other.example/jane\"]",
    );
    build_at(site.path(), NOW);
    let after_link = stamps(&site.out());
    let mut changed: Vec<&String> = after_link
        .iter()
        .filter(|(path, stamp)| after.get(*path) != Some(stamp))
        .map(|(path, _)| path)
        .collect();
    changed.sort();
    assert_eq!(
        changed,
        [
            "2025/03/10/the-city-s-budget-passed-after-a-long-debate-in-the-chamber/index.html",
            "2025/03/14/council-backs-bridge/index.html",
            "authors/jdoe/index.html",
        ],
        "{changed:#?}"
    );
    equals_a_fresh_build(site.path(), NOW);
    // A new slug moves the page: its articles' bylines and JSON-LD follow.
    replace_in(
        &site.join("authors/jane.md"),
        "slug = \"jdoe\"",
        "slug = \"jane-doe\"",
    );
    build_at(site.path(), NOW);
    assert!(!site.out().join("authors/jdoe").exists());
    assert!(page(&site, "authors/jane-doe/").contains("Political editor"));
    equals_a_fresh_build(site.path(), NOW);
}

/// Changing an article's section moves it from one front to the other.
#[test]
fn a_section_change_moves_the_story_between_fronts() {
    let site = newsroom();
    build_at(site.path(), NOW);
    replace_in(
        &site.join("seeds/vote.md"),
        "section = \"politics\"",
        "section = \"World\"",
    );
    build_at(site.path(), NOW);
    assert!(!page(&site, "politics/").contains("Council backs bridge"));
    assert!(page(&site, "world/").contains("Council backs bridge"));
    equals_a_fresh_build(site.path(), NOW);
}

/// Without sections or bylines, nothing of either is written but the
/// (empty) authors index.
#[test]
fn a_site_without_sections_has_no_fronts() {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.write(
        "seeds/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\nText.\n",
    );
    build(site.path()).unwrap();
    let home = page(&site, "");
    assert!(!home.contains("home-section"));
    assert!(!Path::new(&site.out().join("world")).exists());
    assert!(page(&site, "authors/").contains("No bylines yet"));
}
