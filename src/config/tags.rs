//! `[tags]` in site.toml: whether and how newsgen tags articles, and the
//! stop list and aliases keyed once for lookup, shared by finding names
//! (`ingest::names`) and choosing tags (`library::tagging`). Under the
//! site's own lists lie built-in ones: the variants of countries and
//! well-known organisations (`aliases`) and the names of publishers,
//! agencies and boilerplate, which are never topics (`mastheads`).

mod aliases;
mod mastheads;

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
    /// The site's own `stop` and `aliases` over the built-in lists. The
    /// site's aliases win: one may send a built-in variant elsewhere ("UK" =
    /// "Britain"), rename a built-in entity ("United Kingdom" = "Britain",
    /// which then takes its variants along), or keep a name the built-in
    /// stop list drops ("BBC" = "BBC").
    pub fn new(max: usize, stop: &[String], aliases: &BTreeMap<String, String>) -> TagSettings {
        let own: FxHashMap<String, String> = aliases
            .iter()
            .filter(|(_, to)| !to.trim().is_empty())
            .map(|(from, to)| (name_key(from), to.trim().to_string()))
            .collect();
        let mut merged = own.clone();
        for &(variant, entity) in aliases::BUILT_IN_ALIASES {
            let entity = own.get(&name_key(entity)).map_or(entity, String::as_str);
            merged
                .entry(name_key(variant))
                .or_insert_with(|| entity.to_string());
        }
        // A name the site aliases, either way, is one it wants.
        let wanted: FxHashSet<String> = own
            .iter()
            .flat_map(|(from, to)| [from.clone(), name_key(to)])
            .collect();
        let built_in_stop = mastheads::NOT_TOPICS
            .iter()
            .map(|name| name_key(name))
            .filter(|key| !wanted.contains(key));
        TagSettings {
            max,
            stop: stop
                .iter()
                .map(|name| name_key(name))
                .chain(built_in_stop)
                .collect(),
            aliases: merged,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(aliases: &[(&str, &str)]) -> TagSettings {
        let aliases = aliases
            .iter()
            .map(|&(from, to)| (from.to_string(), to.to_string()))
            .collect();
        TagSettings::new(8, &[], &aliases)
    }

    #[test]
    fn variants_of_one_country_or_organisation_are_one_name() {
        let settings = settings(&[]);
        let entity = |name: &str| settings.spelling(name.to_string()).surface;
        for us in ["US", "U.S.", "USA", "United States of America", "America"] {
            assert_eq!(entity(us), "United States", "{us}");
        }
        for uk in ["UK", "U.K.", "Britain", "Great Britain"] {
            assert_eq!(entity(uk), "United Kingdom", "{uk}");
        }
        assert_eq!(entity("UN"), "United Nations");
        assert_eq!(entity("EU"), "European Union");
        assert_eq!(entity("GOP"), "Republican Party");
        // No metonymy: the capital is not the country.
        assert_eq!(entity("Moscow"), "Moscow");
        assert_eq!(entity("Washington"), "Washington");
    }

    #[test]
    fn the_sites_aliases_win_over_the_built_in_ones() {
        let settings = settings(&[("UK", "Britain"), ("European Union", "EU")]);
        let entity = |name: &str| settings.spelling(name.to_string()).surface;
        assert_eq!(entity("UK"), "Britain");
        assert_eq!(entity("U.K."), "United Kingdom");
        // Renaming the entity takes its variants along.
        assert_eq!(entity("E.U."), "EU");
        assert_eq!(entity("European Union"), "EU");
    }

    #[test]
    fn publishers_agencies_and_boilerplate_are_never_topics() {
        let settings = settings(&[]);
        for name in [
            "Reuters",
            "AFP",
            "Al Jazeera",
            "CNN",
            "TASS",
            "READ MORE",
            "Getty Images",
            "WebMD",
            "HealthDay News",
            "WSJ",
            "Please",
        ] {
            assert_eq!(settings.resolve(name), None, "{name}");
        }
        assert_eq!(settings.resolve("Hungary").as_deref(), Some("Hungary"));
        // A site that aliases one keeps it.
        let keeps = self::settings(&[("BBC", "BBC"), ("Al Jazeera English", "Al Jazeera")]);
        assert_eq!(keeps.resolve("BBC").as_deref(), Some("BBC"));
        assert_eq!(keeps.resolve("Al Jazeera").as_deref(), Some("Al Jazeera"));
        assert_eq!(keeps.resolve("CNN"), None);
    }
}
