//! Plain-text newsroom helpers: sentences, summaries, word counts, escaping.
//!
//! Used by `ingest` to derive a wire article's headline and summary and to
//! count words for every article; its name reader (`ingest::names`) splits
//! sentences by the same abbreviation rule ([`keeps_period`]). Pure
//! functions, no knowledge of files.

/// Words that end with a period without ending a sentence, lowercase. The
/// one list for the summary and headline code here and for the name reader
/// in `ingest::names`, both through [`keeps_period`]. Abbreviations written
/// with periods inside ("U.S.", "p.m.", "e.g.") need no entry: their shape
/// tells (see [`is_dotted_abbreviation`]).
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    // Titles and name parts: "Dr. Jane Goodall", "Mt. Everest", "ACME CORP."
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "jr", "sr", "mt", "ft", "inc", "ltd", "co", "corp", "vs",
    // From here on, words that are acronyms when written in capitals (see
    // `is_listed_abbreviation`). Months and days: "Sept. 10", "Mon."
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun",
    // Others.
    "no", "etc", "approx", "fig", "vol",
];

/// Whether a period right after `word` belongs to it rather than ending a
/// sentence: an abbreviation ("Dr.", "Sept.", "U.S.", "Ph.D.") or an initial
/// (the "F." of "John F. Kennedy"). The one sentence-boundary rule of the
/// summary and headline code ([`first_sentence`]) and of the name reader.
pub(crate) fn keeps_period(word: &str) -> bool {
    is_initial(word) || is_dotted_abbreviation(word) || is_listed_abbreviation(word)
}

/// One capital letter, in any script.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// "U.S", "U.K.", "Ph.D.", "p.m": letters in groups of one or two between
/// periods. Not "3.5", nor "Agency.org", nor an ellipsis.
pub(crate) fn is_dotted_abbreviation(word: &str) -> bool {
    let mut groups = word.split('.').filter(|group| !group.is_empty()).peekable();
    word.contains('.')
        && groups.peek().is_some()
        && groups.all(|group| group.chars().count() <= 2 && group.chars().all(char::is_alphabetic))
}

/// Where in [`ABBREVIATIONS`] the name parts end.
const NAME_PARTS: usize = 23;

/// In [`ABBREVIATIONS`], case aside (as `str::to_lowercase` compares); but
/// past the name parts, a word in capitals ("DEC", "NO") is an acronym (the
/// Disasters Emergency Committee), whose period ends a sentence.
fn is_listed_abbreviation(word: &str) -> bool {
    // No allocation for ASCII words: this runs for every word before a
    // period in every article.
    let found = if word.is_ascii() {
        ABBREVIATIONS
            .iter()
            .position(|listed| listed.eq_ignore_ascii_case(word))
    } else {
        let lower = word.to_lowercase();
        ABBREVIATIONS.iter().position(|listed| *listed == lower)
    };
    let Some(at) = found else {
        return false;
    };
    let acronym = word.chars().count() > 1 && !word.chars().any(char::is_lowercase);
    at < NAME_PARTS || !acronym
}

/// The first sentence of `text`, without its final period. A period after an
/// abbreviation (Mr., U.S., p.m.) or inside a number (3.5) does not end the
/// sentence; `?` and `!` do, and are kept.
pub(crate) fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    for (index, ch) in text.char_indices() {
        if !matches!(ch, '.' | '!' | '?') {
            continue;
        }
        let after = &text[index + 1..];
        // A sentence ends at its mark, possibly followed by closing quotes,
        // then white space and a new sentence (or the end of the text).
        let after_quotes = after.trim_start_matches(['"', '\'', '”', '’', ')']);
        let closes = after_quotes.is_empty() || after_quotes.starts_with(char::is_whitespace);
        if !closes {
            continue;
        }
        if ch == '.' {
            // After the separator, which may be wider than a byte (a
            // no-break space from `&nbsp;`).
            let word_start = text[..index]
                .char_indices()
                .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
                .map_or(0, |(i, c)| i + c.len_utf8());
            if keeps_period(&text[word_start..index]) {
                continue;
            }
            // Text read whole can look ahead, which the name reader, going
            // word by word, does not: a lowercase word after the period
            // continues the sentence.
            let next = after_quotes.trim_start().chars().next();
            if next.is_some_and(|c| c.is_lowercase()) {
                continue;
            }
            let end = index + (after.len() - after_quotes.len()) + 1;
            let sentence = text[..end].trim_end();
            return sentence.strip_suffix('.').unwrap_or(sentence);
        }
        let end = index + 1 + (after.len() - after_quotes.len());
        return &text[..end];
    }
    text
}

