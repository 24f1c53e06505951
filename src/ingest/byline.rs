//! A wire article's byline: a line of its own at the start, "By Jane Doe",
//! "By Jane Doe, Reuters", "By Jane Doe and John Smith, Associated Press",
//! is the article's authors, and leaves the body.
//!
//! A name is two to four capitalised words (initials, particles such as
//! "de" or "van", hyphens and apostrophes allowed); the line must be the
//! byline and nothing else, so a sentence that starts with "By" ("By
//! Sunday, the river had risen") stays text. What follows the names after
//! a comma, a dash, a slash or a bar is the affiliation ("Reuters", "Staff
//! Writer") and is not an author.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::copydesk::RawParagraph;

/// The longest line taken for a byline.
const MAX_LEN: usize = 120;

/// One name: a capitalised word, then one to three more (or particles).
const NAME: &str = r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|da|del|der|di|du|van|von|la|le|bin|al|el)\s+)?\p{Lu}[\p{L}'’.-]*){1,3}";

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    // The names: one, or a list joined by commas and a final "and"/"&".
    let pattern = format!(
        r"^(?i:by)[:\s]\s*(?P<names>{NAME}(?:\s*,\s*{NAME})*(?:\s*,?\s+(?:and|&)\s+{NAME})?)(?:\s*(?:,|\||/|\s[-–—])\s*[^,.!?]{{1,60}})?\s*$"
    );
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests
    Regex::new(&pattern).expect("the byline pattern is valid")
});

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests
    Regex::new(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+").expect("the separator pattern is valid")
});

/// Words that make a capitalised phrase after "By" something other than
/// a person ("By The Associated Press", "By March Next Year"). A month
/// may be a first name (April, June); a weekday in full is not.
const NOT_A_PERSON: &[&str] = &[
    "The", "A", "An", "Our", "Staff", "Next", "Last", "This", "Then",
];

/// The names in `line` if it is a byline, in order, spelt as written
/// (a name in capitals is given its initial capitals).
pub(crate) fn byline(line: &str) -> Option<Vec<String>> {
    if line.len() > MAX_LEN {
        return None;
    }
    let found = BYLINE.captures(line)?;
    let names: Vec<String> = SEPARATOR
        .split(found.name("names")?.as_str())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(capitalised)
        .collect();
    let person = |name: &String| {
        let mut words = name.split_whitespace();
        // chrono reads "Sun" and "Sat" as weekdays too: only full names count.
        let weekday = words
            .next()
            .is_some_and(|first| first.len() > 3 && first.parse::<chrono::Weekday>().is_ok());
        !weekday
            && !name
                .split_whitespace()
                .any(|word| NOT_A_PERSON.contains(&word))
    };
    (!names.is_empty() && names.iter().all(person)).then_some(names)
}

/// "JANE DOE" as "Jane Doe"; names in mixed case as they are.
fn capitalised(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_string() + &chars.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Takes the byline off the start of `paragraphs`, if the first line is
/// one, and returns its names (none when there is no byline).
pub(crate) fn take_byline(paragraphs: &mut Vec<RawParagraph>) -> Vec<String> {
    let Some(first) = paragraphs.first_mut() else {
        return Vec::new();
    };
    let Some(names) = first.first().and_then(|line| byline(line)) else {
        return Vec::new();
    };
    first.remove(0);
    if first.is_empty() {
        paragraphs.remove(0);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        byline(line).unwrap_or_default()
    }

    #[test]
    fn bylines_give_their_names() {
        assert_eq!(names("By Jane Doe"), ["Jane Doe"]);
        assert_eq!(names("By Jane Doe, Reuters"), ["Jane Doe"]);
        assert_eq!(names("BY JANE DOE"), ["Jane Doe"]);
        assert_eq!(names("By: Jean-Luc O'Neill"), ["Jean-Luc O'Neill"]);
        assert_eq!(
            names("By Ludwig van Beethoven - Staff Writer"),
            ["Ludwig van Beethoven"]
        );
        assert_eq!(
            names("By Jane Doe and John Smith, Associated Press"),
            ["Jane Doe", "John Smith"]
        );
        assert_eq!(
            names("By Jane Doe, John A. Smith and Ann Lee"),
            ["Jane Doe", "John A. Smith", "Ann Lee"]
        );
        assert_eq!(names("By J. R. Hartley | The Courier"), ["J. R. Hartley"]);
        // Names that are also words for days and months.
        assert_eq!(names("By Sun Yang"), ["Sun Yang"]);
        assert_eq!(
            names("By April Smith and June Brown"),
            ["April Smith", "June Brown"]
        );
    }

    #[test]
    fn sentences_that_start_with_by_are_not_bylines() {
        for line in [
            "By Sunday, the river had risen two metres.",
            "By the time police arrived the crowd had gone.",
            "By Tuesday Evening",
            "By March Next Year",
            "By The Associated Press",
            "By contrast, exports fell.",
            "By 2030 the city wants no cars in its centre",
            "Bystanders said the car was speeding.",
            "By Jane",
            "By Jane Doe, who covered the talks, said the deal was close.",
        ] {
            assert_eq!(byline(line), None, "{line}");
        }
    }

    #[test]
    fn the_byline_leaves_the_body() {
        let mut paragraphs: Vec<RawParagraph> = vec![
            vec!["By Jane Doe, Reuters".into()],
            vec!["LONDON - The harbour closed.".into()],
        ];
        assert_eq!(take_byline(&mut paragraphs), ["Jane Doe"]);
        assert_eq!(
            paragraphs,
            vec![vec!["LONDON - The harbour closed.".to_string()]]
        );

        let mut joined: Vec<RawParagraph> =
            vec![vec!["By Ann Lee".into(), "The harbour closed.".into()]];
        assert_eq!(take_byline(&mut joined), ["Ann Lee"]);
        assert_eq!(joined, vec![vec!["The harbour closed.".to_string()]]);

        let mut none: Vec<RawParagraph> = vec![vec!["The harbour closed.".into()]];
        assert!(take_byline(&mut none).is_empty());
        assert_eq!(none.len(), 1);
    }
}
