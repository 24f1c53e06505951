//! Names: the people, places and organisations one article mentions, read
//! at ingest, one article at a time.
//!
//! Wire copy arrives without tags. [`find_candidates`] reads an article's
//! paragraphs the way an editor skims them, collecting the names it mentions
//! (titles stripped, short forms merged into full ones). Its parts, in the
//! order the text passes through them: `words` (the word lists, and what one
//! word is), `reading` (paragraphs into sentences into words), `finding`
//! (the names in one sentence) and `mentions` (counting them, merging short
//! forms). Which names become tags is decided once every article is read,
//! across the whole archive, by the library's `tagging`. Pure functions: no
//! files, no configuration parsing.

mod finding;
mod mentions;
mod reading;
mod words;

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::article::Candidate;
use crate::article::slug::name_key;
use crate::config::tags::TagSettings;

use finding::{NameWord, join_words, known_spans, sentence_names};
use mentions::Mentions;
use reading::{Paragraph, Sentence};
use words::{ORGANISATION_CONNECTORS, WordKind, is_lone_demonym, is_not_a_name, with_lowercase};

/// The names an article is about. `paragraphs` are the body's paragraphs as plain text
/// (already without dateline and credit line; subheadings are separate entries too),
/// `hashtags` the hashtags in it without '#' (e.g. "Hungary", "NATO").
///
/// Every name found is returned, in order of first mention, including names
/// mentioned only once: the library's tagging, which ranks them, needs those
/// to judge how common a name is across the archive, and applies the "recurs
/// or is hashtagged" rule itself.
pub(crate) fn find_candidates(
    paragraphs: &[&str],
    hashtags: &[&str],
    settings: &TagSettings,
) -> Vec<Candidate> {
    let paragraphs: Vec<Paragraph> = paragraphs
        .iter()
        .map(|text| Paragraph::read(text))
        .collect();
    let evidence = mid_sentence_words(&paragraphs, hashtags);

    let mut mentions = Mentions::default();
    let mut repeated = RepeatedSentences::default();
    for paragraph in paragraphs.iter().filter(|p| !p.headline_case) {
        for sentence in &paragraph.sentences {
            if repeated.seen_before(sentence) {
                continue;
            }
            for found in sentence_names(sentence) {
                let words = without_unproven_opener(&found.words, &evidence);
                if !words.is_empty() {
                    mentions.add(settings.spelling(join_words(words)), false);
                }
            }
        }
    }

    // Headline-case lines ("Putin Might Respond To Washington") capitalise
    // every word, so they cannot tell names from words; they only add
    // mentions of names the ordinary text already established.
    let mut known = mentions.known_keys();
    known.extend(hashtags.iter().map(|tag| {
        settings
            .spelling(tag.trim_start_matches('#').to_string())
            .key
    }));
    for paragraph in paragraphs.iter().filter(|p| p.headline_case) {
        for sentence in &paragraph.sentences {
            if repeated.seen_before(sentence) {
                continue;
            }
            for found in sentence_names(sentence) {
                for surface in known_spans(&found.words, &known, settings) {
                    mentions.add(settings.spelling(surface), false);
                }
            }
        }
    }

    for hashtag in hashtags {
        let hashtag = hashtag.trim().trim_start_matches('#').trim();
        if !hashtag.is_empty() {
            mentions.add(settings.spelling(hashtag.to_string()), true);
        }
    }

    mentions
        .into_candidates()
        .into_iter()
        .filter(|candidate| {
            settings.stop.is_empty() || !settings.stop.contains(&name_key(&candidate.name))
        })
        .filter(|candidate| candidate.hashtag || !is_lone_demonym(&candidate.name))
        .filter(|candidate| !is_not_a_name(&candidate.name))
        .collect()
}

/// Words seen capitalised somewhere other than at a sentence start. A
/// sentence-initial word is a name only if it is also one of these.
fn mid_sentence_words(paragraphs: &[Paragraph], hashtags: &[&str]) -> FxHashSet<String> {
    let mut evidence: FxHashSet<String> = hashtags.iter().map(|tag| name_key(tag)).collect();
    // Names recur: key each spelling once.
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for paragraph in paragraphs.iter().filter(|p| !p.headline_case) {
        for sentence in &paragraph.sentences {
            for (position, word) in sentence.words().enumerate() {
                if (position > 0 || word.hashtag)
                    && word.kind == WordKind::Name
                    && seen.insert(word.text)
                {
                    evidence.insert(name_key(word.text));
                }
            }
        }
    }
    evidence
}

/// Drops a sentence's capitalised first word unless the article also
/// capitalises it mid-sentence, or it starts a multi-word name. "of" straight
/// after it does not make a name: "Critics of Orban said" is about Orban (so
/// "Bank of England" opening a sentence needs "Bank" capitalised elsewhere),
/// while "Ursula von der Leyen" is one name.
fn without_unproven_opener<'n, 'a>(
    words: &'n [NameWord<'a>],
    evidence: &FxHashSet<String>,
) -> &'n [NameWord<'a>] {
    let Some((first, rest)) = words.split_first() else {
        return words;
    };
    let starts_multi_word_name = rest
        .first()
        .is_some_and(|next| !ORGANISATION_CONNECTORS.contains(&next.text));
    if !first.opens_sentence || starts_multi_word_name || evidence.contains(&name_key(first.text)) {
        return words;
    }
    let name_start = rest.iter().position(|w| !w.connector).unwrap_or(rest.len());
    &rest[name_start..]
}

