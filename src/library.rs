//! The library: the published articles in order, filed by tag and by date.
//!
//! Built once per build from the ingested articles. Everything here is
//! indices into `articles` (newest first), so tag and archive lists are linear
//! in the number of articles and never copy one.

use rustc_hash::FxHashMap;

use crate::article::Article;
use crate::cache::Cache;
use crate::permalink::{fallback_slug, slugify};

#[derive(Debug)]
pub struct Library {
    /// Newest first; ties broken by source path, so the order is stable.
    pub articles: Vec<Article>,
    /// Sorted by slug.
    pub tags: Vec<Tag>,
    /// Newest year first.
    pub years: Vec<YearArchive>,
    /// For each article, up to [`RELATED_STORIES`] related ones (indices),
    /// best first.
    pub related: Related,
    /// For each article, its tags (indices into `tags`) in its own order.
    article_tags: Vec<Vec<usize>>,
}

/// How many related stories an article page lists.
pub const RELATED_STORIES: usize = 5;

/// How far along a tag's list (in either direction from the article) related
/// stories are looked for, so a tag with many thousands of articles costs a
/// bounded amount per article: news is related to news near it in time.
const RELATED_WINDOW: usize = 64;

/// A tag page: every spelling that slugifies alike ("Café", "cafe") shares it.
#[derive(Debug)]
pub struct Tag {
    /// The most common spelling.
    pub name: String,
    pub slug: String,
    /// Indices into `Library::articles`, newest first.
    pub articles: Vec<usize>,
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

pub fn tag_path(slug: &str) -> String {
    format!("tags/{slug}/")
}

pub fn year_path(year: i32) -> String {
    format!("{year:04}/")
}

pub fn month_path(year: i32, month: u32) -> String {
    format!("{year:04}/{month:02}/")
}

pub fn day_path(year: i32, month: u32, day: u32) -> String {
    format!("{year:04}/{month:02}/{day:02}/")
}

/// The slug of a tag name; a name that slugifies to nothing gets a stable one.
pub fn tag_slug(name: &str) -> String {
    slugify(name).unwrap_or_else(|| fallback_slug("tag", name))
}

/// Related stories of every article, in one flat list.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    /// Where each article's stories start in `stories`; one more at the end.
    starts: Vec<u32>,
    stories: Vec<u32>,
}

impl Related {
    /// The related stories of the article at `index`, best first.
    pub fn of(&self, index: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        let range = match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        };
        self.stories[range].iter().map(|&story| story as usize)
    }

    /// Whether this holds stories for exactly `articles` articles.
    pub fn fits(&self, articles: usize) -> bool {
        self.starts.len() == articles + 1
            && self.starts.windows(2).all(|pair| pair[0] <= pair[1])
            && self
                .starts
                .last()
                .is_some_and(|&end| end as usize == self.stories.len())
            && self
                .stories
                .iter()
                .all(|&story| (story as usize) < articles)
    }
}

impl Library {
    pub fn new(articles: Vec<Article>) -> Library {
        Library::filed(articles, None)
    }

    /// Files the articles; related stories are taken from the build cache
    /// when the articles' tags are as they were when it computed them.
    pub fn filed(mut articles: Vec<Article>, cache: Option<&Cache>) -> Library {
        // Newest first, ties by source. Articles come from ingest in source
        // order, so sorting by date alone keeps ties in source order; the
        // cached-key sort moves each (large) article once, not at every
        // merge step.
        if crate::article::in_source_order(&articles) {
            articles.sort_by_cached_key(|article| std::cmp::Reverse(article.date.instant));
        } else {
            articles.sort_by(|a, b| {
                b.date
                    .instant
                    .cmp(&a.date.instant)
                    .then_with(|| a.source.cmp(&b.source))
            });
        }
        let (tags, article_tags) = file_by_tag(&articles);
        let years = file_by_date(&articles);
        let signature = related_signature(tags.len(), &article_tags);
        let related = match cache.and_then(|cache| cache.related(&signature)) {
            Some(related) if related.fits(articles.len()) => related,
            _ => {
                let related = related_stories(&tags, &article_tags);
                if let Some(cache) = cache {
                    cache.save_related(&signature, &related);
                }
                related
            }
        };
        Library {
            articles,
            tags,
            years,
            related,
            article_tags,
        }
    }

    /// The tags of the article at `index` (indices into `tags`), in its
    /// order: the shared tag pages of its spellings.
    pub fn tag_ids(&self, index: usize) -> &[usize] {
        self.article_tags.get(index).map_or(&[], Vec::as_slice)
    }