/// Splits text into sentences with `first_sentence`'s rules.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let sentence = first_sentence(rest);
        let mut consumed = sentence.len();
        // first_sentence drops a final period: consume it too.
        if rest[consumed..].starts_with('.') {
            consumed += 1;
        }
        let (taken, remaining) = rest.split_at(consumed.min(rest.len()));
        out.push(taken.trim());
        rest = remaining.trim_start();
    }
    out
}

/// A summary of about `max_words` words: whole sentences while they fit,
/// otherwise the first sentence cut at a word.
pub(crate) fn summarize(text: &str, max_words: usize) -> String {
    let text = text.trim();
    if word_count(text) <= max_words {
        return text.to_string();
    }
    let mut summary = String::new();
    let mut words = 0;
    for sentence in sentences(text) {
        let count = word_count(sentence);
        if words + count > max_words {
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(sentence);
        words += count;
    }
    if summary.is_empty() {
        let cut: Vec<&str> = text.split_whitespace().take(max_words).collect();
        return format!("{}…", cut.join(" "));
    }
    summary
}

/// Words, as a reader counts them: runs of characters between white space
/// that hold at least one letter or digit.
pub(crate) fn word_count(text: &str) -> usize {
    // One pass over the bytes, decoding only characters beyond ASCII.
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut counted = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let class = match BYTE_CLASS.get(usize::from(byte)) {
            Some(&class) => class,
            None => OTHER,
        };
        if class == NOT_ASCII {
            let c = text.get(at..).and_then(|rest| rest.chars().next());
            let (space, alphanumeric) =
                c.map_or((false, false), |c| (c.is_whitespace(), c.is_alphanumeric()));
            if space {
                counted = false;
            } else if alphanumeric && !counted {
                count += 1;
                counted = true;
            }
            at += c.map_or(1, char::len_utf8);
            continue;
        }
        // Branch-free for ASCII: a letter or digit starts a count once per
        // word, and white space ends the word.
        let alphanumeric = class == ALPHANUMERIC;
        count += usize::from(alphanumeric && !counted);
        counted = (counted || alphanumeric) && class != SPACE;
        at += 1;
    }
    count
}

const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const NOT_ASCII: u8 = 3;

/// What each byte is to [`word_count`].
static BYTE_CLASS: [u8; 256] = {
    let mut classes = [NOT_ASCII; 256];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ' => SPACE,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALPHANUMERIC,
            _ => OTHER,
        };
        byte += 1;
    }
    classes
};

/// The words of `text` as `str::split_whitespace` gives them, found faster:
/// bytes are compared, and only the few characters that begin with the same
/// byte as a Unicode space are decoded.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

/// The iterator [`words`] returns.
#[derive(Debug, Clone)]
pub(crate) struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.rest;
        let mut start = 0;
        while let Some(width) = space_at(text, start) {
            start += width;
        }
        let mut end = start;
        while end < text.len() {
            if space_at(text, end).is_some() {
                break;
            }
            end += 1;
        }
        let word = text.get(start..end).unwrap_or_default();
        self.rest = text.get(end..).unwrap_or_default();
        (!word.is_empty()).then_some(word)
    }
}

/// The length in bytes of the white-space character at byte `at` of `text`,
/// if there is one. `at` need not be a character boundary: a byte inside a
/// character is never white space.
#[inline]
fn space_at(text: &str, at: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(at)?;
    if byte < 0x80 {
        return matches!(byte, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ').then_some(1);
    }
    // Only U+0085, U+00A0, U+1680, U+2000..U+205F and U+3000 are white
    // space beyond ASCII; they start with these bytes.
    if !matches!(byte, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        return None;
    }
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_whitespace())
        .map(char::len_utf8)
}

