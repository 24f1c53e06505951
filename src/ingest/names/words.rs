//! The word lists of the name reader, and what one word is to it: a
//! possible name, a connector inside one ("Bank of England"), a title
//! ("Prime Minister"), a nationality adjective ("Russian"), or none of these.
//!
//! All lists are lowercase; words are compared lowercased. `reading` asks
//! [`word_kind`] once for every word it reads; `finding` uses the connector
//! and title lists to cut names out of a sentence; `mentions` uses the
//! organisation connectors when it merges short forms.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

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
    // Verbs and comparisons that open a sentence before a name ("See
    // Reuters Health", "Unlike Premarin", "Following Brexit").
    "see", "like", "unlike", "is", "are", "was", "were", "could", "would", "should", "let",
    "following", "losing", "including", "using", "saying", "asking", "adding", "noting", "citing",
    "facing", "fearing", "hoping", "warning", "calling", "urging", "praising", "blaming",
    "please", "dear", "hello", "says", "did", "does", "being", "thank", "thanks",
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
pub(super) const CONNECTORS: &[&str] = &[
    "of", "de", "da", "das", "do", "dos", "di", "del", "della", "der", "den", "du", "des", "van",
    "von", "bin", "bint", "ibn", "al", "el", "zu",
];

/// Connectors allowed only right after another ("of the", "de la", "van der"):
/// on its own, "told Putin the Kremlin would" must stay two names.
pub(super) const SECOND_CONNECTORS: &[&str] =
    &["the", "la", "le", "las", "los", "der", "den", "de", "del"];

/// Connectors that make an organisation rather than a person: "England" is
/// not short for "Bank of England", but "Silva" is for "Luiz Inácio da Silva".
pub(super) const ORGANISATION_CONNECTORS: &[&str] = &["of", "the"];

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
pub(super) const TITLE_PHRASES: &[&[&str]] = &[
    &["secretary", "of", "state"],
    &["chief", "executive"],
    &["chief", "justice"],
];

/// Lowercase words a headline-case line leaves uncapitalised.
pub(super) const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "vs", "via", "per", "into", "over",
];

/// The word lists looked up for every word, as sets. Only looked up, never
/// iterated, so hashing order cannot leak into tags.
type WordSet = LazyLock<FxHashSet<&'static str>>;

/// Capitalised words that are not names, and the list each is on: one
/// look-up per word.
static NOT_NAME_SET: LazyLock<FxHashMap<&'static str, NotNameList>> = LazyLock::new(|| {
    let common = NOT_NAMES
        .iter()
        .map(|&word| (word, NotNameList::CommonWords));
    // A calendar word is never a name, acronym or not: it wins.
    let calendar = CALENDAR.iter().map(|&word| (word, NotNameList::Calendar));
    common.chain(calendar).collect()
});

pub(super) static TITLE_HEAD_SET: WordSet = LazyLock::new(|| TITLE_HEADS.iter().copied().collect());

pub(super) static TITLE_MODIFIER_SET: WordSet =
    LazyLock::new(|| TITLE_MODIFIERS.iter().copied().collect());

static CONNECTOR_SET: WordSet = LazyLock::new(|| {
    CONNECTORS
        .iter()
        .chain(SECOND_CONNECTORS)
        .copied()
        .collect()
});

pub(super) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// "NATO", "US", "EU": all capitals, at least two letters.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Calls `f` with `word` lower-cased (as `str::to_lowercase` does it),
/// without allocating for the short ASCII words the word lists hold.
pub(super) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
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
pub(super) fn without_period(word: &str) -> &str {
    word.trim_end_matches('.')
}

/// Which of the lists of capitalised words that are not names a word is
/// on, since that decides whether an acronym escapes it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NotNameList {
    /// [`NOT_NAMES`]: not a name, unless written as an acronym.
    CommonWords,
    /// [`CALENDAR`]: never a name.
    Calendar,
}

