//! The library: the published articles in order, filed by tag and by date.
//!
//! Built once per build from the ingested articles. Everything here is
//! indices into `articles` (newest first), so tag and archive lists are linear
//! in the number of articles and never copy one.
//!
//! Every tag an article carries is filed (related stories and the article's
//! own tag list see them all), but only a *topic* gets a page: a tag carried
//! by at least `tags.min_articles` stories, or declared by hand in a
//! Markdown article's front matter ([`TopicRule`], `topics`). An article's kicker is
//! its biggest topic.

pub(crate) mod bylines;
pub(crate) mod desks;
pub(crate) mod paginate;
pub(crate) mod permalink;
pub(crate) mod related;
pub(crate) mod tagging;
pub(crate) mod topics;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::article::Article;
use crate::article::slug::{tag_path, tag_slug};

use crate::library::related::Related;
use crate::library::topics::TopicRule;

#[derive(Debug)]
pub struct Library {
    /// Newest first; ties broken by source path, so the order is stable.
    pub articles: Vec<Article>,
    /// Sorted by slug.
    pub tags: Vec<Tag>,
    /// Newest year first.
    pub years: Vec<YearArchive>,
    /// For each article, up to [`related::STORIES`] related ones
    /// (indices), best first.
    pub related: Related,
    /// Each section's articles (indices), newest first, in the order of
    /// the configuration's sections (`config::sections::Desks::list`).
    pub desks: Vec<Vec<usize>>,
    /// Every author, with their profile if they have one, by slug.
    pub authors: Vec<bylines::Author>,
    /// For each article, its tags (indices into `tags`) in its own order.
    article_tags: Vec<Vec<usize>>,
    /// For each article, its section (an index into `desks`).
    article_desk: Vec<Option<u32>>,
    /// For each article, its authors (indices into `authors`), in byline order.
    article_authors: Vec<Vec<u32>>,
}

/// A tag page: every spelling that slugifies alike ("Café", "cafe") shares it.
#[derive(Debug)]
pub struct Tag {
    /// The most common spelling.
    pub name: String,
    pub slug: String,
    /// Indices into `Library::articles`, newest first.
    pub articles: Vec<usize>,
    /// Whether it is a topic: it has a page, feeds, a sitemap entry and a
    /// place in the topics index, and articles link it. A tag without one
    /// shows on its articles as text.
    pub page: bool,
}

impl Tag {
    pub fn path(&self) -> String {
        tag_path(&self.slug)
    }
}

#[derive(Debug)]
pub struct YearArchive {
    pub year: i32,
    pub articles: Vec<usize>,
    /// Newest month first.
    pub months: Vec<MonthArchive>,
}

#[derive(Debug)]
pub struct MonthArchive {
    pub year: i32,
    pub month: u32,
    /// Includes the articles dated only to this month.
    pub articles: Vec<usize>,
    /// Newest day first.
    pub days: Vec<DayArchive>,
}

#[derive(Debug)]
pub struct DayArchive {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub articles: Vec<usize>,
}

pub(crate) fn year_path(year: i32) -> String {
    format!("{year:04}/")
}

pub(crate) fn month_path(year: i32, month: u32) -> String {
    format!("{year:04}/{month:02}/")
}

pub(crate) fn day_path(year: i32, month: u32, day: u32) -> String {
    format!("{year:04}/{month:02}/{day:02}/")
}

impl Library {
    /// Files `articles`, every tag with a page.
    pub fn new(articles: Vec<Article>) -> Library {
        Library::filed(articles, &TopicRule::every_tag(), None, |_| {})
    }

    /// Files the articles. Related stories are computed again only for the
    /// articles whose tags, or whose tags' lists near them, changed since
    /// the `previous` computation (kept by the orchestrator between builds);
    /// `keep` is given the new one when it differs. `topics` says which tags
    /// get a page.
    pub fn filed(
        mut articles: Vec<Article>,
        topics: &TopicRule,
        previous: Option<related::State>,
        keep: impl FnOnce(&related::State),
    ) -> Library {
        // Newest first, ties by source. Articles come from ingest in source
        // order, so sorting by date alone keeps ties in source order; the
        // cached-key sort moves each (large) article once, not at every
        // merge step.
        if crate::article::in_source_order(&articles) {
            articles.par_sort_by_cached_key(|article| std::cmp::Reverse(article.date.instant));
        } else {
            articles.sort_by(|a, b| {
                b.date
                    .instant
                    .cmp(&a.date.instant)
                    .then_with(|| a.source.cmp(&b.source))
            });
        }
        let (mut tags, article_tags) = file_by_tag(&articles);
        for tag in &mut tags {
            tag.page = topics.gives_page(tag.articles.len(), &tag.slug);
        }
        let years = file_by_date(&articles);
        let ids = articles
            .par_iter()
            .map(|article| crate::article::source_id(&article.source))
            .collect();
        let (state, changed) = related::compute(&tag_lists(&tags), &article_tags, ids, previous);
        if changed {
            keep(&state);
        }
        let related = state.related;
        Library {
            articles,
            tags,
            years,
            related,
            desks: Vec::new(),
            authors: Vec::new(),
            article_tags,
            article_desk: Vec::new(),
            article_authors: Vec::new(),
        }
    }

