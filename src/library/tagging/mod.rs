//! Tagging: the people, places and organisations a wire article names, and
//! which of them become its tags.
//!
//! Wire copy arrives without tags. [`find_candidates`] reads one article's
//! paragraphs the way an editor skims them, collecting the names it mentions
//! (titles stripped, short forms merged into full ones). Once every article
//! is read, [`choose_tags`] ranks each article's names by how specific they
//! are to it across the whole archive, so "Russia" in a Russia-heavy corpus
//! gives way to the names only this story carries. The caller fills
//! [`TagSettings`] from site.toml's `[tags]` table and files the articles
//! under the chosen tags. Pure functions: no files, no configuration parsing.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::article::slug::name_key;
use crate::article::{Article, Candidate};
use crate::config::tags::{Spelling, TagSettings};

/// The names an article is about. `paragraphs` are the body's paragraphs as plain text
/// (already without dateline and credit line; subheadings are separate entries too),
/// `hashtags` the hashtags in it without '#' (e.g. "Hungary", "NATO").
///
/// Every name found is returned, in order of first mention, including names
/// mentioned only once: [`choose_tags`] needs those to judge how common a
/// name is across the archive, and applies the "recurs or is hashtagged" rule
/// itself.
pub fn find_candidates(
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
        .collect()
}

/// The tags of every article, in the same order: for each, at most `settings.max` names,
/// best first. `corpus[i]` are the candidates of article i.
///
/// A name counts when the article mentions it twice or more or hashtags it.
/// Counting names are ranked by `count × idf`, doubled for a hashtag, where
/// `idf = ln(1 + N / df)`: N articles, df of them naming it (spellings that
/// slugify alike are one name). Equal scores are ordered by name (byte
/// order), so the result never depends on hashing.
/// One pass to count document frequencies, one to rank: linear in the corpus.
pub fn choose_tags(corpus: &[Vec<Candidate>], settings: &TagSettings) -> Vec<Vec<String>> {
    score_tags(corpus, settings)
        .into_iter()
        .map(|tags| tags.into_iter().map(|tag| tag.name).collect())
        .collect()
}

/// What [`choose_tags`] chose, by spelling: the corpus's distinct spellings,
/// and each article's chosen tags as (spelling, score), best first.
struct Ranking<'a> {
    spellings: Vec<&'a str>,
    chosen: Vec<Vec<(usize, f64)>>,
}

/// A chosen tag and the score it was ranked by.
#[derive(Debug, Clone, PartialEq)]
struct ScoredTag {
    name: String,
    score: f64,
}

/// A hashtag is the article's own editorial choice, so it outweighs a name
/// mentioned the same number of times.
const HASHTAG_WEIGHT: f64 = 2.0;

/// [`choose_tags`] with each tag's score, so tests can check the ranking.
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

fn rank<'a>(corpus: &'a [Vec<Candidate>], settings: &TagSettings) -> Ranking<'a> {
    let mut names = NameIds::default();
    let ids: Vec<Vec<(usize, usize)>> = corpus
        .iter()
        .map(|candidates| candidates.iter().map(|c| names.id(&c.name)).collect())
        .collect();
    let stopped = names.stopped(&settings.stop);

    let mut document_frequency = vec![0usize; names.len()];
    let mut distinct: Vec<usize> = Vec::new();
    for article_ids in &ids {
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

/// Numbers every distinct name of the corpus, so counting and ranking work
/// on integers. Each spelling is slugified once, however many articles use
/// it: the slugs are what make `choose_tags` fast enough for a big archive.
#[derive(Default)]
struct NameIds<'a> {
    /// Only looked up, never iterated, so hashing order cannot leak into
    /// tags: each spelling's name id and spelling id.
    by_spelling: FxHashMap<&'a str, (usize, usize)>,
    by_key: FxHashMap<String, usize>,
    /// Every spelling, by spelling id (in order of first use).
    spellings: Vec<&'a str>,
}

