//! The keys `site.toml` may hold, and the unknown-key check: a key newsgen
//! does not know is an error placed at its line and column that suggests the
//! closest known key (or lists the keys known there).
//!
//! `Config::parse` (in `mod.rs`) runs this check before reading the values
//! (`raw`), so a misspelt key is never silently ignored; `values` uses
//! `key_offset` to place a bad value's problem at its key.

use crate::config::CONFIG_FILE;
use crate::problem::{Problem, closest};

/// The keys `site.toml` may hold, for the unknown-key check and the README.
pub(super) const KNOWN_KEYS: &[&str] = &[
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
    "limits",
    "sections",
    "default_section",
    "home",
    "images",
    "extra",
];

/// The keys of the `[images]` table.
pub(super) const IMAGE_KEYS: &[&str] = &[
    "widths",
    "webp",
    "quality",
    "crop_width",
    "max_megapixels",
    "max_mib",
];

/// The keys of each `[[sections]]` entry.
pub(super) const SECTION_KEYS: &[&str] = &["name", "slug", "description", "folders", "tags"];

/// The keys of the `[home]` table.
pub(super) const HOME_KEYS: &[&str] = &["section_stories"];

/// The keys of the `[markdown]` table.
pub(super) const MARKDOWN_KEYS: &[&str] = &["unsafe_html"];

/// The keys of the `[feeds]` table.
pub(super) const FEED_KEYS: &[&str] = &["limit", "full_text", "tag_full_text", "formats"];

/// The keys of the `[tags]` table.
pub(super) const TAG_KEYS: &[&str] =
    &["auto", "markdown", "max", "min_articles", "stop", "aliases"];

/// The keys of the `[limits]` table.
pub(super) const LIMIT_KEYS: &[&str] = &[
    "tags_per_article",
    "front_matter_depth",
    "page_mib",
    "range_items",
    "render_seconds",
];

/// A problem for every key of `site.toml` that newsgen does not know, in the
/// order of the file, each with a suggestion. Fails with the parser's error
/// when the TOML is invalid.
pub(super) fn unknown_key_problems(text: &str) -> Result<Vec<Problem>, toml::de::Error> {
    let tables = [
        ("tags", TAG_KEYS),
        ("feeds", FEED_KEYS),
        ("markdown", MARKDOWN_KEYS),
        ("limits", LIMIT_KEYS),
        ("sections", SECTION_KEYS),
        ("home", HOME_KEYS),
        ("images", IMAGE_KEYS),
    ];
    let problems = unknown_keys(text, KNOWN_KEYS, &tables)?
        .into_iter()
        .map(|(key, offset, known)| {
            let help = match closest(
                key.rsplit('.').next().unwrap_or(&key),
                known.iter().copied(),
            ) {
                Some(closest) => format!("did you mean `{closest}`?"),
                None => format!("the known keys here are: {}", known.join(", ")),
            };
            Problem::new(CONFIG_FILE, format!("unknown key `{key}`"))
                .at_offset(text, offset, 1)
                .help(help)
        })
        .collect();
    Ok(problems)
}

/// An unknown key: its dotted name, byte offset, and the keys known there.
type UnknownKey<'a> = (String, usize, &'a [&'a str]);

/// Keys of a TOML document that are not known: top-level keys not in
/// `known`, and keys of the `tables` not in theirs. Each comes with its byte
/// offset and the keys that were expected there. Fails with the parser's
/// error when the TOML is invalid.
pub(super) fn unknown_keys<'a>(
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
        // A table, or an array of tables (`[[sections]]`): each checked.
        let inner_tables: Vec<&toml::de::DeTable> = match value.get_ref() {
            toml::de::DeValue::Table(inner) => vec![inner],
            toml::de::DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    toml::de::DeValue::Table(inner) => Some(inner),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for inner in inner_tables {
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
pub(super) fn key_offset(text: &str, key: &str) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::{MINIMAL, errors};

    #[test]
    fn unknown_key_suggests_the_closest() {
        let text = format!("{MINIMAL}paginte_by = 5\n");
        assert_eq!(
            errors(&text),
            ["site.toml:3:1: unknown key `paginte_by`\n  help: did you mean `paginate_by`?"]
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
                "site.toml:4:1: unknown key `tags.xyzzy`\n  help: the known keys here are: auto, markdown, max, min_articles, stop, aliases"
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
}
