//! The article: the one model every page, feed and index is built from.
//!
//! `ingest` turns each seed file into an [`Article`]; `site` gives it its
//! permalink; `library` orders and files it; `render` shows it through
//! borrowed views. An article is owned data and holds no view concerns.

pub(crate) mod dates;
pub(crate) mod slug;
pub(crate) mod text;

use std::path::PathBuf;

use crate::article::dates::PublishDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// `*.txt`: a date line, then plain-text paragraphs.
    Wire,
    /// `*.md` with TOML or YAML front matter.
    Markdown,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// The seed file, relative to the site folder: `seeds/2024/storm.txt`.
    pub source: PathBuf,
    pub format: SourceFormat,
    /// The headline, as plain text (templates escape it).
    pub title: String,
    /// The last segment of the permalink.
    pub slug: String,
    pub date: PublishDate,
    /// Where the date is written in the source: (line, column), 1-based.
    pub date_at: (usize, usize),
    pub updated: Option<PublishDate>,
    /// Corrections appended to the article, oldest first.
    pub corrections: Vec<Correction>,
    /// Not published before this time, whatever its `date`.
    pub embargo: Option<PublishDate>,
    /// Taken down at this time: no page, in no list, feed or sitemap.
    pub expires: Option<PublishDate>,
    /// Where the article went (a site path or a URL): it has no page, and
    /// its URL redirects there.
    pub redirect: Option<String>,
    /// Former site paths of the article (normalised: `2022/01/02/old/`),
    /// each redirected to its URL.
    pub aliases: Vec<String>,
    pub authors: Vec<String>,
    /// Tag names as the article gives them (front matter, hashtags), then
    /// the derived ones; `library` merges spellings.
    pub tags: Vec<String>,
    /// Names the article is about, for automatic tagging; used up by
    /// `tagging::tag_corpus` once the whole corpus is read.
    pub tag_candidates: Vec<Candidate>,
    /// Plain text, used by lists and the meta description.
    pub summary: String,
    /// The body in sections, each opened by a subheading (the first may
    /// have none); the whole body is their concatenation (`body_html`).
    /// Empty once the build cache keeps the body (`kept`).
    pub sections: Vec<Section>,
    /// Set when the build cache (`output::cache`) has put the body aside:
    /// the seed file's hash and where the body is kept.
    pub kept: Option<KeptBody>,
    /// A wire article's place-and-agency line, where it has one.
    pub dateline: Option<String>,
    /// The news agency named in the dateline.
    pub agency: Option<String>,
    /// A closing credit such as "(With inputs from agencies)".
    pub credit: Option<String>,
    /// A wire article's short lines by shape, and which of them were left
    /// out as boilerplate when it was read (`ingest::boilerplate`).
    pub lines: LineShapes,
    pub word_count: usize,
    pub draft: bool,
    /// The lead picture as written: a URL, a path beside the article in
    /// `seeds/`, or a path in `static/` (front matter `image`; for wire text
    /// a picture file of the same name beside it).
    pub image: Option<String>,
    /// Its words for readers who cannot see it, caption and credit (front
    /// matter, or a wire article's sidecar `.toml`).
    pub image_text: ImageText,
    /// The picture files a Markdown body shows (`![alt](photo.jpg)`), as
    /// written: each gets variants, and its `<img>` a `<picture>`.
    pub body_images: Vec<String>,
    /// The news section (desk) the article is filed under, as site.toml
    /// names it: from front matter when read; for the others set from the
    /// site's rules when the site is assembled (`library::desks`).
    pub desk: Option<String>,
    /// Free-form front matter `[extra]` values, for templates.
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    /// The article's path in the site (`2022/02/01/slug/`), set by `site`
    /// once every slug is known.
    pub path: String,
}

/// What an article says of its lead picture.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageText {
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Where `image` is written (a line of the article, or of its sidecar).
    pub line: usize,
}

/// A person who signs articles, from their file in `authors/`
/// (`ingest::read_profiles`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Profile {
    /// The profile file, relative to the site folder: `authors/jane-doe.md`.
    pub source: PathBuf,
    /// As bylines write it: "Jane Doe".
    pub name: String,
    /// Their page's folder under `authors/`.
    pub slug: String,
    /// "Political editor".
    pub role: Option<String>,
    /// The file's body as safe HTML.
    pub bio: String,
    /// A URL, or a path in the site (`static/` is its root).
    pub photo: Option<String>,
    pub email: Option<String>,
    /// Their profiles elsewhere: absolute URLs (JSON-LD `sameAs`).
    pub links: Vec<String>,
}

/// A correction note: when it was made and what it says (plain text).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub date: PublishDate,
    pub text: String,
}

/// A body the build cache put aside until a page needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeptBody {
    /// blake3 of the seed file's bytes: what the article's pages depend on
    /// (with the configuration and newsgen, it determines the whole article).
    pub source_hash: [u8; 32],
    /// Where the build cache keeps the body; only the cache reads it.
    pub at: BodyRef,
}