impl<'a> NameIds<'a> {
    /// The name's id (one for all its spellings) and its spelling's id.
    fn id(&mut self, name: &'a str) -> (usize, usize) {
        if let Some(&ids) = self.by_spelling.get(name) {
            return ids;
        }
        let next = self.by_key.len();
        let id = *self.by_key.entry(name_key(name)).or_insert(next);
        let ids = (id, self.spellings.len());
        self.spellings.push(name);
        self.by_spelling.insert(name, ids);
        ids
    }

    fn len(&self) -> usize {
        self.by_key.len()
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

// ---------------------------------------------------------------------------
// Word lists. All lowercase; words are compared lowercased.
// ---------------------------------------------------------------------------

/// Capitalised words that are never names nor part of one: pronouns,
/// articles, conjunctions, prepositions and the adverbs that open wire
/// sentences ("Meanwhile, ..."). They also split a run of capitals, so
/// "Meanwhile NATO said" still finds "NATO".
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it",
    "its", "they", "them", "their", "this", "that", "these", "those", "who", "whom", "whose",
    "what", "which", "where", "when", "why", "how", "there", "here", "a", "an", "the", "some",
    "any", "all", "each", "every", "both", "either", "neither", "no", "not", "none", "many", "much",
    "more", "most", "few", "several", "such", "other", "another", "and", "but", "or", "nor", "so",
    "yet", "if", "as", "at", "by", "for", "from", "in", "into", "of", "on", "onto", "to", "with",
    "within", "without", "after", "before", "during", "since", "until", "while", "although",
    "though", "because", "about", "above", "against", "among", "around", "between", "beyond",
    "over", "under", "through", "despite", "per", "via", "upon", "than", "then", "also", "however",
    "meanwhile", "moreover", "furthermore", "further", "besides", "additionally", "still",
    "instead", "indeed", "thus", "therefore", "hence", "nevertheless", "nonetheless", "otherwise",
    "finally", "later", "earlier", "today", "yesterday", "tomorrow", "tonight", "now", "already",
    "again", "even", "just", "only", "perhaps", "maybe", "yes", "according", "overall", "currently",
    "recently", "previously", "similarly", "likewise", "separately",
];

/// Dates are not what a story is about.
#[rustfmt::skip]
const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "sept", "october",
    "november", "december",
];

/// Lowercase words that may join the capitalised words of one name
/// ("Bank of England", "Luiz Inácio da Silva", "Ursula von der Leyen").
const CONNECTORS: &[&str] = &[
    "of", "de", "da", "das", "do", "dos", "di", "del", "della", "der", "den", "du", "des", "van",
    "von", "bin", "bint", "ibn", "al", "el", "zu",
];

/// Connectors allowed only right after another ("of the", "de la", "van der"):
/// on its own, "told Putin the Kremlin would" must stay two names.
const SECOND_CONNECTORS: &[&str] = &["the", "la", "le", "las", "los", "der", "den", "de", "del"];

/// Connectors that make an organisation rather than a person: "England" is
/// not short for "Bank of England", but "Silva" is for "Luiz Inácio da Silva".
const ORGANISATION_CONNECTORS: &[&str] = &["of", "the"];

/// The word that makes a title. A title is any run of modifiers ending in
/// one of these ("President", "Prime Minister", "Chief Executive Officer").
#[rustfmt::skip]
const TITLE_HEADS: &[&str] = &[
    "president", "president-elect", "minister", "pm", "premier", "secretary", "secretary-general",
    "chancellor", "senator", "sen", "governor", "gov", "mayor", "king", "queen", "prince",
    "princess", "emperor", "pope", "chief", "ceo", "chairman", "chairwoman", "chairperson",
    "spokesman", "spokeswoman", "spokesperson", "general", "gen", "colonel", "col", "captain",
    "capt", "lieutenant", "lt", "sergeant", "sgt", "admiral", "commander", "marshal", "officer",
    "dr", "mr", "mrs", "ms", "prof", "professor", "sir", "dame", "judge", "ambassador", "envoy",
    "commissioner", "director", "leader", "speaker", "rep", "representative", "congressman",
    "congresswoman", "rev", "reverend", "sheikh", "archbishop", "bishop", "cardinal", "coach",
];

