//! Boilerplate: the lines of web copy that are not the story. Share-widget
//! text, "READ MORE:" teasers, photo credits and newspaper footers come
//! pasted with the text; kept, they become headlines, summaries,
//! subheadings and tags.
//!
//! Two kinds are left out of a wire article before the copydesk reads it
//! (`wire`): the widget texts every site has (a short built-in list,
//! [`is_widget`]), and the lines whose *shape* recurs across many stories
//! of this site: a publisher's footer, a columnist's biography. A line's
//! shape ([`shape`]) is its text lowercased, digits as `0`, URLs and
//! @handles as placeholders, white space collapsed, hashed. Which shapes
//! recur is a corpus-wide choice, like tag rarity: each article records
//! the shapes of its lines and the verdict it was read with
//! ([`LineShapes`]); once every article is read, [`recurring`] counts them,
//! and an article whose verdict changed is read again (`ingest::settle`).
//! The verdict depends only on the shapes, never on what was left out, so
//! one count settles it.

use rustc_hash::FxHashSet;

use crate::article::{Article, LineShapes, SourceFormat};
use crate::ingest::copydesk::{dateline, structure};

/// A line of more words than this is prose, not a candidate: a bound on
/// what is counted (a footer or a biography is shorter).
const MAX_WORDS: usize = 40;

/// A shape is boilerplate when at least this many different stories hold
/// it, and at least [`RECURRING_PER_10K`] per ten thousand stories of the
/// site. Measured on 4,872 web articles of about 300 publishers: at 3
/// stories nearly every recurring line is a footer, byline, teaser or
/// widget; the share grows the bar on large sites, where short prose lines
/// ("No one was hurt.") recur by chance.
pub(crate) const RECURRING_STORIES: usize = 3;
const RECURRING_PER_10K: usize = 5;

/// The shapes found to recur across the site: their lines are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Boilerplate {
    shapes: FxHashSet<u64>,
}

impl Boilerplate {
    pub(crate) fn new(shapes: impl IntoIterator<Item = u64>) -> Boilerplate {
        Boilerplate {
            shapes: shapes.into_iter().collect(),
        }
    }

    pub(crate) fn contains(&self, shape: u64) -> bool {
        self.shapes.contains(&shape)
    }

    pub(crate) fn len(&self) -> usize {
        self.shapes.len()
    }

    /// The shapes, sorted (to keep between builds).
    pub(crate) fn sorted(&self) -> Vec<u64> {
        let mut shapes: Vec<u64> = self.shapes.iter().copied().collect();
        shapes.sort_unstable();
        shapes
    }

    /// Of an article's `shapes` (sorted), those this set leaves out: its
    /// verdict, sorted.
    pub(crate) fn verdict(&self, shapes: &[u64]) -> Vec<u64> {
        shapes
            .iter()
            .copied()
            .filter(|shape| self.contains(*shape))
            .collect()
    }
}

/// The paragraphs of a wire body without their boilerplate lines, and the
/// shapes of its lines with the verdict read. A body that would be left
/// with nothing is kept whole (a page stub, which the build warns about).
pub(crate) fn sift(
    paragraphs: Vec<Vec<String>>,
    known: &Boilerplate,
) -> (Vec<Vec<String>>, LineShapes) {
    let mut shapes = Vec::new();
    let mut longest = "";
    let mut buffer = String::new();
    let mut keep: Vec<Vec<bool>> = Vec::with_capacity(paragraphs.len());
    for lines in &paragraphs {
        let mut kept = Vec::with_capacity(lines.len());
        for line in lines {
            if line.len() > longest.len() {
                longest = line;
            }
            let out = if is_widget(line) {
                true
            } else if let Some(shape) = shape_into(line, &mut buffer) {
                shapes.push(shape);
                known.contains(shape)
            } else {
                false
            };
            kept.push(!out);
        }
        keep.push(kept);
    }
    shapes.sort_unstable();
    shapes.dedup();
    let record = LineShapes {
        story: normalized_hash(longest, &mut buffer),
        dropped: known.verdict(&shapes),
        shapes,
    };
    if !keep.iter().flatten().any(|&kept| kept) {
        return (paragraphs, record);
    }
    let sifted = paragraphs
        .into_iter()
        .zip(keep)
        .map(|(lines, kept)| {
            lines
                .into_iter()
                .zip(kept)
                .filter_map(|(line, kept)| kept.then_some(line))
                .collect::<Vec<_>>()
        })
        .filter(|lines| !lines.is_empty())
        .collect();
    (sifted, record)
}

