//! The check on each value of `site.toml`: time zone, base URL, pagination,
//! page numbering, permalink pattern, `[tags]`, `[feeds]` and `[limits]`,
//! and a title that is not empty.
//!
//! Each check is a plain function that names the key it refuses
//! ([`Invalid`]); [`check`] runs them all and places every problem at its
//! key's value (`keys::key_offset`), so one run reports every bad value.
//! The values come from `raw`; `Config::parse` (in `mod.rs`) builds the
//! `Config` from what this returns.

use std::str::FromStr;

use chrono_tz::Tz;

use crate::config::keys::key_offset;
use crate::config::limits::{Limits, MIB};
use crate::config::permalink::PermalinkPattern;
use crate::config::raw::{RawConfig, RawFeeds, RawLimits, RawTags};
use crate::config::tags::{TagConfig, TagSettings};
use crate::config::urls::parse_base_url;
use crate::config::{CONFIG_FILE, FeedConfig, Numbering};
use crate::problem::{Problem, closest};

/// The values of `site.toml` that needed checking, checked.
pub(super) struct Checked {
    pub timezone: Tz,
    /// (`base_url` ending in `/`, its path ending in `/`).
    pub base: (String, String),
    pub paginate_by: usize,
    pub page_numbers: Numbering,
    pub permalink: PermalinkPattern,
    pub tags: TagConfig,
    pub feeds: FeedConfig,
    pub limits: Limits,
}

/// Checks every value of `raw` (read from `text`): the checked values, or a
/// problem for each bad one, in the order of the file.
pub(super) fn check(text: &str, raw: &RawConfig) -> Result<Checked, Vec<Problem>> {
    let mut problems = Problems {
        text,
        found: Vec::new(),
    };
    // Kept in this order, which settles the order of problems placed alike.
    let page_numbers = problems.keep(page_numbers(raw.page_numbers.as_deref()));
    let titled = problems.keep(title(&raw.title));
    let feeds = problems.keep(feeds(&raw.feeds));
    let timezone = problems.keep(timezone(&raw.timezone));
    let base = problems.keep(base_url(&raw.base_url));
    let paginate_by = problems.keep(paginate_by(raw.paginate_by));
    let permalink = problems.keep(permalink(&raw.permalink));
    let limits = problems.keep(limits(&raw.limits));
    let tags = problems.keep(tags(&raw.tags, limits.as_ref()));
    match (
        page_numbers,
        titled,
        feeds,
        timezone,
        base,
        paginate_by,
        permalink,
        tags,
        limits,
    ) {
        (
            Some(page_numbers),
            Some(()),
            Some(feeds),
            Some(timezone),
            Some(base),
            Some(paginate_by),
            Some(permalink),
            Some(tags),
            Some(limits),
        ) => Ok(Checked {
            timezone,
            base,
            paginate_by,
            page_numbers,
            permalink,
            tags,
            feeds,
            limits,
        }),
        _ => Err(problems.in_file_order()),
    }
}

/// A value `site.toml` may not hold: its key (dotted for a table's key:
/// `feeds.limit`), what is wrong, and what to do.
pub(super) struct Invalid {
    key: &'static str,
    /// Where to place the problem when `key` is not written (a default
    /// that another value refuses).
    or_at: Option<&'static str>,
    message: String,
    help: String,
}

impl Invalid {
    fn new(key: &'static str, message: String, help: impl Into<String>) -> Invalid {
        Invalid {
            key,
            or_at: None,
            message,
            help: help.into(),
        }
    }

    fn or_at(mut self, key: &'static str) -> Invalid {
        self.or_at = Some(key);
        self
    }
}

/// The problems found so far, each placed at its key's value in `text`.
struct Problems<'a> {
    text: &'a str,
    found: Vec<Problem>,
}

