//! Tagging: which of the names each article mentions become its tags.
//!
//! Ingest reads every article for the names it mentions
//! ([`find_candidates`](crate::ingest::names::find_candidates)). Once every
//! article is read, [`tag_corpus`] ranks each article's names by how specific
//! they are to it across the whole archive, so "Russia" in a Russia-heavy
//! corpus gives way to the names only this story carries, and sets them
//! beside the article's own tags. The caller fills [`TagSettings`] from
//! site.toml's `[tags]` table and files the articles under the chosen tags.
//! Pure functions: no files, no configuration parsing.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::article::slug::name_key;
use crate::article::{Article, Candidate};
use crate::config::tags::TagSettings;

/// Gives every article with tag candidates its derived tags. The corpus is
/// ranked at once so that rarity across all articles counts. An article's
/// own tags (front matter, linked hashtags) are never dropped; derived names
/// fill the remaining places up to `max`. A Markdown article keeps its
/// declared order with derived tags after; a wire article lists its tags best
/// first.
pub fn tag_corpus(articles: &mut [Article], settings: &TagSettings) {
    let corpus: Vec<Vec<Candidate>> = articles
        .iter_mut()
        .map(|a| std::mem::take(&mut a.tag_candidates))
        .collect();
    if corpus.iter().all(Vec::is_empty) {
        return;
    }
    let ranking = rank(&corpus, settings);
    // The slug of each spelling chosen anywhere, worked out once.
    let mut used = vec![false; ranking.spellings.len()];
    for &(spelling, _) in ranking.chosen.iter().flatten() {
        used[spelling] = true;
    }
    let slugs: Vec<Option<String>> = ranking
        .spellings
        .par_iter()
        .zip(&used)
        .map(|(name, &used)| used.then(|| crate::article::slug::tag_slug(name)))
        .collect();
    articles
        .par_iter_mut()
        .zip(&ranking.chosen)
        .for_each(|(article, chosen)| {
            let ranked = chosen.iter().map(|&(spelling, _)| {
                let slug = slugs[spelling].clone().unwrap_or_default();
                (ranking.spellings[spelling], slug)
            });
            merge_tags(article, ranked, settings.max)
        });
}

/// Gives one article its derived tags (`ranked`, best first, each with its
/// slug) next to its own. Tags are compared by their slugs.
fn merge_tags<'a>(
    article: &mut Article,
    ranked: impl ExactSizeIterator<Item = (&'a str, String)>,
    max: usize,
) {
    if ranked.len() == 0 {
        return;
    }
    let own = std::mem::take(&mut article.tags);
    let own_slugs: Vec<String> = own
        .iter()
        .map(|tag| crate::article::slug::tag_slug(tag))
        .collect();
    let (mut tags, mut slugs) = match article.format {
        crate::article::SourceFormat::Markdown => (own.clone(), own_slugs.clone()),
        crate::article::SourceFormat::Wire => (Vec::new(), Vec::new()),
    };
    for (name, slug) in ranked {
        if slugs.contains(&slug) {
            continue;
        }
        let own_still_missing = own_slugs.iter().filter(|s| !slugs.contains(s)).count();
        if own_slugs.contains(&slug) || tags.len() + own_still_missing < max {
            tags.push(name.to_string());
            slugs.push(slug);
        }
    }
    for (tag, slug) in own.into_iter().zip(own_slugs) {
        if !slugs.contains(&slug) {
            tags.push(tag);
            slugs.push(slug);
        }
    }
    article.tags = tags;
}

/// What [`rank`] chose, by spelling: the corpus's distinct spellings, and
/// each article's chosen tags as (spelling, score), best first.
struct Ranking<'a> {
    spellings: Vec<&'a str>,
    chosen: Vec<Vec<(usize, f64)>>,
}

/// A hashtag is the article's own editorial choice, so it outweighs a name
/// mentioned the same number of times.
const HASHTAG_WEIGHT: f64 = 2.0;