/// Sentences shorter than this repeat by chance ("Jens Stoltenberg"); longer
/// ones repeat because a tweet or pull quote is embedded twice, and should
/// not double its names.
const REPEAT_MIN_WORDS: usize = 6;

/// Remembers long sentences, so a quote embedded twice counts once.
/// Sentences are compared by their words lower-cased; a hash of those words
/// finds the earlier sentences that may be the same without building a key.
#[derive(Default)]
struct RepeatedSentences<'p, 'a> {
    seen: FxHashMap<u64, Vec<&'p Sentence<'a>>>,
}

impl<'p, 'a> RepeatedSentences<'p, 'a> {
    fn seen_before(&mut self, sentence: &'p Sentence<'a>) -> bool {
        if sentence.words().count() < REPEAT_MIN_WORDS {
            return false;
        }
        let mut hasher = FxHasher::default();
        for word in sentence.words() {
            with_lowercase(word.text, |lower| lower.hash(&mut hasher));
        }
        let earlier = self.seen.entry(hasher.finish()).or_default();
        if earlier.iter().any(|earlier| same_words(earlier, sentence)) {
            return true;
        }
        earlier.push(sentence);
        false
    }
}

/// Whether two sentences have the same words, case aside.
fn same_words(a: &Sentence, b: &Sentence) -> bool {
    let same = |a: &str, b: &str| {
        if a.is_ascii() && b.is_ascii() {
            a.eq_ignore_ascii_case(b)
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    };
    a.words().count() == b.words().count()
        && a.words().zip(b.words()).all(|(a, b)| same(a.text, b.text))
}

/// What the tests of these modules and of the library's tagging share.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::BTreeMap;

    use crate::article::Candidate;
    use crate::config::tags::TagSettings;

    pub(crate) fn settings() -> TagSettings {
        TagSettings::new(8, &[], &BTreeMap::new())
    }

    pub(crate) fn find(paragraphs: &[&str]) -> Vec<Candidate> {
        super::find_candidates(paragraphs, &[], &settings())
    }

    pub(crate) fn names(candidates: &[Candidate]) -> Vec<&str> {
        candidates.iter().map(|c| c.name.as_str()).collect()
    }

    pub(crate) fn count(candidates: &[Candidate], name: &str) -> usize {
        candidates
            .iter()
            .find(|c| c.name == name)
            .map_or(0, |c| c.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::names::testing::{count, find, names, settings};

    #[test]
    fn sentence_openers_need_a_mid_sentence_capital() {
        let found = find(&[
            "Journalists waited. Journalists left! Tomatoes? Orban spoke.",
            "He said, \"Diplomats agree.\" Reporters asked Orban about it.",
        ]);
        assert!(!names(&found).contains(&"Journalists"));
        assert!(!names(&found).contains(&"Tomatoes"));
        assert!(!names(&found).contains(&"Diplomats"));
        assert_eq!(count(&found, "Orban"), 2);
    }

    #[test]
    fn a_multi_word_name_may_open_a_sentence() {
        let found = find(&["Jens Stoltenberg spoke.", "Jens Stoltenberg left."]);
        assert_eq!(count(&found, "Jens Stoltenberg"), 2);
    }

    #[test]
    fn a_hashtagged_demonym_is_kept() {
        let found = find_candidates(&["We are #Ukrainian."], &["Ukrainian"], &settings());
        assert_eq!(names(&found), ["Ukrainian"]);
    }

    #[test]
    fn headline_case_lines_only_confirm_known_names() {
        let found = find_candidates(
            &[
                "Putin Might Respond To Washington's Reactions In Kyiv",
                "Officials said Putin and Washington disagreed.",
            ],
            &["Kyiv"],
            &settings(),
        );
        assert_eq!(names(&found), ["Putin", "Washington", "Kyiv"]);
        assert_eq!(count(&found, "Putin"), 2);
        assert_eq!(count(&found, "Washington"), 2);
        assert_eq!(count(&found, "Kyiv"), 1);
    }

    #[test]
    fn a_quote_embedded_twice_counts_once() {
        let quote = "We call on Russia to choose a peaceful path.";
        let found = find(&[quote, quote, "Russia agreed."]);
        assert_eq!(count(&found, "Russia"), 2);

        // Case aside, it is the same quote; one word more, it is not.
        let shouted = "WE CALL ON Russia TO CHOOSE A PEACEFUL PATH.";
        let longer = "We call on Russia to choose a peaceful path now.";
        let found = find(&[quote, shouted, longer, "Russia agreed."]);
        assert_eq!(count(&found, "Russia"), 3);
    }
}