impl Problems<'_> {
    /// The checked value, or `None` with its problem kept.
    fn keep<T>(&mut self, checked: Result<T, Invalid>) -> Option<T> {
        match checked {
            Ok(value) => Some(value),
            Err(invalid) => {
                let offset = key_offset(self.text, invalid.key)
                    .or_else(|| invalid.or_at.and_then(|key| key_offset(self.text, key)))
                    .unwrap_or(0);
                self.found.push(
                    Problem::new(CONFIG_FILE, invalid.message)
                        .at_offset(self.text, offset, 1)
                        .help(invalid.help),
                );
                None
            }
        }
    }

    fn in_file_order(mut self) -> Vec<Problem> {
        self.found.sort_by_key(|p| (p.line, p.column));
        self.found
    }
}

fn title(title: &str) -> Result<(), Invalid> {
    if title.trim().is_empty() {
        return Err(Invalid::new(
            "title",
            "`title` is empty".into(),
            "give the site a name, for example `title = \"The Daily Example\"`",
        ));
    }
    Ok(())
}

fn timezone(name: &str) -> Result<Tz, Invalid> {
    Tz::from_str(name.trim()).map_err(|_| {
        let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
        let help = match closest(name, names) {
            Some(known) => format!("did you mean `{known}`? Use an IANA time zone name"),
            None => "use an IANA time zone name such as `Europe/London` or `UTC`".to_string(),
        };
        Invalid::new("timezone", format!("unknown time zone `{name}`"), help)
    })
}

fn base_url(url: &str) -> Result<(String, String), Invalid> {
    parse_base_url(url).map_err(|message| {
        Invalid::new(
            "base_url",
            message,
            "write the address the site will be served at, with its scheme: `https://example.org/` or `https://example.org/news/`",
        )
    })
}

fn paginate_by(paginate_by: i64) -> Result<usize, Invalid> {
    match usize::try_from(paginate_by) {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(Invalid::new(
            "paginate_by",
            format!("`paginate_by = {paginate_by}` must be at least 1"),
            "set how many articles each list page shows, for example `paginate_by = 10`",
        )),
    }
}

fn page_numbers(name: Option<&str>) -> Result<Numbering, Invalid> {
    let Some(name) = name else {
        return Ok(Numbering::default());
    };
    Numbering::parse(name).ok_or_else(|| {
        Invalid::new(
            "page_numbers",
            format!("unknown page numbering `{name}`"),
            "write `page_numbers = \"from_oldest\"` (page 1 holds the oldest articles and pages never move; the default) or `page_numbers = \"from_newest\"` (page 1 is the front page)",
        )
    })
}

fn permalink(pattern: &str) -> Result<PermalinkPattern, Invalid> {
    PermalinkPattern::parse(pattern)
        .map_err(|(message, help)| Invalid::new("permalink", message, help))
}

/// `[tags]`; `limits` (when they are valid) bound `max`.
fn tags(raw: &RawTags, limits: Option<&Limits>) -> Result<TagConfig, Invalid> {
    let max = usize::try_from(raw.max).map_err(|_| {
        Invalid::new(
            "tags.max",
            format!("`tags.max = {}` must be 0 or more", raw.max),
            "set how many tags an article gets at most, for example `max = 8`",
        )
    })?;
    if let Some(limit) = limits.map(|l| l.tags_per_article)
        && max > limit
    {
        return Err(Invalid::new(
            "tags.max",
            format!("`tags.max = {max}` is more than `limits.tags_per_article = {limit}`"),
            format!(
                "lower `max`, or raise {}",
                crate::config::limits::setting("tags_per_article")
            ),
        )
        .or_at("limits.tags_per_article"));
    }
    let min_articles = usize::try_from(raw.min_articles)
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| {
            Invalid::new(
                "tags.min_articles",
                format!("`tags.min_articles = {}` must be 1 or more", raw.min_articles),
                "set how many stories a tag needs for its own page, for example `min_articles = 2` (1 gives every tag a page)",
            )
        })?;
    Ok(TagConfig {
        auto: raw.auto,
        markdown: raw.markdown,
        min_articles,
        settings: TagSettings::new(max, &raw.stop, &raw.aliases),
    })
}

