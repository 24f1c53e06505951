//! Which sentence carries the news: the lead's first, unless it is one a
//! headline cannot be made of (a quote, a question, an exclamation, a
//! first-person opener, a photo caption, a teaser, a page stub or a line of
//! boilerplate); then the following sentences of the first paragraphs.

use crate::article::text::{first_sentence, words};

/// How many sentences are read for the news before settling for the first.
const SENTENCES_READ: usize = 6;

/// The fewest words a sentence of news has ("View Comments" has two).
const FEWEST_WORDS: usize = 4;

/// The sentence a headline is made of, and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chosen<'a> {
    pub sentence: &'a str,
    /// The paragraph it is in.
    pub paragraph: usize,
    /// Where in that paragraph the text after it begins.
    pub rest_at: usize,
}

/// The sentence of news among the first of `paragraphs`, else the first
/// sentence of all. `None` when there is no text.
pub(super) fn news_sentence<'a>(paragraphs: &[&'a str]) -> Option<Chosen<'a>> {
    let mut first = None;
    let mut read = 0;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let mut at = 0;
        while at < paragraph.len() && read < SENTENCES_READ {
            let rest = &paragraph[at..];
            let skipped = rest.len() - rest.trim_start().len();
            let sentence = first_sentence(rest);
            if sentence.is_empty() {
                break;
            }
            let start = at + skipped;
            let mut end = start + sentence.len();
            // `first_sentence` leaves out the final period.
            if paragraph[end..].starts_with('.') {
                end += 1;
            }
            let chosen = Chosen {
                sentence,
                paragraph: index,
                rest_at: end,
            };
            first.get_or_insert(chosen);
            if is_news(sentence) {
                return Some(chosen);
            }
            read += 1;
            at = end;
        }
        if read >= SENTENCES_READ {
            break;
        }
    }
    first
}

/// Whether a headline can be made of `sentence`.
pub(super) fn is_news(sentence: &str) -> bool {
    let sentence = sentence.trim();
    words(sentence)
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
        >= FEWEST_WORDS
        && !sentence.ends_with(['?', '!'])
        && !sentence.ends_with("?\"")
        && !sentence.ends_with("?”")
        && !super::trim::is_fragment(sentence)
        && !is_quote(sentence)
        && !is_first_person(sentence)
        && !is_caption(sentence)
        && !is_boilerplate(sentence)
}

/// Whether a short line set above the story is its title: three words or
/// more, and not a byline, a dateline, a caption or page furniture.
pub(super) fn is_title(line: &str) -> bool {
    let line = line.trim();
    let count = words(line)
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let lower = line.to_lowercase();
    let furniture = [
        "by ",
        "share ",
        "posted ",
        "for immediate release",
        "key points",
        "photo",
    ]
    .iter()
    .any(|opener| lower.starts_with(opener))
        || lower.contains("shares")
        || lower.contains("newswire")
        || lower.contains(" | ");
    // "ALEXANDRIA, VA", "WASHINGTON, Jan. 3": a place in capitals and a comma.
    let dateline = line
        .split(',')
        .next()
        .is_some_and(|place| line.contains(',') && !place.chars().any(char::is_lowercase));
    count >= 3 && !furniture && !dateline && !is_caption(line) && !is_boilerplate(line)
}

/// A sentence that opens with a quotation of several words: the speaker's
/// words, not the news. A quoted word or two ("'Brexit' talks fail") is not.
fn is_quote(sentence: &str) -> bool {
    let Some(open) = sentence.chars().next() else {
        return false;
    };
    let close = match open {
        '"' => '"',
        '“' => '”',
        '‘' => '’',
        '\'' => '\'',
        _ => return false,
    };
    let inner = &sentence[open.len_utf8()..];
    match inner.find(close) {
        Some(at) => words(&inner[..at]).count() > 3,
        None => true,
    }
}

/// "I …", "We …", "My …", "Rise and shine": the writer speaking, not the news.
fn is_first_person(sentence: &str) -> bool {
    let first = words(sentence).next().unwrap_or_default();
    let first = first.trim_end_matches([',', ':', '!']);
    [
        "I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll", "We", "We're", "We’re",
        "We've", "We’ve", "My", "Our", "Let's", "Let’s", "You", "You're", "You’re", "Your", "Us",
    ]
    .contains(&first)
}

