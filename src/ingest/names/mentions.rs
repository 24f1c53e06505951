//! Counting an article's mentions of each name and merging short forms into
//! full ones ("Orban" into "Viktor Orban"), then picking each name's display
//! spelling.
//!
//! Fed by [`find_candidates`](super::find_candidates) with the names
//! `finding` cut out of the text (aliases already applied); what it returns
//! are the article's tag candidates.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::article::Candidate;
use crate::config::tags::Spelling;

use super::words::ORGANISATION_CONNECTORS;

/// All mentions of one name key in an article.
#[derive(Debug)]
struct NameGroup {
    key: String,
    word_keys: Vec<String>,
    /// Spellings and how often each was used, in order of first use.
    spellings: Vec<(String, usize)>,
    count: usize,
    hashtag: bool,
}

/// Mentions in order of first appearance; a Vec, not a map, so output
/// order never depends on hashing.
#[derive(Default)]
pub(super) struct Mentions {
    groups: Vec<NameGroup>,
    index: FxHashMap<String, usize>,
}

impl Mentions {
    /// One mention in the text, or (`hashtag`) the article's hashtag list
    /// naming it, which flags it without counting as a mention.
    pub(super) fn add(&mut self, spelling: Spelling, hashtag: bool) {
        let slot = match self.index.get(&spelling.key) {
            Some(&slot) => slot,
            None => {
                self.index.insert(spelling.key.clone(), self.groups.len());
                self.groups.push(NameGroup {
                    key: spelling.key.clone(),
                    word_keys: spelling.word_keys(),
                    spellings: Vec::new(),
                    count: 0,
                    hashtag: false,
                });
                self.groups.len() - 1
            }
        };
        let Some(group) = self.groups.get_mut(slot) else {
            return;
        };
        let used = usize::from(!hashtag);
        group.count += used;
        group.hashtag |= hashtag;
        match group
            .spellings
            .iter_mut()
            .find(|(s, _)| *s == spelling.surface)
        {
            Some((_, uses)) => *uses += used,
            None => group.spellings.push((spelling.surface, used)),
        }
    }

    /// Keys a headline-case line may confirm: every name, and the last word
    /// of person-style names ("Orban" for "Viktor Orban").
    pub(super) fn known_keys(&self) -> FxHashSet<String> {
        let mut known = FxHashSet::default();
        for group in &self.groups {
            known.insert(group.key.clone());
            if let [.., before, last] = group.word_keys.as_slice()
                && !ORGANISATION_CONNECTORS.contains(&before.as_str())
            {
                known.insert(last.clone());
            }
        }
        known
    }

    /// Merges short forms into full ones and picks display forms.
    pub(super) fn into_candidates(self) -> Vec<Candidate> {
        let groups = self.groups;
        let parent = merge_targets(&groups);
        let root_of = |mut slot: usize| {
            // Targets are always longer names, so this ends.
            while let Some(Some(next)) = parent.get(slot) {
                slot = *next;
            }
            slot
        };

        let mut candidates: Vec<Option<Candidate>> = vec![None; groups.len()];
        let mut order: Vec<usize> = Vec::new();
        for (slot, group) in groups.iter().enumerate() {
            let root = root_of(slot);
            let entry = match candidates.get_mut(root) {
                Some(entry) => entry,
                None => continue,
            };
            if entry.is_none() {
                // The first member seen fixes the candidate's place.
                order.push(root);
                let name = groups
                    .get(root)
                    .and_then(display_form)
                    .unwrap_or_else(|| group.key.clone());
                *entry = Some(Candidate {
                    name,
                    count: 0,
                    hashtag: false,
                });
            }
            if let Some(candidate) = entry {
                candidate.count += group.count;
                candidate.hashtag |= group.hashtag;
            }
        }
        order
            .into_iter()
            .filter_map(|root| candidates.get_mut(root).and_then(Option::take))
            .map(|mut candidate| {
                // A hashtag is a mention even if the text never spells it out.
                candidate.count = candidate.count.max(usize::from(candidate.hashtag));
                candidate
            })
            .collect()
    }
}

