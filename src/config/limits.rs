//! `[limits]` in site.toml: the bounds on what one file may cost, so that no
//! article or template, however written, floods the disk or hangs the
//! build. Each bound's problem names the file and the setting to raise.
//!
//! Ingest checks the tags an article declares and the nesting of its front
//! matter; `render` checks each page's size, the items `range` makes for it
//! and the time it takes. The defaults are far above what any newsroom's
//! pages need.

/// `[limits]`: the checked bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// At most this many tags per article: declared in front matter (more is
    /// an error), or hashtags read from wire text (the rest stay text).
    pub tags_per_article: usize,
    /// Lists and tables in front matter nest at most this deep.
    pub front_matter_depth: usize,
    /// One rendered page is at most this many bytes.
    pub page_bytes: u64,
    /// Template `range` calls make at most this many items for one page.
    pub range_items: u64,
    /// One page renders in at most this many seconds.
    pub render_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            tags_per_article: 100,
            front_matter_depth: 64,
            page_bytes: 128 * MIB,
            range_items: 1_000_000,
            render_seconds: 60,
        }
    }
}

/// Page sizes are set in MiB.
pub(super) const MIB: u64 = 1024 * 1024;

/// Where a limit is set, for the help of the problem it makes:
/// "raise `tags_per_article` under `[limits]` in site.toml".
pub(crate) fn setting(key: &str) -> String {
    format!("`{key}` under `[limits]` in site.toml")
}