/// `[limits]`: every bound at least 1.
fn limits(raw: &RawLimits) -> Result<Limits, Invalid> {
    let at_least_one = |key: &'static str, value: i64, example: u64| {
        u64::try_from(value).ok().filter(|n| *n > 0).ok_or_else(|| {
            let name = key.trim_start_matches("limits.");
            Invalid::new(
                key,
                format!("`{key} = {value}` must be at least 1"),
                format!("set a bound of 1 or more, for example `{name} = {example}` (the default)"),
            )
        })
    };
    let defaults = Limits::default();
    let tags_per_article = at_least_one(
        "limits.tags_per_article",
        raw.tags_per_article,
        defaults.tags_per_article as u64,
    )?;
    let front_matter_depth = at_least_one(
        "limits.front_matter_depth",
        raw.front_matter_depth,
        defaults.front_matter_depth as u64,
    )?;
    let page_mib = at_least_one("limits.page_mib", raw.page_mib, defaults.page_bytes / MIB)?;
    Ok(Limits {
        tags_per_article: usize::try_from(tags_per_article).unwrap_or(usize::MAX),
        front_matter_depth: usize::try_from(front_matter_depth).unwrap_or(usize::MAX),
        page_bytes: page_mib.saturating_mul(MIB),
        range_items: at_least_one("limits.range_items", raw.range_items, defaults.range_items)?,
        render_seconds: at_least_one(
            "limits.render_seconds",
            raw.render_seconds,
            defaults.render_seconds,
        )?,
    })
}

/// `[feeds]`.
fn feeds(raw: &RawFeeds) -> Result<FeedConfig, Invalid> {
    let limit = usize::try_from(raw.limit)
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            Invalid::new(
                "feeds.limit",
                format!("`feeds.limit = {}` must be at least 1", raw.limit),
                "set how many articles each feed lists, for example `limit = 50`",
            )
        })?;
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
                return Err(Invalid::new(
                    "feeds.formats",
                    format!("unknown feed format `{other}` in `feeds.formats`"),
                    "list some of \"rss\", \"atom\" and \"json\", for example `formats = [\"rss\", \"atom\"]`",
                ));
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use crate::config::tests::{MINIMAL, errors};
    use crate::config::{Config, FeedConfig};

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
    fn limits_table() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(config.limits, crate::config::Limits::default());
        assert_eq!(
            (config.limits.tags_per_article, config.limits.page_bytes),
            (100, 128 * 1024 * 1024)
        );
        let config = Config::parse(&format!(
            "{MINIMAL}[limits]\ntags_per_article = 5\npage_mib = 2\nrender_seconds = 1\n[tags]\nmax = 5\n"
        ))
        .unwrap();
        assert_eq!(config.limits.tags_per_article, 5);
        assert_eq!(config.limits.page_bytes, 2 * 1024 * 1024);
        assert_eq!(config.limits.render_seconds, 1);
        assert_eq!(
            errors(&format!("{MINIMAL}[limits]\nrange_items = 0\n")),
            [
                "site.toml:4:15: `limits.range_items = 0` must be at least 1\n  help: set a bound of 1 or more, for example `range_items = 1000000` (the default)"
            ]
        );
        assert_eq!(
            errors(&format!("{MINIMAL}[tags]\nmax = 500\n")),
            [
                "site.toml:4:7: `tags.max = 500` is more than `limits.tags_per_article = 100`\n  help: lower `max`, or raise `tags_per_article` under `[limits]` in site.toml"
            ]
        );
        assert_eq!(
            errors(&format!("{MINIMAL}[limits]\npage_size = 2\n")),
            ["site.toml:4:1: unknown key `limits.page_size`\n  help: did you mean `page_mib`?"]
        );
    }

    #[test]
    fn topics_need_min_articles_stories() {
        assert_eq!(Config::parse(MINIMAL).unwrap().tags.min_articles, 2);
        let one = Config::parse(&format!("{MINIMAL}[tags]\nmin_articles = 1\n")).unwrap();
        assert_eq!(one.tags.min_articles, 1);
        assert_eq!(
            errors(&format!("{MINIMAL}[tags]\nmin_articles = 0\n")),
            [
                "site.toml:4:16: `tags.min_articles = 0` must be 1 or more\n  help: set how many stories a tag needs for its own page, for example `min_articles = 2` (1 gives every tag a page)"
            ]
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
}
