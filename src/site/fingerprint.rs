//! Fingerprints: what each output file is made from. A fingerprint's parts
//! (the site key, the template and every template it reaches, the cards or
//! article the page shows) are length-prefixed and hashed once with
//! XXH3-128; a file whose fingerprint matches the last build's is not
//! rendered (`output::Output::produce`).

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use super::Site;
use crate::article::Article;
use crate::config::Config;
use crate::library::Library;
use crate::output::manifest::Fingerprint;
use crate::render::views::{AuthorLink, CardTag, DeskLink};

impl Site {
    /// What an article's page is made from: the article's file, its card,
    /// and the cards it links (previous, next, related).
    pub(super) fn article_fingerprint(&self, index: usize) -> Fingerprint {
        let article = &self.library.articles[index];
        let mut print = self
            .fingerprint("article.html")
            .bytes(article.source.as_os_str().as_encoded_bytes());
        print = print.content(article);
        // What the page shows besides the card: the corrections, when it
        // last changed and the embargo (in the file's hash for a kept one).
        print = print.json(&(
            &article.corrections,
            article.last_changed(),
            article.embargo,
        ));
        // Itself, the previous (older) and next (newer) article, related.
        let previous = Some(index + 1);
        let next = index.checked_sub(1);
        let related = self.library.related.of(index).map(Some);
        for linked in [Some(index), previous, next].into_iter().chain(related) {
            let card = linked.and_then(|i| self.cards.fingerprints.get(i));
            print = print.bytes(card.map_or(&[0; 16], |c| c));
        }
        print.finish()
    }

    /// The start of a fingerprint for a page rendered with `template`.
    pub(super) fn fingerprint(&self, template: &str) -> FingerprintBuilder {
        FingerprintBuilder::new(&self.machinery.key)
            .text(template)
            .bytes(&self.renderer.fingerprint(template))
    }
}

/// Each tag and each section as cards show them (template values, built
/// once and shared by every card), and each article's card fingerprint, in
/// library order.
pub(super) fn fingerprint_cards(
    config: &Config,
    library: &Library,
    now: DateTime<FixedOffset>,
    pictures: &[Option<[u8; 32]>],
) -> CardParts {
    // Each tag as cards show it, built once: every card shares its
    // template value, and its fingerprint stands for it in card prints.
    let tag_links: Vec<CardTag> = library
        .tags
        .iter()
        .map(|tag| CardTag::new(config, tag))
        .collect();
    let tag_fingerprints: Vec<Fingerprint> = tag_links
        .iter()
        .map(|link| FingerprintBuilder::new(&[0; 32]).json(link).finish())
        .collect();
    let tag_values: Vec<tera::Value> = tag_links
        .iter()
        .map(tera::Value::from_serializable)
        .collect();
    let desk_links: Vec<DeskLink> = config
        .desks
        .list
        .iter()
        .map(|desk| DeskLink::new(config, desk))
        .collect();
    let desk_values = desk_links
        .iter()
        .map(|desk| tera::Value::from_serializable(&desk.as_tag()))
        .collect();
    let desk_fingerprints: Vec<Fingerprint> = desk_links
        .iter()
        .map(|desk| FingerprintBuilder::new(&[0; 32]).json(desk).finish())
        .collect();
    let author_links: Vec<AuthorLink> = library
        .authors
        .iter()
        .map(|author| AuthorLink::new(config, author))
        .collect();
    // An author as cards show them, and as article pages' JSON-LD does
    // (their role, photo and profiles elsewhere), but not their biography,
    // which only their own page shows.
    let author_fingerprints: Vec<Fingerprint> = author_links
        .iter()
        .zip(&library.authors)
        .map(|(link, author)| {
            let profile = author.profile.as_ref();
            let person = profile.map(|p| (&p.role, &p.photo, &p.links));
            FingerprintBuilder::new(&[0; 32])
                .json(&(link, person))
                .finish()
        })
        .collect();
    let author_values = author_links
        .iter()
        .map(tera::Value::from_serializable)
        .collect();
    let card_fingerprints = (0..library.articles.len())
        .into_par_iter()
        .map(|index| {
            let article = &library.articles[index];
            let print = card_fingerprint(
                article,
                article.published_at() > now,
                (library.tag_ids(index), library.kicker(index)),
                &tag_fingerprints,
            );
            // Its section and its authors' pages: set across the site, not
            // by its file alone.
            let mut people = FingerprintBuilder::new(&[0; 32])
                .bytes(&print)
                .text("section");
            if let Some(desk) = library.desk(index) {
                people = people.bytes(&desk_fingerprints[desk]);
            }
            people = people.text("authors");
            for author in library.author_ids(index) {
                people = people.bytes(&author_fingerprints[author]);
            }
            // Its picture: where it was found, its variants and words.
            people = people.text("picture");
            if let Some(Some(picture)) = pictures.get(index) {
                people = people.bytes(picture);
            }
            people.finish()
        })
        .collect();
    CardParts {
        tag_values,
        desk_values,
        author_values,
        fingerprints: card_fingerprints,
    }
}

