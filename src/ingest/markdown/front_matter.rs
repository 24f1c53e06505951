//! A Markdown article's front matter: the block between `+++` (TOML) or
//! `---` (YAML) fences at the top of the file, its keys, and where each key
//! stands, so problems can be placed at the key's line in the article file.
//!
//! `markdown` (`ingest/markdown.rs`) checks the values read here (title,
//! dates, tags, slug) and builds the article; `body` renders what follows
//! the closing fence.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use crate::config::limits::setting;
use crate::ingest::markdown::nesting::too_deep;
use crate::problem::Problem;

/// The keys front matter may hold; others get a warning.
pub(super) const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "authors",
    "author",
    "section",
    "summary",
    "slug",
    "draft",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "auto_tags",
    "extra",
    "corrections",
    "embargo",
    "expires",
    "redirect",
    "aliases",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Syntax {
    Toml,
    Yaml,
}

impl Syntax {
    fn fence(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }

    fn example(self, key: &str, value: &str) -> String {
        match self {
            Syntax::Toml => format!("{key} = {value}"),
            Syntax::Yaml => format!("{key}: {value}"),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<DateField>,
    pub updated: Option<DateField>,
    pub tags: Option<Vec<String>>,
    pub authors: Option<Vec<String>>,
    pub author: Option<String>,
    pub section: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub draft: Option<bool>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    pub auto_tags: Option<bool>,
    pub extra: Option<serde_json::Value>,
    pub corrections: Option<Vec<CorrectionField>>,
    pub embargo: Option<DateField>,
    pub expires: Option<DateField>,
    pub redirect: Option<String>,
    pub aliases: Option<Vec<String>>,
}

/// One `[[corrections]]` table (a map in a YAML list): both keys are
/// checked by `lifecycle`; any other key is an error where it stands.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CorrectionField {
    pub date: Option<DateField>,
    pub text: Option<String>,
}

impl FrontMatter {
    /// Reads the front matter block `front` of the article `source`; errors
    /// are placed in the article file, where the block starts on line 2.
    /// Lists and tables nested deeper than `max_depth` are refused before
    /// parsing (`nesting`).
    pub(super) fn parse(
        source: &Path,
        front: &str,
        syntax: Syntax,
        max_depth: usize,
    ) -> Result<FrontMatter, Vec<Problem>> {
        let problem = |message: String| Problem::new(source, message);
        if let Some(offset) = too_deep(front, syntax, max_depth) {
            return Err(vec![
                problem(format!(
                    "the front matter nests lists and tables more than {max_depth} deep"
                ))
                .at_offset(front, offset, 2)
                .help(format!(
                    "close the brackets opened before this one, or raise {}",
                    setting("front_matter_depth")
                )),
            ]);
        }
        let front_matter = match syntax {
            Syntax::Toml => toml::from_str(front).map_err(|err| {
                let offset = err.span().map_or(0, |span| span.start);
                vec![
                    problem(format!(
                        "invalid TOML front matter: {}",
                        err.message().trim_end()
                    ))
                    .at_offset(front, offset, 2)
                    .help("fix the front matter; see the README for its keys and their types"),
                ]
            })?,
            Syntax::Yaml if front.trim().is_empty() => FrontMatter::default(),
            Syntax::Yaml => serde_yaml_ng::from_str(front).map_err(|err| {
                let mut p = problem(format!("invalid YAML front matter: {}", yaml_message(&err)))
                    .help("fix the front matter; see the README for its keys and their types");
                if let Some(location) = err.location() {
                    p = p.at(location.line() + 1, location.column());
                }
                vec![p]
            })?,
        };
        Ok(front_matter)
    }