    /// The tags of the article at `index`, in its order.
    pub fn tags_of(&self, index: usize) -> impl Iterator<Item = &Tag> {
        self.tag_ids(index).iter().map(|&tag| &self.tags[tag])
    }
}

/// What related stories are computed from: every article's tags, in
/// library order.
fn related_signature(tags: usize, article_tags: &[Vec<usize>]) -> [u8; 32] {
    // Gathered, then hashed at once: far faster than a hasher update for
    // each of a million numbers.
    let mut all: Vec<u8> = Vec::with_capacity(article_tags.len() * 64);
    for number in [RELATED_STORIES, RELATED_WINDOW, tags] {
        all.extend_from_slice(&(number as u64).to_le_bytes());
    }
    for own in article_tags {
        all.extend_from_slice(&(own.len() as u64).to_le_bytes());
        for &tag in own {
            all.extend_from_slice(&(tag as u64).to_le_bytes());
        }
    }
    *blake3::hash(&all).as_bytes()
}

/// Related stories: for each article, the others that share its tags,
/// scored by the rarity of the shared tags (ln(1 + N / articles with the
/// tag)), newest first on ties. Linear in the number of articles: each tag
/// contributes at most a window of its list around the article.
fn related_stories(tags: &[Tag], article_tags: &[Vec<usize>]) -> Related {
    use rayon::prelude::*;
    let total = article_tags.len() as f64;
    let rarity: Vec<f64> = tags
        .iter()
        .map(|tag| (1.0 + total / tag.articles.len().max(1) as f64).ln())
        .collect();
    let articles = article_tags.len();
    let lists: Vec<Vec<u32>> = article_tags
        .par_iter()
        .enumerate()
        .map_init(
            // Per thread: a score for every article (zero when untouched)
            // and the articles touched, so each article costs only its hits.
            || (vec![0.0f64; articles], Vec::<usize>::new()),
            |(score, touched), (index, own_tags)| {
                // In tag order, so each score is summed in the same order
                // whatever order the article names its tags in.
                let mut own_tags = own_tags.clone();
                own_tags.sort_unstable();
                for tag in own_tags {
                    let list = &tags[tag].articles;
                    let at = list.binary_search(&index).unwrap_or_else(|at| at);
                    let window = at.saturating_sub(RELATED_WINDOW)
                        ..(at + RELATED_WINDOW + 1).min(list.len());
                    for &other in &list[window] {
                        if other == index {
                            continue;
                        }
                        if score[other] == 0.0 {
                            touched.push(other);
                        }
                        // Rarity is always above zero.
                        score[other] += rarity[tag];
                    }
                }
                let mut scores: Vec<(usize, f64)> = touched
                    .drain(..)
                    .map(|other| (other, std::mem::take(&mut score[other])))
                    .collect();
                // Best score first; on a tie the newer article (lower index).
                let best =
                    |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                if scores.len() > RELATED_STORIES {
                    scores.select_nth_unstable_by(RELATED_STORIES, best);
                    scores.truncate(RELATED_STORIES);
                }
                scores.sort_by(best);
                scores.iter().map(|&(article, _)| article as u32).collect()
            },
        )
        .collect();
    let mut related = Related {
        starts: Vec::with_capacity(articles + 1),
        stories: Vec::with_capacity(articles * RELATED_STORIES),
    };
    related.starts.push(0);
    for list in lists {
        related.stories.extend(list);
        related.starts.push(related.stories.len() as u32);
    }
    related
}

