//! Markdown articles (`*.md`): TOML (`+++`) or YAML (`---`) front matter, then
//! a CommonMark body rendered by pulldown-cmark with tables, footnotes,
//! strikethrough and smart punctuation.
//!
//! Front matter errors are placed at their line and column in the article
//! file, not in the front matter block.

use std::fmt;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use crate::article::dates::{PublishDate, parse_front_matter_date};
use crate::article::slug::{check_slug, fallback_slug, heading_id, slugify};
use crate::article::text::{summarize, word_count};
use crate::article::{Article, Section, SourceFormat};
use crate::config::Config;
use crate::ingest::names::find_candidates;
use crate::problem::{Problem, closest};

/// The keys front matter may hold; others get a warning.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "authors",
    "author",
    "summary",
    "slug",
    "draft",
    "image",
    "auto_tags",
    "extra",
];

const SUMMARY_WORDS: usize = 50;

/// The longest tag name, in characters: tags are labels, not sentences.
pub const MAX_TAG_CHARS: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
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
struct FrontMatter {
    title: Option<String>,
    date: Option<DateField>,
    updated: Option<DateField>,
    tags: Option<Vec<String>>,
    authors: Option<Vec<String>>,
    author: Option<String>,
    summary: Option<String>,
    slug: Option<String>,
    draft: Option<bool>,
    image: Option<String>,
    auto_tags: Option<bool>,
    extra: Option<serde_json::Value>,
}

impl FrontMatter {
    /// Drops control characters from the text values shown to readers: TOML
    /// and YAML escapes can carry them, and they are not allowed in HTML or
    /// XML. (A `slug` is checked instead: a NUL there is an error.)
    fn strip_controls(&mut self) {
        let clean = super::drop_controls;
        for text in [
            &mut self.title,
            &mut self.summary,
            &mut self.author,
            &mut self.image,
        ]
        .into_iter()
        .flatten()
        {
            clean(text);
        }
        for list in [&mut self.tags, &mut self.authors].into_iter().flatten() {
            list.iter_mut().for_each(clean);
        }
    }
}

/// A date as front matter writes it: a TOML date/date-time literal or a string.
struct DateField(String);

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

