//! Topic pages worth having: a tag gets a page, feeds, a sitemap entry and
//! a place in the topics index only when `tags.min_articles` stories carry
//! it (or a Markdown article declares it); rarer tags stay on their
//! articles as text. The kicker is the biggest topic; the topics index
//! stays bounded at many topics; an incremental build opens and closes
//! topic pages as a tag crosses the threshold.

use std::fs;

use crate::harness::{TestSite, build_at, equals_a_fresh_build, read};

const NOW: &str = "2023-01-20T00:00:00Z";
const SITE: &str = "title = \"Topics\"\nbase_url = \"https://example.org/\"\n";

/// Wire stories whose only tags are their hashtags (lowercase text names
/// nobody, so nothing else is derived).
fn wire(site: &TestSite, name: &str, day: u32, hashtags: &str) {
    site.write(
        &format!("seeds/{name}.txt"),
        format!(
            "date 2023-01-{day:02} the {name} story is about the harbour.\n\nthe ferries run late again. {hashtags}\n"
        ),
    );
}

/// Two stories tagged #Harbour, one of them also #Lighthouse.
fn harbour(site_toml: &str) -> TestSite {
    let site = TestSite::new(site_toml);
    wire(&site, "first", 1, "#Harbour #Lighthouse");
    wire(&site, "second", 2, "#Harbour");
    site
}

fn page(site: &TestSite, path: &str) -> String {
    read(site.out().join(path).join("index.html"))
}

fn first_page(site: &TestSite) -> String {
    page(site, "2023/01/01/the-first-story-is-about-the-harbour")
}

#[test]
fn a_tag_on_one_story_gets_no_page_and_shows_as_text() {
    let site = harbour(SITE);
    build_at(site.path(), NOW);
    let out = site.out();
    assert!(out.join("tags/harbour/index.html").is_file());
    assert!(!out.join("tags/lighthouse").exists(), "no page, no feeds");
    let article = first_page(&site);
    // Shown, as text: in the tag list, the meta tags and the JSON-LD.
    assert!(
        article.contains("<li><span>Lighthouse</span></li>"),
        "{article}"
    );
    assert!(article.contains("<meta property=\"article:tag\" content=\"Lighthouse\">"));
    assert!(
        article.contains("\"keywords\":[\"Lighthouse\",\"Harbour\"]"),
        "{article}"
    );
    // Wire tags come rarest first; the kicker is the biggest topic.
    assert!(article.contains("<p class=\"kicker\"><a href=\"/tags/harbour/\">Harbour</a></p>"));
    assert!(!article.contains("/tags/lighthouse/"), "{article}");
    // The hashtag in the body links only the tag with a page.
    assert!(
        article.contains("rel=\"tag\">#Harbour</a> #Lighthouse"),
        "{article}"
    );
    assert!(!read(out.join("sitemap.xml")).contains("/tags/lighthouse/"));
    let index = page(&site, "tags");
    assert!(index.contains("/tags/harbour/") && !index.contains("Lighthouse"));
}

#[test]
fn at_min_articles_one_every_tag_gets_a_page() {
    let site = harbour(&format!("{SITE}[tags]\nmin_articles = 1\n"));
    build_at(site.path(), NOW);
    assert!(site.out().join("tags/lighthouse/index.html").is_file());
    let article = first_page(&site);
    assert!(article.contains("<a href=\"/tags/lighthouse/\" rel=\"tag\">Lighthouse</a>"));
    assert!(article.contains("href=\"/tags/lighthouse/\" rel=\"tag\">#Lighthouse</a>"));
    assert!(read(site.out().join("sitemap.xml")).contains("/tags/lighthouse/"));
}

/// Tags typed into a Markdown article's front matter are an editor's
/// choice: they get a page even on one story.
#[test]
fn declared_tags_get_a_page_on_one_story() {
    let site = TestSite::new(SITE);
    site.write(
        "seeds/budget.md",
        "+++\ntitle = \"Budget day\"\ndate = 2023-01-03\ntags = [\"Budget 2023\"]\n+++\nThe budget.\n",
    );
    wire(&site, "first", 1, "#Lighthouse");
    build_at(site.path(), NOW);
    assert!(site.out().join("tags/budget-2023/index.html").is_file());
    assert!(!site.out().join("tags/lighthouse").exists());
}

