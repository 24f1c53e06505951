//! Headlines as an editor writes them, by rule and without a model, and the
//! standfirst that goes under them on a card.
//!
//! The method is the one of Hedge Trimmer (Dorr, Zajic and Schwartz, 2003)
//! and of the DUC-2004 headline task, where trimming the lead sentence beat
//! taking its first 75 characters: choose the sentence that carries the
//! news, then take out, in order, what a headline never needs, and cut only
//! at a constituent boundary when it is still too long. Without a parser,
//! the constituents are found by their edges (commas, function words,
//! capitals), so every rule is cautious: when in doubt, a span is kept.
//!
//! - `choose` picks the sentence: the lead's first sentence unless it is a
//!   quote, a question, an exclamation or first-person opener, a photo
//!   caption, a teaser, a page stub or boilerplate; then the next sentences
//!   of the first paragraphs.
//! - `trim` compresses it (leading time and place adverbials, time
//!   expressions, trailing attribution, "X said that …", appositives and
//!   relative clauses; titles before a name only when still long) and
//!   fits it: at most [`MAX_HEADLINE_CHARS`], aiming at [`TARGET_CHARS`].
//! - `standfirst` writes the card's summary so that it adds to the headline
//!   rather than repeating it: the lead's sentences after the headline's
//!   sentence; for a one-sentence lead, the next paragraph; the lead itself
//!   only when the story has nothing else. (A headline taken whole from a
//!   heading-like first paragraph is not from the lead, so the summary is
//!   then the lead.)
//!
//! The lead itself stays the article's first paragraph, whole: the headline
//! is a separate string.

mod choose;
mod standfirst;
mod trim;

use crate::article::text::summarize;
use crate::ingest::copydesk::Block;

/// The longest headline, in characters (Google News and JSON-LD use 110).
pub(crate) const MAX_HEADLINE_CHARS: usize = 110;

/// The length a trimmed headline aims at, in characters: editors' titles
/// run to about 55, and the DUC headline task allowed 75 bytes.
pub(crate) const TARGET_CHARS: usize = 75;

/// A wire story's headline and the summary that goes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub headline: String,
    pub summary: String,
}

/// The headline of a story whose body is `blocks`, and its summary of about
/// `summary_words` words. `lead` is the text to use when the body has no
/// paragraph (only a tweet or a list).
pub(crate) fn write(blocks: &[Block], lead: &str, summary_words: usize) -> Written {
    let mut paragraphs: Vec<&str> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    if paragraphs.is_empty() {
        paragraphs.push(lead);
    }
    match choose::news_sentence(&paragraphs) {
        Some(chosen) => Written {
            headline: trim::headline(chosen.sentence),
            summary: standfirst::summary(&paragraphs, &chosen, summary_words),
        },
        None => Written {
            headline: fit(lead),
            summary: summarize(lead, summary_words),
        },
    }
}

/// The headline of a lead paragraph alone (its summary aside).
#[cfg(test)]
pub(crate) fn headline_of(lead: &str) -> String {
    write(&[Block::Paragraph(lead.to_string())], lead, 50).headline
}

/// Fits a headline written by someone else (a heading-like first paragraph,
/// a front-matter title) to [`MAX_HEADLINE_CHARS`], cutting only at a
/// constituent boundary; it is not otherwise rewritten.
pub(crate) fn fit(text: &str) -> String {
    trim::fit(text.trim(), MAX_HEADLINE_CHARS)
}

/// Whether a heading-like first paragraph is the story's headline, not a
/// byline ("By Jane Doe"), a dateline, a section label or page furniture
/// ("En Español", "Share Facebook", "Photo") set above the story.
pub(crate) fn is_headline(text: &str) -> bool {
    choose::is_title(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_without_final_period() {
        assert_eq!(
            headline_of("Mr. Smith went to Washington. He stayed."),
            "Mr. Smith went to Washington"
        );
        assert_eq!(
            headline_of("Rates rose 0.25 points at 3 p.m. on Friday. More."),
            "Rates rose 0.25 points at 3 p.m."
        );
    }

    #[test]
    fn long_sentences_are_cut_at_a_clause() {
        let lead = "The city council approved a fixed bridge across the harbour after an eight-hour debate, ending more than twenty years of studies and consultations.";
        assert_eq!(
            headline_of(lead),
            "The city council approved a fixed bridge across the harbour"
        );
    }

    #[test]
    fn never_cuts_mid_word() {
        let word = "Supercalifragilistic".repeat(3);
        let lead = format!("{} {} {}.", word, word, word);
        let headline = headline_of(&lead);
        assert!(headline.split(' ').all(|w| w == word), "{headline}");
    }

    #[test]
    fn the_shared_seed_names_orban_moscow_and_putin() {
        let lead = "Hungary's Prime Minister Viktor Orban arrived in Moscow on Tuesday to meet Russian President Vladimir Putin. It is the first time a member of the European Union has met Putin in person since the Ukraine border issue erupted.";
        let headline = headline_of(lead);
        assert!(headline.chars().count() <= 80, "{headline}");
        for name in ["Orban", "Moscow", "Putin"] {
            assert!(headline.contains(name), "{headline}");
        }
    }

    #[test]
    fn the_summary_does_not_repeat_the_headline() {
        let blocks = [
            Block::Paragraph(
                "The council approved the bridge on Friday. Work starts in May.".into(),
            ),
            Block::Paragraph("The vote was close.".into()),
        ];
        let written = write(&blocks, "", 50);
        assert_eq!(written.headline, "The council approved the bridge");
        assert_eq!(written.summary, "Work starts in May.");
    }
}
