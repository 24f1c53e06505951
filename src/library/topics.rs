//! Topics: the tags that get a page, and the topics index. A tag is a
//! topic when at least `tags.min_articles` stories carry it, or when a
//! Markdown article declares it by hand ([`TopicRule`]); rarer tags stay on
//! their articles as text.
//!
//! The topics index must stay usable at 10,000 topics and more, so it is
//! split: `/tags/` lists the [`TOP_TOPICS`] biggest topics and links one
//! page per initial (`/tags/by_letter/a/`, digits at `/tags/by_letter/0-9/`),
//! each A–Z, in parts of at most [`TOPICS_PER_PAGE`] (`/tags/by_letter/s/2/`).
//! `by_letter` holds an underscore, which no tag slug does (slugs are
//! lowercase letters, digits and hyphens), so no tag page can take its path.

use rustc_hash::FxHashSet;

use crate::article::slug::tag_slug;
use crate::article::{Article, SourceFormat};
use crate::library::Tag;

/// How many of the biggest topics `/tags/` lists.
pub(crate) const TOP_TOPICS: usize = 100;

/// At most this many topics on one page of an initial.
pub(crate) const TOPICS_PER_PAGE: usize = 500;

/// Which tags are topics (get a page): those carried by at least
/// `min_articles` stories, and those declared by hand.
#[derive(Debug, Clone, Default)]
pub struct TopicRule {
    /// `tags.min_articles` in site.toml (1: every tag).
    pub min_articles: usize,
    /// The slugs of the tags Markdown articles declare in their front
    /// matter: an editor's choice, so a page even for one story.
    pub declared: FxHashSet<String>,
}

impl TopicRule {
    /// Every tag gets a page.
    pub fn every_tag() -> TopicRule {
        TopicRule {
            min_articles: 1,
            declared: FxHashSet::default(),
        }
    }

    /// The rule of `tags.min_articles`, with the tags `articles` declare by
    /// hand. Call it before automatic tagging adds derived tags: a Markdown
    /// article's tags are then only the ones its front matter declares.
    pub fn new(min_articles: usize, articles: &[Article]) -> TopicRule {
        let mut names: FxHashSet<&str> = FxHashSet::default();
        if min_articles > 1 {
            let markdown = articles
                .iter()
                .filter(|article| article.format == SourceFormat::Markdown);
            names.extend(markdown.flat_map(|article| article.tags.iter().map(|t| t.trim())));
        }
        TopicRule {
            min_articles,
            declared: names.into_iter().map(tag_slug).collect(),
        }
    }

    /// Whether a tag carried by `stories` articles, slugged `slug`, gets a
    /// page.
    pub(crate) fn gives_page(&self, stories: usize, slug: &str) -> bool {
        stories >= self.min_articles || self.declared.contains(slug)
    }
}

/// The topics index: the biggest topics, and every topic by initial.
#[derive(Debug, PartialEq)]
pub(crate) struct TopicIndex {
    /// Indices into the tags: the biggest topics, most stories first (ties
    /// by name).
    pub top: Vec<usize>,
    /// The initials that have topics, `a`–`z` then `0-9`.
    pub initials: Vec<Initial>,
    /// How many topics there are.
    pub total: usize,
}

/// The topics under one initial.
#[derive(Debug, PartialEq)]
pub(crate) struct Initial {
    /// In the path: `a`, or `0-9` for digits.
    pub key: &'static str,
    /// As shown: `A`, or `0–9`.
    pub label: &'static str,
    /// Indices into the tags, by name (case ignored), then slug.
    pub topics: Vec<usize>,
}

impl Initial {
    /// How many pages its topics fill (at least one).
    pub(crate) fn parts(&self) -> usize {
        self.topics.len().div_ceil(TOPICS_PER_PAGE).max(1)
    }

    /// The topics on part `part` (from 1).
    pub(crate) fn part(&self, part: usize) -> &[usize] {
        let start = (part - 1) * TOPICS_PER_PAGE;
        let end = (start + TOPICS_PER_PAGE).min(self.topics.len());
        self.topics.get(start..end).unwrap_or_default()
    }

