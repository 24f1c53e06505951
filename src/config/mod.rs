//! `site.toml`: the site's settings, read strictly.
//!
//! Unknown keys are errors that suggest the closest known key, syntax and type
//! errors carry line and column, and every value is checked here (time zone,
//! base URL, permalink pattern) so the rest of the pipeline can trust it.
//!
//! This file holds [`Config`] and the steps of [`Config::parse`]; the keys
//! and the unknown-key check are in `keys`, the text as read in `raw`, the
//! check on each value in `values`, the base URL and the URLs made from it
//! in `urls`, and the `[tags]`, `[limits]` and `permalink` settings in
//! `tags`, `limits` and `permalink`.

pub(crate) mod images;
mod keys;
pub(crate) mod limits;
pub(crate) mod permalink;
mod raw;
pub(crate) mod sections;
pub(crate) mod tags;
mod urls;
mod values;

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::config::permalink::PermalinkPattern;
use crate::config::raw::RawConfig;
use crate::config::values::Checked;
use crate::problem::Problem;
pub(crate) use limits::Limits;
pub(crate) use tags::TagConfig;

pub(crate) const CONFIG_FILE: &str = "site.toml";
/// Copied to the output as is; pictures that pages name are found here.
pub(crate) const STATIC_DIR: &str = "static";
/// One Markdown file per author (`ingest::read_profiles`).
pub(crate) const AUTHORS_DIR: &str = "authors";

/// The validated settings of one site.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`: `https://example.org/news/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`: `/news/`.
    /// Every internal link starts with it.
    pub base_path: String,
    pub language: String,
    pub timezone: Tz,
    pub paginate_by: usize,
    /// How list pages are numbered: from the oldest (pages never move, the
    /// default) or from the newest.
    pub page_numbers: Numbering,
    pub permalink: PermalinkPattern,
    /// Relative to the site folder unless absolute.
    pub output_dir: PathBuf,
    /// The news organisation named as publisher in feeds, JSON-LD and the
    /// Google News sitemap (default: `title`).
    pub publisher: String,
    /// The publisher's logo: an absolute URL, or a path in the site
    /// (`logo.png`) made absolute with `base_url`.
    pub logo: Option<String>,
    /// `[feeds]`: RSS, Atom and JSON Feed.
    pub feeds: FeedConfig,
    /// `[markdown] unsafe_html`: keep raw HTML in Markdown as written
    /// (default true, for newsroom embeds); false sanitises it.
    pub unsafe_html: bool,
    /// Build what is valid and leave bad articles out, instead of failing.
    pub skip_bad: bool,
    /// `[tags]`: automatic tagging.
    pub tags: TagConfig,
    /// `[limits]`: what one article or page may cost.
    pub limits: Limits,
    /// `[[sections]]`, `default_section` and `[home] section_stories`.
    pub desks: sections::Desks,
    /// `[images]`: variant widths, WebP, quality, crops, limits.
    pub images: images::ImageConfig,
    /// Free-form values for templates: `site.extra`.
    pub extra: toml::Table,
}

/// `[feeds]`: which feeds are written and what they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedConfig {
    /// Items per feed (default 50).
    pub limit: usize,
    /// The site feeds carry each article's full text (default true).
    pub full_text: bool,
    /// Tag feeds carry full text too (default false: summaries keep the
    /// size of thousands of tag feeds in proportion).
    pub tag_full_text: bool,
    pub rss: bool,
    pub atom: bool,
    pub json: bool,
}