/// The kicker is the article's biggest topic, not its first tag; the tag
/// list keeps the article's order.
#[test]
fn the_kicker_is_the_biggest_topic() {
    let site = TestSite::new(SITE);
    let story = |name: &str, day: u32, tags: &str| {
        site.write(
            &format!("seeds/{name}.md"),
            format!(
                "+++\ntitle = \"{name}\"\ndate = 2023-01-0{day}\ntags = [{tags}]\n+++\nText.\n"
            ),
        );
    };
    story("Quay works", 1, "\"Quay\", \"Harbour\"");
    story("Quay again", 2, "\"Quay\", \"Harbour\"");
    story("Harbour only", 3, "\"Harbour\"");
    build_at(site.path(), NOW);
    let article = page(&site, "2023/01/01/quay-works");
    let kicker = "<p class=\"kicker\"><a href=\"/tags/harbour/\">Harbour</a></p>";
    assert!(article.contains(kicker), "{article}");
    let list = article.find("<li><a href=\"/tags/quay/\"").unwrap();
    assert!(list < article.find("<li><a href=\"/tags/harbour/\"").unwrap());
    let home = page(&site, "");
    assert_eq!(home.matches(kicker).count(), 3, "{home}");
}

/// A topics index of many topics: `/tags/` lists the biggest 100 and links
/// each initial; an initial's page holds at most 500, the rest on its
/// next page. (600 topics under S, each on one of six stories.)
#[test]
fn the_topics_index_is_bounded_at_many_topics() {
    let site = TestSite::new(&format!(
        "{SITE}[tags]\nmin_articles = 1\n[limits]\ntags_per_article = 101\n"
    ));
    for story in 0..6 {
        let tags: Vec<String> = (0..100)
            .map(|n| format!("\"Spot {:03}\"", story * 100 + n))
            .collect();
        site.write(
            &format!("seeds/s{story}.md"),
            format!(
                "+++\ntitle = \"Story {story}\"\ndate = 2023-01-0{}\ntags = [{}, \"Ahoy\"]\n+++\nText.\n",
                story + 1,
                tags.join(", ")
            ),
        );
    }
    build_at(site.path(), NOW);
    // The links of the topics list (not the letters, not the menu).
    let topics = |html: &str| {
        let list = html.split("<ul class=\"tag-index\">").nth(1).unwrap();
        list.split("</ul>")
            .next()
            .unwrap()
            .matches("<li><a")
            .count()
    };
    let front = page(&site, "tags");
    assert_eq!(topics(&front), 100);
    // The biggest first: Ahoy is on every story.
    let list = front.split("<ul class=\"tag-index\">").nth(1).unwrap();
    assert!(
        list.trim_start()
            .starts_with("<li><a href=\"/tags/ahoy/\">Ahoy</a>")
    );
    assert!(front.contains("href=\"/tags/by_letter/s/\"") && front.contains("601 topics"));
    let s = page(&site, "tags/by_letter/s");
    assert_eq!(topics(&s), 500);
    assert!(s.contains("/tags/spot-000/") && !s.contains("/tags/spot-500/"));
    assert!(s.contains("href=\"/tags/by_letter/s/2/\""));
    let rest = page(&site, "tags/by_letter/s/2");
    assert_eq!(topics(&rest), 100);
    assert_eq!(topics(&page(&site, "tags/by_letter/a")), 1);
    assert!(
        front.len() < 20_000 && s.len() < 60_000,
        "{} {}",
        front.len(),
        s.len()
    );
    assert!(read(site.out().join("sitemap.xml")).contains("/tags/by_letter/s/2/"));
}

/// A second story with a tag opens its page on an incremental build, and
/// the first story's page links it (tag list, hashtag, kicker); taking the
/// story away closes the page again.
#[test]
fn a_second_story_opens_a_topic_page_incrementally() {
    let site = harbour(SITE);
    build_at(site.path(), NOW);
    assert!(!first_page(&site).contains("/tags/lighthouse/"));
    wire(&site, "third", 3, "#Lighthouse");
    build_at(site.path(), NOW);
    assert!(site.out().join("tags/lighthouse/index.html").is_file());
    let article = first_page(&site);
    assert!(article.contains("<a href=\"/tags/lighthouse/\" rel=\"tag\">Lighthouse</a>"));
    assert!(article.contains("href=\"/tags/lighthouse/\" rel=\"tag\">#Lighthouse</a>"));
    assert!(page(&site, "tags").contains("/tags/lighthouse/"));
    equals_a_fresh_build(site.path(), NOW);

    fs::remove_file(site.join("seeds/third.txt")).unwrap();
    build_at(site.path(), NOW);
    assert!(!site.out().join("tags/lighthouse").exists());
    assert!(!first_page(&site).contains("/tags/lighthouse/"));
    equals_a_fresh_build(site.path(), NOW);
}
