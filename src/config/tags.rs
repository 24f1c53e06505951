//! `[tags]` in site.toml: whether and how newsgen tags articles, and the
//! stop list and aliases keyed once for lookup, shared by finding names
//! (`ingest::names`) and choosing tags (`library::tagging`).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::article::slug::{holds_tag, name_key, tag_slug};

/// `[tags]`: how newsgen tags articles that do not tag themselves.
#[derive(Debug, Clone)]
pub struct TagConfig {
    /// Derive tags for wire text (default true).
    pub auto: bool,
    /// Also derive tags for Markdown articles, added to the ones they declare
    /// (default false; `auto_tags = true` in front matter opts one article in).
    pub markdown: bool,
    /// A tag gets a page (feeds, a sitemap entry, a place in the topics
    /// index) when at least this many stories carry it, or when a Markdown
    /// article declares it (default 2; 1: every tag).
    pub min_articles: usize,
    pub settings: TagSettings,
}

impl TagConfig {
    /// The name a hashtag or found name stands for: its alias, or itself;
    /// `None` when it is on the stop list.
    pub fn resolve(&self, name: &str) -> Option<String> {
        self.settings.resolve(name)
    }

    /// The tags an article's hashtags give it: every hashtag that is not
    /// stopped, once, up to `max`. Empty when automatic tagging is off.
    pub fn hashtag_tags(&self, hashtags: &[String]) -> Vec<String> {
        if !self.auto {
            return Vec::new();
        }
        let mut tags: Vec<String> = Vec::new();
        for name in hashtags.iter().filter_map(|h| self.resolve(h)) {
            if tags.len() < self.settings.max && !holds_tag(&tags, &tag_slug(&name)) {
                tags.push(name);
            }
        }
        tags
    }
}

/// Settings from site.toml's [tags] table, keyed once for lookup: names
/// compare case- and accent-insensitively (`name_key`).
#[derive(Debug, Clone)]
pub struct TagSettings {
    /// At most this many tags per article (site.toml's default is 8).
    pub max: usize,
    /// Names never used as tags, by key.
    pub stop: FxHashSet<String>,
    /// `"Orbán" = "Viktor Orbán"`: a name found as the key is counted as the
    /// value; by the key's key.
    pub aliases: FxHashMap<String, String>,
}

impl TagSettings {
    pub fn new(max: usize, stop: &[String], aliases: &BTreeMap<String, String>) -> TagSettings {
        TagSettings {
            max,
            stop: stop.iter().map(|name| name_key(name)).collect(),
            aliases: aliases
                .iter()
                .filter(|(_, to)| !to.trim().is_empty())
                .map(|(from, to)| (name_key(from), to.trim().to_string()))
                .collect(),
        }
    }

    /// The name `name` stands for (its alias, or itself); `None` when that
    /// is on the stop list.
    pub fn resolve(&self, name: &str) -> Option<String> {
        let spelling = self.spelling(name.to_string());
        (!self.stop.contains(&spelling.key)).then_some(spelling.surface)
    }

    /// A name as counted: its alias, applied once (so an alias cycle cannot
    /// loop), with its key.
    pub fn spelling(&self, surface: String) -> Spelling {
        let spelling = Spelling::new(surface);
        match self.aliases.get(&spelling.key) {
            Some(to) => Spelling::new(to.clone()),
            None => spelling,
        }
    }
}

/// A name after aliasing: its spelling and its comparison key.
#[derive(Debug, Clone, PartialEq)]
pub struct Spelling {
    pub surface: String,
    pub key: String,
}

impl Spelling {
    pub fn new(surface: String) -> Spelling {
        Spelling {
            key: name_key(&surface),
            surface,
        }
    }

    /// The key of each word, for merging short forms into full names.
    pub fn word_keys(&self) -> Vec<String> {
        self.surface.split_whitespace().map(name_key).collect()
    }
}
