//! Headlines: the lead's first complete sentence, fitted to 110 characters
//! the way a subeditor would cut it.

use crate::article::text::first_sentence;

/// The longest headline, in characters (Google News and JSON-LD use 110).
pub(crate) const MAX_HEADLINE_CHARS: usize = 110;

/// Words a headline must not end on.
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "but", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "that", "which", "who", "its", "their", "his", "her", "our", "is", "was", "are",
    "were", "into", "over", "after", "before", "about", "than",
];

/// The headline of a lead: its first complete sentence, without the final
/// period, cut to [`MAX_HEADLINE_CHARS`] at a clause, else at a word.
pub(crate) fn headline_of(lead: &str) -> String {
    fit(first_sentence(lead))
}

/// Cuts `text` to the headline length at a natural boundary: the last clause
/// break that keeps at least half the length, else the last word; never
/// mid-word and never on a dangling "the" or "of".
pub(crate) fn fit(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_HEADLINE_CHARS {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(MAX_HEADLINE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let window = &text[..limit];
    let clause = [", ", "; ", ": ", " — ", " – ", " - "]
        .iter()
        .filter_map(|mark| window.rfind(mark))
        .filter(|&at| window[..at].chars().count() >= MAX_HEADLINE_CHARS / 2)
        .max();
    let cut = match clause {
        Some(at) => &window[..at],
        // The window ends mid-word unless the next character is a space.
        None if text[limit..].starts_with(char::is_whitespace) => window,
        None => window
            .rfind(char::is_whitespace)
            .map_or(window, |at| &window[..at]),
    };
    trim_dangling(cut).to_string()
}

fn trim_dangling(mut text: &str) -> &str {
    loop {
        text = text.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—')
        });
        let last_word = text.rsplit(char::is_whitespace).next().unwrap_or(text);
        let dangling = DANGLING.contains(&last_word.to_lowercase().as_str());
        if !dangling || last_word.len() == text.len() {
            return text;
        }
        text = &text[..text.len() - last_word.len()];
    }
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
            "Rates rose 0.25 points at 3 p.m. on Friday"
        );
        assert_eq!(headline_of("Will it rain? Maybe."), "Will it rain?");
    }

    #[test]
    fn long_sentences_are_cut_at_a_clause() {
        let lead = "The city council on Friday approved a fixed bridge across the harbour after an eight-hour debate, ending more than twenty years of studies and consultations.";
        let headline = headline_of(lead);
        assert_eq!(
            headline,
            "The city council on Friday approved a fixed bridge across the harbour after an eight-hour debate"
        );
    }

    #[test]
    fn long_sentences_without_clauses_are_cut_at_a_word_never_on_the() {
        let lead = "Officials said that the long awaited report into the collapse of the regional bank would be published next week by the ministry of finance in the capital of the country.";
        let headline = headline_of(lead);
        assert!(headline.chars().count() <= MAX_HEADLINE_CHARS, "{headline}");
        assert!(lead.starts_with(&headline));
        let last = headline.rsplit(' ').next().unwrap();
        assert!(!DANGLING.contains(&last), "{headline}");
        assert_eq!(
            headline,
            "Officials said that the long awaited report into the collapse of the regional bank would be published next"
        );
    }

    #[test]
    fn never_cuts_mid_word() {
        let word = "Supercalifragilistic".repeat(3);
        let lead = format!("{} {} {}.", word, word, word);
        let headline = headline_of(&lead);
        assert!(headline.split(' ').all(|w| w == word), "{headline}");
    }
}
