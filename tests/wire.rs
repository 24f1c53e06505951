//! Whole wire articles, read from fixtures in `tests/fixtures/wire/` the way
//! a build reads them, and checked the way an editor would check them.

use newsgen::{Article, Config, tag_corpus};

use crate::harness::{TestSite, article_page, build, config, read_one, repo};

/// The shared seed of the example site.
const SEED: &str = "seeds/000_120213c231b1ab6f.txt";

fn fixture(name: &str) -> Article {
    let bytes = std::fs::read(repo("tests/fixtures/wire").join(name)).unwrap();
    let (article, warnings) = read_one(name, &bytes, &config(""));
    assert!(warnings.is_empty(), "{warnings:?}");
    article
}

/// `article` tagged as the only article of a corpus.
fn tagged(article: Article, config: &Config) -> Article {
    let mut articles = vec![article];
    tag_corpus(&mut articles, &config.tags.settings);
    articles.pop().unwrap()
}

#[test]
fn tass_dateline_is_not_part_of_the_headline() {
    let article = fixture("tass-dateline.txt");
    assert_eq!(
        article.dateline.as_deref(),
        Some("MOSCOW, February 7. /TASS/.")
    );
    assert_eq!(article.agency.as_deref(), Some("TASS"));
    assert_eq!(
        article.title,
        "Lavrov: Moscow would send its reply to the U.S. proposals"
    );
    assert!(article.title.chars().count() <= 110);
    assert!(
        article
            .body_html()
            .starts_with("<p>Russian Foreign Minister")
    );
}

#[test]
fn reuters_dateline_credit_and_url() {
    let article = fixture("reuters-dateline.txt");
    assert_eq!(article.dateline.as_deref(), Some("LONDON (Reuters)"));
    assert_eq!(
        article.title,
        "Britain’s economy grew by 0.1% in the first quarter of 2023"
    );
    assert_eq!(
        article.credit.as_deref(),
        Some("(Reporting by David Milliken; Editing by William Schomberg)")
    );
    let body = article.body_html();
    assert!(body.contains("<a href=\"https://www.ons.example/economy/gdp-q1-2023\" rel=\"nofollow\">https://www.ons.example/economy/gdp-q1-2023</a>."), "{body}");
    assert!(!body.contains("Reporting by"));
    // A one-sentence lead: the card adds the next paragraph, not the
    // headline again.
    assert!(
        article
            .summary
            .starts_with("Finance minister Jeremy Hunt said the figures"),
        "{}",
        article.summary
    );
    assert!(!article.summary.contains("LONDON"));
}

#[test]
fn tweet_list_email_and_hashtag() {
    let article = fixture("tweet-and-list.txt");
    let body = article.body_html();
    assert!(
        body.contains("<ul>\n<li>Routes running</li>\n<li>Quayside to Northbank</li>"),
        "a run of short lines is a list: {body}"
    );
    assert_eq!(
        body.matches("Check the timetable before you travel")
            .count(),
        1,
        "the tweet appears once: {body}"
    );
    assert!(
        body.contains("She wrote:</p>\n<figure class=\"tweet\">"),
        "{body}"
    );
    assert!(body.contains("— Marta Øvergaard (<a href=\"https://x.com/martaovergaard\" rel=\"nofollow\">@martaovergaard</a>) <time datetime=\"2024-03-02\">March 2, 2024</time>"), "{body}");
    assert!(body.contains(
        "<a href=\"mailto:info@harrowmere-transport.example\">info@harrowmere-transport.example</a>"
    ));
    assert!(body.contains("<a href=\"https://www.harrowmere-transport.example/strike\" rel=\"nofollow\">www.harrowmere-transport.example/strike</a>."));
    assert!(body.contains(
        "<a class=\"hashtag\" href=\"/tags/harrowmereferries/\" rel=\"tag\">#HarrowmereFerries</a>"
    ));
    assert!(article.tags.contains(&"HarrowmereFerries".to_string()));
}

