//! `site.toml`: the site's settings, read strictly.
//!
//! Unknown keys are errors that suggest the closest known key, syntax and type
//! errors carry line and column, and every value is checked here (time zone,
//! base URL, permalink pattern) so the rest of the pipeline can trust it.

pub mod permalink;
pub mod tags;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono_tz::Tz;
use serde::Deserialize;

use std::collections::BTreeMap;

use crate::config::permalink::PermalinkPattern;
use crate::problem::{Problem, closest};
pub use tags::{TagConfig, TagSettings};

pub const CONFIG_FILE: &str = "site.toml";

/// The keys `site.toml` may hold, for the unknown-key check and the README.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "paginate_by",
    "page_numbers",
    "permalink",
    "output_dir",
    "publisher",
    "logo",
    "tags",
    "feeds",
    "markdown",
    "skip_bad",
    "extra",
];

/// The keys of the `[markdown]` table.
pub const MARKDOWN_KEYS: &[&str] = &["unsafe_html"];

/// The keys of the `[feeds]` table.
pub const FEED_KEYS: &[&str] = &["limit", "full_text", "tag_full_text", "formats"];

/// The keys of the `[tags]` table.
pub const TAG_KEYS: &[&str] = &["auto", "markdown", "max", "stop", "aliases"];

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

#[derive(Deserialize)]
#[serde(default)]
struct RawMarkdown {
    unsafe_html: bool,
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown { unsafe_html: true }
    }
}

#[derive(Deserialize)]
#[serde(default)]
struct RawFeeds {
    limit: i64,
    full_text: bool,
    tag_full_text: bool,
    formats: Vec<String>,
}

impl Default for RawFeeds {
    fn default() -> Self {
        RawFeeds {
            limit: 50,
            full_text: true,
            tag_full_text: false,
            formats: vec!["rss".into(), "atom".into(), "json".into()],
        }
    }
}

#[derive(Deserialize)]
#[serde(default)]
struct RawTags {
    auto: bool,
    markdown: bool,
    max: i64,
    stop: Vec<String>,
    aliases: BTreeMap<String, String>,
}

impl Default for RawTags {
    fn default() -> Self {
        RawTags {
            auto: true,
            markdown: false,
            max: 8,
            stop: Vec::new(),
            aliases: BTreeMap::new(),
        }
    }
}

#[derive(Deserialize)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default = "default_paginate_by")]
    paginate_by: i64,
    #[serde(default)]
    page_numbers: Option<String>,
    #[serde(default = "default_permalink")]
    permalink: String,
    #[serde(default = "default_output_dir")]
    output_dir: PathBuf,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    skip_bad: bool,
    #[serde(default)]
    tags: RawTags,
    #[serde(default)]
    extra: toml::Table,
}