/// The tags of every article, in the same order, by spelling: for each, at
/// most `settings.max` names, best first. `corpus[i]` are the candidates of
/// article i.
///
/// A name counts when the article mentions it twice or more or hashtags it.
/// Counting names are ranked by `count × idf`, doubled for a hashtag, where
/// `idf = ln(1 + N / df)`: N articles, df of them naming it (spellings that
/// slugify alike are one name). Equal scores are ordered by name (byte
/// order), so the result never depends on hashing.
/// One pass to count document frequencies, one to rank: linear in the corpus.
fn rank<'a>(corpus: &'a [Vec<Candidate>], settings: &TagSettings) -> Ranking<'a> {
    let mut names = NameIds::default();
    let ids: Vec<Vec<(usize, usize)>> = corpus
        .iter()
        .map(|candidates| candidates.iter().map(|c| names.id(&c.name)).collect())
        .collect();
    let stopped = names.stopped(&settings.stop);

    // A short form the site mostly writes in one full form is that name
    // ("Trump" beside "Donald Trump"): counted, ranked and shown as it.
    let merged = names.short_forms(&document_frequencies(&ids, names.len()));
    let ids: Vec<Vec<(usize, usize)>> = ids
        .into_iter()
        .map(|article_ids| {
            article_ids
                .into_iter()
                .map(|(id, spelling)| match merged.get(id) {
                    Some(&full) if full != id => (full, names.first_spelling[full]),
                    _ => (id, spelling),
                })
                .collect()
        })
        .collect();
    let document_frequency = document_frequencies(&ids, names.len());

    let articles = corpus.len() as f64;
    let chosen = corpus
        .par_iter()
        .zip(&ids)
        .map(|(candidates, article_ids)| {
            let mut ranked: Vec<(f64, &str, usize, usize)> = candidates
                .iter()
                .zip(article_ids.iter().copied())
                .filter(|&(candidate, (id, _))| {
                    (candidate.count >= 2 || candidate.hashtag)
                        && !stopped.get(id).copied().unwrap_or(false)
                })
                .map(|(candidate, (id, spelling))| {
                    let df = document_frequency.get(id).copied().unwrap_or(1).max(1);
                    let idf = (1.0 + articles / df as f64).ln();
                    let weight = if candidate.hashtag {
                        HASHTAG_WEIGHT
                    } else {
                        1.0
                    };
                    (
                        candidate.count as f64 * weight * idf,
                        candidate.name.as_str(),
                        id,
                        spelling,
                    )
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(&b.2)));
            let mut chosen: Vec<usize> = Vec::new();
            let mut tags = Vec::new();
            for (score, _, id, spelling) in ranked {
                if tags.len() >= settings.max {
                    break;
                }
                // Two spellings of one name in an article give one tag.
                if chosen.contains(&id) {
                    continue;
                }
                chosen.push(id);
                tags.push((spelling, score));
            }
            tags
        })
        .collect();
    Ranking {
        spellings: names.spellings,
        chosen,
    }
}

/// How many articles name each name id (each article once).
fn document_frequencies(ids: &[Vec<(usize, usize)>], names: usize) -> Vec<usize> {
    let mut document_frequency = vec![0usize; names];
    let mut distinct: Vec<usize> = Vec::new();
    for article_ids in ids {
        distinct.clear();
        distinct.extend(article_ids.iter().map(|&(id, _)| id));
        distinct.sort_unstable();
        distinct.dedup();
        for &id in &distinct {
            if let Some(df) = document_frequency.get_mut(id) {
                *df += 1;
            }
        }
    }
    document_frequency
}

/// A short form is merged into the full form that ends in it when that full
/// form is named in at least [`SHORT_FORM_SHARE`] of the articles naming
/// any full form ending in it, and in at least half as many articles as the
/// short form itself ("Trump" into "Donald Trump"; not "Korea", split
/// between "North Korea" and "South Korea"; not "Washington" into a "George
/// Washington" named by a few stories).
const SHORT_FORM_SHARE: (usize, usize) = (2, 3);