#[test]
fn damaged_characters_are_repaired() {
    let article = fixture("damaged-text.txt");
    assert_eq!(
        article.title,
        "The “new” library would open in spring, after years of delays"
    );
    let body = article.body_html();
    assert!(
        !body.contains('\u{FFFD}') && !body.contains("\"?"),
        "{body}"
    );
    assert!(
        body.contains("called the project “a waste of money”."),
        "{body}"
    );
    assert!(
        body.contains("“It is the best investment we have made,” she said."),
        "{body}"
    );
}

#[test]
fn a_heading_like_first_paragraph_is_the_headline() {
    let article = fixture("heading-first.txt");
    assert_eq!(article.title, "Heatwave grips the north");
    assert_eq!(article.date.display(), "June 2020");
    assert!(
        article
            .summary
            .starts_with("Temperatures rose above 30 degrees")
    );
    assert!(!article.body_html().contains("Heatwave grips"));
}

#[test]
fn short_lines_in_one_paragraph_are_a_list() {
    let body = fixture("short-lines.txt").body_html();
    assert!(
        body.contains("<p>The priorities are:</p>\n<ul>\n<li>New school buildings</li>\n<li>Road repairs in the old town</li>\n<li>A second harbour ferry</li>\n</ul>"),
        "{body}"
    );
    assert!(
        !body.contains("<h2"),
        "short lines are not headings: {body}"
    );
}

#[test]
fn non_ascii_names_survive() {
    let article = fixture("non-ascii.txt");
    assert_eq!(
        article.dateline.as_deref(),
        Some("SÃO PAULO, Sept 5 (Reuters)")
    );
    assert!(
        article
            .title
            .starts_with("Brazilian start-up Cortiça Robótica began")
    );
    assert!(article.body_html().contains("Łódź and Kraków"));
    assert!(article.body_html().contains("href=\"/tags/robodobairro/\""));
}

#[test]
fn a_twenty_thousand_character_paragraph_is_read_whole() {
    let article = fixture("long-paragraph.txt");
    assert!(article.title.chars().count() <= 110, "{}", article.title);
    assert!(
        !article.title.ends_with(" the") && !article.title.ends_with(" of"),
        "{}",
        article.title
    );
    assert!(
        article.summary.split_whitespace().count() <= 51,
        "{}",
        article.summary
    );
    assert!(article.word_count > 4000);
}

/// The shared seed, rendered through the default templates as the only
/// article of a site: a reviewer reads
/// `tests/snapshots/main__wire__shared_seed.snap`.
#[test]
fn shared_seed_article_page() {
    let site = TestSite::new(
        "title = \"The Courier\"\nbase_url = \"https://news.example.org/\"\ntimezone = \"Europe/Budapest\"\n[tags]\nmin_articles = 1\n",
    );
    site.write(SEED, std::fs::read(repo(SEED)).unwrap());
    let (built, _) = build(site.path()).unwrap();
    let article = &built.library.articles[0];
    let page = article_page(&site.out(), article);
    let start = page.find("<main").unwrap();
    let end = page.find("</main>").unwrap() + "</main>".len();
    insta::assert_snapshot!("shared_seed", &page[start..end]);
}

fn seed_with(extra: &str) -> Article {
    let bytes = std::fs::read(repo(SEED)).unwrap();
    let config = config(extra);
    let (article, _) = read_one("seed.txt", &bytes, &config);
    tagged(article, &config)
}

#[test]
fn shared_seed_is_tagged_with_the_names_it_is_about() {
    let tags = seed_with("").tags;
    for expected in [
        "Viktor Orban",
        "Vladimir Putin",
        "Hungary",
        "Russia",
        "NATO",
        "Jens Stoltenberg",
    ] {
        assert!(
            tags.iter().any(|t| t == expected),
            "{expected} missing from {tags:?}"
        );
    }
    for unwanted in [
        "Tuesday",
        "Moreover",
        "Journalists",
        "Meanwhile",
        "Further",
        "Russian",
    ] {
        assert!(
            !tags.iter().any(|t| t == unwanted),
            "{unwanted} in {tags:?}"
        );
    }
    assert_eq!(tags.len(), 8);
}

