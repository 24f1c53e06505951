//! The permalink pattern: site.toml's `permalink` (default
//! `/{year}/{month}/{day}/{slug}/`), parsed once when the configuration is
//! read, and expanded for each article by `library::permalink`.

use crate::article::dates::PublishDate;

pub(crate) const DEFAULT_PATTERN: &str = "/{year}/{month}/{day}/{slug}/";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Year,
    Month,
    Day,
    Slug,
}

/// A parsed permalink pattern: path segments, each a run of pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermalinkPattern {
    segments: Vec<Vec<Piece>>,
}

impl PermalinkPattern {
    /// The pattern, or why not and what to write instead.
    pub fn parse(pattern: &str) -> Result<PermalinkPattern, (String, String)> {
        PermalinkPattern::parse_as_written(pattern).map_err(|(why, suggest)| {
            let help = if suggest {
                format!("write `{}`", suggestion(pattern))
            } else {
                format!(
                    "use a pattern such as `{DEFAULT_PATTERN}` (placeholders: {{year}}, {{month}}, {{day}}, {{slug}})"
                )
            };
            (why, help)
        })
    }

    /// The pattern, or why not and whether a cleaned pattern would help.
    fn parse_as_written(pattern: &str) -> Result<PermalinkPattern, (String, bool)> {
        let invalid = |why: &str| format!("invalid permalink pattern `{pattern}`: {why}");
        if !pattern.starts_with('/') || !pattern.ends_with('/') {
            return Err((invalid("it must start and end with `/`"), false));
        }
        let mut segments = Vec::new();
        for segment in pattern.split('/').filter(|s| !s.is_empty()) {
            let pieces = parse_segment(segment).map_err(|why| (invalid(&why), false))?;
            check_literals(&pieces).map_err(|why| (invalid(&why), true))?;
            segments.push(pieces);
        }
        let slugs = segments
            .iter()
            .flatten()
            .filter(|p| **p == Piece::Slug)
            .count();
        if slugs != 1 {
            return Err((invalid("it must contain `{slug}` exactly once"), false));
        }
        Ok(PermalinkPattern { segments })
    }

    /// The article's path inside the site, without a leading `/` and with a
    /// trailing one: `2022/02/01/slug/`. When only the month of the date is
    /// known, `{day}` expands to nothing and a segment left empty is dropped,
    /// so the article is filed under its month.
    pub fn expand(&self, date: &PublishDate, slug: &str) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            let mut expanded = String::new();
            for piece in segment {
                match piece {
                    Piece::Literal(text) => expanded.push_str(text),
                    Piece::Year => expanded.push_str(&format!("{:04}", date.year())),
                    Piece::Month => expanded.push_str(&format!("{:02}", date.month())),
                    Piece::Day => {
                        if let Some(day) = date.day() {
                            expanded.push_str(&format!("{day:02}"));
                        }
                    }
                    Piece::Slug => expanded.push_str(slug),
                }
            }
            if !expanded.is_empty() {
                path.push_str(&expanded);
                path.push('/');
            }
        }
        path
    }
}

