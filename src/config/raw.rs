//! `site.toml` as written: the serde structs its text is read into, with
//! their defaults, before any value is checked.
//!
//! `keys` has already refused unknown keys when these are filled; `values`
//! then checks each field, and `Config::parse` (in `mod.rs`) builds the
//! validated `Config` from them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default = "default_paginate_by")]
    pub paginate_by: i64,
    #[serde(default)]
    pub page_numbers: Option<String>,
    #[serde(default = "default_permalink")]
    pub permalink: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub feeds: RawFeeds,
    #[serde(default)]
    pub markdown: RawMarkdown,
    #[serde(default)]
    pub skip_bad: bool,
    #[serde(default)]
    pub tags: RawTags,
    #[serde(default)]
    pub limits: RawLimits,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub default_section: Option<String>,
    #[serde(default)]
    pub home: RawHome,
    #[serde(default)]
    pub images: RawImages,
    #[serde(default)]
    pub extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(default)]
pub(super) struct RawImages {
    pub widths: Vec<i64>,
    pub webp: bool,
    pub quality: i64,
    pub crop_width: i64,
    pub max_megapixels: i64,
    pub max_mib: i64,
}

impl Default for RawImages {
    fn default() -> Self {
        let images = crate::config::images::ImageConfig::default();
        RawImages {
            widths: images.widths.iter().map(|&w| i64::from(w)).collect(),
            webp: images.webp,
            quality: i64::from(images.quality),
            crop_width: i64::from(images.crop_width),
            max_megapixels: 50,
            max_mib: 40,
        }
    }
}

/// One `[[sections]]` entry.
#[derive(Deserialize)]
pub(super) struct RawSection {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub folders: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(default)]
pub(super) struct RawHome {
    pub section_stories: i64,
}

impl Default for RawHome {
    fn default() -> Self {
        RawHome { section_stories: 4 }
    }
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

#[derive(Deserialize)]
#[serde(default)]
pub(super) struct RawMarkdown {
    pub unsafe_html: bool,
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown { unsafe_html: true }
    }
}

#[derive(Deserialize)]
#[serde(default)]
pub(super) struct RawFeeds {
    pub limit: i64,
    pub full_text: bool,
    pub tag_full_text: bool,
    pub formats: Vec<String>,
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
pub(super) struct RawTags {
    pub auto: bool,
    pub markdown: bool,
    pub max: i64,
    pub min_articles: i64,
    pub stop: Vec<String>,
    pub aliases: BTreeMap<String, String>,
}

impl Default for RawTags {
    fn default() -> Self {
        RawTags {
            auto: true,
            markdown: false,
            max: 8,
            min_articles: 2,
            stop: Vec::new(),
            aliases: BTreeMap::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(default)]
pub(super) struct RawLimits {
    pub tags_per_article: i64,
    pub front_matter_depth: i64,
    pub page_mib: i64,
    pub range_items: i64,
    pub render_seconds: i64,
}

impl Default for RawLimits {
    fn default() -> Self {
        let limits = crate::config::limits::Limits::default();
        let int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        RawLimits {
            tags_per_article: int(limits.tags_per_article as u64),
            front_matter_depth: int(limits.front_matter_depth as u64),
            page_mib: int(limits.page_bytes / crate::config::limits::MIB),
            range_items: int(limits.range_items),
            render_seconds: int(limits.render_seconds),
        }
    }
}