#[test]
fn site_settings_steer_tagging() {
    let tags = seed_with("[tags]\nmax = 5\nstop = [\"Washington\", \"Vladimir Putin\"]\n").tags;
    assert_eq!(tags.len(), 5, "{tags:?}");
    assert!(
        !tags
            .iter()
            .any(|t| t == "Vladimir Putin" || t == "Washington"),
        "{tags:?}"
    );
    for hashtag in ["Hungary", "NATO", "Russia"] {
        assert!(
            tags.iter().any(|t| t == hashtag),
            "hashtags are always kept: {tags:?}"
        );
    }

    // Every mention of Peskov, full or short, counts as the alias target.
    let aliased = seed_with(
        "[tags]\nmax = 12\n[tags.aliases]\n\"Dmitry Peskov\" = \"Presidential Spokesman\"\n\"Peskov\" = \"Presidential Spokesman\"\n",
    )
    .tags;
    assert!(
        aliased.iter().any(|t| t == "Presidential Spokesman")
            && !aliased.iter().any(|t| t.contains("Peskov")),
        "{aliased:?}"
    );

    let off = seed_with("[tags]\nauto = false\n");
    assert!(off.tags.is_empty(), "{:?}", off.tags);
    assert!(
        !off.body_html().contains("class=\"hashtag\""),
        "no tag pages, so no hashtag links"
    );
}

#[test]
fn markdown_keeps_declared_tags_and_opts_in_to_derived_ones() {
    let text = "+++\ntitle = \"Orban meets Putin\"\ndate = 2022-02-01\ntags = [\"Diplomacy\"]\n+++\nViktor Orban met Vladimir Putin in Moscow. Orban and Putin talked. Later Orban left.\n";
    let read = |site: &str, text: &str| {
        let config = config(site);
        let (article, _) = read_one("a.md", text.as_bytes(), &config);
        tagged(article, &config).tags
    };
    assert_eq!(read("", text), ["Diplomacy"]);
    assert_eq!(
        read("[tags]\nmarkdown = true\n", text),
        ["Diplomacy", "Viktor Orban", "Vladimir Putin"]
    );
    let opted_in = text.replace("tags = [", "auto_tags = true\ntags = [");
    assert_eq!(
        read("", &opted_in),
        ["Diplomacy", "Viktor Orban", "Vladimir Putin"]
    );
}

#[test]
fn markdown_gets_word_count_and_reading_time() {
    let words = "word ".repeat(500);
    let text = format!("+++\ntitle = \"T\"\ndate = 2022-02-01\n+++\n{words}\n");
    let (article, _) = read_one("a.md", text.as_bytes(), &config(""));
    assert_eq!(article.word_count, 500);
    assert_eq!(article.reading_time(), 3);
}

#[test]
fn a_byline_at_the_start_is_the_author_not_text() {
    let text = " date 2025-03-14 \n\nBy Jane Doe and John Smith, Reuters\n\nLONDON - Ferry crews on the harbour walked out on Friday over pay, stranding thousands of commuters.\n\nThe union said talks would resume next week.\n";
    let (article, warnings) = read_one("byline.txt", text.as_bytes(), &config(""));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(article.authors, ["Jane Doe", "John Smith"]);
    assert!(
        !article.body_html().contains("Jane Doe"),
        "{}",
        article.body_html()
    );
    assert!(!article.title.contains("Jane Doe"), "{}", article.title);
    assert!(!article.summary.contains("Jane Doe"), "{}", article.summary);

    // The page signs the story with it.
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.write("seeds/byline.txt", text);
    let (built, _) = build(site.path()).unwrap();
    let page = article_page(&site.out(), &built.library.articles[0]);
    assert!(
        page.contains("By <a href=\"/authors/jane-doe/\" rel=\"author\">Jane Doe</a> and <a href=\"/authors/john-smith/\" rel=\"author\">John Smith</a><"),
        "{page}"
    );
    assert!(page.contains("\"name\":\"Jane Doe\""), "{page}");
}