/// Whether a character of the pattern's own text reaches the reader's
/// address bar, the server and the sitemap unchanged: letters, digits and
/// `-`, `.`, `_`, `~` (RFC 3986's unreserved characters). Anything else is
/// escaped, decoded or normalised on the way (`%2e%2e` is `..` to browsers
/// and nginx, spaces and non-ASCII are escaped), so the links would not
/// match the files written.
fn survives_normalisation(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// The literal text of one segment: only characters that survive
/// normalisation, and never a dot segment (`.`, `..`), which browsers and
/// servers remove, even when `{day}` beside it is empty.
fn check_literals(pieces: &[Piece]) -> Result<(), String> {
    let mut literal = String::new();
    for piece in pieces {
        if let Piece::Literal(text) = piece {
            if let Some(bad) = text.chars().find(|c| !survives_normalisation(*c)) {
                return Err(format!(
                    "{} is not kept as it is in a link (only letters, digits and `-`, `.`, `_`, `~` are)",
                    describe(bad)
                ));
            }
            literal.push_str(text);
        }
    }
    let only_day = pieces
        .iter()
        .all(|p| matches!(p, Piece::Literal(_) | Piece::Day));
    if only_day && (literal == "." || literal == "..") {
        return Err("a segment may not be `.` or `..`: browsers and servers remove it".to_string());
    }
    Ok(())
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// The pattern to use instead: percent escapes decoded, spaces as `-`,
/// other characters dropped, and segments left empty or made of dots gone.
fn suggestion(pattern: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(pattern).decode_utf8_lossy();
    let mut path = String::from("/");
    for segment in decoded.split('/') {
        let cleaned: String = segment
            .chars()
            .filter_map(|c| match c {
                c if c.is_whitespace() => Some('-'),
                '{' | '}' => Some(c),
                c if survives_normalisation(c) => Some(c),
                _ => None,
            })
            .collect();
        if !cleaned.is_empty() && cleaned != "." && cleaned != ".." {
            path.push_str(&cleaned);
            path.push('/');
        }
    }
    if PermalinkPattern::parse_as_written(&path).is_ok() {
        path
    } else {
        DEFAULT_PATTERN.to_string()
    }
}

fn parse_segment(segment: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Literal(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` is never closed".to_string());
        };
        let name = &rest[open + 1..open + close];
        pieces.push(match name {
            "year" => Piece::Year,
            "month" => Piece::Month,
            "day" => Piece::Day,
            "slug" => Piece::Slug,
            other => {
                return Err(format!(
                    "unknown placeholder `{{{other}}}` (known: {{year}}, {{month}}, {{day}}, {{slug}})"
                ));
            }
        });
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err("a `}` has no `{`".to_string());
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_string()));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::dates::parse_calendar_date;

    fn date(text: &str) -> PublishDate {
        parse_calendar_date(text, chrono_tz::UTC).unwrap()
    }

    #[test]
    fn default_pattern_expands_to_dated_path() {
        let pattern = PermalinkPattern::parse(DEFAULT_PATTERN).unwrap();
        assert_eq!(
            pattern.expand(&date("2022-02-01"), "orban-in-moscow"),
            "2022/02/01/orban-in-moscow/"
        );
    }

    #[test]
    fn month_precision_drops_the_day_segment() {
        let pattern = PermalinkPattern::parse(DEFAULT_PATTERN).unwrap();
        assert_eq!(pattern.expand(&date("2022-02"), "story"), "2022/02/story/");
    }

    #[test]
    fn custom_patterns() {
        let pattern = PermalinkPattern::parse("/news/{year}-{month}/{slug}.html/").unwrap();
        assert_eq!(
            pattern.expand(&date("2024-12-24"), "x"),
            "news/2024-12/x.html/"
        );
        let flat = PermalinkPattern::parse("/{slug}/").unwrap();
        assert_eq!(flat.expand(&date("2024-12-24"), "x"), "x/");
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(PermalinkPattern::parse("{year}/{slug}/").is_err());
        assert!(PermalinkPattern::parse("/{year}/").is_err());
        assert!(PermalinkPattern::parse("/{slug}/{slug}/").is_err());
        assert!(
            PermalinkPattern::parse("/{yaer}/{slug}/")
                .unwrap_err()
                .0
                .contains("unknown placeholder `{yaer}`")
        );
        assert!(PermalinkPattern::parse("/../{slug}/").is_err());
        assert!(PermalinkPattern::parse("/{year/{slug}/").is_err());
    }

    /// Patterns whose links browsers and servers would change: encoded dot
    /// segments, control characters, spaces, escapes and non-ASCII text are
    /// refused, each with a pattern that works.
    #[test]
    fn only_characters_kept_by_every_browser_and_server() {
        for (pattern, bad, instead) in [
            ("/news/%2e%2e/{slug}/", "`%`", "/news/{slug}/"),
            ("/news/%2E./{slug}/", "`%`", "/news/{slug}/"),
            ("/a\u{7}b/{slug}/", "U+0007", "/ab/{slug}/"),
            ("/top stories/{slug}/", "a space", "/top-stories/{slug}/"),
            ("/ /{slug}/", "a space", "/-/{slug}/"),
            ("/nachrichten/ü/{slug}/", "`ü`", "/nachrichten/{slug}/"),
            ("/{day}./{slug}/", "`.` or `..`", DEFAULT_PATTERN),
            ("/a?b/{slug}/", "`?`", "/ab/{slug}/"),
            ("/a\\b/{slug}/", "`\\`", "/ab/{slug}/"),
        ] {
            let (err, help) = PermalinkPattern::parse(pattern).unwrap_err();
            assert!(err.contains(bad), "{pattern}: {err}");
            let suggested = help.trim_start_matches("write `").trim_end_matches('`');
            if suggested != DEFAULT_PATTERN && suggested != instead {
                panic!("{pattern}: suggested {suggested}, expected {instead}");
            }
            assert!(PermalinkPattern::parse(suggested).is_ok(), "{suggested}");
        }
        for good in [
            "/{year}/{month}/{slug}/",
            "/news/{year}-{month}/{slug}.html/",
            "/~a_b.c/{slug}/",
            "/.../{slug}/",
        ] {
            assert!(PermalinkPattern::parse(good).is_ok(), "{good}");
        }
    }
}