/// Whether `line` is a byline naming people (cheaply refused unless it
/// starts with "By").
fn is_byline(line: &str) -> bool {
    let line = line.trim_start();
    let by = line
        .get(..2)
        .is_some_and(|by| by.eq_ignore_ascii_case("by"));
    let then = line.get(2..).and_then(|rest| rest.chars().next());
    by && then.is_some_and(|c| c == ':' || c.is_whitespace())
        && crate::ingest::byline::byline(line).is_some()
}

#[cfg(test)]
fn shape(line: &str) -> Option<u64> {
    shape_into(line, &mut String::new())
}

/// The shape of a line (made in `buffer`), if it may be boilerplate: not
/// prose of more than [`MAX_WORDS`] words, not mostly digits (a score, a
/// time), not a quote, a pasted tweet, a dateline, a credit line or a
/// byline ("By Jane Doe": a reporter signs many stories), which recur in
/// news for good reasons.
fn shape_into(line: &str, buffer: &mut String) -> Option<u64> {
    let (mut letters, mut digits) = (0usize, 0usize);
    for c in line.chars() {
        if c.is_alphabetic() {
            letters += 1;
        } else if c.is_numeric() {
            digits += 1;
        } else if matches!(c, '"' | '“' | '”' | '«' | '»') {
            return None;
        }
    }
    if letters <= digits
        || line.split_whitespace().nth(MAX_WORDS).is_some()
        || line.contains("(@")
        || structure::is_credit(line)
        || is_dateline(line)
        || is_byline(line)
    {
        return None;
    }
    Some(normalized_hash(line, buffer))
}

/// A dateline alone on its line ("WASHINGTON (Reuters) -"): the lead's,
/// not boilerplate.
fn is_dateline(line: &str) -> bool {
    // A place in capitals first: most lines are passed over at once.
    let capitals = line
        .split_whitespace()
        .next()
        .is_some_and(|word| !word.chars().any(char::is_lowercase));
    capitals
        // A dateline is taken off a lead with text after it.
        && dateline::split_dateline(&format!("{line} Text"))
            .is_some_and(|(_, rest)| rest == "Text")
}

/// The hash of `line` lowercased, digits as `0`, URLs as `<url>`, @handles
/// as `@`, words separated by single spaces.
fn normalized_hash(line: &str, buffer: &mut String) -> u64 {
    buffer.clear();
    for word in line.split_whitespace() {
        if !buffer.is_empty() {
            buffer.push(' ');
        }
        let lower = word.to_ascii_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
        {
            buffer.push_str("<url>");
        } else if word.starts_with('@') && word.len() > 1 {
            buffer.push('@');
        } else {
            for c in word.chars() {
                if c.is_numeric() {
                    buffer.push('0');
                } else {
                    buffer.extend(c.to_lowercase());
                }
            }
        }
    }
    xxhash_rust::xxh3::xxh3_64(buffer.as_bytes())
}

/// Lines that are widget text wherever they appear, whole.
const WIDGET_LINES: &[&str] = &[
    "advertisement",
    "ad",
    "close",
    "comments",
    "continue reading",
    "continue reading the main story",
    "email",
    "e-mail",
    "facebook",
    "getty images",
    "image",
    "linkedin",
    "more",
    "photo",
    "pinterest",
    "print",
    "read more",
    "related",
    "related articles",
    "related content",
    "related stories",
    "reddit",
    "share",
    "share this",
    "share this article",
    "share this page",
    "share this story",
    "share this with",
    "skip advertisement",
    "story continued below",
    "story continues below",
    "story continues below advertisement",
    "subscribe",
    "tweet",
    "twitter",
    "video",
    "view comments",
    "view gallery",
    "watch",
    "whatsapp",
];

/// Openings of widget lines: a teaser, a share button, a credit, a call to
/// subscribe or follow.
const WIDGET_OPENINGS: &[&str] = &[
    "read more:",
    "read more -",
    "read more »",
    "read more |",
    "read more on",
    "read more at",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "recommended:",
    "more:",
    "watch:",
    "watch video:",
    "video:",
    "listen:",
    "gallery:",
    "photos:",
    "share this article",
    "share on ",
    "share via ",
    "share with ",
    "click here",
    "subscribe to ",
    "subscribe for ",
    "subscribe now",
    "sign up for ",
    "sign up to ",
    "follow us on ",
    "like us on facebook",
    "source:",
    "sources:",
    "photo:",
    "photo credit",
    "photograph:",
    "picture:",
    "image:",
    "(photo:",
    "(photo credit",
    "(photo by",
    "(image:",
    "(picture:",
    "image copyright",
    "image caption",
    "media caption",
    "copyright ©",
    "©",
    "view comments",
];

