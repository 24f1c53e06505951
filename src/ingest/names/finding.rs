//! Finding the names in one sentence: runs of capitalised words, with
//! connectors inside ("Luiz Inácio da Silva"), split at titles ("Prime
//! Minister") and stripped of them.
//!
//! Works on the sentences `reading` makes, with the lists in `words`; the
//! names it finds go to `mentions` to be counted, by way of
//! [`find_candidates`](super::find_candidates), which also decides whether a
//! sentence's first word is a name.

use rustc_hash::FxHashSet;

use crate::config::tags::TagSettings;

use super::reading::{Piece, Sentence};
use super::words::{
    CONNECTORS, SECOND_CONNECTORS, TITLE_HEAD_SET, TITLE_MODIFIER_SET, TITLE_PHRASES, WordKind,
    with_lowercase, without_period,
};

/// A run of capitals this long is a shouted line or a list, not one name.
const MAX_NAME_WORDS: usize = 8;

#[derive(Debug, Clone, Copy)]
pub(super) struct NameWord<'a> {
    pub(super) text: &'a str,
    /// The first word of its sentence.
    pub(super) opens_sentence: bool,
    pub(super) connector: bool,
}

/// A name as found in the text, before aliases and merging.
#[derive(Debug)]
pub(super) struct FoundName<'a> {
    pub(super) words: Vec<NameWord<'a>>,
}

pub(super) fn join_words(words: &[NameWord]) -> String {
    let mut joined = String::with_capacity(words.iter().map(|w| w.text.len() + 1).sum());
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            joined.push(' ');
        }
        joined.push_str(word.text);
    }
    joined
}

/// The names in one sentence: runs of capitalised words (with connectors
/// inside), split at titles. Hashtags are names of their own.
pub(super) fn sentence_names<'a>(sentence: &Sentence<'a>) -> Vec<FoundName<'a>> {
    let mut names = Vec::new();
    let mut run: Vec<NameWord> = Vec::new();
    let mut opens_sentence = true;
    for piece in &sentence.pieces {
        let Piece::Word(word) = piece else {
            close_run(&mut run, &mut names);
            continue;
        };
        // Only the sentence's first word opens it; leading punctuation
        // ("(Reuters)") does not change that.
        let opens_sentence = std::mem::replace(&mut opens_sentence, false);
        if word.hashtag {
            close_run(&mut run, &mut names);
            names.push(FoundName {
                words: vec![NameWord {
                    text: word.text,
                    opens_sentence: false,
                    connector: false,
                }],
            });
            continue;
        }
        match word.kind {
            WordKind::Name => run.push(NameWord {
                text: word.text,
                opens_sentence,
                connector: false,
            }),
            WordKind::Connector if continues_with_connector(&run, word.text) => {
                run.push(NameWord {
                    text: word.text,
                    opens_sentence,
                    connector: true,
                });
            }
            _ => close_run(&mut run, &mut names),
        }
    }
    close_run(&mut run, &mut names);
    names
}

/// Whether `connector` may follow the run so far: a first connector after
/// a capitalised word, or a second one ("of the") after a first.
fn continues_with_connector(run: &[NameWord], connector: &str) -> bool {
    match run {
        [] => false,
        [.., before, last] if last.connector => {
            !before.connector
                && CONNECTORS.contains(&last.text)
                && SECOND_CONNECTORS.contains(&connector)
        }
        _ => CONNECTORS.contains(&connector),
    }
}

fn close_run<'a>(run: &mut Vec<NameWord<'a>>, names: &mut Vec<FoundName<'a>>) {
    let words = run.as_slice();
    let mut start = 0;
    let mut index = 0;
    while index < words.len() {
        let title = title_len(&words[index..]);
        if title == 0 {
            index += 1;
            continue;
        }
        push_name(&words[start..index], names);
        index += title;
        start = index;
    }
    push_name(&words[start..], names);
    run.clear();
}