/// Numbers every distinct name of the corpus, so counting and ranking work
/// on integers. Each spelling is slugified once, however many articles use
/// it: the slugs are what make [`rank`] fast enough for a big archive.
#[derive(Default)]
struct NameIds<'a> {
    /// Only looked up, never iterated, so hashing order cannot leak into
    /// tags: each spelling's name id and spelling id.
    by_spelling: FxHashMap<&'a str, (usize, usize)>,
    by_key: FxHashMap<String, usize>,
    /// Every spelling, by spelling id (in order of first use).
    spellings: Vec<&'a str>,
    /// The first spelling of each name, by name id.
    first_spelling: Vec<usize>,
}

impl<'a> NameIds<'a> {
    /// The name's id (one for all its spellings) and its spelling's id.
    fn id(&mut self, name: &'a str) -> (usize, usize) {
        if let Some(&ids) = self.by_spelling.get(name) {
            return ids;
        }
        let next = self.by_key.len();
        let id = *self.by_key.entry(name_key(name)).or_insert(next);
        if id == next {
            self.first_spelling.push(self.spellings.len());
        }
        let ids = (id, self.spellings.len());
        self.spellings.push(name);
        self.by_spelling.insert(name, ids);
        ids
    }

    fn len(&self) -> usize {
        self.by_key.len()
    }

    /// For every name id, the id it is counted as: itself, or the full form
    /// a one-word short form is merged into (see [`SHORT_FORM_SHARE`]),
    /// given how many articles name each (`document_frequency`).
    fn short_forms(&self, document_frequency: &[usize]) -> Vec<usize> {
        let df = |id: usize| document_frequency.get(id).copied().unwrap_or(0);
        // Each one-word key's full forms: (articles, key, id). Sorted
        // below, so the map's order never shows.
        let mut full_forms: FxHashMap<usize, Vec<(usize, &str, usize)>> = FxHashMap::default();
        for (key, &id) in &self.by_key {
            if let Some((_, last)) = key.rsplit_once('-')
                && let Some(&short) = self.by_key.get(last)
            {
                full_forms.entry(short).or_default().push((df(id), key, id));
            }
        }
        let mut merged: Vec<usize> = (0..self.len()).collect();
        for (short, mut forms) in full_forms {
            forms.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            let total: usize = forms.iter().map(|form| form.0).sum();
            let (best, _, full) = forms[0];
            let (share, of) = SHORT_FORM_SHARE;
            if best * of >= total * share && best * 2 >= df(short) && best > 0 {
                merged[short] = full;
            }
        }
        merged
    }