    /// Drops control characters from the text values shown to readers: TOML
    /// and YAML escapes can carry them, and they are not allowed in HTML or
    /// XML. (A `slug` is checked instead: a NUL there is an error.)
    pub(super) fn strip_controls(&mut self) {
        let clean = crate::ingest::drop_controls;
        for text in [
            &mut self.title,
            &mut self.summary,
            &mut self.author,
            &mut self.image,
            &mut self.image_alt,
            &mut self.image_caption,
            &mut self.image_credit,
        ]
        .into_iter()
        .flatten()
        {
            clean(text);
        }
        for list in [&mut self.tags, &mut self.authors].into_iter().flatten() {
            list.iter_mut().for_each(clean);
        }
        for correction in self.corrections.iter_mut().flatten() {
            correction.text.iter_mut().for_each(clean);
        }
    }
}

/// A date as front matter writes it: a TOML date/date-time literal or a string.
pub(super) struct DateField(pub String);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2022-02-01 or 2022-02-01T09:30:00+01:00")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<DateField, E> {
                Ok(DateField(value.to_string()))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<DateField, M::Error> {
                let datetime =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(DateField(datetime.to_string()))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A Markdown article's text cut at its fences.
pub(super) struct Fenced<'a> {
    pub syntax: Syntax,
    /// The front matter, without its fences: from line 2 of the file.
    pub front: &'a str,
    /// Everything after the closing fence's line.
    pub body: &'a str,
}

/// Cuts `text`, the article `source`, into its front matter and its body:
/// the first line opens the front matter (`+++` or `---`), and the first
/// line with only the same fence closes it.
pub(super) fn split<'a>(source: &Path, text: &'a str) -> Result<Fenced<'a>, Vec<Problem>> {
    let problem = |message: String| Problem::new(source, message);
    let syntax = match text.lines().next().map(str::trim_end) {
        Some("+++") => Syntax::Toml,
        Some("---") => Syntax::Yaml,
        _ => {
            return Err(vec![problem("the Markdown article has no front matter".into()).at(1, 1).help(
                "start the file with a `+++` line, then `title = \"...\"` and `date = 2022-02-01`, then a closing `+++` line (or the same in YAML between `---` lines)",
            )]);
        }
    };
    let fence = syntax.fence();
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let Some((front_len, body_start)) = find_closing_fence(&text[front_start..], fence) else {
        return Err(vec![
            problem(format!(
                "the front matter opened with `{fence}` on line 1 is never closed"
            ))
            .at(1, 1)
            .help(format!(
                "add a line with only `{fence}` after the last front matter key"
            )),
        ]);
    };
    Ok(Fenced {
        syntax,
        front: &text[front_start..front_start + front_len],
        body: &text[front_start + body_start..],
    })
}

/// The closing fence in `rest` (the text after the opening fence line):
/// (length of the front matter, offset of the body).
fn find_closing_fence(rest: &str, fence: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// serde_yaml's message without its own " at line N column M" suffix (the
/// problem carries the position in the article file instead).
fn yaml_message(err: &serde_yaml_ng::Error) -> String {
    let message = err.to_string();
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message,
    }
}

/// Top-level keys of the front matter that newsgen does not know, with their
/// 0-based line in the front matter. Keys inside tables (`[extra]` in TOML,
/// indented in YAML) are the author's own.
pub(super) fn unknown_keys(front: &str, syntax: Syntax) -> Vec<(String, usize)> {
    top_level_keys(front, syntax)
        .into_iter()
        .filter(|(key, _)| !FRONT_MATTER_KEYS.contains(&key.as_str()))
        .collect()
}

/// Every top-level key of the front matter, with its 0-based line in it.
pub(super) fn top_level_keys(front: &str, syntax: Syntax) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (index, line) in front.lines().enumerate() {
        if syntax == Syntax::Toml && line.trim_start().starts_with('[') {
            break;
        }
        if let Some(key) = top_level_key(line, syntax) {
            keys.push((key.to_string(), index));
        }
    }
    keys
}

fn top_level_key(line: &str, syntax: Syntax) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let separator = match syntax {
        Syntax::Toml => '=',
        Syntax::Yaml => ':',
    };
    let (key, _) = line.split_once(separator)?;
    let key = key.trim().trim_matches('"').trim_matches('\'');
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some(key)
}

/// The 0-based line of a top-level key in the front matter (in TOML, or
/// the first `[[key]]` or `[key]` table header).
fn key_line(front: &str, key: &str, syntax: Syntax) -> Option<usize> {
    front
        .lines()
        .position(|line| top_level_key(line, syntax) == Some(key) || is_header(line, key, syntax))
}

/// Whether `line` is the TOML table header `[[key]]` or `[key]`.
fn is_header(line: &str, key: &str, syntax: Syntax) -> bool {
    let line = line.trim();
    syntax == Syntax::Toml
        && [("[[", "]]"), ("[", "]")].iter().any(|(open, close)| {
            line.strip_prefix(open)
                .and_then(|rest| rest.strip_suffix(close))
                .is_some_and(|name| name.trim() == key)
        })
}

/// The 0-based line of the item `index` (0-based) of the list `key`: its
/// `[[key]]` header in TOML, its `-` line in YAML; the key's line when the
/// list is written otherwise (inline).
fn item_line(front: &str, key: &str, index: usize, syntax: Syntax) -> Option<usize> {
    let lines: Vec<&str> = front.lines().collect();
    let found = match syntax {
        Syntax::Toml => lines
            .iter()
            .enumerate()
            .filter(|(_, line)| {
                line.trim()
                    .strip_prefix("[[")
                    .and_then(|rest| rest.strip_suffix("]]"))
                    .is_some_and(|name| name.trim() == key)
            })
            .nth(index)
            .map(|(at, _)| at),
        Syntax::Yaml => key_line(front, key, syntax).and_then(|start| {
            lines
                .iter()
                .enumerate()
                .skip(start + 1)
                .take_while(|(_, line)| top_level_key(line, syntax).is_none())
                .filter(|(_, line)| line.trim_start().starts_with('-'))
                .nth(index)
                .map(|(at, _)| at)
        }),
    };
    found.or_else(|| key_line(front, key, syntax))
}