/// How a name finder sees one word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum WordKind {
    /// Capitalised and not on any list: may be (part of) a name.
    Name,
    Connector,
    Other,
}

pub(super) fn word_kind(word: &str) -> WordKind {
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
        Some(NotNameList::Calendar) => WordKind::Other,
        Some(NotNameList::CommonWords) if !is_acronym(word) => WordKind::Other,
        _ => WordKind::Name,
    }
}

/// Month and weekday abbreviations: a date ("Jan 5", "Mon."), never a
/// name when they stand alone ("Jan Kubis" is kept).
#[rustfmt::skip]
const CALENDAR_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Endings that make a word a contraction ("I’m", "Don't", "We've").
const CONTRACTION_ENDINGS: &[&str] = &["m", "re", "ve", "ll", "d", "t", "s"];

/// Found names that are not names at all: contractions ("I’m"), one
/// letter or none ("D", "G8" keeps its letter and digit, "Â" does not),
/// a month or weekday abbreviation standing alone ("Sept"), and several
/// words all in capitals.
pub(super) fn is_not_a_name(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let alphanumerics = name.chars().filter(|c| c.is_alphanumeric()).count();
    if letters == 0 || alphanumerics <= 1 {
        return true;
    }
    // Several words all in capitals are emphasis or a page's furniture
    // ("PASTOR BRAD MCLEAN", "LIVING WITH CANCER FORUM"), not a name as
    // a story writes it; one acronym ("NATO") stays.
    if name.contains(char::is_whitespace) && !name.chars().any(char::is_lowercase) {
        return true;
    }
    if !name.contains(char::is_whitespace) {
        let lower = name.to_lowercase();
        if CALENDAR_ABBREVIATIONS.contains(&lower.trim_end_matches('.')) {
            return true;
        }
        if let Some((_, ending)) = lower.rsplit_once(['\'', '’'])
            && CONTRACTION_ENDINGS.contains(&ending)
        {
            return true;
        }
        if lower.ends_with("n't") || lower.ends_with("n’t") {
            return true;
        }
    }
    false
}

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

/// "Russian", "European", "Russian-Hungarian": a nationality adjective
/// standing alone, which says less than the country it comes from.
pub(super) fn is_lone_demonym(name: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::names::testing::{count, find, names};

    #[test]
    fn contractions_single_letters_and_calendar_abbreviations_are_not_names() {
        let found = find(&[
            "I’m sure, Don't worry, It’s fine and We've left, said D and Â on Sept 5 and Jan 6.",
            "I’m back, Don't go, We've won, D and Â again, Sept and Jan. Jan Kubis and G8 met.",
            "Later Jan Kubis and the G8 met again.",
        ]);
        assert_eq!(names(&found), ["Jan Kubis", "G8"]);
    }

    #[test]
    fn verbs_opening_a_sentence_are_not_part_of_the_name_after_them() {
        let found = find(&[
            "Following Brexit, markets fell. Unlike Premarin, it works. See Viktor Orban.",
            "Losing Mosul hurt. Brexit and Mosul and Premarin and Viktor Orban again.",
            "Please Brexit. Dear Mosul.",
        ]);
        let mut found = names(&found);
        found.sort_unstable();
        assert_eq!(found, ["Brexit", "Mosul", "Premarin", "Viktor Orban"]);
    }

    #[test]
    fn several_words_in_capitals_are_not_a_name() {
        let found = find(&[
            "PASTOR BRAD MCLEAN spoke. Then PASTOR BRAD MCLEAN left with NATO.",
            "NATO said LIVING WITH CANCER FORUM, LIVING WITH CANCER FORUM.",
        ]);
        assert_eq!(names(&found), ["NATO"]);
    }

    #[test]
    fn acronyms_are_not_mistaken_for_common_words() {
        let found = find(&["Troops from the US arrived, and US officials said IT systems failed."]);
        // Both "US" (the built-in aliases make it "United States").
        assert_eq!(count(&found, "United States"), 2);
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
}
