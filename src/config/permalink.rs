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
    pub fn parse(pattern: &str) -> Result<PermalinkPattern, String> {
        let invalid = |why: &str| format!("invalid permalink pattern `{pattern}`: {why}");
        if !pattern.starts_with('/') || !pattern.ends_with('/') {
            return Err(invalid("it must start and end with `/`"));
        }
        let mut segments = Vec::new();
        for segment in pattern.split('/').filter(|s| !s.is_empty()) {
            if segment == "." || segment == ".." || segment.contains(['\\', '\0', '?', '#']) {
                return Err(invalid(
                    "a segment may not be `.`, `..` or contain `\\`, `?` or `#`",
                ));
            }
            segments.push(parse_segment(segment).map_err(|why| invalid(&why))?);
        }
        let slugs = segments
            .iter()
            .flatten()
            .filter(|p| **p == Piece::Slug)
            .count();
        if slugs != 1 {
            return Err(invalid("it must contain `{slug}` exactly once"));
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
                .contains("unknown placeholder `{yaer}`")
        );
        assert!(PermalinkPattern::parse("/../{slug}/").is_err());
        assert!(PermalinkPattern::parse("/{year/{slug}/").is_err());
    }
}