/// Phrases found only in footers.
const FOOTER_PHRASES: &[&str] = &[
    "all rights reserved",
    "may not be published, broadcast, rewritten or redistributed",
];

/// Widget lines are short: a longer line opening with "Source:" is text.
const MAX_WIDGET_WORDS: usize = 30;

/// Whether `line` is widget text from the built-in list: a share button,
/// "READ MORE: …", "(Photo: …)", "Image copyright …", a "Source:" line, a
/// call to subscribe, a newspaper's copyright footer, "View Comments".
pub(crate) fn is_widget(line: &str) -> bool {
    if line.split_whitespace().nth(MAX_WIDGET_WORDS).is_some() {
        return false;
    }
    let lower = line.trim().to_lowercase();
    let bare = lower.trim_end_matches(|c: char| {
        c.is_ascii_punctuation() || c.is_whitespace() || c == '»' || c == '›'
    });
    if WIDGET_LINES.contains(&bare) {
        return true;
    }
    WIDGET_OPENINGS
        .iter()
        .any(|opening| lower.starts_with(opening))
        || FOOTER_PHRASES.iter().any(|phrase| lower.contains(phrase))
        || is_copyright(&lower)
        || is_picture_credit(&lower)
}

/// "Copyright 2017 The Associated Press", "© 2017 Reuters".
fn is_copyright(lower: &str) -> bool {
    lower
        .strip_prefix("copyright ")
        .or_else(|| lower.strip_prefix("(c) "))
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// A caption's credit alone on its line: "Getty Images", "AP Photo/Evan
/// Vucci", "REUTERS/Kevin Lamarque", "(AFP)", "Photo: Reuters".
fn is_picture_credit(lower: &str) -> bool {
    let bare = lower.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ' '));
    let words = bare.split_whitespace().count();
    words <= 8
        && (bare.ends_with("/getty images")
            || bare.ends_with("| getty images")
            || bare.ends_with("via getty images")
            || bare.starts_with("ap photo/")
            || bare.starts_with("reuters/")
            || bare.starts_with("afp/")
            || bare.starts_with("getty images/"))
}

/// The shapes that recur across `articles`: held by at least
/// [`threshold`] different stories (copies of one story, told by their
/// longest line, count once). Wire articles only.
pub(crate) fn recurring(articles: &[Article]) -> Boilerplate {
    let mut pairs: Vec<(u64, u64)> = articles
        .iter()
        .filter(|article| article.format == SourceFormat::Wire)
        .flat_map(|article| {
            let story = article.lines.story;
            article
                .lines
                .shapes
                .iter()
                .map(move |&shape| (shape, story))
        })
        .collect();
    let mut stories: Vec<u64> = articles
        .iter()
        .filter(|article| article.format == SourceFormat::Wire)
        .map(|article| article.lines.story)
        .collect();
    stories.sort_unstable();
    stories.dedup();
    let needed = threshold(stories.len());
    rayon::slice::ParallelSliceMut::par_sort_unstable(pairs.as_mut_slice());
    pairs.dedup();
    let mut found = FxHashSet::default();
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        if run.len() >= needed {
            found.insert(run[0].0);
        }
    }
    Boilerplate { shapes: found }
}