/// The most used spelling of a name; the first seen wins a tie.
fn display_form(group: &NameGroup) -> Option<String> {
    let mut best: Option<&(String, usize)> = None;
    for spelling in &group.spellings {
        if best.is_none_or(|b| spelling.1 > b.1) {
            best = Some(spelling);
        }
    }
    best.map(|(surface, _)| surface.clone())
}

/// For each group, the group it merges into: the one full name that ends
/// with it ("Orban" -> "Viktor Orban"), none when two full names share the
/// ending or when it follows "of" ("England" is not "Bank of England").
fn merge_targets(groups: &[NameGroup]) -> Vec<Option<usize>> {
    let mut by_last_word: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (slot, group) in groups.iter().enumerate() {
        if let Some(last) = group.word_keys.last() {
            by_last_word.entry(last.as_str()).or_default().push(slot);
        }
    }
    // Longest first, so a target's own target is known when it is needed.
    let mut by_length: Vec<usize> = (0..groups.len()).collect();
    by_length.sort_by_key(|&slot| std::cmp::Reverse(groups[slot].word_keys.len()));

    let mut parent: Vec<Option<usize>> = vec![None; groups.len()];
    for slot in by_length {
        let short = &groups[slot].word_keys;
        let Some(last) = short.last() else {
            continue;
        };
        let mut roots: Vec<usize> = by_last_word
            .get(last.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| {
                let full = &groups[other].word_keys;
                full.len() > short.len()
                    && full.ends_with(short)
                    && full
                        .get(full.len() - short.len() - 1)
                        .is_some_and(|before| !ORGANISATION_CONNECTORS.contains(&before.as_str()))
            })
            .map(|mut other| {
                while let Some(Some(next)) = parent.get(other) {
                    other = *next;
                }
                other
            })
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if let [root] = roots.as_slice() {
            parent[slot] = Some(*root);
        }
    }
    parent
}

#[cfg(test)]
mod tests {
    use crate::ingest::names::testing::{count, find, names};

    #[test]
    fn short_forms_merge_into_the_full_name() {
        let found = find(&[
            "Viktor Orban met Vladimir Putin. Later Orban and Putin spoke, and Stoltenberg called.",
            "Jens Stoltenberg said Orbán and Putin agreed.",
        ]);
        assert_eq!(
            names(&found),
            ["Viktor Orban", "Vladimir Putin", "Jens Stoltenberg"]
        );
        assert_eq!(count(&found, "Viktor Orban"), 3);
        assert_eq!(count(&found, "Vladimir Putin"), 3);
        assert_eq!(count(&found, "Jens Stoltenberg"), 2);
    }

    #[test]
    fn a_short_form_shared_by_two_full_names_stays_apart() {
        let found = find(&["John Smith and Jane Smith met. Later Smith left."]);
        assert_eq!(names(&found), ["John Smith", "Jane Smith", "Smith"]);
    }

    #[test]
    fn a_place_is_not_short_for_the_organisation_named_after_it() {
        let found = find(&["The Bank of England raised rates. Later England won."]);
        assert_eq!(count(&found, "Bank of England"), 1);
        assert_eq!(count(&found, "England"), 1);
    }

    #[test]
    fn display_form_is_the_most_common_full_spelling() {
        let found = find(&[
            "Then Viktor Orbán spoke. Then Viktor Orban spoke. Then Viktor Orban left, and Orbán stayed.",
        ]);
        assert_eq!(names(&found), ["Viktor Orban"]);
        assert_eq!(count(&found, "Viktor Orban"), 4);
        let tie = find(&["Then Viktor Orbán spoke. Then Viktor Orban spoke."]);
        assert_eq!(names(&tie), ["Viktor Orbán"]);
    }
}
