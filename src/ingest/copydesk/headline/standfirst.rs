//! The summary under a headline on a card (and the page's meta
//! description): what the reader learns next, not the headline again.
//!
//! It is the text after the headline's sentence in its paragraph (for a
//! lead of several sentences, the lead minus the headline's sentence); when
//! that paragraph has nothing more, the next paragraph; the headline's own
//! paragraph only when the story has no other text. Whole sentences while
//! they fit in the word budget, as `summarize` cuts them.

use super::choose::{Chosen, is_news};
use crate::article::text::{first_sentence, summarize};

/// The summary of a story whose paragraphs are `paragraphs` and whose
/// headline was made of `chosen`.
pub(super) fn summary(paragraphs: &[&str], chosen: &Chosen<'_>, max_words: usize) -> String {
    let rest = paragraphs
        .get(chosen.paragraph)
        .and_then(|paragraph| paragraph.get(chosen.rest_at..))
        .map(str::trim)
        .filter(|rest| !rest.is_empty());
    let next = || {
        paragraphs
            .iter()
            .skip(chosen.paragraph + 1)
            .map(|paragraph| paragraph.trim())
            .find(|paragraph| is_news(first_sentence(paragraph)))
    };
    let text = rest
        .or_else(next)
        .or_else(|| paragraphs.get(chosen.paragraph).copied())
        .unwrap_or_default();
    summarize(text, max_words)
}

#[cfg(test)]
mod tests {
    use super::super::choose::news_sentence;
    use super::*;

    fn summary_of(paragraphs: &[&str]) -> String {
        let chosen = news_sentence(paragraphs).unwrap();
        summary(paragraphs, &chosen, 50)
    }

    #[test]
    fn a_lead_of_several_sentences_loses_the_headline_sentence() {
        assert_eq!(
            summary_of(&[
                "The council approved the bridge. Work starts in May. It costs £4m.",
                "More."
            ]),
            "Work starts in May. It costs £4m."
        );
    }

    #[test]
    fn a_one_sentence_lead_is_followed_by_the_next_paragraph() {
        assert_eq!(
            summary_of(&[
                "The council approved the bridge on Friday.",
                "View Comments",
                "Work starts in May, the mayor said."
            ]),
            "Work starts in May, the mayor said."
        );
    }

    #[test]
    fn a_story_of_one_sentence_keeps_it() {
        assert_eq!(
            summary_of(&["The council approved the bridge."]),
            "The council approved the bridge."
        );
    }
}