fn push_name<'a>(words: &[NameWord<'a>], names: &mut Vec<FoundName<'a>>) {
    let first = words.iter().position(|w| !w.connector);
    let last = words.iter().rposition(|w| !w.connector);
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    let words = &words[first..=last];
    if words.len() <= MAX_NAME_WORDS {
        names.push(FoundName {
            words: words.to_vec(),
        });
    }
}

/// How many words at the front of `words` form a title (0 for none).
fn title_len(words: &[NameWord]) -> usize {
    let words = words.get(..MAX_NAME_WORDS).unwrap_or(words);
    let is = |word: &NameWord, listed: &str| {
        with_lowercase(without_period(word.text), |lower| lower == listed)
    };
    let phrase = TITLE_PHRASES
        .iter()
        .filter(|phrase| {
            words.len() >= phrase.len() && phrase.iter().zip(words).all(|(p, w)| is(w, p))
        })
        .map(|phrase| phrase.len())
        .max()
        .unwrap_or(0);
    let mut head_end = 0;
    for (index, word) in words.iter().enumerate() {
        if word.connector {
            break;
        }
        let (head, modifier) = with_lowercase(without_period(word.text), |lower| {
            (
                TITLE_HEAD_SET.contains(lower),
                TITLE_MODIFIER_SET.contains(lower),
            )
        });
        if head {
            head_end = index + 1;
        } else if !modifier {
            break;
        }
    }
    phrase.max(head_end)
}

/// In a headline-case line, the longest stretches that are names already
/// established by the article's ordinary text.
pub(super) fn known_spans(
    words: &[NameWord],
    known: &FxHashSet<String>,
    settings: &TagSettings,
) -> Vec<String> {
    let mut spans = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let longest = (1..=MAX_NAME_WORDS.min(words.len() - start))
            .rev()
            .map(|len| &words[start..start + len])
            .filter(|span| span.first().is_some_and(|w| !w.connector))
            .filter(|span| span.last().is_some_and(|w| !w.connector))
            .find(|span| known.contains(&settings.spelling(join_words(span)).key));
        match longest {
            Some(span) => {
                spans.push(join_words(span));
                start += span.len();
            }
            None => start += 1,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use crate::ingest::names::testing::{count, find, names};

    #[test]
    fn lowercase_connectors_join_a_name_but_never_end_it() {
        let found = find(&[
            "The Bank of England and the University of Oslo hosted Luiz Inácio da Silva.",
            "Later the Bank of England thanked Luiz Inácio da Silva, and Silva thanked the University of Oslo.",
            "Critics of Orban of all people spoke.",
        ]);
        assert_eq!(count(&found, "Bank of England"), 2);
        assert_eq!(count(&found, "University of Oslo"), 2);
        assert_eq!(count(&found, "Luiz Inácio da Silva"), 3);
        assert_eq!(count(&found, "Orban"), 1);
        assert!(!names(&found).iter().any(|n| n.ends_with(" of")));
    }

    #[test]
    fn a_second_connector_only_follows_a_first() {
        let found = find(&["He told Putin the Kremlin would pay. Ursula von der Leyen agreed."]);
        assert!(names(&found).contains(&"Putin"));
        assert!(names(&found).contains(&"Kremlin"));
        assert!(names(&found).contains(&"Ursula von der Leyen"));
    }

    #[test]
    fn titles_are_stripped_and_split_a_name() {
        let found = find(&[
            "Prime Minister Viktor Orban met NATO Secretary-General Jens Stoltenberg and Russian President Vladimir Putin.",
            "Foreign Minister Sergei Lavrov and Dr. Jane Goodall watched Apple Chief Executive Tim Cook.",
            "Secretary of State Antony Blinken flew in.",
        ]);
        assert_eq!(
            names(&found),
            [
                "Viktor Orban",
                "NATO",
                "Jens Stoltenberg",
                "Vladimir Putin",
                "Sergei Lavrov",
                "Jane Goodall",
                "Apple",
                "Tim Cook",
                "Antony Blinken"
            ]
        );
    }

    #[test]
    fn a_title_modifier_alone_stays_in_the_name() {
        let found = find(&["The Supreme Court and the Foreign Office met."]);
        assert_eq!(names(&found), ["Supreme Court", "Foreign Office"]);
    }
}
