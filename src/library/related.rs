//! Related stories: for each article, the others that share its tags,
//! scored by the rarity of the shared tags, newest first on ties.
//!
//! Each tag contributes only the articles nearest the article in its list
//! ([`WINDOW`] either side), so the cost is linear in the number of
//! articles: news is related to news near it in time. A tag's rarity is
//! ln(1 + articles / articles with the tag), read on a grid of eighth
//! octaves, so it changes only when the corpus or the tag grows by about 9%.
//!
//! What the stories were computed from is kept in the build cache
//! ([`State`]). The next build computes again only the articles whose
//! inputs changed: those with other tags, those near an article added,
//! removed or moved in one of their tags' lists, and those with a tag whose
//! rarity changed. The others keep their stories, which are exactly what a
//! fresh computation would give.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// How many related stories an article page lists.
pub(crate) const STORIES: usize = 5;

/// How far along a tag's list (in either direction from the article)
/// related stories are looked for.
pub(crate) const WINDOW: usize = 64;

/// No article (in the maps from one build's articles to the other's).
const NONE: u32 = u32::MAX;

/// Related stories of every article, in one flat list.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// Where each article's stories start in `stories`; one more at the end.
    starts: Vec<u32>,
    stories: Vec<u32>,
}

impl Related {
    /// The related stories of the article at `index`, best first.
    pub fn of(&self, index: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.slice(index).iter().map(|&story| story as usize)
    }

    fn slice(&self, index: usize) -> &[u32] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => &self.stories[start as usize..end as usize],
            _ => &[],
        }
    }

    pub(crate) fn from_lists(lists: Vec<Vec<u32>>) -> Related {
        let mut related = Related {
            starts: Vec::with_capacity(lists.len() + 1),
            stories: Vec::with_capacity(lists.len() * STORIES),
        };
        related.starts.push(0);
        for list in lists {
            related.stories.extend(list);
            related.starts.push(related.stories.len() as u32);
        }
        related
    }

    /// Whether this holds stories for exactly `articles` articles.
    pub fn fits(&self, articles: usize) -> bool {
        fits_flat(&self.starts, &self.stories, articles, articles)
    }
}

/// Whether `starts` and `items` hold one list for each of `lists`, of items
/// below `below`.
fn fits_flat(starts: &[u32], items: &[u32], lists: usize, below: usize) -> bool {
    starts.len() == lists + 1
        && starts.first() == Some(&0)
        && starts.windows(2).all(|pair| pair[0] <= pair[1])
        && starts
            .last()
            .is_some_and(|&end| end as usize == items.len())
        && items.iter().all(|&item| (item as usize) < below)
}

/// A tag as related stories see it: its slug (its identity from one build
/// to the next) and its articles (indices in library order, newest first).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TagList<'a> {
    pub slug: &'a str,
    pub articles: &'a [usize],
}

/// Related stories and what they were computed from, as the build cache
/// keeps them for the next build.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// A hash of each article's source file, in library order.
    ids: Vec<u64>,
    /// Each tag's slug and rarity weight.
    slugs: Vec<String>,
    weights: Vec<u32>,
    /// Each article's tags (indices into `slugs`, ascending), flat.
    tag_starts: Vec<u32>,
    tag_ids: Vec<u32>,
    pub related: Related,
}

impl State {
    /// Whether every index in it is in range, so it can be used without a
    /// check (it comes from a file).
    pub fn is_whole(&self) -> bool {
        let articles = self.ids.len();
        self.slugs.len() == self.weights.len()
            && fits_flat(&self.tag_starts, &self.tag_ids, articles, self.slugs.len())
            && self.related.fits(articles)
    }

    /// Whether the stories were computed from the same articles, tags and
    /// weights.
    fn same_inputs(&self, other: &State) -> bool {
        self.ids == other.ids
            && self.slugs == other.slugs
            && self.weights == other.weights
            && self.tag_starts == other.tag_starts
            && self.tag_ids == other.tag_ids
    }

    fn tags_of(&self, index: usize) -> &[u32] {
        &self.tag_ids[self.tag_starts[index] as usize..self.tag_starts[index + 1] as usize]
    }
}

/// The rarity weight of a tag that `with_tag` of `articles` articles carry:
/// ln(1 + articles / with_tag) in thousandths, both counts read on a grid of
/// eighth octaves. Whole numbers, so a score is the same whatever order its
/// tags are added in.
pub(crate) fn weight(articles: usize, with_tag: usize) -> u32 {
    let eighths = |count: usize| (8.0 * (count.max(1) as f64).log2()).floor() as i64;
    let apart = (eighths(articles) - eighths(with_tag)).max(0);
    (1000.0 * (1.0 + (apart as f64 / 8.0).exp2()).ln()).round() as u32
}