/// What cards are made of, built once for the whole site: each tag, section
/// and author as cards show them, and each card's fingerprint.
pub(super) struct CardParts {
    pub(super) tag_values: Vec<tera::Value>,
    pub(super) desk_values: Vec<tera::Value>,
    pub(super) author_values: Vec<tera::Value>,
    pub(super) fingerprints: Vec<Fingerprint>,
}

/// The fingerprint of an article's card: everything
/// [`ArticleCard::with_links`] reads from the article (the configuration is
/// in every page's site key), whether it is scheduled, and its tags and
/// kicker (by their own prints, which hold whether each has a page). Keep
/// it in step with the card.
pub(super) fn card_fingerprint(
    article: &Article,
    scheduled: bool,
    (tags, kicker): (&[usize], Option<usize>),
    tag_fingerprints: &[Fingerprint],
) -> Fingerprint {
    #[derive(Serialize)]
    struct CardInputs<'a> {
        title: &'a str,
        path: &'a str,
        date: &'a crate::article::dates::PublishDate,
        updated: Option<&'a crate::article::dates::PublishDate>,
        /// Not on the card, but feeds and sitemaps that list it show it:
        /// the corrections move it.
        last_changed: crate::article::dates::PublishDate,
        summary: &'a str,
        dateline: Option<&'a str>,
        authors: &'a [String],
        image: Option<&'a str>,
        word_count: usize,
        draft: bool,
        scheduled: bool,
    }
    // A stored article's card is made from its file's bytes and the
    // boilerplate it was read without (with the configuration and newsgen,
    // in the site key), but for its path: these stand for the rest, so its
    // fields are not serialized.
    let mut print = match &article.kept {
        Some(kept) => FingerprintBuilder::new(&[0; 32])
            .bytes(&kept.source_hash)
            .postcard(&article.lines.dropped)
            .text(&article.path)
            .bytes(&[u8::from(scheduled)]),
        None => FingerprintBuilder::new(&[0; 32]).postcard(&CardInputs {
            title: &article.title,
            path: &article.path,
            date: &article.date,
            updated: article.updated.as_ref(),
            last_changed: article.last_changed(),
            summary: &article.summary,
            dateline: article.dateline.as_deref(),
            authors: &article.authors,
            image: article.image.as_deref(),
            word_count: article.word_count,
            draft: article.draft,
            scheduled,
        }),
    };
    for &tag in tags {
        print = print.bytes(&tag_fingerprints[tag]);
    }
    // The kicker after a marker, so it never reads as one more tag.
    print = print.text("kicker");
    if let Some(tag) = kicker {
        print = print.bytes(&tag_fingerprints[tag]);
    }
    print.finish()
}

/// An optional instant as fingerprint bytes: seconds, nanoseconds and
/// offset, then whether there is one (fixed width, so nothing reads alike).
pub(super) fn instant_bytes(instant: Option<DateTime<FixedOffset>>) -> [u8; 17] {
    let mut bytes = [0; 17];
    if let Some(date) = instant {
        bytes[..8].copy_from_slice(&date.timestamp().to_le_bytes());
        bytes[8..12].copy_from_slice(&date.timestamp_subsec_nanos().to_le_bytes());
        bytes[12..16].copy_from_slice(&date.offset().local_minus_utc().to_le_bytes());
        bytes[16] = 1;
    }
    bytes
}

/// The site key: what every output file depends on besides its own inputs,
/// and what parsing depends on besides the file: newsgen (its version and
/// the binary itself, so a rebuilt newsgen never trusts an older one's
/// cache) and the whole configuration.
pub(super) fn site_key(config: &Config) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(concat!("newsgen ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    if let Some(binary) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        hasher.update(&binary.len().to_le_bytes());
        let modified = binary.modified().map_or(0, crate::file_time::nanos);
        hasher.update(&modified.to_le_bytes());
    }
    hasher.update(format!("{config:?}").as_bytes());
    *hasher.finalize().as_bytes()
}

/// A fingerprint being made: its parts, each length-prefixed so no two
/// different sequences of parts read alike, hashed once at the end with
/// XXH3-128. (A fingerprint tells inputs that changed from inputs that did
/// not; whoever could craft a collision controls the seeds anyway. File
/// contents are hashed with blake3.)
#[derive(Clone)]
pub(super) struct FingerprintBuilder(Vec<u8>);

