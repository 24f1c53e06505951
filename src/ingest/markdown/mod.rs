//! Markdown articles (`*.md`): TOML (`+++`) or YAML (`---`) front matter, then
//! a CommonMark body rendered by pulldown-cmark with tables, footnotes,
//! strikethrough and smart punctuation.
//!
//! Front matter errors are placed at their line and column in the article
//! file, not in the front matter block.
//!
//! [`read`] runs the steps: `front_matter` cuts the text at its fences and
//! reads the front matter, this file checks its values (title, dates, tags,
//! slug) and builds the [`Article`], and `body` renders what follows the
//! front matter.

mod body;
mod front_matter;
mod lifecycle;
mod nesting;
pub(super) mod profile;

use std::path::Path;

use chrono_tz::Tz;

use crate::article::dates::{PublishDate, parse_front_matter_date};
use crate::article::slug::{check_slug, fallback_slug, slugify};
use crate::article::text::summarize;
use crate::article::{Article, SourceFormat};
use crate::config::Config;
use crate::config::limits::setting;
use crate::ingest::names::find_candidates;
use crate::problem::{Problem, closest};

use body::{plain_text, render_markdown};
use front_matter::{DateField, FRONT_MATTER_KEYS, Fenced, FrontMatter, KeyLines, Syntax};

const SUMMARY_WORDS: usize = 50;

/// The longest tag name, in characters: tags are labels, not sentences.
pub(super) const MAX_TAG_CHARS: usize = 100;

/// Reads one Markdown article, the text of the file `source`: the article
/// (with a warning in `warnings` for each front matter key newsgen does not
/// know), or every problem that keeps it out.
pub(super) fn read(
    source: &Path,
    text: &str,
    config: &Config,
    warnings: &mut Vec<Problem>,
) -> Result<Article, Vec<Problem>> {
    let Fenced {
        syntax,
        front,
        body,
    } = front_matter::split(source, text)?;
    let mut front_matter =
        FrontMatter::parse(source, front, syntax, config.limits.front_matter_depth)?;
    front_matter.strip_controls();
    warnings.extend(unknown_key_warnings(source, front, syntax));
    let keys = KeyLines {
        source,
        front,
        syntax,
    };
    let checked = check(&front_matter, &keys, config)?;
    let image_line = keys.line("image");
    Ok(article(
        source,
        front_matter,
        checked,
        ((keys.line("date"), 1), image_line),
        body,
        config,
    ))
}

/// A warning for each front matter key newsgen does not know, with the
/// closest known key.
fn unknown_key_warnings(source: &Path, front: &str, syntax: Syntax) -> Vec<Problem> {
    front_matter::unknown_keys(front, syntax)
        .into_iter()
        .map(|(key, line)| {
            let help = match closest(&key, FRONT_MATTER_KEYS.iter().copied()) {
                Some(known) => format!("did you mean `{known}`? Unknown keys are ignored; put your own values under `extra`"),
                None => "unknown keys are ignored; put your own values under `extra`".to_string(),
            };
            Problem::new(source, format!("unknown front matter key `{key}`"))
                .at(line + 2, 1)
                .help(help)
        })
        .collect()
}

/// The front matter values an article cannot do without, checked.
struct Checked {
    title: String,
    date: PublishDate,
    updated: Option<PublishDate>,
    slug: String,
    /// The section's name as site.toml spells it.
    section: Option<String>,
    lifecycle: lifecycle::Lifecycle,
}

/// Checks the title, the dates, the tags and the slug: the values, or
/// every problem with them.
fn check(
    front_matter: &FrontMatter,
    keys: &KeyLines,
    config: &Config,
) -> Result<Checked, Vec<Problem>> {
    let zone = config.timezone;
    let mut problems = Vec::new();
    let title = front_matter
        .title
        .as_deref()
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    if title.is_empty() {
        problems.push(keys.missing("title", "\"The headline\""));
    }
    let date = front_matter
        .date
        .as_ref()
        .and_then(|field| kept(read_date(keys, "date", field, zone), &mut problems));
    let updated = front_matter
        .updated
        .as_ref()
        .and_then(|field| kept(read_date(keys, "updated", field, zone), &mut problems));
    let lifecycle = lifecycle::check(front_matter, keys, zone, date.as_ref(), &mut problems);
    problems.extend(long_tags(front_matter.tags.as_deref(), keys));
    problems.extend(too_many_tags(
        front_matter.tags.as_deref(),
        keys,
        config.limits.tags_per_article,
    ));
    let slug = match front_matter.slug.as_deref() {
        Some(slug) => kept(checked_slug(slug, keys), &mut problems),
        None => Some(slugify(&title).unwrap_or_else(|| fallback_slug("article", &title))),
    };
    let section = match front_matter.section.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => kept(known_section(name, keys, config), &mut problems),
        _ => None,
    };
    if date.is_none() && problems.iter().all(|p| !p.message.starts_with("`date`")) {
        problems.push(keys.missing("date", "2022-02-01"));
    }
    let (Some(date), Some(slug), true) = (date, slug, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(Checked {
        title,
        date,
        updated,
        slug,
        section,
        lifecycle,
    })
}