/// The related stories of every article (indices in library order), given
/// each tag and each article's tags (indices into `tags`) and identity
/// ([`crate::article::source_id`]). With the `previous` build's state, only the articles
/// whose inputs changed are computed. Returns the new state, and whether it
/// differs from the previous one (and so is worth saving).
pub(crate) fn compute(
    tags: &[TagList],
    article_tags: &[Vec<usize>],
    ids: Vec<u64>,
    previous: Option<State>,
) -> (State, bool) {
    let articles = article_tags.len();
    let weights: Vec<u32> = tags
        .iter()
        .map(|tag| weight(articles, tag.articles.len()))
        .collect();
    let mut tag_starts = Vec::with_capacity(articles + 1);
    let mut tag_ids = Vec::with_capacity(articles * 4);
    tag_starts.push(0);
    for own in article_tags {
        let start = tag_ids.len();
        tag_ids.extend(own.iter().map(|&tag| tag as u32));
        tag_ids[start..].sort_unstable();
        tag_starts.push(tag_ids.len() as u32);
    }
    let mut state = State {
        ids,
        slugs: tags.iter().map(|tag| tag.slug.to_string()).collect(),
        weights,
        tag_starts,
        tag_ids,
        related: Related::default(),
    };
    let previous = previous.filter(State::is_whole);
    if let Some(previous) = previous
        .as_ref()
        .filter(|previous| previous.same_inputs(&state))
    {
        state.related = previous.related.clone();
        return (state, false);
    }
    let reuse = previous.and_then(|previous| Reuse::new(previous, &state, tags));
    let lists: Vec<Vec<u32>> = (0..articles)
        .into_par_iter()
        .map_init(
            // Per thread: a score for every article (zero when untouched)
            // and the articles touched, so each article costs only its hits.
            || (vec![0u32; articles], Vec::<usize>::new()),
            |(score, touched), index| {
                if let Some(kept) = reuse.as_ref().and_then(|reuse| reuse.kept(index)) {
                    return kept;
                }
                stories_of(
                    index,
                    state.tags_of(index),
                    tags,
                    &state.weights,
                    score,
                    touched,
                )
            },
        )
        .collect();
    state.related = Related::from_lists(lists);
    (state, true)
}

/// One article's stories, computed: its tags' windows, scored.
fn stories_of(
    index: usize,
    own_tags: &[u32],
    tags: &[TagList],
    weights: &[u32],
    score: &mut [u32],
    touched: &mut Vec<usize>,
) -> Vec<u32> {
    for &tag in own_tags {
        let list = &tags[tag as usize].articles;
        let at = list.binary_search(&index).unwrap_or_else(|at| at);
        for &other in &list[window(at, list.len())] {
            if other == index {
                continue;
            }
            if score[other] == 0 {
                touched.push(other);
            }
            // A weight is never zero.
            score[other] += weights[tag as usize];
        }
    }
    let mut scores: Vec<(usize, u32)> = touched
        .drain(..)
        .map(|other| (other, std::mem::take(&mut score[other])))
        .collect();
    // Best score first; on a tie the newer article (lower index).
    let best = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if scores.len() > STORIES {
        scores.select_nth_unstable_by(STORIES, best);
        scores.truncate(STORIES);
    }
    scores.sort_by(best);
    scores.iter().map(|&(article, _)| article as u32).collect()
}

/// The positions of a tag's list an article at position `at` looks at.
fn window(at: usize, len: usize) -> Range<usize> {
    at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(len)
}

/// Each tag's index, by slug.
fn slug_index(slugs: &[String]) -> FxHashMap<&str, u32> {
    (slugs.iter().enumerate())
        .map(|(index, slug)| (slug.as_str(), index as u32))
        .collect()
}

/// The previous build's stories, and which articles must be computed again.
struct Reuse {
    previous: State,
    /// Each article's index in the previous build (`NONE` if new).
    new_to_old: Vec<u32>,
    /// Each previous article's index now (`NONE` if gone).
    old_to_new: Vec<u32>,
    /// Articles whose inputs changed.
    changed: Vec<bool>,
}