    /// Files the articles by section (each article's `desk` is set) and by
    /// author, with the authors' `profiles`.
    pub fn file_people(
        &mut self,
        desks: &crate::config::sections::Desks,
        profiles: Vec<crate::article::Profile>,
    ) {
        (self.desks, self.article_desk) = desks::file(&self.articles, desks);
        (self.authors, self.article_authors) = bylines::file(&self.articles, profiles);
    }

    /// The section of the article at `index` (an index into `desks`).
    pub fn desk(&self, index: usize) -> Option<usize> {
        self.article_desk
            .get(index)
            .copied()
            .flatten()
            .map(|d| d as usize)
    }

    /// The authors of the article at `index` (indices into `authors`).
    pub fn author_ids(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let own = self
            .article_authors
            .get(index)
            .map_or(&[][..], Vec::as_slice);
        own.iter().map(|&a| a as usize)
    }

    /// The tags of the article at `index` (indices into `tags`), in its
    /// order: the shared tag pages of its spellings.
    pub fn tag_ids(&self, index: usize) -> &[usize] {
        self.article_tags.get(index).map_or(&[], Vec::as_slice)
    }

    /// The tags as related stories see them, and each article's tags
    /// (indices into them).
    #[cfg(test)]
    pub(crate) fn tag_lists(&self) -> (Vec<related::TagList<'_>>, &[Vec<usize>]) {
        (tag_lists(&self.tags), &self.article_tags)
    }

    /// The tags of the article at `index`, in its order.
    pub fn tags_of(&self, index: usize) -> impl Iterator<Item = &Tag> {
        self.tag_ids(index).iter().map(|&tag| &self.tags[tag])
    }

    /// The topics: the tags with a page, in slug order.
    pub fn topics(&self) -> impl Iterator<Item = &Tag> {
        self.tags.iter().filter(|tag| tag.page)
    }

    /// The kicker of the article at `index` (an index into `tags`): its
    /// most-followed topic, the one of its tags with a page that the most
    /// stories carry; on a tie the first in the article's order. `None`
    /// when none of its tags has a page. (Wire tags are ranked by rarity,
    /// so the first tag is the most specific, rarely the one a reader
    /// follows.)
    pub fn kicker(&self, index: usize) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for &tag in self.tag_ids(index) {
            let tag_info = &self.tags[tag];
            let stories = tag_info.articles.len();
            if tag_info.page && best.is_none_or(|(_, most)| stories > most) {
                best = Some((tag, stories));
            }
        }
        best.map(|(tag, _)| tag)
    }
}

/// The tag pages, and for each article the tags it is on (indices), in the
/// article's own order.
fn file_by_tag(articles: &[Article]) -> (Vec<Tag>, Vec<Vec<usize>>) {
    let (spellings, article_spellings) = number_spellings(articles);
    // Each distinct spelling slugified once (in parallel): slugifying is
    // the costly part, and a few thousand names recur across the corpus.
    let spelling_slugs: Vec<String> = spellings.par_iter().map(|name| tag_slug(name)).collect();
    // Tags in slug order: each spelling's tag.
    let mut slugs: Vec<&str> = spelling_slugs.iter().map(String::as_str).collect();
    slugs.sort_unstable();
    slugs.dedup();
    let tag_of: Vec<usize> = spelling_slugs
        .iter()
        .map(|slug| slugs.binary_search(&slug.as_str()).unwrap_or_default())
        .collect();
    let mut uses = vec![0usize; spellings.len()];
    let mut tag_articles: Vec<Vec<usize>> = vec![Vec::new(); slugs.len()];
    let article_tags: Vec<Vec<usize>> = article_spellings
        .iter()
        .enumerate()
        .map(|(index, own)| {
            let mut seen: Vec<usize> = Vec::with_capacity(own.len());
            for &spelling in own {
                uses[spelling] += 1;
                let tag = tag_of[spelling];
                if !seen.contains(&tag) {
                    tag_articles[tag].push(index);
                    seen.push(tag);
                }
            }
            seen
        })
        .collect();
    let names = most_used_spellings(&spellings, &uses, &tag_of, slugs.len());
    let tags = slugs
        .iter()
        .zip(names)
        .zip(tag_articles)
        .map(|((slug, name), articles)| Tag {
            name: name.map_or_else(|| slug.to_string(), str::to_string),
            slug: slug.to_string(),
            articles,
            page: true,
        })
        .collect();
    (tags, article_tags)
}