fn default_language() -> String {
    "en".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_paginate_by() -> i64 {
    10
}
fn default_permalink() -> String {
    crate::config::permalink::DEFAULT_PATTERN.into()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
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

    /// Parses and validates the text of `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Problem>> {
        let problem = |message: String| Problem::new(CONFIG_FILE, message);
        let toml_problem = |err: toml::de::Error| {
            let offset = err.span().map_or(0, |span| span.start);
            problem(format!("invalid TOML: {}", err.message().trim_end()))
                .at_offset(text, offset, 1)
                .help("see the site.toml section of the README for the syntax and the keys")
        };

        let mut problems = unknown_keys(
            text,
            KNOWN_KEYS,
            &[
                ("tags", TAG_KEYS),
                ("feeds", FEED_KEYS),
                ("markdown", MARKDOWN_KEYS),
            ],
        )
        .map_err(|err| vec![toml_problem(err)])?
        .into_iter()
        .map(|(key, offset, known)| {
            let help = match closest(
                key.rsplit('.').next().unwrap_or(&key),
                known.iter().copied(),
            ) {
                Some(closest) => format!("did you mean `{closest}`?"),
                None => format!("the known keys here are: {}", known.join(", ")),
            };
            problem(format!("unknown key `{key}`"))
                .at_offset(text, offset, 1)
                .help(help)
        })
        .collect::<Vec<_>>();
        if !problems.is_empty() {
            return Err(problems);
        }

        let raw: RawConfig = toml::from_str(text).map_err(|err| vec![toml_problem(err)])?;
        let at_key = |key: &str, message: String, help: &str| {
            let offset = key_offset(text, key).unwrap_or(0);
            problem(message)
                .at_offset(text, offset, 1)
                .help(help.to_string())
        };

        let timezone = Tz::from_str(raw.timezone.trim()).map_err(|_| {
            let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
            let help = match closest(&raw.timezone, names) {
                Some(name) => format!("did you mean `{name}`? Use an IANA time zone name"),
                None => "use an IANA time zone name such as `Europe/London` or `UTC`".to_string(),
            };
            at_key(
                "timezone",
                format!("unknown time zone `{}`", raw.timezone),
                &help,
            )
        });
        let base = parse_base_url(&raw.base_url).map_err(|message| {
            at_key(
                "base_url",
                message,
                "write the address the site will be served at, with its scheme: `https://example.org/` or `https://example.org/news/`",
            )
        });
        let paginate_by = match usize::try_from(raw.paginate_by) {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(at_key(
                "paginate_by",
                format!("`paginate_by = {}` must be at least 1", raw.paginate_by),
                "set how many articles each list page shows, for example `paginate_by = 10`",
            )),
        };
        let page_numbers = match raw.page_numbers.as_deref() {
            None => Numbering::default(),
            Some(name) => Numbering::parse(name).unwrap_or_else(|| {
                problems.push(at_key(
                    "page_numbers",
                    format!("unknown page numbering `{name}`"),
                    "write `page_numbers = \"from_oldest\"` (page 1 holds the oldest articles and pages never move; the default) or `page_numbers = \"from_newest\"` (page 1 is the front page)",
                ));
                Numbering::default()
            }),
        };
        let permalink = PermalinkPattern::parse(&raw.permalink).map_err(|message| {
            at_key(
                "permalink",
                message,
                "use a pattern such as `/{year}/{month}/{day}/{slug}/` (placeholders: {year}, {month}, {day}, {slug})",
            )
        });
        let max_tags = usize::try_from(raw.tags.max).map_err(|_| {
            at_key(
                "tags.max",
                format!("`tags.max = {}` must be 0 or more", raw.tags.max),
                "set how many tags an article gets at most, for example `max = 8`",
            )
        });
        let feeds =
            parse_feeds(&raw.feeds).map_err(|(key, message, help)| at_key(key, message, help));
        if raw.title.trim().is_empty() {
            problems.push(at_key(
                "title",
                "`title` is empty".into(),
                "give the site a name, for example `title = \"The Daily Example\"`",
            ));
        }

        let (timezone, base, paginate_by, permalink, max_tags, feeds) =
            match (timezone, base, paginate_by, permalink, max_tags, feeds) {
                (Ok(t), Ok(b), Ok(p), Ok(l), Ok(m), Ok(f)) if problems.is_empty() => {
                    (t, b, p, l, m, f)
                }
                (t, b, p, l, m, f) => {
                    problems.extend(f.err());
                    problems.extend(t.err());
                    problems.extend(b.err());
                    problems.extend(p.err());
                    problems.extend(l.err());
                    problems.extend(m.err());
                    problems.sort_by_key(|p| (p.line, p.column));
                    return Err(problems);
                }
            };
        let publisher = raw
            .publisher
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| raw.title.clone());
        Ok(Config {
            title: raw.title,
            description: raw.description,
            base_url: base.0,
            base_path: base.1,
            language: raw.language,
            timezone,
            paginate_by,
            page_numbers,
            permalink,
            output_dir: raw.output_dir,
            publisher,
            logo: raw.logo.filter(|l| !l.trim().is_empty()),
            feeds,
            unsafe_html: raw.markdown.unsafe_html,
            skip_bad: raw.skip_bad,
            tags: TagConfig {
                auto: raw.tags.auto,
                markdown: raw.tags.markdown,
                settings: TagSettings::new(max_tags, &raw.tags.stop, &raw.tags.aliases),
            },
            extra: raw.extra,
        })
    }

    /// Replaces `base_url` (from `--base-url`), with the same checks.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Problem> {
        let (base_url, base_path) = parse_base_url(url).map_err(|message| {
            Problem::new("--base-url", message).help("pass the address the site will be served at, such as `http://127.0.0.1:8080/news/`")
        })?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }

    /// The absolute URL of a site path such as `2022/02/01/slug/`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The scheme and host of `base_url`: `https://example.org`.
    pub fn origin(&self) -> &str {
        self.base_url
            .strip_suffix(self.base_path.as_str())
            .unwrap_or(&self.base_url)
    }

    /// An absolute URL for a link or image given as a URL (any case of
    /// `http://` or `https://`, or protocol-relative `//host/...`) or a site
    /// path.
    pub fn resolve_url(&self, url_or_path: &str) -> String {
        let starts = |prefix: &str| {
            url_or_path
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        };
        let url = if starts("http://") || starts("https://") {
            url_or_path.to_string()
        } else if url_or_path.starts_with("//") {
            let scheme = self.base_url.split("//").next().unwrap_or("https:");
            format!("{scheme}{url_or_path}")
        } else {
            self.absolute_url(url_or_path)
        };
        encode_url(&url)
    }

    /// The root-relative URL of a site path, with the base path in front:
    /// `/news/2022/02/01/slug/`. Works at the domain root and under a sub-path.
    pub fn site_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }
}

