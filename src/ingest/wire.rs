//! Wire text (`*.txt`): `date YYYY-MM-DD` (or `YYYY-MM`), then the body on the
//! same line; paragraphs separated by blank lines; plain text, always escaped.
//!
//! This reader handles the file format (the date line, paragraphs); the
//! `copydesk` turns the paragraphs into a story: headline, dateline,
//! subheadings, tweets, credit, summary and hashtags. Boilerplate lines
//! (`boilerplate`) are left out before the copydesk sees them, so they
//! reach neither the text nor the headline, summary, subheadings or tags.

use std::path::Path;

use chrono_tz::Tz;

use crate::article::dates::{PublishDate, parse_calendar_date};
use crate::article::slug::{fallback_slug, holds_tag, slugify, tag_path, tag_slug};
use crate::article::{Article, SourceFormat};
use crate::config::Config;
use crate::config::limits::setting;
use crate::ingest::boilerplate::{self, Boilerplate};
use crate::ingest::byline;
use crate::ingest::copydesk::{RawParagraph, Story};
use crate::ingest::names::find_candidates;
use crate::problem::Problem;

/// Reads one wire article, the text of the file `source`: the date line,
/// then the story the copydesk edits from its paragraphs, the boilerplate
/// `known` (and the built-in widget texts) left out.
pub(super) fn read(
    source: &Path,
    text: &str,
    config: &Config,
    known: &Boilerplate,
    warnings: &mut Vec<Problem>,
) -> Result<Article, Vec<Problem>> {
    let dated = date_line(source, text, config.timezone)?;
    let (mut paragraphs, lines) = boilerplate::sift(paragraphs(&text[dated.end..]), known);
    let authors = byline::take_byline(&mut paragraphs);
    let Some(mut story) = Story::edit(paragraphs) else {
        return Err(problem(
            source,
            text,
            "the article has no text after its date",
            dated.at,
            "write the article after the date, on the same line or below it",
        ));
    };
    warnings.extend(cap_hashtags(
        source,
        &mut story,
        config.limits.tags_per_article,
    ));
    Ok(Article {
        lines,
        authors,
        ..article(source, text, config, &dated, story)
    })
}

/// Keeps the first `limit` different hashtags of `story` (the rest stay
/// text, unlinked): a warning when some are left.
fn cap_hashtags(source: &Path, story: &mut Story, limit: usize) -> Option<Problem> {
    let count = story.hashtags.len();
    if count <= limit {
        return None;
    }
    story.hashtags.truncate(limit);
    Some(
        Problem::new(
            source,
            format!(
                "the article has {count} different hashtags; only the first {limit} are read as tags, the rest stay text"
            ),
        )
        .help(format!(
            "keep the hashtags that matter, or raise {}",
            setting("tags_per_article")
        )),
    )
}

const DATE_HELP: &str =
    "start the file with `date YYYY-MM-DD` (or `date YYYY-MM`), then the article text";

/// The `date` line that opens wire text: its date, where the date is
/// written and where it ends (the body may follow on the same line).
struct DateLine {
    date: PublishDate,
    /// The byte offset of the date in the text.
    at: usize,
    /// The byte offset just past the date.
    end: usize,
}

/// Reads the `date YYYY-MM-DD` (or `date YYYY-MM`) that wire text starts
/// with, after any white space.
fn date_line(source: &Path, text: &str, zone: Tz) -> Result<DateLine, Vec<Problem>> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let Some(after_keyword) = rest
        .strip_prefix("date")
        .filter(|r| r.starts_with([' ', '\t']))
    else {
        return Err(if text.is_empty() {
            problem(source, text, "the file is empty", 0, DATE_HELP)
        } else if rest.is_empty() {
            problem(
                source,
                text,
                "the file holds only white space",
                0,
                DATE_HELP,
            )
        } else {
            problem(
                source,
                text,
                "wire text must start with a `date` line",
                start,
                DATE_HELP,
            )
        });
    };
    let token_start =
        start + 4 + (after_keyword.len() - after_keyword.trim_start_matches([' ', '\t']).len());
    let token_len = text[token_start..]
        .find(char::is_whitespace)
        .unwrap_or(text.len() - token_start);
    let token = &text[token_start..token_start + token_len];
    let date = parse_calendar_date(token, zone)
        .map_err(|err| problem(source, text, &err.message, token_start, &err.help))?;
    Ok(DateLine {
        date,
        at: token_start,
        end: token_start + token_len,
    })
}

/// A problem at a byte offset of `text`, the file `source`.
fn problem(source: &Path, text: &str, message: &str, offset: usize, help: &str) -> Vec<Problem> {
    vec![
        Problem::new(source, message)
            .at_offset(text, offset, 1)
            .help(help),
    ]
}