/// The section `name` stands for, as site.toml spells it; an unknown one
/// is a problem that suggests the closest.
fn known_section(name: &str, keys: &KeyLines, config: &Config) -> Result<String, Problem> {
    let desks = &config.desks;
    if let Some(index) = desks.find(name) {
        return Ok(desks.list[index].name.clone());
    }
    let help = match desks.closest(name) {
        Some(known) => format!("did you mean \"{known}\"? The sections are: {}", desks.names()),
        None if desks.list.is_empty() => {
            "the site has no sections: declare them in site.toml under [[sections]], or remove `section`".into()
        }
        None => format!("use one of the sections of site.toml: {}", desks.names()),
    };
    Err(keys
        .problem("section", format!("unknown section \"{name}\""))
        .help(help))
}

/// The checked value, or `None` with its problem added to `problems`.
fn kept<T>(checked: Result<T, Problem>, problems: &mut Vec<Problem>) -> Option<T> {
    checked.map_err(|problem| problems.push(problem)).ok()
}

/// A front matter date (`key` is `date` or `updated`), read in the site's
/// time zone.
fn read_date(
    keys: &KeyLines,
    key: &str,
    field: &DateField,
    zone: Tz,
) -> Result<PublishDate, Problem> {
    parse_front_matter_date(&field.0, zone).map_err(|err| {
        keys.problem(key, format!("`{key}`: {}", err.message))
            .help(err.help)
    })
}

/// A problem for each tag longer than [`MAX_TAG_CHARS`].
fn long_tags(tags: Option<&[String]>, keys: &KeyLines) -> Vec<Problem> {
    let mut problems = Vec::new();
    for tag in tags.into_iter().flatten() {
        let length = tag.chars().count();
        if length > MAX_TAG_CHARS {
            let start: String = tag.chars().take(30).collect();
            problems.push(
                keys.problem("tags", format!("the tag `{start}…` is {length} characters long; a tag may be at most {MAX_TAG_CHARS}"))
                    .help("shorten the tag to a name or topic, such as \"City Council\""),
            );
        }
    }
    problems
}

/// A problem when the article declares more than `limit` tags: each tag
/// has a page and feeds that list the article's tags, so the output would
/// grow with the square of their number.
fn too_many_tags(tags: Option<&[String]>, keys: &KeyLines, limit: usize) -> Option<Problem> {
    let count = tags?.iter().filter(|t| !t.trim().is_empty()).count();
    (count > limit).then(|| {
        keys.problem(
            "tags",
            format!("the article has {count} tags; an article may have at most {limit}"),
        )
        .help(format!(
            "keep the tags that matter most, or raise {}",
            setting("tags_per_article")
        ))
    })
}

/// The `slug` front matter gives, if it can stand in a URL.
fn checked_slug(slug: &str, keys: &KeyLines) -> Result<String, Problem> {
    check_slug(slug)
        .map(|()| slug.to_string())
        .map_err(|suggestion| {
            keys.problem("slug", format!("`slug = {slug:?}` cannot be used in a URL"))
                .help(format!(
                    "use lowercase letters, digits and hyphens, for example `{suggestion}`"
                ))
        })
}

/// The article: the checked values, the rest of the front matter, and the
/// body rendered (with the names it mentions, when it is tagged
/// automatically).
fn article(
    source: &Path,
    front_matter: FrontMatter,
    checked: Checked,
    (date_at, image_line): ((usize, usize), usize),
    body: &str,
    config: &Config,
) -> Article {
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

    Article {
        source: source.to_path_buf(),
        format: SourceFormat::Markdown,
        title: checked.title,
        slug: checked.slug,
        date: checked.date,
        date_at,
        updated: checked.updated,
        corrections: checked.lifecycle.corrections,
        embargo: checked.lifecycle.embargo,
        expires: checked.lifecycle.expires,
        redirect: checked.lifecycle.redirect,
        aliases: checked.lifecycle.aliases,
        authors,
        tags,
        tag_candidates: candidates,
        summary,
        sections: rendered.sections,
        kept: None,
        dateline: None,
        agency: None,
        credit: None,
        lines: Default::default(),
        word_count: rendered.words,
        body_images: rendered.images,
        draft: front_matter.draft.unwrap_or(false),
        image_text: crate::article::ImageText {
            alt: front_matter.image_alt,
            caption: front_matter.image_caption,
            credit: front_matter.image_credit,
            line: image_line,
        },
        image: front_matter.image,
        desk: checked.section,
        extra: front_matter.extra.unwrap_or(serde_json::Value::Null),
        path: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn read_text(text: &str) -> (Result<Article, Vec<Problem>>, Vec<Problem>) {
        let mut warnings = Vec::new();
        let config =
            crate::config::Config::parse("title = \"T\"\nbase_url = \"https://example.org/\"\n")
                .unwrap();
        let result = read(Path::new("seeds/a.md"), text, &config, &mut warnings);
        (result, warnings)
    }

    pub(super) fn errors(text: &str) -> Vec<String> {
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
    fn more_tags_than_the_limit_are_refused() {
        let tags = |n: usize| {
            let list: Vec<String> = (0..n).map(|i| format!("\"t{i}\"")).collect();
            format!(
                "+++\ntitle = \"T\"\ndate = 2022-02-01\ntags = [{}]\n+++\n",
                list.join(", ")
            )
        };
        assert_eq!(read_text(&tags(100)).0.unwrap().tags.len(), 100);
        assert_eq!(
            errors(&tags(4000)),
            [
                "seeds/a.md:4:1: the article has 4000 tags; an article may have at most 100\n  help: keep the tags that matter most, or raise `tags_per_article` under `[limits]` in site.toml"
            ]
        );
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