/// The tag pages, and for each article the tags it is on (indices), in the
/// article's own order.
fn file_by_tag<'a>(articles: &'a [Article]) -> (Vec<Tag>, Vec<Vec<usize>>) {
    use rayon::prelude::*;
    // Each distinct spelling slugified once (in parallel): slugifying is
    // the costly part, and a few thousand names recur across the corpus.
    // Spellings numbered in order of first use: in parallel pieces, each
    // numbering its own, then joined in order.
    let number = |ids: &mut FxHashMap<&'a str, usize>, spellings: &mut Vec<&'a str>, name| {
        *ids.entry(name).or_insert_with(|| {
            spellings.push(name);
            spellings.len() - 1
        })
    };
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
    // Each tag's most common spelling; on a tie the first in sorted order.
    let mut names: Vec<Option<(usize, &str)>> = vec![None; slugs.len()];
    for (spelling, name) in spellings.iter().enumerate() {
        let best = &mut names[tag_of[spelling]];
        let count = uses[spelling];
        if best.is_none_or(|(most, first)| count > most || (count == most && *name < first)) {
            *best = Some((count, name));
        }
    }
    let tags = slugs
        .iter()
        .zip(names)
        .zip(tag_articles)
        .map(|((slug, name), articles)| Tag {
            name: name.map_or_else(|| slug.to_string(), |(_, name)| name.to_string()),
            slug: slug.to_string(),
            articles,
        })
        .collect();
    (tags, article_tags)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str, date: &str, tags: &[&str]) -> Article {
        Article::for_test(source, date, tags)
    }

    #[test]
    fn orders_newest_first_and_files_by_date() {
        let library = Library::new(vec![
            article("a", "2024-01-05", &[]),
            article("b", "2025-03-14", &[]),
            article("c", "2025-03-14", &[]),
            article("d", "2025-03", &[]),
            article("e", "2025-03-02", &[]),
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
    fn related_stories_prefer_rare_shared_tags_then_newer() {
        let library = Library::new(vec![
            article("me", "2024-01-10", &["Common", "Rare"]),
            article("rare", "2024-01-01", &["Rare"]),
            article("common-new", "2024-01-09", &["Common"]),
            article("common-old", "2024-01-02", &["Common"]),
            article("alone", "2024-01-05", &["Other"]),
        ]);
        let titles = |index: usize| -> Vec<&str> {
            library
                .related
                .of(index)
                .map(|i| library.articles[i].title.as_str())
                .collect()
        };
        let me = library
            .articles
            .iter()
            .position(|a| a.title == "me")
            .unwrap();
        assert_eq!(titles(me), ["rare", "common-new", "common-old"]);
        let alone = library
            .articles
            .iter()
            .position(|a| a.title == "alone")
            .unwrap();
        assert!(titles(alone).is_empty());
    }

    #[test]
    fn tag_spellings_share_a_page() {
        let library = Library::new(vec![
            article("a", "2024-01-01", &["Café Culture", "Sport"]),
            article("b", "2024-01-02", &["cafe culture"]),
            article("c", "2024-01-03", &["Café Culture", "café culture"]),
            article("d", "2024-01-04", &["!!!"]),
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

    #[test]
    fn related_stories_are_kept_in_the_cache_only_for_the_same_tags() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &[7; 32]);
        let corpus = |extra: &'static str| {
            vec![
                article("a", "2024-01-10", &["Common", "Rare"]),
                article("b", "2024-01-09", &["Rare", extra]),
                article("c", "2024-01-08", &["Common", extra]),
                article("d", "2024-01-07", &["Common"]),
            ]
        };
        let fresh = Library::new(corpus("Other")).related;
        assert_eq!(Library::filed(corpus("Other"), Some(&cache)).related, fresh);
        let saved = dir.path().join(".newsgen/cache");
        let file = walkdir::WalkDir::new(&saved)
            .into_iter()
            .map(Result::unwrap)
            .find(|e| e.file_name() == "related")
            .expect("related stories are saved")
            .into_path();
        // Taken from the cache: a planted result shows through.
        let planted = Related {
            starts: vec![0, 1, 1, 1, 1],
            stories: vec![3],
        };
        let signature = {
            let library = Library::new(corpus("Other"));
            related_signature(library.tags.len(), &library.article_tags)
        };
        cache.save_related(&signature, &planted);
        assert_eq!(
            Library::filed(corpus("Other"), Some(&cache)).related,
            planted
        );
        // The same tags under other names file alike: still taken.
        assert_eq!(
            Library::filed(corpus("Else"), Some(&cache)).related,
            planted
        );
        // An article tagged otherwise: computed again, not taken.
        let retagged = || {
            let mut articles = corpus("Other");
            articles[3].tags = vec!["Rare".into()];
            articles
        };
        let changed = Library::new(retagged()).related;
        assert_ne!(changed, planted);
        assert_eq!(Library::filed(retagged(), Some(&cache)).related, changed);
        // Damaged: computed again.
        std::fs::write(&file, b"newsgen-related 1 garbage").unwrap();
        assert_eq!(Library::filed(corpus("Other"), Some(&cache)).related, fresh);
    }

    #[test]
    fn related_stories_that_do_not_fit_the_articles_are_refused() {
        let fits = |starts: Vec<u32>, stories: Vec<u32>| Related { starts, stories }.fits(2);
        assert!(fits(vec![0, 1, 2], vec![1, 0]));
        assert!(!fits(vec![0, 1], vec![1]), "too few articles");
        assert!(
            !fits(vec![0, 1, 2], vec![1, 2]),
            "a story beyond the articles"
        );
        assert!(!fits(vec![0, 2, 1], vec![1, 0]), "out of order");
        assert!(!fits(vec![0, 1, 3], vec![1, 0]), "past the end");
    }
}