/// `[feeds]`, or what is wrong: (the key, the message, the help).
fn parse_feeds(raw: &RawFeeds) -> Result<FeedConfig, (&'static str, String, &'static str)> {
    let limit = usize::try_from(raw.limit).ok().filter(|n| *n > 0).ok_or((
        "feeds.limit",
        format!("`feeds.limit = {}` must be at least 1", raw.limit),
        "set how many articles each feed lists, for example `limit = 50`",
    ))?;
    let mut config = FeedConfig {
        limit,
        full_text: raw.full_text,
        tag_full_text: raw.tag_full_text,
        rss: false,
        atom: false,
        json: false,
    };
    for format in &raw.formats {
        match format.as_str() {
            "rss" => config.rss = true,
            "atom" => config.atom = true,
            "json" => config.json = true,
            other => {
                return Err((
                    "feeds.formats",
                    format!("unknown feed format `{other}` in `feeds.formats`"),
                    "list some of \"rss\", \"atom\" and \"json\", for example `formats = [\"rss\", \"atom\"]`",
                ));
            }
        }
    }
    Ok(config)
}

/// Percent-encodes what may not stand in a URL as written by hand (spaces,
/// quotes, non-ASCII letters), leaving its structure and `%XX` escapes alone.
fn encode_url(url: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const UNSAFE: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^');
    utf8_percent_encode(url, UNSAFE).to_string()
}

/// Splits a base URL into (normalised URL ending in `/`, path ending in `/`).
fn parse_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("`base_url = \"{url}\"` has no scheme (https://)"));
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "`base_url` has the scheme `{scheme}`; only http and https are served"
        ));
    }
    if rest.contains(['?', '#', ' ']) {
        return Err(format!(
            "`base_url = \"{url}\"` may not contain a query, a fragment or spaces"
        ));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(format!("`base_url = \"{url}\"` has no host name"));
    }
    let path = path.trim_matches('/');
    if path
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err(format!(
            "`base_url = \"{url}\"` may not contain `.` or `..` segments"
        ));
    }
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    Ok((format!("{scheme}://{host}{base_path}"), base_path))
}

/// An unknown key: its dotted name, byte offset, and the keys known there.
type UnknownKey<'a> = (String, usize, &'a [&'a str]);

/// Keys of a TOML document that are not known: top-level keys not in
/// `known`, and keys of the `tables` not in theirs. Each comes with its byte
/// offset and the keys that were expected there. Fails with the parser's
/// error when the TOML is invalid.
pub fn unknown_keys<'a>(
    text: &str,
    known: &'a [&'a str],
    tables: &[(&str, &'a [&'a str])],
) -> Result<Vec<UnknownKey<'a>>, toml::de::Error> {
    let table = toml::de::DeTable::parse(text)?;
    let mut unknown = Vec::new();
    for (key, value) in table.get_ref().iter() {
        let name = key.get_ref().as_ref();
        if !known.contains(&name) {
            unknown.push((name.to_string(), key.span().start, known));
            continue;
        }
        let Some((_, keys)) = tables.iter().find(|(table, _)| *table == name) else {
            continue;
        };
        if let toml::de::DeValue::Table(inner) = value.get_ref() {
            for (inner_key, _) in inner.iter() {
                let inner_name = inner_key.get_ref().as_ref();
                if !keys.contains(&inner_name) {
                    unknown.push((
                        format!("{name}.{inner_name}"),
                        inner_key.span().start,
                        *keys,
                    ));
                }
            }
        }
    }
    unknown.sort_by_key(|(_, offset, _)| *offset);
    Ok(unknown)
}