/// Minutes to read `words` words at 230 words a minute, at least 1.
pub(crate) fn reading_time(words: usize) -> usize {
    words.div_ceil(230).max(1)
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_respects_abbreviations_and_numbers() {
        assert_eq!(
            first_sentence("Mr. Smith met Dr. Jones in the U.S. on Monday. Then he left."),
            "Mr. Smith met Dr. Jones in the U.S. on Monday"
        );
        assert_eq!(
            first_sentence("Growth was 3.5 percent. Next."),
            "Growth was 3.5 percent"
        );
        assert_eq!(
            first_sentence("Climbers died on Mt. Everest on Sunday. Rescue failed."),
            "Climbers died on Mt. Everest on Sunday"
        );
        assert_eq!(first_sentence("Is it over? Nobody knows."), "Is it over?");
        assert_eq!(first_sentence("No end mark here"), "No end mark here");
        assert_eq!(
            first_sentence("John F. Kennedy spoke. Then."),
            "John F. Kennedy spoke"
        );
        assert_eq!(
            first_sentence("He said \"stop.\" Then left."),
            "He said \"stop.\""
        );
    }

    #[test]
    fn a_period_after_an_abbreviation_or_an_initial_is_kept() {
        for word in [
            "Dr", "mt", "CORP", "Sept", "Dec", "U.S", "p.m", "e.g", "Ph.D", "F", "É",
        ] {
            assert!(keeps_period(word), "{word:?}");
        }
        for word in [
            "",
            "said",
            "Paris",
            "3.5",
            "..",
            "Agency.org",
            "“U.S",
            "Sun’s",
            "DEC",
            "NO",
        ] {
            assert!(!keeps_period(word), "{word:?}");
        }
    }

    #[test]
    fn a_word_after_a_wide_space_is_read_whole() {
        // A no-break space is two bytes: the word starts after both.
        assert_eq!(
            first_sentence("The mayor met Mr.\u{A0}Smith. He left."),
            "The mayor met Mr.\u{A0}Smith"
        );
        assert_eq!(
            first_sentence("Talks in the\u{2003}U.S. went on. Next."),
            "Talks in the\u{2003}U.S. went on"
        );
    }

    #[test]
    fn sentences_split_the_whole_text() {
        assert_eq!(sentences("One. Two? Three!"), ["One.", "Two?", "Three!"]);
    }

    #[test]
    fn summary_keeps_whole_sentences() {
        let text = "One two three. Four five six. Seven eight nine.";
        assert_eq!(summarize(text, 6), "One two three. Four five six.");
        assert_eq!(summarize(text, 100), text);
        assert_eq!(summarize("a b c d e f g", 3), "a b c…");
    }

    #[test]
    fn words_are_split_at_any_white_space() {
        for text in [
            "",
            "  ",
            "one",
            " one  two\tthree\nfour\r\nfive\x0Bsix\x0Cseven ",
            "a\u{85}b\u{A0}c\u{1680}d\u{2002}e\u{200A}f\u{2028}g\u{2029}h\u{202F}i\u{205F}j\u{3000}k",
            "no\u{200B}split\u{2010}here ¢£ ‘quoted’ “Orbán” – — … 日本語 Ελλάδα",
            "\u{3000}\u{A0} edge \u{85}",
        ] {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn word_count_counts_words_with_a_letter_or_digit() {
        for text in [
            "",
            "Hello, world — 2022!",
            " — – … “” 'x' ’s\u{A0}Orbán\u{2003}日本語 \u{85}? 3.5 ",
            "a\x0Bb\x0Cc\rd\u{3000}e\u{1680}\u{202F}",
        ] {
            let expected = text
                .split_whitespace()
                .filter(|word| word.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(word_count(text), expected, "{text:?}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(word_count("Hello, world — 2022!"), 3);
        assert_eq!(reading_time(0), 1);
        assert_eq!(reading_time(231), 2);
        assert_eq!(
            escape_html("<a href=\"x\">&"),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