/// How many different stories must hold a shape for it to be boilerplate
/// in a site of `stories` stories.
pub(crate) fn threshold(stories: usize) -> usize {
    RECURRING_STORIES.max(stories.saturating_mul(RECURRING_PER_10K).div_ceil(10_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_case_digits_space_urls_and_handles() {
        assert_eq!(
            shape("Copyright 2017  The Daily Planet"),
            shape("copyright 2018 the daily planet")
        );
        assert_eq!(
            shape("Follow Jane on https://x.com/jane or @jane"),
            shape("Follow Jane on http://example.org/ or @janedoe")
        );
        assert_ne!(shape("Follow Jane"), shape("Follow John"));
        // A reporter's byline recurs because they sign many stories: it is
        // never boilerplate; a desk's signature that names no one may be.
        assert_eq!(shape("By Jane Doe"), None);
        assert_eq!(shape("BY JANE DOE, Reuters"), None);
        assert_eq!(shape("By: Jane Doe and John Smith"), None);
        assert!(shape("By Reuters Staff").is_some());
        assert!(shape("Bye for now").is_some());
    }

    #[test]
    fn prose_scores_quotes_tweets_datelines_and_credits_have_no_shape() {
        let long = "word ".repeat(MAX_WORDS + 1);
        assert_eq!(shape(&long), None, "prose");
        assert!(shape(&"word ".repeat(MAX_WORDS)).is_some());
        assert_eq!(shape("2000 GMT"), None, "mostly digits");
        assert_eq!(shape("“We will win,” she said."), None, "a quote");
        assert_eq!(
            shape("Hello #NATO — Jens Stoltenberg (@jensstoltenberg) January 31, 2022"),
            None,
            "a tweet"
        );
        assert_eq!(shape("WASHINGTON (Reuters) -"), None, "a dateline");
        assert_eq!(shape("(Editing by Mark Heinrich)"), None, "a credit");
        assert!(shape("Jane Doe is our science correspondent.").is_some());
    }

    #[test]
    fn built_in_widget_texts() {
        for line in [
            "READ MORE: Trump signs the order",
            "Read more:",
            "Share this article",
            "Share on Facebook",
            "Share",
            "Click here to sign up",
            "Subscribe to our newsletter",
            "Source: Office for National Statistics",
            "(Photo: Reuters)",
            "Image copyright Getty Images",
            "Getty Images",
            "AP Photo/Evan Vucci",
            "Donald Trump at the rally/Getty Images",
            "Copyright 2017 The Associated Press. All rights reserved.",
            "This material may not be published, broadcast, rewritten or redistributed.",
            "© 2016 Daily Planet",
            "View Comments",
            "Advertisement »",
        ] {
            assert!(is_widget(line), "{line}");
        }
        for line in [
            "Read more about the plan in the report, the minister said.",
            "Sources said the talks would resume.",
            "Share prices fell by 3%.",
            "Subscribers to the service rose by a third.",
            "The copyright case reached the court in 2017.",
            "Watch this space, she said.",
            &format!("Source: {}", "word ".repeat(MAX_WIDGET_WORDS)),
        ] {
            assert!(!is_widget(line), "{line}");
        }
    }

    fn lines(paragraphs: &[&[&str]]) -> Vec<Vec<String>> {
        paragraphs
            .iter()
            .map(|lines| lines.iter().map(|l| l.to_string()).collect())
            .collect()
    }

    #[test]
    fn sifting_leaves_out_widgets_and_known_shapes_and_records_the_verdict() {
        let footer = "Jane Doe writes for the Daily Planet.";
        let known = Boilerplate::new(shape(footer));
        let body = lines(&[
            &["Share this article"],
            &["The mayor opened the library.", "READ MORE: Other story"],
            &[footer],
        ]);
        let (kept, record) = sift(body, &known);
        assert_eq!(kept, lines(&[&["The mayor opened the library."]]));
        assert_eq!(record.dropped, [shape(footer).unwrap()]);
        assert_eq!(record.shapes.len(), 2, "the widgets are not counted");
        // The verdict of an empty set leaves the footer in.
        let (kept, record) = sift(lines(&[&["Text."], &[footer]]), &Boilerplate::default());
        assert_eq!(kept.len(), 2);
        assert!(record.dropped.is_empty());
    }

    #[test]
    fn a_body_of_boilerplate_only_is_kept_whole() {
        let body = lines(&[&["View Comments"]]);
        let (kept, _) = sift(body.clone(), &Boilerplate::default());
        assert_eq!(kept, body);
    }

    fn wire(source: &str, story: u64, shapes: &[u64]) -> Article {
        let mut article = Article::for_test(source, "2024-01-05", &[]);
        article.lines = LineShapes {
            story,
            shapes: shapes.to_vec(),
            dropped: Vec::new(),
        };
        article
    }

    #[test]
    fn a_shape_recurs_in_enough_different_stories() {
        assert_eq!(threshold(10), 3);
        assert_eq!(threshold(4_740), 3);
        assert_eq!(threshold(100_000), 50);
        let articles = vec![
            wire("a", 1, &[7, 8]),
            wire("b", 2, &[7, 8]),
            wire("c", 3, &[7]),
            // A copy of story 2: it does not count again.
            wire("d", 2, &[7, 8]),
        ];
        assert_eq!(recurring(&articles).sorted(), [7]);
    }
}