/// Where each tag's list changed since the previous build, as the range of
/// its positions whose stories may differ: every article whose window
/// reaches the part that differs (the whole list when the tag is new or its
/// weight changed); none for a list that is the same.
fn list_changes(
    previous: &State,
    now: &State,
    tags: &[TagList],
    old_to_new: &[u32],
) -> Vec<(usize, Range<usize>)> {
    let tag_then = slug_index(&previous.slugs);
    // Each previous tag's list, to compare with the tag's list now.
    let mut old_lists: Vec<Vec<u32>> = vec![Vec::new(); previous.slugs.len()];
    for old in 0..previous.ids.len() {
        for &tag in previous.tags_of(old) {
            old_lists[tag as usize].push(old as u32);
        }
    }
    (tags.par_iter().enumerate())
        .filter_map(|(tag, list)| {
            let list = &list.articles;
            let same_weight = tag_then
                .get(now.slugs[tag].as_str())
                .filter(|&&then| previous.weights[then as usize] == now.weights[tag]);
            let Some(&then) = same_weight else {
                return Some((tag, 0..list.len()));
            };
            let old_list = &old_lists[then as usize];
            let same = |new: &usize, old: &u32| old_to_new[*old as usize] as usize == *new;
            let shorter = list.len().min(old_list.len());
            let front = (list.iter().zip(old_list))
                .take_while(|(new, old)| same(new, old))
                .count();
            let back = (list.iter().rev().zip(old_list.iter().rev()))
                .take(shorter - front)
                .take_while(|(new, old)| same(new, old))
                .count();
            if front == list.len() && list.len() == old_list.len() {
                return None;
            }
            // Every article whose window reaches the part that differs.
            let end = (list.len() - back + WINDOW).min(list.len());
            Some((tag, front.saturating_sub(WINDOW)..end))
        })
        .collect()
}

impl Reuse {
    /// None when two articles share an identity (then all are computed).
    fn new(previous: State, now: &State, tags: &[TagList]) -> Option<Reuse> {
        let articles = now.ids.len();
        let mut index_of: FxHashMap<u64, u32> = FxHashMap::default();
        index_of.reserve(articles);
        for (index, &id) in now.ids.iter().enumerate() {
            if index_of.insert(id, index as u32).is_some() {
                return None;
            }
        }
        let mut new_to_old = vec![NONE; articles];
        let old_to_new: Vec<u32> = (previous.ids.iter().enumerate())
            .map(|(old, id)| {
                let new = index_of.get(id).copied().unwrap_or(NONE);
                if new != NONE {
                    new_to_old[new as usize] = old as u32;
                }
                new
            })
            .collect();
        // Tags by slug: each previous tag's index now, and each tag's then.
        let tag_now = slug_index(&now.slugs);
        let old_tag_to_new: Vec<u32> = (previous.slugs.iter())
            .map(|slug| tag_now.get(slug.as_str()).copied().unwrap_or(NONE))
            .collect();

        // New articles, and articles tagged otherwise.
        let mut changed: Vec<bool> = (0..articles)
            .into_par_iter()
            .map_init(Vec::new, |mapped: &mut Vec<u32>, index| {
                let old = new_to_old[index];
                if old == NONE {
                    return true;
                }
                mapped.clear();
                let then = previous.tags_of(old as usize);
                mapped.extend(then.iter().map(|&tag| old_tag_to_new[tag as usize]));
                mapped.sort_unstable();
                mapped.as_slice() != now.tags_of(index)
            })
            .collect();

        let marked = list_changes(&previous, now, tags, &old_to_new);
        for (tag, positions) in marked {
            for &article in &tags[tag].articles[positions] {
                changed[article] = true;
            }
        }
        Some(Reuse {
            previous,
            new_to_old,
            old_to_new,
            changed,
        })
    }

    /// The article's stories from the previous build, if its inputs are
    /// unchanged.
    fn kept(&self, index: usize) -> Option<Vec<u32>> {
        if self.changed[index] {
            return None;
        }
        let old = self.new_to_old[index] as usize;
        let stories = self.previous.related.slice(old);
        let kept: Vec<u32> = stories
            .iter()
            .map(|&story| self.old_to_new[story as usize])
            .collect();
        // A story gone would have changed the article's window.
        (!kept.contains(&NONE)).then_some(kept)
    }
}