impl FingerprintBuilder {
    pub(super) fn new(key: &[u8; 32]) -> FingerprintBuilder {
        let mut parts = Vec::with_capacity(512);
        parts.extend_from_slice(key);
        FingerprintBuilder(parts)
    }

    pub(super) fn bytes(mut self, bytes: &[u8]) -> FingerprintBuilder {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    pub(super) fn text(self, text: &str) -> FingerprintBuilder {
        self.bytes(text.as_bytes())
    }

    pub(super) fn json(self, value: &impl Serialize) -> FingerprintBuilder {
        self.part(|parts| serde_json::to_writer(parts, value).is_ok())
    }

    /// `value` in postcard's compact form (faster than JSON, for values
    /// made of plain fields).
    pub(super) fn postcard(self, value: &impl Serialize) -> FingerprintBuilder {
        self.part(|parts| postcard::to_io(value, parts).is_ok())
    }

    /// A part written by `write` (empty if writing fails), after its length.
    fn part(mut self, write: impl FnOnce(&mut Vec<u8>) -> bool) -> FingerprintBuilder {
        let at = self.0.len();
        self.0.extend_from_slice(&[0; 8]);
        if !write(&mut self.0) {
            self.0.truncate(at + 8);
        }
        let len = (self.0.len() - at - 8) as u64;
        self.0[at..at + 8].copy_from_slice(&len.to_le_bytes());
        self
    }

    /// An article's content: its file's hash and the boilerplate it was
    /// read without where the build cache keeps its body (the two, with the
    /// configuration and newsgen in the site key, determine the article),
    /// else the body itself.
    pub(super) fn content(self, article: &Article) -> FingerprintBuilder {
        match &article.kept {
            Some(kept) => self
                .bytes(&kept.source_hash)
                .postcard(&article.lines.dropped),
            None => self.json(&article.sections),
        }
    }

    pub(super) fn finish(self) -> Fingerprint {
        xxhash_rust::xxh3::xxh3_128(&self.0).to_le_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::article::dates::parse_calendar_date;

    fn article() -> Article {
        let mut article = Article::for_test("seeds/a.md", "2024-01-05", &["Tag"]);
        article.authors = vec!["A. Writer".into()];
        article.summary = "Summary.".into();
        article.word_count = 100;
        article.path = "2024/01/05/title/".into();
        article
    }

    /// Every input of a card changes its print: a page showing the card is
    /// rendered again when any of them changes.
    #[test]
    fn a_card_print_changes_with_every_input_of_the_card() {
        let tag_fingerprints = [[1u8; 16], [2u8; 16]];
        let print = |article: &Article, scheduled: bool, tags: &[usize]| {
            card_fingerprint(article, scheduled, (tags, Some(0)), &tag_fingerprints)
        };
        let base = article();
        let reference = print(&base, false, &[0]);
        assert_eq!(print(&article(), false, &[0]), reference, "deterministic");
        let later = parse_calendar_date("2024-01-06", chrono_tz::UTC).unwrap();
        type Change = Box<dyn Fn(&mut Article)>;
        let changes: Vec<(&str, Change)> = vec![
            ("title", Box::new(|a| a.title.push('!'))),
            ("path", Box::new(|a| a.path.push('x'))),
            ("date", Box::new(move |a| a.date = later)),
            ("updated", Box::new(move |a| a.updated = Some(later))),
            (
                "correction",
                Box::new(move |a| {
                    a.corrections.push(crate::article::Correction {
                        date: later,
                        text: "Fixed.".into(),
                    })
                }),
            ),
            ("summary", Box::new(|a| a.summary.push('!'))),
            ("dateline", Box::new(|a| a.dateline = Some("OSLO".into()))),
            ("authors", Box::new(|a| a.authors.push("B".into()))),
            ("image", Box::new(|a| a.image = Some("/i.jpg".into()))),
            ("word count", Box::new(|a| a.word_count += 1)),
            ("draft", Box::new(|a| a.draft = true)),
        ];
        for (what, change) in changes {
            let mut changed = article();
            change(&mut changed);
            assert_ne!(print(&changed, false, &[0]), reference, "{what}");
        }
        assert_ne!(print(&base, true, &[0]), reference, "scheduled");
        assert_ne!(print(&base, false, &[1]), reference, "another tag");
        assert_ne!(print(&base, false, &[0, 1]), reference, "one more tag");
        let kicked = |kicker| card_fingerprint(&base, false, (&[0, 1], kicker), &tag_fingerprints);
        assert_ne!(kicked(Some(0)), kicked(Some(1)), "another kicker");
        assert_ne!(kicked(None), kicked(Some(1)), "no kicker");
    }
}