/// Words that are part of a title only before a head ("Foreign Minister",
/// "Vice President"); alone they stay in names ("Supreme Court").
#[rustfmt::skip]
const TITLE_MODIFIERS: &[&str] = &[
    "vice", "deputy", "prime", "foreign", "defence", "defense", "finance", "interior", "home",
    "health", "justice", "attorney", "supreme", "crown", "acting", "former", "interim", "executive",
    "senior", "opposition", "majority", "minority", "state", "press", "economy", "trade", "energy",
    "education", "transport", "agriculture", "environment", "culture", "labour", "labor",
    "assistant", "associate", "regional", "grand",
];

/// Titles the head-and-modifier rule gets wrong.
const TITLE_PHRASES: &[&[&str]] = &[
    &["secretary", "of", "state"],
    &["chief", "executive"],
    &["chief", "justice"],
];

/// Adjectives of nationality, region and faith that the suffix rule in
/// [`is_demonym`] misses.
#[rustfmt::skip]
const DEMONYMS: &[&str] = &[
    "american", "german", "french", "dutch", "greek", "thai", "swiss", "czech", "slovak", "afghan",
    "arab", "iraqi", "israeli", "pakistani", "saudi", "yemeni", "qatari", "emirati", "kuwaiti",
    "omani", "bahraini", "bangladeshi", "nepali", "somali", "filipino", "argentine", "mexican",
    "cuban", "african", "moroccan", "kenyan", "ugandan", "rwandan", "asian", "irish", "welsh",
    "scots", "basque", "latino", "hispanic", "muslim", "catholic", "islamic", "buddhist", "hindu",
    "western", "eastern", "northern", "southern", "soviet", "nordic", "slavic",
];

/// Places the demonym suffixes would wrongly drop.
const NOT_DEMONYMS: &[&str] = &["caribbean", "mediterranean", "caspian"];

/// Endings of nationality adjectives ("Russian", "European", "Chinese",
/// "British"), applied only when at least three letters precede them so that
/// "Ian", "Brian" and "Reese" survive.
const DEMONYM_SUFFIXES: &[&str] = &["ian", "ean", "ese", "ish"];

/// Lowercase words a headline-case line leaves uncapitalised.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "vs", "via", "per", "into", "over",
];

/// The word lists looked up for every word, as sets. Only looked up, never
/// iterated, so hashing order cannot leak into tags.
type WordSet = LazyLock<FxHashSet<&'static str>>;
/// Capitalised words that are not names, and why: one look-up per word.
static NOT_NAME_SET: LazyLock<FxHashMap<&'static str, Listed>> = LazyLock::new(|| {
    let common = NOT_NAMES.iter().map(|&word| (word, Listed::Common));
    // A calendar word is never a name, acronym or not: it wins.
    let calendar = CALENDAR.iter().map(|&word| (word, Listed::Calendar));
    common.chain(calendar).collect()
});
static TITLE_HEAD_SET: WordSet = LazyLock::new(|| TITLE_HEADS.iter().copied().collect());
static TITLE_MODIFIER_SET: WordSet = LazyLock::new(|| TITLE_MODIFIERS.iter().copied().collect());
static CONNECTOR_SET: WordSet = LazyLock::new(|| {
    CONNECTORS
        .iter()
        .chain(SECOND_CONNECTORS)
        .copied()
        .collect()
});
/// Words whose final period is part of them, not the end of a sentence.
static ABBREVIATION_SET: WordSet = LazyLock::new(|| {
    crate::article::text::NAME_ABBREVIATIONS
        .iter()
        .copied()
        .collect()
});

/// A run of capitals this long is a shouted line or a list, not one name.
const MAX_NAME_WORDS: usize = 8;

/// Sentences shorter than this repeat by chance ("Jens Stoltenberg"); longer
/// ones repeat because a tweet or pull quote is embedded twice, and should
/// not double its names.
const REPEAT_MIN_WORDS: usize = 6;

// ---------------------------------------------------------------------------
// Reading text: paragraphs, sentences, words.
// ---------------------------------------------------------------------------

