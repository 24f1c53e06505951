//! Datelines: the place-and-agency prefix of a wire lead.
//!
//! `MOSCOW, February 7. /TASS/.`, `LONDON (Reuters) -`,
//! `ŁÓDŹ, Poland, Jan. 22 (Reuters) -`, `WASHINGTON —`. The place is in
//! capitals; the agency, where there is one, is in brackets or slashes. The
//! dateline is taken off the lead (it is not part of the headline) and shown
//! on its own.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// As the wire wrote it, without the separator: `MOSCOW, February 7. /TASS/.`
    pub text: String,
    /// `MOSCOW`
    pub place: String,
    /// `TASS`, `Reuters`, `AP`, where named.
    pub agency: Option<String>,
}

/// A place: capital letters (any script), with spaces, dots, hyphens and
/// apostrophes inside, at least two letters.
const PLACE: &str = r"(?P<place>\p{Lu}[\p{Lu}\p{M}.'’\-]*(?: [\p{Lu}\p{M}.'’\-]+)*)";

static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    dateline_pattern(&format!(
        r"^{PLACE}(?P<extra>,[^()/\n]{{1,60}}?)?\s*\((?P<agency>[^()\n]{{1,40}})\)\s*[-–—]{{1,2}}\s+"
    ))
});
static SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    dateline_pattern(&format!(
        r"^{PLACE}(?P<extra>,[^/\n]{{1,60}}?)?\s*/(?P<agency>[^/\n]{{1,40}})/\.?\s*(?:[-–—]{{1,2}}\s+)?"
    ))
});
static DASHED: LazyLock<Regex> = LazyLock::new(|| {
    dateline_pattern(&format!(
        r"^{PLACE}(?P<extra>,[^\n]{{1,40}}?)?\s+[-–—]{{1,2}}\s+"
    ))
});

/// A place written in title case, as web copy does: `Amman - `,
/// `Beirut, Lebanon – `. At most three words before the country, each
/// capitalised, and the lead after the dash starts with a capital.
static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    dateline_pattern(
        r"^(?P<place>\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2})(?P<extra>, \p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)?\s+[-–—]{1,2}\s+\p{Lu}",
    )
});

fn dateline_pattern(pattern: &str) -> Regex {
    // The patterns are constants, checked by the tests below.
    Regex::new(pattern).unwrap_or_else(|err| panic!("invalid dateline pattern: {err}"))
}

/// The dateline at the start of `lead`, and the lead without it.
pub(crate) fn split_dateline(lead: &str) -> Option<(Dateline, &str)> {
    for pattern in [&*BRACKETED, &*SLASHED, &*DASHED, &*TITLED] {
        let Some(found) = pattern.captures(lead) else {
            continue;
        };
        let titled = std::ptr::eq(pattern, &*TITLED);
        let place = found.name("place").map_or("", |m| m.as_str()).trim();
        let letters = place.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || (!titled && place.chars().any(char::is_lowercase)) {
            continue;
        }
        let mut whole = found.get(0).map_or("", |m| m.as_str());
        if titled {
            // The pattern looks at the lead's first letter; it stays the lead's.
            let first = whole.chars().next_back().map_or(0, char::len_utf8);
            whole = &whole[..whole.len() - first];
        }
        let rest = &lead[whole.len()..];
        if rest.trim().is_empty() {
            continue;
        }
        let text = whole
            .trim_end()
            .trim_end_matches(['-', '–', '—'])
            .trim_end()
            .to_string();
        let agency = found.name("agency").map(|m| m.as_str().trim().to_string());
        return Some((
            Dateline {
                text,
                place: place.to_string(),
                agency,
            },
            rest,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(lead: &str) -> (String, String, Option<String>, String) {
        let (d, rest) = split_dateline(lead).unwrap();
        (d.text, d.place, d.agency, rest.to_string())
    }

    #[test]
    fn agency_styles() {
        assert_eq!(
            dateline("MOSCOW, February 7. /TASS/. Russia said"),
            (
                "MOSCOW, February 7. /TASS/.".into(),
                "MOSCOW".into(),
                Some("TASS".into()),
                "Russia said".into()
            )
        );
        assert_eq!(
            dateline("LONDON (Reuters) - Britain's economy grew"),
            (
                "LONDON (Reuters)".into(),
                "LONDON".into(),
                Some("Reuters".into()),
                "Britain's economy grew".into()
            )
        );
        assert_eq!(
            dateline("ŁÓDŹ, Poland, Jan. 22 (Reuters) - A former mill"),
            (
                "ŁÓDŹ, Poland, Jan. 22 (Reuters)".into(),
                "ŁÓDŹ".into(),
                Some("Reuters".into()),
                "A former mill".into()
            )
        );
        assert_eq!(
            dateline("SÃO PAULO, Sept 5 (Reuters) - Brazilian").1,
            "SÃO PAULO"
        );
        assert_eq!(dateline("OSLO (AP) — Norway logged").3, "Norway logged");
        assert_eq!(dateline("WASHINGTON — The Senate voted").2, None);
        // Press releases: the dashes after the agency are not the lead's.
        assert_eq!(
            dateline("NEW YORK, March 3, 2017 /PRNewswire/ -- Acme said"),
            (
                "NEW YORK, March 3, 2017 /PRNewswire/".into(),
                "NEW YORK".into(),
                Some("PRNewswire".into()),
                "Acme said".into()
            )
        );
    }

    #[test]
    fn title_case_places_with_a_dash() {
        assert_eq!(
            dateline("Amman - Jordan's king said"),
            (
                "Amman".into(),
                "Amman".into(),
                None,
                "Jordan's king said".into()
            )
        );
        assert_eq!(
            dateline("Beirut, Lebanon – The army said").0,
            "Beirut, Lebanon"
        );
        for lead in [
            "Donald Trump - who said nothing - left.",
            "The President of the Board of Trade - Ann - left.",
            "Amman - and then Cairo.",
        ] {
            assert!(split_dateline(lead).is_none(), "{lead}");
        }
    }

    #[test]
    fn ordinary_leads_have_no_dateline() {
        for lead in [
            "Hungary's Prime Minister Viktor Orban arrived in Moscow on Tuesday.",
            "NATO allies met on Monday - and agreed.",
            "The U.S. (and its allies) - said nothing.",
            "A (B) - c",
        ] {
            assert!(split_dateline(lead).is_none(), "{lead}");
        }
    }
}
