//! Boilerplate by recurrence: a line that recurs across many stories of the
//! site is left out of every page that holds it (text, headline, tags),
//! counted in the build cache, so editing one story rewrites only the pages
//! whose verdict changed; and a page stub is named in a warning.

use std::fs;

use crate::harness::{TestSite, article_page, build_at, messages, read, stamps};

const NOW: &str = "2023-01-20T00:00:00Z";
const FOOTER: &str = "Marta Kowalczyk writes the Harbour Gazette column.";

/// A site of `stories` different wire stories, the first `with_footer` of
/// them ending with the same footer (the first also opening with it, if
/// `footer_first`).
fn site(stories: usize, with_footer: usize, footer_first: bool) -> TestSite {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    let places = [
        "Lisbon", "Porto", "Braga", "Faro", "Evora", "Coimbra", "Aveiro",
    ];
    for story in 0..stories {
        let place = places[story % places.len()];
        let footer = if story < with_footer { FOOTER } else { "" };
        let opening = if story == 0 && footer_first {
            format!("{FOOTER}\n\n")
        } else {
            String::new()
        };
        site.write(
            &format!("seeds/s{story}.txt"),
            format!(
                "date 2023-01-{:02} {opening}The council of {place} voted on plan number {story} on Monday after a long debate about the harbour.\n\nResidents of {place} said the plan would change the old quarter.\n\n{footer}\n",
                story + 1
            ),
        );
    }
    site
}

#[test]
fn a_line_repeated_in_many_stories_leaves_every_page_headline_and_tag() {
    let site = site(6, 4, true);
    let (built, _) = build_at(site.path(), NOW);
    assert!(built.library.articles.len() == 6);
    for article in &built.library.articles {
        let page = article_page(&site.out(), article);
        assert!(!page.contains("Kowalczyk"), "{}: {page}", article.path);
        assert!(!article.title.contains("Kowalczyk"), "{}", article.title);
        assert!(
            !article
                .tags
                .iter()
                .any(|t| t.contains("Kowalczyk") || t.contains("Gazette"))
        );
    }
    assert!(
        built
            .library
            .tags
            .iter()
            .all(|t| !t.name.contains("Kowalczyk"))
    );
    // The first story opened with the footer: its headline is its own.
    let first = built
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("s0.txt"))
        .unwrap();
    assert!(
        first.title.starts_with("The council of Lisbon"),
        "{}",
        first.title
    );
}

#[test]
fn a_shape_falling_below_the_threshold_rewrites_only_the_pages_that_hold_it() {
    let site = site(8, 3, false);
    let (built, _) = build_at(site.path(), NOW);
    let out = site.out();
    let page_of = |name: &str| {
        let article = built
            .library
            .articles
            .iter()
            .find(|a| a.source.ends_with(name));
        format!("{}index.html", article.unwrap().path)
    };
    let holders: Vec<String> = ["s0.txt", "s1.txt", "s2.txt"].map(page_of).to_vec();
    let others: Vec<String> = built
        .library
        .articles
        .iter()
        .filter(|a| {
            !["s0.txt", "s1.txt", "s2.txt"]
                .iter()
                .any(|s| a.source.ends_with(s))
        })
        .map(|a| format!("{}index.html", a.path))
        .collect();
    for page in &holders {
        assert!(
            !fs::read_to_string(out.join(page))
                .unwrap()
                .contains("Kowalczyk")
        );
    }
    let before = stamps(&out);
    // One story loses the footer: two stories are left, below three.
    let seed = site.join("seeds/s2.txt");
    fs::write(
        &seed,
        fs::read_to_string(&seed).unwrap().replace(FOOTER, ""),
    )
    .unwrap();
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.parsed, 1, "only the edited story is parsed");
    assert_eq!(
        built.reread, 2,
        "the two that still hold the line are read again"
    );
    let after = stamps(&out);
    for page in &holders[..2] {
        assert!(read(out.join(page)).contains(FOOTER), "{page}");
        assert_ne!(after[page], before[page], "{page}");
    }
    for page in &others {
        assert_eq!(after[page], before[page], "{page} was rewritten");
    }
    // Nothing changed: nothing is read again.
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!((built.parsed, built.reread), (0, 0));
}

#[test]
fn a_page_stub_is_published_with_a_warning_naming_it() {
    let site = site(1, 0, false);
    site.write(
        "seeds/stub.txt",
        "date 2023-01-05 Share this article\n\nView Comments\n",
    );
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.library.articles.len(), 2);
    assert_eq!(
        messages(&built.warnings),
        [
            "seeds/stub.txt: only 5 words of text; is this a page stub?\n  help: it is published as it is; add the story's text, or remove the file"
        ]
    );
}