/// The distinct tag spellings, numbered in order of first use, and each
/// article's tags by those numbers. In parallel pieces, each numbering its
/// own, then joined in order.
fn number_spellings(articles: &[Article]) -> (Vec<&str>, Vec<Vec<usize>>) {
    fn number<'a>(
        ids: &mut FxHashMap<&'a str, usize>,
        spellings: &mut Vec<&'a str>,
        name: &'a str,
    ) -> usize {
        *ids.entry(name).or_insert_with(|| {
            spellings.push(name);
            spellings.len() - 1
        })
    }
    let pieces: Vec<(Vec<&str>, Vec<Vec<usize>>)> = articles
        .par_chunks(4096)
        .map(|piece| {
            let (mut ids, mut spellings) = (FxHashMap::default(), Vec::new());
            let own = piece
                .iter()
                .map(|article| {
                    let tags = article.tags.iter();
                    tags.map(|name| number(&mut ids, &mut spellings, name.trim()))
                        .collect()
                })
                .collect();
            (spellings, own)
        })
        .collect();
    let (mut spelling_ids, mut spellings) = (FxHashMap::default(), Vec::new());
    let mut article_spellings: Vec<Vec<usize>> = Vec::with_capacity(articles.len());
    for (local, mut own) in pieces {
        let global: Vec<usize> = local
            .into_iter()
            .map(|name| number(&mut spelling_ids, &mut spellings, name))
            .collect();
        for id in own.iter_mut().flatten() {
            *id = global[*id];
        }
        article_spellings.append(&mut own);
    }
    (spellings, article_spellings)
}

/// Each tag's most used spelling (`uses` per spelling, `tag_of` each
/// spelling's tag); on a tie the first in sorted order.
fn most_used_spellings<'a>(
    spellings: &[&'a str],
    uses: &[usize],
    tag_of: &[usize],
    tags: usize,
) -> Vec<Option<&'a str>> {
    let mut best: Vec<Option<(usize, &str)>> = vec![None; tags];
    for (spelling, &name) in spellings.iter().enumerate() {
        let best = &mut best[tag_of[spelling]];
        let count = uses[spelling];
        if best.is_none_or(|(most, first)| count > most || (count == most && name < first)) {
            *best = Some((count, name));
        }
    }
    best.into_iter().map(|b| b.map(|(_, name)| name)).collect()
}

fn file_by_date(articles: &[Article]) -> Vec<YearArchive> {
    // Articles are newest first, so each list below is filled newest first.
    let mut years: Vec<YearArchive> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let (year, month) = (article.date.year(), article.date.month());
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearArchive {
                year,
                articles: Vec::new(),
                months: Vec::new(),
            });
        }
        let Some(year_archive) = years.last_mut() else {
            continue;
        };
        year_archive.articles.push(index);
        if year_archive.months.last().is_none_or(|m| m.month != month) {
            year_archive.months.push(MonthArchive {
                year,
                month,
                articles: Vec::new(),
                days: Vec::new(),
            });
        }
        let Some(month_archive) = year_archive.months.last_mut() else {
            continue;
        };
        month_archive.articles.push(index);
        // A month-only date sorts as midnight on the 1st, so it can come
        // between day-dated articles; find the day instead of assuming order.
        if let Some(day) = article.date.day() {
            match month_archive.days.iter_mut().find(|d| d.day == day) {
                Some(day_archive) => day_archive.articles.push(index),
                None => month_archive.days.push(DayArchive {
                    year,
                    month,
                    day,
                    articles: vec![index],
                }),
            }
        }
    }
    years
}

