//! Reading text as the name reader needs it: a paragraph into sentences, a
//! sentence into words and the breaks between them.
//!
//! A sentence starts at a paragraph's start, after . ! ? … and after an
//! opening quote. Whether a period ends a sentence or belongs to its word
//! ("Dr.", "Sept.", "U.S.") is the rule the summary and headline code use
//! too ([`keeps_period`]); reading word by word, this reader does not also
//! look at the word after the period as `first_sentence` does. Each word is
//! classified once by `words`; `finding` then cuts the names out of each
//! sentence.

use crate::article::text::{is_dotted_abbreviation, keeps_period};

use super::words::{SMALL_WORDS, WordKind, is_capitalised, word_kind};

/// One word of running text, borrowed from its paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word<'a> {
    /// As written, possessive stripped ("Hungary" for "Hungary's").
    pub(super) text: &'a str,
    /// Written as a hashtag (#NATO).
    pub(super) hashtag: bool,
    /// How the name finder sees it, decided once when the word is read.
    pub(super) kind: WordKind,
}

/// What separates words matters: punctuation ends a name, a space does not.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece<'a> {
    Word(Word<'a>),
    Break,
}

/// The words from one sentence start to the next: a paragraph's start, the
/// word after . ! ? or after an opening quote.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Sentence<'a> {
    pub(super) pieces: Vec<Piece<'a>>,
}

impl<'a> Sentence<'a> {
    pub(super) fn words(&self) -> impl Iterator<Item = &Word<'a>> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Word(word) => Some(word),
            Piece::Break => None,
        })
    }
}

#[derive(Debug)]
pub(super) struct Paragraph<'a> {
    pub(super) sentences: Vec<Sentence<'a>>,
    /// Every word capitalised, as in a Title Case subheading.
    pub(super) headline_case: bool,
}

impl<'a> Paragraph<'a> {
    pub(super) fn read(text: &'a str) -> Paragraph<'a> {
        let mut reader = SentenceReader::default();
        for chunk in crate::article::text::words(text) {
            if looks_like_address(chunk) {
                // Words inside URLs and e-mail addresses are not names.
                reader.push(Piece::Break);
                if chunk.ends_with(['.', '!', '?']) {
                    reader.start_sentence();
                }
                continue;
            }
            reader.read_chunk(chunk);
        }
        let sentences = reader.finish();
        let headline_case = is_headline_case(&sentences);
        Paragraph {
            sentences,
            headline_case,
        }
    }
}

#[derive(Default)]
struct SentenceReader<'a> {
    done: Vec<Sentence<'a>>,
    current: Sentence<'a>,
}

impl<'a> SentenceReader<'a> {
    fn push(&mut self, piece: Piece<'a>) {
        self.current.pieces.push(piece);
    }

    fn start_sentence(&mut self) {
        if self.current.words().next().is_some() {
            // A copy of exactly the right size; `current` keeps its room.
            let pieces = self.current.pieces.drain(..).collect();
            self.done.push(Sentence { pieces });
        } else {
            self.current.pieces.clear();
        }
    }

    fn finish(mut self) -> Vec<Sentence<'a>> {
        self.start_sentence();
        self.done
    }

    /// One whitespace-free chunk: words, with the punctuation around and
    /// between them deciding breaks and sentence starts.
    fn read_chunk(&mut self, chunk: &'a str) {
        let mut seen_word = false;
        let mut at = 0;
        while let Some(ch) = char_at(chunk, at) {
            if is_word_char(ch) {
                let hashtag = at > 0 && chunk.as_bytes().get(at - 1) == Some(&b'#');
                let (text, possessive, next) = read_word(chunk, at);
                at = next;
                seen_word = true;
                if text.contains('.') && !is_dotted_abbreviation(text) {
                    // "Agency.org", "3.5": not a name, and ends any run.
                    self.push(Piece::Break);
                    continue;
                }
                let kind = word_kind(text);
                self.push(Piece::Word(Word {
                    text,
                    hashtag,
                    kind,
                }));
                if possessive || hashtag {
                    // "Hungary's Prime Minister": the possessive closes the
                    // name; a hashtag always stands alone.
                    self.push(Piece::Break);
                }
                continue;
            }
            match ch {
                '.' | '!' | '?' | '…' => self.start_sentence(),
                '"' | '\'' if !seen_word => self.start_sentence(),
                '“' | '‘' | '«' | '„' | '‹' => self.start_sentence(),
                _ => self.push(Piece::Break),
            }
            at += ch.len_utf8();
        }
    }
}