/// The byte offset of the value of `key` (dotted for a table's key:
/// `feeds.limit`), for placing value errors.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == part)?;
        if parts.peek().is_none() {
            return Some(value.span().start);
        }
        match value.get_ref() {
            toml::de::DeValue::Table(inner) => table = inner,
            _ => return None,
        }
    }
    None
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

    fn errors(text: &str) -> Vec<String> {
        Config::parse(text)
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/news\"\n";

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
    fn unknown_key_suggests_the_closest() {
        let text = format!("{MINIMAL}paginte_by = 5\n");
        assert_eq!(
            errors(&text),
            ["site.toml:3:1: unknown key `paginte_by`\n  help: did you mean `paginate_by`?"]
        );
    }

    #[test]
    fn hand_written_urls_are_encoded() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(
            config.resolve_url("images/photo one.jpg"),
            "https://example.org/news/images/photo%20one.jpg"
        );
        assert_eq!(
            config.resolve_url("https://cdn.example/a%20b/café.jpg"),
            "https://cdn.example/a%20b/caf%C3%A9.jpg"
        );
        assert_eq!(
            config.resolve_url("//cdn.example/a.jpg"),
            "https://cdn.example/a.jpg"
        );
        assert_eq!(
            config.resolve_url("HTTPS://cdn.example/a.jpg"),
            "HTTPS://cdn.example/a.jpg"
        );
    }

    #[test]
    fn feeds_table() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(
            config.feeds,
            FeedConfig {
                limit: 50,
                full_text: true,
                tag_full_text: false,
                rss: true,
                atom: true,
                json: true
            }
        );
        assert_eq!(config.publisher, "T");
        let config = Config::parse(&format!(
            "{MINIMAL}publisher = \"Example Media\"\n[feeds]\nlimit = 10\nformats = [\"rss\"]\n"
        ))
        .unwrap();
        assert_eq!(
            (config.feeds.limit, config.feeds.rss, config.feeds.atom),
            (10, true, false)
        );
        assert_eq!(config.publisher, "Example Media");
        let errors = errors(&format!("{MINIMAL}[feeds]\nformats = [\"rdf\"]\n"));
        assert!(
            errors[0].contains("unknown feed format `rdf`"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn tags_table_is_checked_too() {
        let text = format!("{MINIMAL}[tags]\nmax = 5\nstopp = [\"Reuters\"]\n");
        assert_eq!(
            errors(&text),
            ["site.toml:5:1: unknown key `tags.stopp`\n  help: did you mean `stop`?"]
        );
        // Nothing close: every key the table takes is listed.
        assert_eq!(
            errors(&format!("{MINIMAL}[tags]\nxyzzy = 1\n")),
            [
                "site.toml:4:1: unknown key `tags.xyzzy`\n  help: the known keys here are: auto, markdown, max, stop, aliases"
            ]
        );
        let config = Config::parse(&format!(
            "{MINIMAL}[tags]\nmax = 5\naliases = {{ \"Orbán\" = \"Viktor Orbán\" }}\n"
        ))
        .unwrap();
        assert_eq!(config.tags.settings.max, 5);
        assert_eq!(
            config.tags.resolve("orban").as_deref(),
            Some("Viktor Orbán")
        );
        assert!(config.tags.auto && !config.tags.markdown);
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
    fn bad_values_are_all_reported() {
        let text = "title = \"T\"\nbase_url = \"example.org\"\ntimezone = \"Europe/Londn\"\npaginate_by = 0\n";
        let errors = errors(text);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("has no scheme"), "{}", errors[0]);
        assert!(
            errors[1].contains("did you mean `Europe/London`?"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].starts_with("site.toml:4:15: `paginate_by = 0` must be at least 1"),
            "{}",
            errors[2]
        );
    }

    #[test]
    fn page_numbering_is_checked() {
        let text = "title = \"T\"\nbase_url = \"https://x.org/\"\npage_numbers = \"oldest\"\n";
        let errors = errors(text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("site.toml:3:16: unknown page numbering `oldest`")
                && errors[0].contains("`page_numbers = \"from_newest\"`"),
            "{}",
            errors[0]
        );
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

    #[test]
    fn base_url_forms() {
        assert_eq!(
            parse_base_url("https://a.org").unwrap(),
            ("https://a.org/".into(), "/".into())
        );
        assert_eq!(
            parse_base_url("http://a.org/x/y/").unwrap(),
            ("http://a.org/x/y/".into(), "/x/y/".into())
        );
        assert!(parse_base_url("ftp://a.org/").is_err());
        assert!(parse_base_url("https:///x").is_err());
        assert!(parse_base_url("https://a.org/../x").is_err());
    }
}