/// The lines of a wire article that may be boilerplate, by shape (a hash
/// of the line lowercased, digits as `0`): counted across the site to find
/// the lines that recur (`ingest::boilerplate`). Empty for Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineShapes {
    /// The story, told by the shape of its longest line: copies of one
    /// story count once.
    pub story: u64,
    /// The shapes of its candidate lines, sorted, each once.
    pub shapes: Vec<u64>,
    /// Of `shapes`, those left out as boilerplate when it was read, sorted:
    /// with the file, they determine the article.
    pub dropped: Vec<u64>,
}

/// A body in the pack file: where, how long, and a checksum of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyRef {
    pub offset: u64,
    pub len: u32,
    pub check: u64,
}

/// A name the article mentions: a candidate for its tags, found when the
/// article is read (`ingest::names`) and chosen from once the whole corpus
/// is known (`library::tagging`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    /// The display form: the most common full form in this article ("Viktor Orban").
    pub name: String,
    /// Mentions in this article, short forms merged in ("Orban" counts for "Viktor Orban").
    pub count: usize,
    /// Whether the article hashtags it (#Hungary).
    pub hashtag: bool,
}

/// A part of the body under one subheading.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The subheading, as plain text; none for the part before the first.
    pub heading: Option<String>,
    /// The subheading's anchor (`id` of its `<h2>`), unique in the article.
    pub id: Option<String>,
    /// The section's content, as safe HTML, without the subheading.
    pub html: String,
}

/// A hash of an article's source path: its identity from one build to the
/// next (the build cache's shards and lookups, related stories).
pub(crate) fn source_id(source: &std::path::Path) -> u64 {
    xxhash_rust::xxh3::xxh3_64(source.as_os_str().as_encoded_bytes())
}

impl Article {
    pub fn reading_time(&self) -> usize {
        crate::article::text::reading_time(self.word_count)
    }

    /// When the article last changed: the latest of its publication date,
    /// `updated` and its corrections' dates (the publication date on a tie).
    pub fn last_changed(&self) -> PublishDate {
        self.updated
            .iter()
            .chain(self.corrections.iter().map(|c| &c.date))
            .fold(self.date, |latest, date| {
                if date.instant > latest.instant {
                    *date
                } else {
                    latest
                }
            })
    }

    /// When the article is published: its date, or its embargo when that
    /// is later.
    pub fn published_at(&self) -> chrono::DateTime<chrono::FixedOffset> {
        match self.embargo {
            Some(embargo) if embargo.instant > self.date.instant => embargo.instant,
            _ => self.date.instant,
        }
    }

    /// Whether the article has expired at `now` (`expires`).
    pub fn expired(&self, now: chrono::DateTime<chrono::FixedOffset>) -> bool {
        self.expires.is_some_and(|expires| expires.instant <= now)
    }

    /// The instant of [`Article::last_changed`].
    pub fn modified(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.last_changed().instant
    }

    /// The whole body as safe HTML, when it is in memory (`sections`).
    pub fn body_html(&self) -> String {
        body_html(&self.sections)
    }
}

/// Whether `articles` are in source order, as ingest delivers them (its
/// sorted listing orders paths as comparing them does).
pub(crate) fn in_source_order(articles: &[Article]) -> bool {
    articles
        .windows(2)
        .all(|pair| pair[0].source <= pair[1].source)
}

/// A body as safe HTML: each section's `<h2>` and content.
pub(crate) fn body_html(sections: &[Section]) -> String {
    {
        let mut html = String::with_capacity(sections.iter().map(|s| s.html.len() + 64).sum());
        for section in sections {
            if let (Some(heading), Some(id)) = (&section.heading, &section.id) {
                html.push_str(&format!(
                    "<h2 id=\"{id}\">{}</h2>\n",
                    crate::article::text::escape_html(heading)
                ));
            }
            html.push_str(&section.html);
        }
        html
    }
}

/// `extra` in the build cache: JSON text, since the cache's format (postcard)
/// cannot describe free-form values.
mod json_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &serde_json::Value,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.to_string().serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
impl Article {
    /// A published wire article with its title, slug and source all
    /// `source`, for unit tests.
    pub fn for_test(source: &str, date: &str, tags: &[&str]) -> Article {
        Article {
            source: source.into(),
            format: SourceFormat::Wire,
            title: source.into(),
            slug: source.into(),
            date: crate::article::dates::parse_calendar_date(date, chrono_tz::UTC).unwrap(),
            date_at: (1, 1),
            updated: None,
            corrections: Vec::new(),
            embargo: None,
            expires: None,
            redirect: None,
            aliases: Vec::new(),
            authors: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            summary: String::new(),
            tag_candidates: Vec::new(),
            sections: Vec::new(),
            kept: None,
            dateline: None,
            agency: None,
            credit: None,
            lines: LineShapes::default(),
            word_count: 0,
            draft: false,
            image: None,
            image_text: ImageText::default(),
            body_images: Vec::new(),
            desk: None,
            extra: serde_json::Value::Null,
            path: String::new(),
        }
    }
}