/// Places problems with a front matter value at its key's line in the
/// article file (line 1, the opening fence, for a key that is missing).
pub(super) struct KeyLines<'a> {
    pub source: &'a Path,
    pub front: &'a str,
    pub syntax: Syntax,
}

impl KeyLines<'_> {
    /// The 1-based line of `key` in the article file.
    pub(super) fn line(&self, key: &str) -> usize {
        // Front matter starts on line 2 of the file.
        key_line(self.front, key, self.syntax).map_or(1, |line| line + 2)
    }

    /// A problem with the value of `key`, at its line.
    pub(super) fn problem(&self, key: &str, message: String) -> Problem {
        Problem::new(self.source, message).at(self.line(key), 1)
    }

    /// A problem with the item `index` (0-based) of the list `key`, at
    /// its line.
    pub(super) fn item_problem(&self, key: &str, index: usize, message: String) -> Problem {
        let line = item_line(self.front, key, index, self.syntax).map_or(1, |line| line + 2);
        Problem::new(self.source, message).at(line, 1)
    }

    /// `key = value` as this front matter writes it.
    pub(super) fn example(&self, key: &str, value: &str) -> String {
        self.syntax.example(key, value)
    }

    /// `key` is missing: say how to write it, with an example `value`.
    pub(super) fn missing(&self, key: &str, value: &str) -> Problem {
        self.problem(key, format!("the article has no `{key}`"))
            .help(format!(
                "add `{}` to the front matter",
                self.syntax.example(key, value)
            ))
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::markdown::tests::{errors, read_text};

    #[test]
    fn yaml_front_matter_with_date_time() {
        let (article, _) = read_text(
            "---\ntitle: Cup final\ndate: 2025-04-27T18:05:00+01:00\nauthor: Sam\n---\nText.\n",
        );
        let article = article.unwrap();
        assert_eq!(article.date.rfc3339(), "2025-04-27T17:05:00+00:00");
        assert_eq!(article.authors, ["Sam"]);
    }

    #[test]
    fn toml_date_time_literal() {
        let (article, _) = read_text("+++\ntitle = \"T\"\ndate = 2025-02-10T08:15:00+01:00\n+++\n");
        assert_eq!(article.unwrap().date.rfc3339(), "2025-02-10T07:15:00+00:00");
    }

    #[test]
    fn unclosed_front_matter() {
        assert_eq!(
            errors("+++\ntitle = \"T\"\n"),
            [
                "seeds/a.md:1:1: the front matter opened with `+++` on line 1 is never closed\n  help: add a line with only `+++` after the last front matter key"
            ]
        );
    }

    #[test]
    fn toml_errors_are_placed_in_the_article_file() {
        let errors = errors("+++\ntitle = \"T\"\ndate = 2022-02-01\ntags = \"a\"\n+++\n");
        assert!(
            errors[0].starts_with("seeds/a.md:4:8: invalid TOML front matter:"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn yaml_errors_are_placed_in_the_article_file() {
        let errors = errors("---\ntitle: T\ndate: [unclosed\n---\n");
        assert!(errors[0].starts_with("seeds/a.md:"), "{}", errors[0]);
        assert!(
            errors[0].contains("invalid YAML front matter"),
            "{}",
            errors[0]
        );
        let wrong_type = errors_of("---\ntitle: T\ndate: 5\n---\n");
        assert!(
            wrong_type[0]
                .starts_with("seeds/a.md:3:7: invalid YAML front matter: date: invalid type"),
            "{}",
            wrong_type[0]
        );
    }

    fn errors_of(text: &str) -> Vec<String> {
        errors(text)
    }

    #[test]
    fn control_characters_in_front_matter_strings_are_dropped() {
        let (article, _) = read_text(
            "+++\ntitle = \"A\\u0001B\"\ndate = 2022-02-01\nsummary = \"x\\u0007y\"\ntags = [\"t\\u001bu\"]\n+++\n",
        );
        let article = article.unwrap();
        assert_eq!(
            (article.title.as_str(), article.summary.as_str()),
            ("AB", "xy")
        );
        assert_eq!(article.tags, ["tu"]);
    }
}
