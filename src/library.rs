//! The library: the published articles in order, filed by tag and by date.
//!
//! Built once per build from the ingested articles. Everything here is
//! indices into `articles` (newest first), so tag and archive lists are linear
//! in the number of articles and never copy one.

use std::collections::BTreeMap;

use crate::article::Article;
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
    pub related: Vec<Vec<usize>>,
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

impl Library {
    pub fn new(mut articles: Vec<Article>) -> Library {
        articles.sort_by(|a, b| {
            b.date
                .instant
                .cmp(&a.date.instant)
                .then_with(|| a.source.cmp(&b.source))
        });
        let (tags, article_tags) = file_by_tag(&articles);
        let years = file_by_date(&articles);
        let related = related_stories(&tags, &article_tags);
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

/// Related stories: for each article, the others that share its tags,
/// scored by the rarity of the shared tags (ln(1 + N / articles with the
/// tag)), newest first on ties. Linear in the number of articles: each tag
/// contributes at most a window of its list around the article.
fn related_stories(tags: &[Tag], article_tags: &[Vec<usize>]) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let total = article_tags.len() as f64;
    let rarity: Vec<f64> = tags
        .iter()
        .map(|tag| (1.0 + total / tag.articles.len().max(1) as f64).ln())
        .collect();
    let articles = article_tags.len();
    article_tags
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
                // A new vector: collecting in place would keep the whole
                // allocation of `scores` alive for every article.
                let mut related = Vec::with_capacity(scores.len());
                related.extend(scores.iter().map(|&(article, _)| article));
                related
            },
        )
        .collect()
}

/// The tag pages, and for each article the tags it is on (indices), in the
/// article's own order.
fn file_by_tag(articles: &[Article]) -> (Vec<Tag>, Vec<Vec<usize>>) {
    use rayon::prelude::*;
    // Slugs first, in parallel: slugifying is the costly part.
    let slugs: Vec<Vec<String>> = articles
        .par_iter()
        .map(|article| {
            article
                .tags
                .iter()
                .map(|name| tag_slug(name.trim()))
                .collect()
        })
        .collect();
    // slug -> (spelling -> count, article indices)
    let mut by_slug: BTreeMap<&str, (BTreeMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    let mut own_order: Vec<Vec<&str>> = Vec::with_capacity(articles.len());
    for (index, (article, slugs)) in articles.iter().zip(&slugs).enumerate() {
        let mut seen: Vec<&str> = Vec::new();
        for (name, slug) in article.tags.iter().zip(slugs) {
            let name = name.trim();
            let entry = by_slug.entry(slug).or_default();
            *entry.0.entry(name).or_default() += 1;
            if !seen.contains(&slug.as_str()) {
                entry.1.push(index);
                seen.push(slug);
            }
        }
        own_order.push(seen);
    }
    let index_of: std::collections::HashMap<&str, usize> = by_slug
        .keys()
        .enumerate()
        .map(|(i, slug)| (*slug, i))
        .collect();
    let article_tags = own_order
        .iter()
        .map(|slugs| {
            slugs
                .iter()
                .filter_map(|slug| index_of.get(slug).copied())
                .collect()
        })
        .collect();
    let tags = by_slug
        .into_iter()
        .map(|(slug, (spellings, articles))| {
            let slug = slug.to_string();
            // Most common spelling; on a tie the first in sorted order.
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(name, _)| name.to_string())
                .unwrap_or_else(|| slug.clone());
            Tag {
                name,
                slug,
                articles,
            }
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
    use crate::article::SourceFormat;
    use crate::dates::parse_calendar_date;

    fn article(source: &str, date: &str, tags: &[&str]) -> Article {
        Article {
            source: source.into(),
            format: SourceFormat::Wire,
            title: source.into(),
            slug: source.into(),
            date: parse_calendar_date(date, chrono_tz::UTC).unwrap(),
            date_at: (1, 1),
            updated: None,
            authors: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            summary: String::new(),
            tag_candidates: Vec::new(),
            sections: Vec::new(),
            stored: None,
            dateline: None,
            agency: None,
            credit: None,
            word_count: 0,
            draft: false,
            image: None,
            extra: serde_json::Value::Null,
            path: String::new(),
        }
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
            library.related[index]
                .iter()
                .map(|&i| library.articles[i].title.as_str())
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
}