/// The character at byte `at` of `text`, if one starts there.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    match *text.as_bytes().get(at)? {
        // An ASCII byte is always a whole character.
        byte @ 0..0x80 => Some(char::from(byte)),
        _ => text.get(at..).and_then(|rest| rest.chars().next()),
    }
}

/// Reads the word starting at byte `start` of `chunk`; returns it, whether
/// it was possessive, and the byte after it.
fn read_word(chunk: &str, start: usize) -> (&str, bool, usize) {
    let mut at = start;
    while let Some(ch) = char_at(chunk, at) {
        let joins = is_joiner(ch) && char_at(chunk, at + ch.len_utf8()).is_some_and(is_word_char);
        if is_word_char(ch) || (joins && at > start) {
            at += ch.len_utf8();
        } else {
            break;
        }
    }
    let mut text = chunk.get(start..at).unwrap_or_default();
    // "Dr." "U.S." "John F. Kennedy": the period belongs to the word.
    if char_at(chunk, at) == Some('.') && keeps_period(text) {
        at += 1;
        text = chunk.get(start..at).unwrap_or_default();
    }
    for ending in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = text.strip_suffix(ending)
            && !stem.is_empty()
        {
            return (stem, true, at);
        }
    }
    (text, false, at)
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || is_combining_mark(ch)
}

/// Combining accents, so a decomposed "Orba\u{301}n" stays one word.
fn is_combining_mark(ch: char) -> bool {
    matches!(ch,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that join letters into one word: O'Brien, Secretary-General, U.S.
fn is_joiner(ch: char) -> bool {
    matches!(ch, '\'' | '’' | '-' | '‐' | '‑' | '.')
}

/// URLs, e-mail addresses, handles and bare domains ("Example.com/Foo").
fn looks_like_address(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    // No character lowercases to an ASCII "w" or "." but those letters
    // themselves, so comparing the first bytes is the same as lowercasing.
    if bytes
        .get(..4)
        .is_some_and(|start| start.eq_ignore_ascii_case(b"www."))
    {
        return true;
    }
    // One pass for '@', "://" and a period between a letter or digit and
    // two ASCII letters: "Agency.org", but not "U.S." nor "3.5" nor
    // "dialogue...".
    bytes.iter().enumerate().any(|(at, &byte)| match byte {
        b'@' => true,
        b':' => bytes.get(at + 1..at + 3) == Some(b"//"),
        b'.' => {
            bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic)
                && bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic)
                && chunk
                    .get(..at)
                    .and_then(|before| before.chars().next_back())
                    .is_some_and(char::is_alphanumeric)
        }
        _ => false,
    })
}

fn is_headline_case(sentences: &[Sentence]) -> bool {
    let mut content_words = 0;
    for word in sentences.iter().flat_map(Sentence::words) {
        if !word.text.chars().next().is_some_and(char::is_alphabetic)
            || SMALL_WORDS.contains(&word.text)
        {
            continue;
        }
        if !is_capitalised(word.text) {
            return false;
        }
        content_words += 1;
    }
    content_words >= 3
}

#[cfg(test)]
mod tests {
    use crate::ingest::names::testing::{count, find, names};

    #[test]
    fn names_may_be_non_ascii() {
        let found = find(&[
            "Zoë Ødegaard flew from São Paulo to Łódź. Later Zoë Ødegaard left São Paulo for Łódź again.",
        ]);
        assert_eq!(names(&found), ["Zoë Ødegaard", "São Paulo", "Łódź"]);
        assert!(found.iter().all(|c| c.count == 2));
    }

    #[test]
    fn acronyms_and_dotted_abbreviations_are_names() {
        let found =
            find(&["Officials at NATO and the U.S. Treasury spoke. The U.S. and NATO agreed."]);
        assert_eq!(count(&found, "NATO"), 2);
        assert_eq!(count(&found, "U.S. Treasury"), 1);
        // "U.S." alone, which the built-in aliases make "United States".
        assert_eq!(count(&found, "United States"), 1);
    }

    #[test]
    fn possessives_are_stripped_and_end_the_name() {
        let found =
            find(&["It was Hungary's turn and Hungary’s choice. Hungary's Prime Minister spoke."]);
        assert_eq!(names(&found), ["Hungary"]);
        assert_eq!(count(&found, "Hungary"), 3);
    }

    #[test]
    fn words_in_urls_and_email_addresses_are_not_names() {
        let found = find(&[
            "See https://Example.com/Foo and Example.com/Foo or write to Press@Agency.org today.",
            "Again see https://Example.com/Foo, www.Example.com and Press@Agency.org, @Foo.",
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
