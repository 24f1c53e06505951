//! Permalinks and slugs: where each article lives in the site.
//!
//! `site.toml`'s `permalink` pattern (default `/{year}/{month}/{day}/{slug}/`)
//! is parsed once by `config`; `site` expands it for every article and
//! resolves collisions with a deterministic suffix. Slugs come from the `slug`
//! crate; a title that slugifies to nothing still gets a usable slug.

use crate::article::Article;
use crate::dates::PublishDate;
use crate::problem::Problem;

pub const DEFAULT_PATTERN: &str = "/{year}/{month}/{day}/{slug}/";

/// The longest slug derived from a title; longer ones are cut at a hyphen.
const MAX_SLUG_LEN: usize = 80;

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

/// `slug::slugify`, with a fast path for ASCII text, which needs no
/// transliteration: letters and digits lower-cased, every other run of
/// characters one hyphen, none at either end. Uncut; may be empty.
pub(crate) fn slug_of(text: &str) -> String {
    if !text.is_ascii() {
        return slug::slugify(text);
    }
    let mut slug = String::with_capacity(text.len());
    let mut after_hyphen = true;
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            slug.push(char::from(byte.to_ascii_lowercase()));
            after_hyphen = false;
        } else if !after_hyphen {
            slug.push('-');
            after_hyphen = true;
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The slug of a title or tag name, or `None` if nothing URL-worthy is left
/// (a title of only punctuation, say). Long slugs are cut at a hyphen.
pub fn slugify(text: &str) -> Option<String> {
    let slug = slug_of(text);
    if slug.is_empty() {
        return None;
    }
    if slug.len() <= MAX_SLUG_LEN {
        return Some(slug);
    }
    // slugify's output is ASCII, so any byte index is a char boundary.
    let cut = slug[..MAX_SLUG_LEN].rfind('-').unwrap_or(MAX_SLUG_LEN);
    Some(slug[..cut].to_string())
}

/// A stable fallback slug for text that slugifies to nothing: `prefix-` and a
/// short hash of the text, so the same text always gets the same URL.
pub fn fallback_slug(prefix: &str, text: &str) -> String {
    let hash = blake3::hash(text.as_bytes()).to_hex();
    format!("{prefix}-{}", &hash[..8])
}

/// An `id` for a subheading, unique among the `ids` of its article.
pub fn heading_id(ids: &mut Vec<String>, heading: &str) -> String {
    let base = slugify(heading).unwrap_or_else(|| "section".to_string());
    let mut id = base.clone();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    ids.push(id.clone());
    id
}

/// Whether an author-given slug is safe to use as one path segment as is.
/// The answer, when it is not, is the slug newsgen would use instead.
pub fn check_slug(slug: &str) -> Result<(), String> {
    match slugify(slug) {
        Some(clean) if clean == slug => Ok(()),
        Some(clean) => Err(clean),
        None => Err(fallback_slug("article", slug)),
    }
}

/// Gives every article its path. Articles are taken in source-path order;
/// one whose path is already taken gets its slug suffixed `-2`, `-3`, ...
/// and a warning names both files.
pub fn assign_paths(articles: &mut [Article], pattern: &PermalinkPattern) -> Vec<Problem> {
    use rayon::prelude::*;
    use rustc_hash::FxHashMap;
    let mut paths: Vec<String> = articles
        .par_iter()
        .map(|article| pattern.expand(&article.date, &article.slug))
        .collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    if !crate::article::in_source_order(articles) {
        order.sort_by(|a, b| articles[*a].source.cmp(&articles[*b].source));
    }
    // In source order, the first article to want a path keeps it; each
    // other gets a numbered slug, past every path taken so far.
    let mut taken: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(paths.len(), Default::default());
    let mut numbered: FxHashMap<String, usize> = FxHashMap::default();
    let mut renames = Vec::new();
    let mut warnings = Vec::new();
    for index in order {
        let path = paths[index].as_str();
        let Some(&first) = taken.get(path).or_else(|| numbered.get(path)) else {
            taken.insert(path, index);
            continue;
        };
        let article = &articles[index];
        let mut n = 2;
        let (slug, path) = loop {
            let slug = format!("{}-{n}", article.slug);
            let path = pattern.expand(&article.date, &slug);
            if !taken.contains_key(path.as_str()) && !numbered.contains_key(&path) {
                break (slug, path);
            }
            n += 1;
        };
        warnings.push(
            Problem::new(
                &article.source,
                format!(
                    "has the same URL as {} (/{}); this article is published as /{path}",
                    articles[first].source.display(),
                    paths[index],
                ),
            )
            .help("give one of them a different title, or set `slug` in its front matter"),
        );
        numbered.insert(path.clone(), index);
        renames.push((index, slug, path));
    }
    drop(taken);
    for (index, slug, path) in renames {
        articles[index].slug = slug;
        paths[index] = path;
    }
    for (article, path) in articles.iter_mut().zip(paths) {
        article.path = path;
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_fast_path_slugs_like_the_slug_crate() {
        for text in [
            "",
            "---",
            "Hello, World!",
            "  NATO's 2024 summit  ",
            "a\tb\nc",
            "AT&T / U.S.",
            "x--y",
            "\u{1}ctrl\u{7f}",
            "Mt. Everest",
            "100% (approx.)",
        ] {
            assert_eq!(slug_of(text), slug::slugify(text), "{text:?}");
        }
    }
    use crate::dates::parse_calendar_date;

    fn date(text: &str) -> PublishDate {
        parse_calendar_date(text, chrono_tz::UTC).unwrap()
    }

    #[test]
    fn colliding_paths_are_numbered_in_source_order() {
        let pattern = PermalinkPattern::parse(DEFAULT_PATTERN).unwrap();
        let article = |source: &str, slug: &str| Article {
            slug: slug.into(),
            ..Article::for_test(source, "2022-02-01", &[])
        };
        // c.txt wants the path b.txt is numbered into: it is numbered past it.
        let sorted = vec![
            article("seeds/a.txt", "x"),
            article("seeds/b.txt", "x"),
            article("seeds/c.txt", "x-2"),
            article("seeds/d.txt", "y"),
        ];
        let mut shuffled = vec![
            sorted[3].clone(),
            sorted[2].clone(),
            sorted[0].clone(),
            sorted[1].clone(),
        ];
        let mut sorted = sorted;
        for articles in [&mut sorted, &mut shuffled] {
            let warnings = assign_paths(articles, &pattern);
            let mut paths: Vec<(String, String, String)> = articles
                .iter()
                .map(|a| {
                    (
                        a.source.display().to_string(),
                        a.slug.clone(),
                        a.path.clone(),
                    )
                })
                .collect();
            paths.sort();
            assert_eq!(
                paths,
                [
                    ("seeds/a.txt".into(), "x".into(), "2022/02/01/x/".into()),
                    ("seeds/b.txt".into(), "x-2".into(), "2022/02/01/x-2/".into()),
                    (
                        "seeds/c.txt".into(),
                        "x-2-2".into(),
                        "2022/02/01/x-2-2/".into()
                    ),
                    ("seeds/d.txt".into(), "y".into(), "2022/02/01/y/".into()),
                ]
            );
            let messages: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
            assert_eq!(
                messages,
                [
                    "seeds/b.txt: has the same URL as seeds/a.txt (/2022/02/01/x/); this article is published as /2022/02/01/x-2/\n  help: give one of them a different title, or set `slug` in its front matter",
                    "seeds/c.txt: has the same URL as seeds/b.txt (/2022/02/01/x-2/); this article is published as /2022/02/01/x-2-2/\n  help: give one of them a different title, or set `slug` in its front matter",
                ]
            );
        }
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

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Viktor Orbán in Moscow!").as_deref(),
            Some("viktor-orban-in-moscow")
        );
        assert_eq!(slugify("!!!"), None);
        let long = "word ".repeat(40);
        let slug = slugify(&long).unwrap();
        assert!(slug.len() <= MAX_SLUG_LEN && !slug.ends_with('-'));
        assert_eq!(fallback_slug("tag", "!!!"), fallback_slug("tag", "!!!"));
        assert_ne!(fallback_slug("tag", "!!!"), fallback_slug("tag", "???"));
    }

    #[test]
    fn author_slugs_must_be_clean() {
        assert!(check_slug("good-slug").is_ok());
        assert_eq!(check_slug("../etc").unwrap_err(), "etc");
        assert_eq!(check_slug("a/b").unwrap_err(), "a-b");
        assert!(check_slug("").is_err());
    }
}