/// One word of running text, borrowed from its paragraph.
#[derive(Debug, Clone, PartialEq)]
struct Word<'a> {
    /// As written, possessive stripped ("Hungary" for "Hungary's").
    text: &'a str,
    /// Written as a hashtag (#NATO).
    hashtag: bool,
    /// How the name finder sees it, decided once when the word is read.
    kind: WordKind,
}

/// What separates words matters: punctuation ends a name, a space does not.
#[derive(Debug, Clone, PartialEq)]
enum Piece<'a> {
    Word(Word<'a>),
    Break,
}

/// The words from one sentence start to the next: a paragraph's start, the
/// word after . ! ? or after an opening quote.
#[derive(Debug, Default, Clone, PartialEq)]
struct Sentence<'a> {
    pieces: Vec<Piece<'a>>,
}

impl<'a> Sentence<'a> {
    fn words(&self) -> impl Iterator<Item = &Word<'a>> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Word(word) => Some(word),
            Piece::Break => None,
        })
    }
}

#[derive(Debug)]
struct Paragraph<'a> {
    sentences: Vec<Sentence<'a>>,
    /// Every word capitalised, as in a Title Case subheading.
    headline_case: bool,
}

impl<'a> Paragraph<'a> {
    fn read(text: &'a str) -> Paragraph<'a> {
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

/// Whether a period after `word` is part of it rather than a full stop.
fn keeps_period(word: &str) -> bool {
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_capital
        || (word.contains('.') && is_dotted_abbreviation(word))
        || with_lowercase(word, |lower| ABBREVIATION_SET.contains(lower))
}

/// "U.S", "U.K.", "Ph.D.": letters in groups of one or two between periods.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.split('.')
        .filter(|part| !part.is_empty())
        .all(|part| part.chars().count() <= 2 && part.chars().all(char::is_alphabetic))
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

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// "NATO", "US", "EU": all capitals, at least two letters.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
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

/// Calls `f` with `word` lower-cased (as `str::to_lowercase` does it),
/// without allocating for the short ASCII words the word lists hold.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; 32];
    if word.is_ascii()
        && let Some(lower) = buffer.get_mut(..word.len())
    {
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// For the word lists; "Dr." compares as "dr".
fn without_period(word: &str) -> &str {
    word.trim_end_matches('.')
}

/// Why a capitalised word is not a name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Listed {
    /// In [`NOT_NAMES`], unless written as an acronym.
    Common,
    /// In [`CALENDAR`].
    Calendar,
}

/// How a name finder sees one word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum WordKind {
    /// Capitalised and not on any list: may be (part of) a name.
    Name,
    Connector,
    Other,
}

fn word_kind(word: &str) -> WordKind {
    if !is_capitalised(word) {
        return if CONNECTOR_SET.contains(word) {
            WordKind::Connector
        } else {
            WordKind::Other
        };
    }
    // Acronyms skip the common-word list: "US" and "IT" are not "us" and "it".
    match with_lowercase(without_period(word), |lower| {
        NOT_NAME_SET.get(lower).copied()
    }) {
        Some(Listed::Calendar) => WordKind::Other,
        Some(Listed::Common) if !is_acronym(word) => WordKind::Other,
        _ => WordKind::Name,
    }
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

// ---------------------------------------------------------------------------
// Finding names in a sentence.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct NameWord<'a> {
    text: &'a str,
    /// The first word of its sentence.
    opens_sentence: bool,
    connector: bool,
}

/// A name as found in the text, before aliases and merging.
#[derive(Debug)]
struct FoundName<'a> {
    words: Vec<NameWord<'a>>,
}

fn join_words(words: &[NameWord]) -> String {
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
fn sentence_names<'a>(sentence: &Sentence<'a>) -> Vec<FoundName<'a>> {
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
fn known_spans(
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

// ---------------------------------------------------------------------------
// Counting mentions, merging short forms.
// ---------------------------------------------------------------------------

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
struct Mentions {
    groups: Vec<NameGroup>,
    index: FxHashMap<String, usize>,
}

impl Mentions {
    /// One mention in the text, or (`hashtag`) the article's hashtag list
    /// naming it, which flags it without counting as a mention.
    fn add(&mut self, spelling: Spelling, hashtag: bool) {
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
    fn known_keys(&self) -> FxHashSet<String> {
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
    fn into_candidates(self) -> Vec<Candidate> {
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

/// "Russian", "European", "Russian-Hungarian": a nationality adjective
/// standing alone, which says less than the country it comes from.
fn is_lone_demonym(name: &str) -> bool {
    !name.contains(char::is_whitespace) && is_demonym(name)
}

fn is_demonym(word: &str) -> bool {
    let lower = word.to_lowercase();
    !lower.is_empty() && lower.split(['-', '‐', '‑']).all(is_demonym_part)
}

fn is_demonym_part(part: &str) -> bool {
    if part.is_empty() || NOT_DEMONYMS.contains(&part) {
        return false;
    }
    // "Russians", "Americans": plurals of the same adjectives.
    let singular = part.strip_suffix('s').unwrap_or(part);
    [part, singular].iter().any(|form| {
        DEMONYMS.contains(form)
            || DEMONYM_SUFFIXES.iter().any(|suffix| {
                form.strip_suffix(suffix)
                    .is_some_and(|stem| stem.chars().count() >= 3)
            })
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn settings() -> TagSettings {
        TagSettings::new(8, &[], &BTreeMap::new())
    }

    fn find(paragraphs: &[&str]) -> Vec<Candidate> {
        find_candidates(paragraphs, &[], &settings())
    }

    fn names(candidates: &[Candidate]) -> Vec<&str> {
        candidates.iter().map(|c| c.name.as_str()).collect()
    }

    fn count(candidates: &[Candidate], name: &str) -> usize {
        candidates
            .iter()
            .find(|c| c.name == name)
            .map_or(0, |c| c.count)
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
        assert_eq!(count(&found, "U.S."), 1);
    }

    #[test]
    fn acronyms_are_not_mistaken_for_common_words() {
        let found = find(&["Troops from the US arrived, and US officials said IT systems failed."]);
        assert_eq!(count(&found, "US"), 2);
    }

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
    fn possessives_are_stripped_and_end_the_name() {
        let found =
            find(&["It was Hungary's turn and Hungary’s choice. Hungary's Prime Minister spoke."]);
        assert_eq!(names(&found), ["Hungary"]);
        assert_eq!(count(&found, "Hungary"), 3);
    }

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
    fn common_openers_split_a_run_of_capitals() {
        let found = find(&["Meanwhile NATO said so. Moreover, NATO agreed."]);
        assert_eq!(names(&found), ["NATO"]);
        assert_eq!(count(&found, "NATO"), 2);
    }

    #[test]
    fn days_months_pronouns_and_bare_titles_are_never_names() {
        let found = find(&[
            "On Tuesday in January I met the President. Next Tuesday in January, I will meet the President and the Chancellor again.",
        ]);
        assert!(found.is_empty(), "{found:?}");
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

    #[test]
    fn a_lone_nationality_adjective_is_not_a_name() {
        let found = find(&[
            "The Russian and Hungarian teams met European, Chinese, British and American officials.",
            "Again the Russian, Hungarian, European, Chinese, British and American officials and the Russian-Hungarian council met in the European Union.",
        ]);
        assert_eq!(names(&found), ["European Union"]);
        assert!(is_demonym("Russians"));
        assert!(!is_demonym("Ian"));
        assert!(!is_demonym("Caribbean"));
    }

    #[test]
    fn a_hashtagged_demonym_is_kept() {
        let found = find_candidates(&["We are #Ukrainian."], &["Ukrainian"], &settings());
        assert_eq!(names(&found), ["Ukrainian"]);
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
    fn words_in_urls_and_email_addresses_are_not_names() {
        let found = find(&[
            "See https://Example.com/Foo and Example.com/Foo or write to Press@Agency.org today.",
            "Again see https://Example.com/Foo, www.Example.com and Press@Agency.org, @Foo.",
        ]);
        assert!(found.is_empty(), "{found:?}");
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