    /// Which ids are stop-listed names.
    fn stopped(&self, stop: &FxHashSet<String>) -> Vec<bool> {
        let mut stopped = vec![false; self.len()];
        for key in stop {
            if let Some(&id) = self.by_key.get(key)
                && let Some(flag) = stopped.get_mut(id)
            {
                *flag = true;
            }
        }
        stopped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use crate::ingest::names::find_candidates;
    use crate::ingest::names::testing::{count, find, names, settings};

    /// The names [`rank`] chose for every article, in the same order.
    fn choose_tags(corpus: &[Vec<Candidate>], settings: &TagSettings) -> Vec<Vec<String>> {
        score_tags(corpus, settings)
            .into_iter()
            .map(|tags| tags.into_iter().map(|tag| tag.name).collect())
            .collect()
    }

    /// A chosen tag and the score it was ranked by.
    #[derive(Debug, Clone, PartialEq)]
    struct ScoredTag {
        name: String,
        score: f64,
    }

    /// `choose_tags` with each tag's score, so tests can check the ranking.
    fn score_tags(corpus: &[Vec<Candidate>], settings: &TagSettings) -> Vec<Vec<ScoredTag>> {
        let ranking = rank(corpus, settings);
        ranking
            .chosen
            .into_iter()
            .map(|tags| {
                tags.into_iter()
                    .map(|(spelling, score)| ScoredTag {
                        name: ranking.spellings[spelling].to_string(),
                        score,
                    })
                    .collect()
            })
            .collect()
    }

    /// The shared seed article as the caller passes it.
    const SEED: &[&str] = &[
        "Hungary's Prime Minister Viktor Orban arrived in Moscow on Tuesday to meet Russian President Vladimir Putin. It is the first time a member of the European Union has met Putin in person since the Ukraine border issue erupted. The focus of the meeting is expected to be around, \"promoting bilateral cooperation in trade, the economy, energy, culture and humanitarian affairs, as well as exchanging views on the current problems of ensuring European security,\" according to a statement from Russia's presidency.",
        "Orban expressed \"strong hopes\" that Russia and Hungary can work together for many years and emphasized that no European leader wants a conflict in the region. Putin praised Orban for \"doing a lot\" for the Russian-Hungarian relationship, and the two agreed to talk about Europe's security situation.",
        "Moreover, in Hungary, the opposition had urged Orban to postpone his trip. Over the weekend, political opponents issued a unified statement saying the visit was contrary to the national interests. According to the Hungarian opposition, the prime minister indirectly encourages Russian President Vladimir Putin to worsen the existing complicated situation. Orban has met with Putin on a frequent basis in the past, and the talks on Tuesday will be closely observed by Western friends.",
        "In times of peace & crisis, we are united in NATO: Jens Stoltenberg",
        "Meanwhile, NATO Secretary-General Jens Stoltenberg has posted a tweet on the matter on Monday. He wrote, \"Good call with PM Viktor Orbán of our staunch Ally #Hungary. In times of peace & crisis, we are united in #NATO. We call on #Russia to de-escalate & choose a peaceful path. While we remain prepared to deter Russia & defend all Allies, we continue to strive for dialogue.\"",
        "Good call with PM Viktor Orbán of our staunch Ally #Hungary. In times of peace & crisis, we are united in #NATO. We call on #Russia to de-escalate & choose a peaceful path. While we remain prepared to deter Russia & defend all Allies, we continue to strive for dialogue.",
        "Jens Stoltenberg",
        "Putin might respond to Washington's reactions to Russia's security measures",
        "Further, earlier today, Kremlin spokesman Dmitry Peskov does not rule out that Russian President Vladimir Putin, after meeting with Hungarian Prime Minister Viktor Orban, will respond to Washington's reactions to Russia's security measures. He also stated that the Kremlin does not yet know when Moscow's response to Washington's initiatives regarding Russian security measures will be ready.",
        "\"Journalists will ask questions today. It would be strange if they paid no attention to this issue. So, one can assume that it will be brought up in one way or another. But let’s wait for the press conference,\" Reporters were briefed by Peskov.",
    ];

    const SEED_HASHTAGS: &[&str] = &["Hungary", "NATO", "Russia"];

    fn seed_candidates() -> Vec<Candidate> {
        find_candidates(SEED, SEED_HASHTAGS, &settings())
    }

    #[test]
    fn seed_article_gets_the_names_an_editor_would_pick() {
        let tags = choose_tags(&[seed_candidates()], &settings());
        let tags = &tags[0];
        assert!(tags.len() <= 8);
        for name in [
            "Viktor Orban",
            "Vladimir Putin",
            "Hungary",
            "Russia",
            "NATO",
            "Jens Stoltenberg",
        ] {
            assert!(
                tags.iter().any(|t| t == name),
                "{name} missing from {tags:?}"
            );
        }
        for name in [
            "Tuesday",
            "Moreover",
            "Journalists",
            "Meanwhile",
            "Further",
            "Russian",
            "Good",
        ] {
            assert!(!tags.iter().any(|t| t == name), "{name} in {tags:?}");
        }
        assert_eq!(
            tags,
            &[
                "Russia",
                "Hungary",
                "Viktor Orban",
                "Vladimir Putin",
                "NATO",
                "Jens Stoltenberg",
                "Washington",
                "Dmitry Peskov",
            ]
        );
    }

    #[test]
    fn seed_article_scores() {
        let scored = score_tags(&[seed_candidates()], &settings());
        let ln2 = 2f64.ln();
        let expected = [
            ("Russia", 12.0),
            ("Hungary", 8.0),
            ("Viktor Orban", 7.0),
            ("Vladimir Putin", 7.0),
            ("NATO", 6.0),
            ("Jens Stoltenberg", 3.0),
            ("Washington", 3.0),
            ("Dmitry Peskov", 2.0),
        ];
        assert_eq!(scored[0].len(), expected.len());
        for (tag, (name, weight)) in scored[0].iter().zip(expected) {
            assert_eq!(tag.name, name);
            assert!((tag.score - weight * ln2).abs() < 1e-9, "{tag:?}");
        }
    }

    #[test]
    fn a_name_in_every_article_ranks_below_one_only_here() {
        let others = [
            find(&["Russia said on Friday that Russia would reply to the Baltic states."]),
            find(&[
                "Exports from Russia fell. Officials in Russia blamed Brussels and Brussels blamed them.",
            ]),
        ];
        let corpus = vec![seed_candidates(), others[0].clone(), others[1].clone()];
        let tags = choose_tags(&corpus, &settings());
        let seed_tags = &tags[0];
        let position = |name: &str| seed_tags.iter().position(|t| t == name);
        // Alone, Russia tops the seed article; in this corpus every article
        // names it, so the seed's own subjects come first.
        assert_eq!(choose_tags(&corpus[..1], &settings())[0][0], "Russia");
        assert!(position("Hungary") < position("Russia"), "{seed_tags:?}");
        assert!(
            position("Viktor Orban") < position("Russia"),
            "{seed_tags:?}"
        );
        assert_eq!(tags[1], ["Russia"]);
        assert_eq!(tags[2], ["Brussels", "Russia"]);
    }

    #[test]
    fn a_name_counts_when_it_recurs_or_is_hashtagged() {
        let found = find_candidates(
            &["Orban met Putin. Later Orban left Budapest for #Vienna."],
            &["Vienna", "Ukraine"],
            &settings(),
        );
        assert_eq!(count(&found, "Putin"), 1);
        assert_eq!(count(&found, "Vienna"), 1);
        // Hashtagged but never written out: still a mention.
        assert_eq!(count(&found, "Ukraine"), 1);
        let tags = choose_tags(&[found], &settings());
        // All three score 2 × ln 2 (two mentions, or one hashtag): ties go by name.
        assert_eq!(tags[0], ["Orban", "Ukraine", "Vienna"]);
    }

    #[test]
    fn aliases_apply_before_merging_and_stop_names_are_dropped() {
        let aliases = BTreeMap::from([("Orbán".to_string(), "Viktor Orbán".to_string())]);
        let settings = TagSettings::new(8, &["reuters".into(), "NATÓ".into()], &aliases);
        let found = find_candidates(
            &["The office of Orban told Reuters and NATO. Then Orban told Reuters and NATO again."],
            &[],
            &settings,
        );
        assert_eq!(names(&found), ["Viktor Orbán"]);
        assert_eq!(count(&found, "Viktor Orbán"), 2);
        let corpus = vec![vec![Candidate {
            name: "Reuters".into(),
            count: 5,
            hashtag: false,
        }]];
        assert!(choose_tags(&corpus, &settings)[0].is_empty());
    }

    #[test]
    fn ranking_weights_hashtags_and_breaks_ties_by_name() {
        let candidate = |name: &str, count, hashtag| Candidate {
            name: name.into(),
            count,
            hashtag,
        };
        let corpus = vec![vec![
            candidate("Zagreb", 2, false),
            candidate("Athens", 2, false),
            candidate("Oslo", 3, true),
            candidate("Rome", 1, false),
            candidate("Paris", 5, false),
        ]];
        let scored = score_tags(&corpus, &settings());
        let names: Vec<&str> = scored[0].iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Oslo", "Paris", "Athens", "Zagreb"]);
        assert!((scored[0][0].score - 6.0 * 2f64.ln()).abs() < 1e-9);
        let mut two = settings();
        two.max = 2;
        assert_eq!(choose_tags(&corpus, &two)[0], ["Oslo", "Paris"]);
    }

    #[test]
    fn spellings_that_slugify_alike_are_one_name_across_articles() {
        let candidate = |name: &str| Candidate {
            name: name.into(),
            count: 2,
            hashtag: false,
        };
        let corpus = vec![
            vec![candidate("Orbán"), candidate("Kyiv")],
            vec![candidate("Orban")],
        ];
        // Orbán is in both articles, Kyiv only in the first: Kyiv is rarer.
        assert_eq!(choose_tags(&corpus, &settings())[0], ["Kyiv", "Orbán"]);
    }

    fn named(name: &str, count: usize) -> Candidate {
        Candidate {
            name: name.into(),
            count,
            hashtag: false,
        }
    }

    #[test]
    fn a_short_form_is_merged_into_the_full_form_the_site_mostly_writes() {
        let mut corpus = vec![vec![named("Donald Trump", 3)]; 3];
        corpus.push(vec![named("Trump", 2), named("Ivanka Trump", 1)]);
        corpus.push(vec![named("Trump", 4)]);
        let tags = choose_tags(&corpus, &settings());
        assert_eq!(tags[3], ["Donald Trump"]);
        assert_eq!(tags[4], ["Donald Trump"]);

        // Split between full forms, or named by far fewer stories than the
        // short form itself: the short form stays itself.
        let mut corpus = vec![vec![named("North Korea", 2)]; 2];
        corpus.extend(vec![vec![named("South Korea", 2)]; 2]);
        corpus.push(vec![named("Korea", 2)]);
        assert_eq!(choose_tags(&corpus, &settings())[4], ["Korea"]);
        let mut corpus = vec![vec![named("Washington", 2)]; 5];
        corpus.push(vec![named("George Washington", 2)]);
        assert_eq!(choose_tags(&corpus, &settings())[0], ["Washington"]);
    }

    #[test]
    fn output_is_deterministic() {
        let first = choose_tags(&[seed_candidates(), seed_candidates()], &settings());
        for _ in 0..5 {
            assert_eq!(
                choose_tags(&[seed_candidates(), seed_candidates()], &settings()),
                first
            );
        }
        assert_eq!(first[0], first[1]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long = "Ab".repeat(10_000);
        let long_caps = "Name ".repeat(4_000);
        let inputs: Vec<&str> = vec![
            "",
            " ",
            "\u{FFFD}\u{FFFD} Orb\u{FFFD}n \u{FFFD}",
            &long,
            &long_caps,
            "'s ’s # #. @ ... \" “ ” ‘ ’ - — ''s",
            "\u{301}\u{301} A\u{301} É É. É's",
            "日本 東京 Ελλάδα Αθήνα Москва Россия",
            "U.S.A. . . U. S. x.y.z Q.",
            "of of the de la Bank of",
            "#",
            "#'s",
            "Mr. Dr. St. Jr.",
        ];
        for input in &inputs {
            let found = find_candidates(&[input], &[input, "", "#"], &settings());
            let _ = choose_tags(&[found], &settings());
        }
        let found = find_candidates(&inputs, &inputs, &settings());
        let zero = TagSettings {
            max: 0,
            ..settings()
        };
        assert_eq!(choose_tags(&[found], &zero), [Vec::<String>::new()]);
        assert!(choose_tags(&[], &settings()).is_empty());
    }
}