impl Config {
    /// Reads `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Problem>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|err| {
            let problem = Problem::new(CONFIG_FILE, format!("cannot read the site settings: {err}"));
            let help = if err.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "run newsgen in a site folder (one with site.toml), pass --site DIR, or create a new site with `newsgen init DIR` (looked in {})",
                    root.display()
                )
            } else {
                "check the file's permissions".to_string()
            };
            vec![problem.help(help)]
        })?;
        Config::parse(&text)
    }

    /// Parses and validates the text of `site.toml`: no unknown keys, then
    /// the text read as written, then every value checked.
    pub fn parse(text: &str) -> Result<Config, Vec<Problem>> {
        let invalid_toml = |err: toml::de::Error| vec![toml_problem(text, err)];
        let unknown = keys::unknown_key_problems(text).map_err(invalid_toml)?;
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let raw: RawConfig = toml::from_str(text).map_err(invalid_toml)?;
        let checked = values::check(text, &raw);
        let desks = sections::check(
            text,
            &raw.sections,
            raw.default_section.as_deref(),
            &raw.home,
        );
        let images = images::check(text, &raw.images);
        match (checked, desks, images) {
            (Ok(checked), Ok(desks), Ok(images)) => {
                Ok(Config::from_checked(raw, checked, desks, images))
            }
            (checked, desks, images) => {
                let mut problems = checked.err().unwrap_or_default();
                problems.extend(desks.err().unwrap_or_default());
                problems.extend(images.err().unwrap_or_default());
                problems.sort_by_key(|p| (p.line, p.column));
                Err(problems)
            }
        }
    }

    /// The settings from `site.toml` as read and its values as checked.
    fn from_checked(
        raw: RawConfig,
        checked: Checked,
        desks: sections::Desks,
        images: images::ImageConfig,
    ) -> Config {
        let publisher = raw
            .publisher
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| raw.title.clone());
        let (base_url, base_path) = checked.base;
        Config {
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            language: raw.language,
            timezone: checked.timezone,
            paginate_by: checked.paginate_by,
            page_numbers: checked.page_numbers,
            permalink: checked.permalink,
            output_dir: raw.output_dir,
            publisher,
            logo: raw.logo.filter(|l| !l.trim().is_empty()),
            feeds: checked.feeds,
            unsafe_html: raw.markdown.unsafe_html,
            skip_bad: raw.skip_bad,
            tags: checked.tags,
            limits: checked.limits,
            desks,
            images,
            extra: raw.extra,
        }
    }
}

/// A syntax or type error in `site.toml`, at its line and column.
fn toml_problem(text: &str, err: toml::de::Error) -> Problem {
    let offset = err.span().map_or(0, |span| span.start);
    Problem::new(
        CONFIG_FILE,
        format!("invalid TOML: {}", err.message().trim_end()),
    )
    .at_offset(text, offset, 1)
    .help("see the site.toml section of the README for the syntax and the keys")
}

/// How list pages are numbered (`page_numbers`; see `library::paginate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// Page 1 is the oldest; pages never move (the default).
    #[default]
    FromOldest,
    /// Page 1 is the newest; every page moves when an article is added.
    FromNewest,
}

impl Numbering {
    /// As written in site.toml and given to templates.
    pub fn name(self) -> &'static str {
        match self {
            Numbering::FromOldest => "from_oldest",
            Numbering::FromNewest => "from_newest",
        }
    }

    pub fn parse(name: &str) -> Option<Numbering> {
        [Numbering::FromOldest, Numbering::FromNewest]
            .into_iter()
            .find(|numbering| numbering.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn errors(text: &str) -> Vec<String> {
        Config::parse(text)
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    pub(super) const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/news\"\n";

    #[test]
    fn defaults_and_base_path() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(config.base_url, "https://example.org/news/");
        assert_eq!(config.base_path, "/news/");
        assert_eq!(config.paginate_by, 10);
        assert_eq!(config.timezone, chrono_tz::UTC);
        assert_eq!(config.output_dir, PathBuf::from("public"));
        assert_eq!(config.site_url("tags/"), "/news/tags/");
        assert_eq!(
            config.absolute_url("/tags/"),
            "https://example.org/news/tags/"
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let text = "title = \"T\"\nbase_url = \"https://x.org/\nlanguage = \"en\"\n";
        let errors = errors(text);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("site.toml:2:"), "{}", errors[0]);
        assert!(errors[0].contains("invalid TOML"), "{}", errors[0]);
    }

    #[test]
    fn wrong_type_names_the_line() {
        let text = "title = \"T\"\nbase_url = \"https://x.org/\"\npaginate_by = \"ten\"\n";
        let errors = errors(text);
        assert!(
            errors[0].starts_with("site.toml:3:15: invalid TOML:"),
            "{}",
            errors[0]
        );
    }
}