pub fn read(
    source: &Path,
    text: &str,
    config: &Config,
    warnings: &mut Vec<Problem>,
) -> Result<Article, Vec<Problem>> {
    let zone = config.timezone;
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
    let front = &text[front_start..front_start + front_len];
    let body = &text[front_start + body_start..];

    let front_matter: FrontMatter = match syntax {
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
    let mut front_matter = front_matter;
    front_matter.strip_controls();
    warnings.extend(unknown_keys(front, syntax).into_iter().map(|(key, line)| {
        let help = match closest(&key, FRONT_MATTER_KEYS.iter().copied()) {
            Some(known) => format!("did you mean `{known}`? Unknown keys are ignored; put your own values under `extra`"),
            None => "unknown keys are ignored; put your own values under `extra`".to_string(),
        };
        problem(format!("unknown front matter key `{key}`")).at(line + 2, 1).help(help)
    }));

    let mut problems = Vec::new();
    // Front matter starts on line 2 of the file.
    let key_line = |key: &str| key_line(front, key, syntax).map_or(1, |line| line + 2);
    let title = front_matter
        .title
        .as_deref()
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    if title.is_empty() {
        problems.push(
            problem("the article has no `title`".into())
                .at(key_line("title"), 1)
                .help(format!(
                    "add `{}` to the front matter",
                    syntax.example("title", "\"The headline\"")
                )),
        );
    }
    let mut read_date = |key: &str, field: Option<DateField>| -> Option<PublishDate> {
        let field = field?;
        match parse_front_matter_date(&field.0, zone) {
            Ok(date) => Some(date),
            Err(err) => {
                problems.push(
                    problem(format!("`{key}`: {}", err.message))
                        .at(key_line(key), 1)
                        .help(err.help),
                );
                None
            }
        }
    };
    let date = read_date("date", front_matter.date);
    let updated = read_date("updated", front_matter.updated);
    for tag in front_matter.tags.iter().flatten() {
        let length = tag.chars().count();
        if length > MAX_TAG_CHARS {
            let start: String = tag.chars().take(30).collect();
            problems.push(
                problem(format!("the tag `{start}…` is {length} characters long; a tag may be at most {MAX_TAG_CHARS}"))
                    .at(key_line("tags"), 1)
                    .help("shorten the tag to a name or topic, such as \"City Council\""),
            );
        }
    }
    let slug = match front_matter.slug {
        Some(slug) => {
            match check_slug(&slug) {
                Ok(()) => Some(slug),
                Err(suggestion) => {
                    problems.push(
                    problem(format!("`slug = {slug:?}` cannot be used in a URL"))
                        .at(key_line("slug"), 1)
                        .help(format!("use lowercase letters, digits and hyphens, for example `{suggestion}`")),
                );
                    None
                }
            }
        }
        None => Some(slugify(&title).unwrap_or_else(|| fallback_slug("article", &title))),
    };
    if date.is_none() && problems.iter().all(|p| !p.message.starts_with("`date`")) {
        problems.push(
            problem("the article has no `date`".into())
                .at(key_line("date"), 1)
                .help(format!(
                    "add `{}` to the front matter",
                    syntax.example("date", "2022-02-01")
                )),
        );
    }
    let (Some(date), Some(slug), true) = (date, slug, problems.is_empty()) else {
        return Err(problems);
    };

    // Markdown articles keep the tags they declare; derived ones are opt-in.
    let auto_tags = config.tags.auto && front_matter.auto_tags.unwrap_or(config.tags.markdown);
    let rendered = render_markdown(body, config.unsafe_html, auto_tags);
    let mut authors = front_matter.authors.unwrap_or_default();
    authors.extend(front_matter.author);
    authors.retain(|a| !a.trim().is_empty());
    let mut tags = front_matter.tags.unwrap_or_default();
    tags.retain(|t| !t.trim().is_empty());
    let texts: Vec<&str> = rendered.texts.iter().map(String::as_str).collect();
    let candidates = if auto_tags {
        find_candidates(&texts, &[], &config.tags.settings)
    } else {
        Vec::new()
    };
    let summary = match front_matter.summary {
        // The same smart punctuation as the body: "--" becomes a dash.
        Some(summary) if !summary.trim().is_empty() => plain_text(summary.trim()),
        _ => summarize(&rendered.lead, SUMMARY_WORDS),
    };

    Ok(Article {
        source: source.to_path_buf(),
        format: SourceFormat::Markdown,
        title,
        slug,
        date,
        date_at: (key_line("date"), 1),
        updated,
        authors,
        tags,
        tag_candidates: candidates,
        summary,
        sections: rendered.sections,
        kept: None,
        dateline: None,
        agency: None,
        credit: None,
        word_count: rendered.words,
        draft: front_matter.draft.unwrap_or(false),
        image: front_matter.image,
        extra: front_matter.extra.unwrap_or(serde_json::Value::Null),
        path: String::new(),
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
fn unknown_keys(front: &str, syntax: Syntax) -> Vec<(String, usize)> {
    let mut unknown = Vec::new();
    for (index, line) in front.lines().enumerate() {
        if syntax == Syntax::Toml && line.trim_start().starts_with('[') {
            break;
        }
        if let Some(key) =
            top_level_key(line, syntax).filter(|key| !FRONT_MATTER_KEYS.contains(key))
        {
            unknown.push((key.to_string(), index));
        }
    }
    unknown
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

/// The 0-based line of a top-level key in the front matter.
fn key_line(front: &str, key: &str, syntax: Syntax) -> Option<usize> {
    front
        .lines()
        .position(|line| top_level_key(line, syntax) == Some(key))
}

struct RenderedMarkdown {
    sections: Vec<Section>,
    /// The plain text of the first paragraph.
    lead: String,
    /// The plain text of every paragraph, heading and list item, for
    /// tagging (only when asked for).
    texts: Vec<String>,
    words: usize,
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// A front matter summary as plain text (its first paragraph), with the body's smart punctuation
/// ("--" becomes a dash).
fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) => break,
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Renders the body, split into sections at its `##` headings; with
/// `collect_texts`, also the plain text of its blocks for tagging.
fn render_markdown(body: &str, unsafe_html: bool, collect_texts: bool) -> RenderedMarkdown {
    let mut sections = Vec::new();
    let mut section_events: Vec<Event> = Vec::new();
    let mut in_h2 = false;
    let mut ids = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut current_text = String::new();
    // Text counts for the lead and tagging only inside paragraphs, list
    // items and headings, never in code blocks or tables.
    let mut text_blocks = 0usize;
    let mut code = false;
    let mut lead = None;
    let mut words = 0;

    let finish_section = |events: &mut Vec<Event>, heading: Option<(String, String)>| {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.drain(..));
        let html = crate::ingest::safety::clean_markdown_html(html, unsafe_html);
        let (heading, id) = heading.map_or((None, None), |(h, id)| (Some(h), Some(id)));
        (heading, id, html)
    };
    let mut pending_heading: Option<(String, String)> = None;
    for event in Parser::new_ext(body, OPTIONS) {
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. }) => text_blocks += 1,
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            _ => {}
        }
        match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                current_text.clear();
                continue;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                in_h2 = false;
                text_blocks = text_blocks.saturating_sub(1);
                let (h, id, html) = finish_section(&mut section_events, pending_heading.take());
                if h.is_some() || !html.is_empty() {
                    sections.push(Section {
                        heading: h,
                        id,
                        html,
                    });
                }
                let text = current_text.trim().to_string();
                let id = heading_id(&mut ids, &text);
                if collect_texts {
                    texts.push(text.clone());
                }
                pending_heading = Some((text, id));
                current_text.clear();
                continue;
            }
            Event::Text(text) | Event::Code(text) => {
                words += word_count(text);
                if text_blocks > 0 && !code {
                    current_text.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak if text_blocks > 0 => current_text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                text_blocks = text_blocks.saturating_sub(1);
                let text = current_text.trim();
                if matches!(event, Event::End(TagEnd::Paragraph)) && lead.is_none() {
                    lead = Some(text.to_string());
                }
                if collect_texts && !text.is_empty() {
                    texts.push(text.to_string());
                }
                current_text.clear();
            }
            _ => {}
        }
        if !in_h2 {
            section_events.push(event);
        }
    }
    let (h, id, html) = finish_section(&mut section_events, pending_heading);
    if h.is_some() || !html.is_empty() || sections.is_empty() {
        sections.push(Section {
            heading: h,
            id,
            html,
        });
    }
    RenderedMarkdown {
        sections,
        lead: lead.unwrap_or_default(),
        texts,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Result<Article, Vec<Problem>>, Vec<Problem>) {
        let mut warnings = Vec::new();
        let config =
            crate::config::Config::parse("title = \"T\"\nbase_url = \"https://example.org/\"\n")
                .unwrap();
        let result = read(Path::new("seeds/a.md"), text, &config, &mut warnings);
        (result, warnings)
    }

    fn errors(text: &str) -> Vec<String> {
        read_text(text)
            .0
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn toml_front_matter_and_body() {
        let (article, warnings) = read_text(
            "+++\ntitle = \"Harbour vote\"\ndate = 2025-03-14\ntags = [\"Politics\"]\nauthors = [\"Ann Lee\"]\n+++\nThe council \"voted\" -- narrowly.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        let article = article.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(article.title, "Harbour vote");
        assert_eq!(article.slug, "harbour-vote");
        assert_eq!(article.date.display(), "14 March 2025");
        assert_eq!(article.tags, ["Politics"]);
        assert_eq!(article.summary, "The council “voted” – narrowly.");
        assert!(
            article.body_html().contains("<table>"),
            "{}",
            article.body_html()
        );
    }

    #[test]
    fn the_lead_is_paragraph_text_never_code_or_tables() {
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\n+++\n```\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| Oslo | Rome |\n\nThe council voted.\n",
        );
        assert_eq!(article.unwrap().summary, "The council voted.");
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\nsummary = \"A *first* -- short\\n\\nsecond\"\n+++\nBody.\n",
        );
        assert_eq!(article.unwrap().summary, "A first – short");
    }

    #[test]
    fn body_is_split_into_sections_at_h2() {
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\n+++\nLead.\n\n## Next *steps*\n\nMore.\n\n### Detail\n\nText.\n\n## Next steps\n\nEnd.\n",
        );
        let sections = article.unwrap().sections;
        let headings: Vec<_> = sections
            .iter()
            .map(|s| (s.heading.as_deref(), s.id.as_deref()))
            .collect();
        assert_eq!(
            headings,
            [
                (None, None),
                (Some("Next steps"), Some("next-steps")),
                (Some("Next steps"), Some("next-steps-2"))
            ]
        );
        assert_eq!(sections[0].html, "<p>Lead.</p>\n");
        assert_eq!(
            sections[1].html,
            "<p>More.</p>\n<h3>Detail</h3>\n<p>Text.</p>\n"
        );
    }

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
    fn missing_title_and_date_are_both_reported() {
        let errors = errors("+++\ntags = [\"a\"]\n+++\nBody\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("no `title`") && errors[0].contains("title = \"The headline\""));
        assert!(errors[1].contains("no `date`") && errors[1].contains("date = 2022-02-01"));
    }

    #[test]
    fn unknown_key_is_a_warning_with_a_suggestion() {
        let (article, warnings) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\ntagz = [\"a\"]\n[extra]\nmine = 1\n+++\n",
        );
        assert!(article.is_ok());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().starts_with(
            "seeds/a.md:4:1: unknown front matter key `tagz`\n  help: did you mean `tags`?"
        ));
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

    #[test]
    fn bad_slug_is_refused() {
        let errors = errors("+++\ntitle = \"T\"\ndate = 2022-02-01\nslug = \"../x\"\n+++\n");
        assert!(
            errors[0].starts_with("seeds/a.md:4:1: `slug = \"../x\"` cannot be used in a URL"),
            "{}",
            errors[0]
        );
    }
}