/// The tags as related stories see them.
fn tag_lists(tags: &[Tag]) -> Vec<related::TagList<'_>> {
    tags.iter()
        .map(|tag| related::TagList {
            slug: &tag.slug,
            articles: &tag.articles,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_newest_first_and_files_by_date() {
        let library = Library::new(vec![
            Article::for_test("a", "2024-01-05", &[]),
            Article::for_test("b", "2025-03-14", &[]),
            Article::for_test("c", "2025-03-14", &[]),
            Article::for_test("d", "2025-03", &[]),
            Article::for_test("e", "2025-03-02", &[]),
        ]);
        let order: Vec<&str> = library.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(order, ["b", "c", "e", "d", "a"]);
        assert_eq!(library.years.len(), 2);
        let march = &library.years[0].months[0];
        assert_eq!(
            (march.year, march.month, march.articles.len()),
            (2025, 3, 4)
        );
        let days: Vec<(u32, usize)> = march
            .days
            .iter()
            .map(|d| (d.day, d.articles.len()))
            .collect();
        assert_eq!(days, [(14, 2), (2, 1)]);
    }

    #[test]
    fn tag_spellings_share_a_page() {
        let library = Library::new(vec![
            Article::for_test("a", "2024-01-01", &["Café Culture", "Sport"]),
            Article::for_test("b", "2024-01-02", &["cafe culture"]),
            Article::for_test("c", "2024-01-03", &["Café Culture", "café culture"]),
            Article::for_test("d", "2024-01-04", &["!!!"]),
        ]);
        let tags: Vec<(&str, &str, usize)> = library
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str(), t.articles.len()))
            .collect();
        assert_eq!(tags[0], ("Café Culture", "cafe-culture", 3));
        assert_eq!(tags[1], ("Sport", "sport", 1));
        assert!(tags[2].1.starts_with("tag-"), "{tags:?}");
        assert_eq!(library.tags_of(1).count(), 1);
    }

    fn topics(library: &Library) -> Vec<(&str, bool)> {
        library
            .tags
            .iter()
            .map(|t| (t.slug.as_str(), t.page))
            .collect()
    }

    fn corpus() -> Vec<Article> {
        vec![
            Article::for_test("a", "2024-01-01", &["Grubbs", "Economy"]),
            Article::for_test("b", "2024-01-02", &["Economy", "Oslo"]),
            Article::for_test("c", "2024-01-03", &["Oslo", "Economy"]),
        ]
    }

    /// A tag on fewer than `min_articles` stories is filed (its articles
    /// still list it, related stories still see it) but gets no page.
    #[test]
    fn a_tag_gets_a_page_only_on_enough_stories() {
        let articles = corpus();
        let library = Library::filed(
            articles.clone(),
            &TopicRule::new(2, &articles),
            None,
            |_| {},
        );
        assert_eq!(
            topics(&library),
            [("economy", true), ("grubbs", false), ("oslo", true)]
        );
        let oldest = library.articles.len() - 1;
        assert_eq!(library.tags_of(oldest).count(), 2);
        let every = Library::filed(
            articles.clone(),
            &TopicRule::new(1, &articles),
            None,
            |_| {},
        );
        assert!(every.tags.iter().all(|t| t.page));
        assert_eq!(library.topics().count(), 2);
    }

    /// Tags declared in a Markdown article's front matter are an editor's
    /// choice: they get a page even on one story.
    #[test]
    fn declared_tags_always_get_a_page() {
        let mut articles = corpus();
        articles[0].format = crate::article::SourceFormat::Markdown;
        let rule = TopicRule::new(2, &articles);
        let library = Library::filed(articles, &rule, None, |_| {});
        assert_eq!(
            topics(&library),
            [("economy", true), ("grubbs", true), ("oslo", true)]
        );
    }

    /// The kicker is the article's biggest topic, not its first (rarest)
    /// tag; on a tie the first in its order; none without a topic.
    #[test]
    fn the_kicker_is_the_biggest_topic() {
        let mut articles = corpus();
        articles.push(Article::for_test("d", "2024-01-04", &["Lone"]));
        let rule = TopicRule::new(2, &articles);
        let library = Library::filed(articles, &rule, None, |_| {});
        let kicker = |title: &str| {
            let index = library.articles.iter().position(|a| a.title == title);
            let kicker = index.and_then(|i| library.kicker(i));
            kicker.map(|tag| library.tags[tag].name.as_str())
        };
        assert_eq!(kicker("a"), Some("Economy"));
        assert_eq!(kicker("b"), Some("Economy"));
        assert_eq!(kicker("d"), None);
        let tie = Library::new(vec![
            Article::for_test("x", "2024-01-01", &["Oslo", "Bergen"]),
            Article::for_test("y", "2024-01-02", &["Bergen", "Oslo"]),
        ]);
        let first = |i: usize| tie.kicker(i).map(|t| tie.tags[t].name.as_str());
        assert_eq!((first(0), first(1)), (Some("Bergen"), Some("Oslo")));
    }
}