/// A deterministic corpus: `count` articles over a year, each with one to
/// four of a dozen tags (a few common, most rare), for the tests of related
/// stories here and of their keeping between builds (`site`).
#[cfg(test)]
pub(crate) fn test_corpus(count: usize, seed: u64) -> Vec<crate::article::Article> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut next = move |below: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % below
    };
    let names = [
        "Politics", "Politics", "Politics", "Economy", "Economy", "Sport", "Rare A", "Rare B",
        "Rare C", "Rare D", "Rare E", "Rare F",
    ];
    (0..count)
        .map(|n| {
            let tags: Vec<&str> = (0..1 + next(4))
                .map(|_| names[next(names.len() as u64) as usize])
                .collect();
            let date = format!("2024-{:02}-{:02}", 1 + next(12), 1 + next(28));
            crate::article::Article::for_test(&format!("story-{n:03}"), &date, &tags)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::library::Library;

    #[test]
    fn related_stories_prefer_rare_shared_tags_then_newer() {
        let library = Library::new(vec![
            Article::for_test("me", "2024-01-10", &["Common", "Rare"]),
            Article::for_test("rare", "2024-01-01", &["Rare"]),
            Article::for_test("common-new", "2024-01-09", &["Common"]),
            Article::for_test("common-old", "2024-01-02", &["Common"]),
            Article::for_test("alone", "2024-01-05", &["Other"]),
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
    fn rarity_follows_the_share_of_articles_on_a_grid() {
        assert!(weight(1000, 1) > weight(1000, 10));
        assert!(weight(1000, 10) > weight(1000, 1000));
        assert_eq!(weight(1000, 1000), 693, "ln 2");
        // Growth within an eighth of an octave leaves the weight alone.
        assert_eq!(weight(100_000, 30_000), weight(100_001, 30_001));
        assert_eq!(weight(10, 10), weight(10, 11), "never below ln 2");
        assert!(weight(0, 0) > 0);
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
        assert!(!fits(vec![1, 1, 2], vec![1, 0]), "not from the start");
    }

    fn state_of(library: &Library, previous: Option<State>) -> (State, bool) {
        let (tags, article_tags) = library.tag_lists();
        let ids = library
            .articles
            .iter()
            .map(|a| crate::article::source_id(&a.source))
            .collect();
        compute(&tags, article_tags, ids, previous)
    }

    /// After any change (articles added, removed, retagged, redated), the
    /// stories computed from the previous state are the fresh ones.
    #[test]
    fn kept_stories_equal_a_fresh_computation() {
        for seed in 0..40 {
            let before = Library::new(test_corpus(150, seed));
            let (previous, _) = state_of(&before, None);
            let mut articles = test_corpus(150, seed);
            let mut pick = seed as usize * 7919;
            let mut one = || {
                pick = (pick * 31 + 17) % 150;
                pick
            };
            match seed % 5 {
                0 => articles.push(Article::for_test(
                    "added",
                    "2024-12-31",
                    &["Politics", "Rare A"],
                )),
                1 => {
                    articles.remove(one());
                }
                2 => articles[one()].tags = vec!["Economy".into()],
                3 => articles[one()].date = Article::for_test("x", "2024-06-15", &[]).date,
                _ => {
                    let at = one();
                    articles[at].tags.push("Brand new".into());
                    articles.push(Article::for_test("added", "2023-01-01", &["Rare B"]));
                    articles.remove(one().min(articles.len() - 1));
                }
            }
            let after = Library::new(articles);
            let (fresh, _) = state_of(&after, None);
            let (incremental, changed) = state_of(&after, Some(previous.clone()));
            assert_eq!(incremental, fresh, "seed {seed}");
            assert!(changed);
            // Nothing changed: the previous state is taken as it is.
            let (again, changed) = state_of(&after, Some(fresh.clone()));
            assert_eq!(again, fresh);
            assert!(!changed);
        }
    }

    /// The previous stories are used: a planted result shows through for
    /// the articles whose inputs did not change, and a damaged state is
    /// not used at all.
    #[test]
    fn previous_stories_are_taken_only_where_nothing_changed() {
        let library = Library::new(test_corpus(150, 1));
        let (mut planted, _) = state_of(&library, None);
        let fresh = planted.related.clone();
        let last = library.articles.len() - 1;
        // Article `last` (the oldest) said to be related to the newest.
        let mut lists: Vec<Vec<u32>> = (0..=last).map(|i| fresh.slice(i).to_vec()).collect();
        lists[last] = vec![0];
        planted.related = Related::from_lists(lists);
        // An article added at the top changes the stories near it only.
        let mut articles = test_corpus(150, 1);
        articles.push(Article::for_test("added", "2025-01-01", &["Brand new"]));
        let grown = Library::new(articles);
        let (state, _) = state_of(&grown, Some(planted.clone()));
        assert_eq!(state.related.slice(last + 1), [1], "kept, renumbered");
        // Damaged: not used.
        let mut damaged = planted;
        damaged.tag_ids.push(999);
        let (state, _) = state_of(&grown, Some(damaged));
        assert_eq!(state, state_of(&grown, None).0);
    }
}