/// The article the copydesk's `story` makes: its hashtags linked to their
/// tag pages, and the names it mentions for automatic tagging.
fn article(source: &Path, text: &str, config: &Config, dated: &DateLine, story: Story) -> Article {
    // Hashtags are the writer's own tags: each gets its tag page and a link.
    let tags = config.tags.hashtag_tags(&story.hashtags);
    let tag_url = |hashtag: &str| {
        let name = config.tags.resolve(hashtag)?;
        let slug = tag_slug(&name);
        holds_tag(&tags, &slug).then(|| config.site_url(&tag_path(&slug)))
    };
    let sections = story.sections(&tag_url);
    let slug = slugify(&story.headline).unwrap_or_else(|| {
        let stem = source
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        slugify(stem).unwrap_or_else(|| fallback_slug("article", &story.headline))
    });
    let candidates = if config.tags.auto {
        let hashtags: Vec<&str> = story.hashtags.iter().map(String::as_str).collect();
        find_candidates(&story.plain_texts(), &hashtags, &config.tags.settings)
    } else {
        Vec::new()
    };

    Article {
        source: source.to_path_buf(),
        format: SourceFormat::Wire,
        title: story.headline,
        slug,
        date: dated.date,
        date_at: crate::problem::line_column(text, dated.at),
        updated: None,
        corrections: Vec::new(),
        embargo: None,
        expires: None,
        redirect: None,
        aliases: Vec::new(),
        authors: Vec::new(),
        tags,
        tag_candidates: candidates,
        summary: story.summary,
        sections,
        kept: None,
        dateline: story.dateline.as_ref().map(|d| d.text.clone()),
        agency: story.dateline.and_then(|d| d.agency),
        credit: story.credit,
        lines: Default::default(),
        word_count: story.word_count,
        draft: false,
        image: None,
        image_text: Default::default(),
        body_images: Vec::new(),
        desk: None,
        extra: serde_json::Value::Null,
        path: String::new(),
    }
}

/// The body's paragraphs, each a list of trimmed, non-empty lines.
fn paragraphs(body: &str) -> Vec<RawParagraph> {
    let mut paragraphs = Vec::new();
    let mut current = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_string());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse("title = \"T\"\nbase_url = \"https://example.org/news/\"\n").unwrap()
    }

    fn read_text(text: &str) -> Result<Article, Vec<Problem>> {
        read(
            Path::new("seeds/a.txt"),
            text,
            &config(),
            &Boilerplate::default(),
            &mut Vec::new(),
        )
    }

    fn error(text: &str) -> String {
        read_text(text).unwrap_err()[0].to_string()
    }

    #[test]
    fn reads_date_headline_and_paragraphs() {
        let article = read_text(
            " date 2022-02-01 Hungary's Prime Minister arrived in Moscow on Tuesday. It is the first visit.\n\nSecond <b>paragraph</b> about #Hungary.\n",
        )
        .unwrap();
        assert_eq!(article.title, "Hungary’s Prime Minister arrived in Moscow");
        assert_eq!(article.slug, "hungary-s-prime-minister-arrived-in-moscow");
        assert_eq!(article.date.display(), "1 February 2022");
        assert_eq!(
            article.body_html(),
            "<p>Hungary’s Prime Minister arrived in Moscow on Tuesday. It is the first visit.</p>\n<p>Second &lt;b&gt;paragraph&lt;/b&gt; about <a class=\"hashtag\" href=\"/news/tags/hungary/\" rel=\"tag\">#Hungary</a>.</p>\n"
        );
        assert_eq!(article.summary, "It is the first visit.",);
        assert_eq!(article.tags, ["Hungary"]);
        assert_eq!(article.word_count, 17);
    }

    #[test]
    fn dateline_and_credit_are_taken_off() {
        let article = read_text("date 2022-02-07 MOSCOW, February 7. /TASS/. The Kremlin said on Monday it would reply. More.\n\n(With inputs from agencies)").unwrap();
        assert_eq!(article.title, "The Kremlin said it would reply");
        assert_eq!(
            article.dateline.as_deref(),
            Some("MOSCOW, February 7. /TASS/.")
        );
        assert_eq!(article.agency.as_deref(), Some("TASS"));
        assert_eq!(
            article.credit.as_deref(),
            Some("(With inputs from agencies)")
        );
        assert!(!article.body_html().contains("inputs from agencies"));
        assert!(!article.body_html().contains("MOSCOW"));
    }

    #[test]
    fn month_precision_and_body_on_next_line() {
        let article = read_text("date 2022-02\nA story from February.").unwrap();
        assert_eq!(article.date.display(), "February 2022");
        assert_eq!(article.title, "A story from February");
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            error("\n  Hello there"),
            "seeds/a.txt:2:3: wire text must start with a `date` line\n  help: start the file with `date YYYY-MM-DD` (or `date YYYY-MM`), then the article text"
        );
        assert!(
            error(" date 2022-02-30 Text.").starts_with(
                "seeds/a.txt:1:7: `2022-02-30` is not a date: February 2022 has 28 days"
            )
        );
        assert!(
            error("date 2022-13 Text.")
                .starts_with("seeds/a.txt:1:6: `2022-13` is not a date: there is no month 13")
        );
        assert!(error("date 2022-02-01   \n\n  ").contains("no text after its date"));
        assert!(error("").contains("the file is empty"));
        assert!(error("   \n\n ").contains("the file holds only white space"));
    }

    #[test]
    fn hashtags_past_the_limit_stay_text() {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[limits]\ntags_per_article = 3\n[tags]\nmax = 3\n",
        )
        .unwrap();
        let mut warnings = Vec::new();
        let text = "date 2022-02-01 Story.\n\n#One #Two #One #Three #Four #Five\n";
        let article = read(
            Path::new("seeds/a.txt"),
            text,
            &config,
            &Boilerplate::default(),
            &mut warnings,
        )
        .unwrap();
        assert_eq!(article.tags, ["One", "Two", "Three"]);
        assert!(
            article.body_html().contains(" #Four #Five</p>"),
            "{}",
            article.body_html()
        );
        assert_eq!(
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "seeds/a.txt: the article has 5 different hashtags; only the first 3 are read as tags, the rest stay text\n  help: keep the hashtags that matter, or raise `tags_per_article` under `[limits]` in site.toml"
            ]
        );
    }

    #[test]
    fn headline_of_only_punctuation_still_gets_a_slug() {
        let article = read_text("date 2022-02-01 ...").unwrap();
        assert_eq!(article.slug, "a");
    }
}