    /// The site path of part `part` of this initial.
    pub(crate) fn path(&self, part: usize) -> String {
        initial_path(self.key, part)
    }
}

/// The site path of part `part` of an initial's topics.
pub(crate) fn initial_path(key: &str, part: usize) -> String {
    if part <= 1 {
        format!("tags/by_letter/{key}/")
    } else {
        format!("tags/by_letter/{key}/{part}/")
    }
}

const KEYS: [&str; 27] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z", "0-9",
];
const LABELS: [&str; 27] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U", "V", "W", "X", "Y", "Z", "0–9",
];

/// Which of [`KEYS`] a slug files under: its first letter, digits (and
/// anything else) under `0-9`.
fn initial_of(slug: &str) -> usize {
    match slug.as_bytes().first() {
        Some(&byte @ b'a'..=b'z') => usize::from(byte - b'a'),
        _ => KEYS.len() - 1,
    }
}

/// The topics index of `tags` (the tags without a page left out). Sorting
/// each initial by name: O(n log n) in the topics.
pub(crate) fn index(tags: &[Tag]) -> TopicIndex {
    let topics: Vec<usize> = (0..tags.len()).filter(|&t| tags[t].page).collect();
    let mut top = topics.clone();
    let by_name = |t: &usize| (tags[*t].name.to_lowercase(), tags[*t].slug.clone());
    top.sort_by_cached_key(|t| (std::cmp::Reverse(tags[*t].articles.len()), by_name(t)));
    top.truncate(TOP_TOPICS);
    let mut grouped: Vec<Vec<usize>> = vec![Vec::new(); KEYS.len()];
    for &t in &topics {
        grouped[initial_of(&tags[t].slug)].push(t);
    }
    let initials = grouped
        .into_iter()
        .enumerate()
        .filter(|(_, topics)| !topics.is_empty())
        .map(|(at, mut topics)| {
            topics.sort_by_cached_key(by_name);
            Initial {
                key: KEYS[at],
                label: LABELS[at],
                topics,
            }
        })
        .collect();
    TopicIndex {
        top,
        initials,
        total: topics.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, stories: usize, page: bool) -> Tag {
        Tag {
            name: name.into(),
            slug: tag_slug(name),
            articles: (0..stories).collect(),
            page,
        }
    }

    #[test]
    fn the_index_lists_the_biggest_topics_and_files_the_rest_by_initial() {
        let tags = vec![
            tag("apple", 3, true),
            tag("Avocado", 9, true),
            tag("banana", 5, true),
            tag("Lone", 1, false),
            tag("2024 election", 4, true),
        ];
        let index = index(&tags);
        assert_eq!(index.top, [1, 2, 4, 0]);
        assert_eq!(index.total, 4);
        let initials: Vec<(&str, &[usize])> = index
            .initials
            .iter()
            .map(|i| (i.key, i.topics.as_slice()))
            .collect();
        assert_eq!(
            initials,
            [("a", &[0, 1][..]), ("b", &[2][..]), ("0-9", &[4][..])]
        );
        assert_eq!(index.initials[2].path(1), "tags/by_letter/0-9/");
    }

    /// At many topics every page of the index stays bounded: the front
    /// lists [`TOP_TOPICS`], each initial's page at most
    /// [`TOPICS_PER_PAGE`].
    #[test]
    fn the_index_is_bounded_at_many_topics() {
        let tags: Vec<Tag> = (0..12_000)
            .map(|n| tag(&format!("s{n:05}"), 2 + n % 7, true))
            .collect();
        let index = index(&tags);
        assert_eq!(index.top.len(), TOP_TOPICS);
        let s = &index.initials[0];
        assert_eq!((s.key, s.parts()), ("s", 24));
        assert!((1..=s.parts()).all(|p| s.part(p).len() <= TOPICS_PER_PAGE));
        assert_eq!(s.part(24).len(), 12_000 - 23 * TOPICS_PER_PAGE);
        assert_eq!(s.path(2), "tags/by_letter/s/2/");
        // No slug can take an index path: slugs hold no underscore.
        assert!(!tag_slug("by_letter").contains('_'));
    }
}