/// Photo captions and credits: "(Photo: AP)", "File photo of …", "Getty Images".
fn is_caption(sentence: &str) -> bool {
    const MARKS: &[&str] = &[
        "photo:",
        "(photo",
        "photo credit",
        "file photo",
        "image:",
        "picture:",
        "(picture",
        "(image",
        "getty images",
        "(ap photo",
        "(reuters/",
        "/reuters)",
        "(afp",
        "pictured",
        "(left)",
        "(right)",
        "(centre)",
        "(center)",
        "credit:",
        "image copyright",
        "image caption",
    ];
    let lower = sentence.to_lowercase();
    MARKS.iter().any(|mark| lower.contains(mark))
}

/// Page furniture and teasers that open many web copies.
fn is_boilerplate(sentence: &str) -> bool {
    const OPENERS: &[&str] = &[
        "view comments",
        "read more",
        "click here",
        "sign up",
        "subscribe",
        "follow us",
        "follow @",
        "share this",
        "share on",
        "advertisement",
        "related:",
        "watch:",
        "watch the",
        "listen:",
        "last updated",
        "updated:",
        "published:",
        "posted:",
        "posted on",
        "copyright",
        "all rights reserved",
        "story continues",
        "here's what",
        "here’s what",
        "here is what",
        "this is what",
        "find out",
        "scroll down",
        "don't miss",
        "don’t miss",
        "breaking news:",
        "get the latest",
        "want to",
        "this article",
        "this story",
        "editor's note",
        "editor’s note",
    ];
    let lower = sentence
        .trim_start_matches(['(', '[', '-', '*'])
        .to_lowercase();
    OPENERS.iter().any(|opener| lower.starts_with(opener))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(paragraphs: &[&'static str]) -> &'static str {
        news_sentence(paragraphs).map_or("", |c| c.sentence)
    }

    #[test]
    fn the_lead_sentence_is_the_news() {
        assert_eq!(
            chosen(&["The council approved the bridge. Work starts in May."]),
            "The council approved the bridge"
        );
    }

    #[test]
    fn a_quote_opening_the_lead_is_passed_over() {
        assert_eq!(
            chosen(&[
                "\"We will not give up on this town,\" the mayor told a packed hall. The council approved the bridge on Friday."
            ]),
            "The council approved the bridge on Friday"
        );
        // A quoted word is not a quote.
        assert!(is_news("'Brexit' talks collapse in the capital"));
    }

    #[test]
    fn questions_exclamations_and_first_person_openers_are_passed_over() {
        assert_eq!(
            chosen(&[
                "Rise and shine! Who would have thought it? I have covered this town for years. The council approved the bridge."
            ]),
            "The council approved the bridge"
        );
    }

    #[test]
    fn captions_stubs_and_boilerplate_are_passed_over() {
        assert_eq!(
            chosen(&[
                "View Comments",
                "-1",
                "The mayor opens the bridge (Photo: Harbour Times).",
                "READ MORE: Bridge plans in full.",
                "The council approved the bridge."
            ]),
            "The council approved the bridge"
        );
    }

    #[test]
    fn bylines_datelines_and_furniture_above_a_story_are_not_its_title() {
        for line in [
            "By Jane Doe",
            "En Español",
            "ALEXANDRIA, VA",
            "Share Facebook Twitter Email",
            "7k SHARES SHARE THIS STORY",
            "Photo by the harbour",
            "Harbour Times",
        ] {
            assert!(!is_title(line), "{line}");
        }
        assert!(is_title("Heatwave grips the north"));
    }

    #[test]
    fn a_sentence_broken_off_on_a_function_word_is_passed_over() {
        assert_eq!(
            chosen(&[
                "Every council member has voted for the plan of the",
                "The council approved the bridge."
            ]),
            "The council approved the bridge"
        );
    }

    #[test]
    fn with_no_news_the_first_sentence_stays() {
        assert_eq!(chosen(&["Who knew? Not us."]), "Who knew?");
    }

    #[test]
    fn the_rest_begins_after_the_chosen_sentence() {
        let paragraphs = ["Who knew? The council approved it. Work starts soon."];
        let chosen = news_sentence(&paragraphs).unwrap();
        assert_eq!(&paragraphs[0][chosen.rest_at..], " Work starts soon.");
    }
}
