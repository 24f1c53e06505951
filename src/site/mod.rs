//! The orchestrator: `Site::load` reads everything, `Site::build` writes the
//! site. `build` is the whole pipeline on one screen: articles, home, tags,
//! date archives, 404, feeds, sitemaps, static files, then the commit of the
//! output.
//!
//! Every output file is produced with a fingerprint of what it is made from
//! (`fingerprint`): the configuration and newsgen (the site key), the
//! templates it reaches, and the cards or article it shows. A file whose
//! fingerprint matches the previous build's is not rendered at all.
//!
//! `load` reads and assembles the site (and keeps related stories in the
//! build cache between builds), `pages` writes the HTML pages, `feeds` the
//! feeds and sitemaps, `fingerprint` says what each file is made from.

mod feeds;
mod fingerprint;
mod load;
mod pages;
mod people;
mod pictures;
mod redirects;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use crate::article::{Article, Section};
use crate::config::Config;
use crate::ingest;
use crate::library::Library;
use crate::library::paginate::Pages;
use crate::output::cache::Cache;
use crate::output::manifest::Fingerprint;
use crate::output::{Output, Prefetch};
use crate::problem::{BuildFailed, Problem, display_path};
use crate::render::Renderer;
use crate::render::theme;
use crate::render::views::{ArticleCard, CardLinks};
use pages::PagesWritten;

pub(crate) use crate::config::STATIC_DIR;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish articles marked `draft = true`.
    pub drafts: bool,
    /// Overrides `output_dir` from site.toml.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.toml (to preview the site elsewhere).
    pub base_url: Option<String>,
    /// The build time (default: now): articles dated (or embargoed) after
    /// it are scheduled, those expired before it are taken down, and the
    /// Google News sitemap lists the two days before it. Fixing it makes
    /// builds reproducible.
    pub now: Option<DateTime<FixedOffset>>,
    /// Publish articles dated or embargoed after the build time.
    pub future: bool,
    /// Build what is valid and leave bad articles out (or `skip_bad = true`
    /// in site.toml).
    pub skip_bad: bool,
    /// Shows how far the build is (a bar on a terminal); hidden by default.
    pub progress: Option<indicatif::ProgressBar>,
}

/// Articles dated further than this after the build time are taken for typos.
const FAR_FUTURE_DAYS: i64 = 366;

pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    /// Problems that do not stop the build (ignored files, URL collisions).
    pub warnings: Vec<Problem>,
    /// Bad articles left out with `--skip-bad`, with what was wrong.
    pub left_out: Vec<Problem>,
    /// Articles dated after the build time, not published (no `--future`).
    pub scheduled: usize,
    /// Drafts not published (no `--drafts`).
    pub drafts: usize,
    /// Articles past their `expires` time, taken down.
    pub expired: usize,
    /// Old paths sent on: of moved and removed articles, and aliases.
    redirects: Vec<redirects::Redirect>,
    /// Articles parsed in this build; the others came from the build cache.
    pub parsed: usize,
    /// Wire articles read again in this build because the boilerplate
    /// found across the site changed their verdict (`ingest::settle`).
    pub reread: usize,
    /// The build time.
    pub now: DateTime<FixedOffset>,
    renderer: Renderer,
    /// The files of `static/`: (path in the output, file).
    static_files: Vec<(String, PathBuf)>,
    /// Every article's card, as templates and fingerprints see it.
    cards: Cards,
    options: BuildOptions,
    /// The build's own machinery, apart from the content.
    machinery: Machinery,
    /// Each article's lead picture, and the local pictures to write.
    pictures: pictures::Pictures,
    /// Pictures rendered (not taken from the store) in this build.
    pub encoded: usize,
}

/// Every article's card, in library order.
struct Cards {
    /// Each card as a template value, built when a page that shows it is
    /// rendered, then shared by every other.
    values: Vec<OnceLock<tera::Value>>,
    /// Each tag as cards show it (indices as in the library's tags).
    tag_values: Vec<tera::Value>,
    /// Each section as a kicker shows it (indices as in the library's desks).
    desk_values: Vec<tera::Value>,
    /// Each author as bylines show them (indices as in the library's authors).
    author_values: Vec<tera::Value>,
    /// A fingerprint of each card, from what the card is made of: a page
    /// whose cards did not change is never rendered, so most cards are
    /// never built.
    fingerprints: Vec<Fingerprint>,
}

/// What a build needs besides the site's content.
struct Machinery {
    /// Where article bodies are kept between parsing and rendering.
    cache: Option<Cache>,
    /// The build's progress bar (hidden unless asked for).
    progress: indicatif::ProgressBar,
    /// What every output file depends on: newsgen and the configuration.
    key: [u8; 32],
    /// The output manifest, read and checked ahead while the site loads;
    /// taken by the first build.
    prefetch: std::sync::Mutex<Option<Prefetch>>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Of `files`, those unchanged since the last build: kept, not written.
    pub unchanged: usize,
    /// Files of the last build this one no longer has.
    pub deleted: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
}

impl Site {
    /// Ends a one-shot build, as the process is about to exit: closes the
    /// build cache (which removes a private one) and leaves the rest of the
    /// site's memory to the operating system rather than freeing it piece
    /// by piece, which takes a noticeable part of a small rebuild.
    pub fn exit(mut self) {
        drop(self.machinery.cache.take());
        std::mem::forget(self);
    }

    /// The card of the article at `index` as a template value, built the
    /// first time a page shows it.
    fn card(&self, index: usize) -> &tera::Value {
        self.cards.values[index].get_or_init(|| {
            let library = &self.library;
            let tag_value = |tag: usize| &self.cards.tag_values[tag];
            let section = library
                .desk(index)
                .and_then(|desk| self.cards.desk_values.get(desk));
            let links = CardLinks {
                tags: library
                    .tag_ids(index)
                    .iter()
                    .map(|&t| tag_value(t))
                    .collect(),
                // The biggest topic, else the section.
                kicker: library.kicker(index).map(tag_value).or(section),
                section,
                authors: library
                    .author_ids(index)
                    .map(|author| &self.cards.author_values[author])
                    .collect(),
                picture: self.pictures.views.get(index).cloned().flatten(),
            };
            let article = &library.articles[index];
            let card = ArticleCard {
                scheduled: article.published_at() > self.now,
                ..ArticleCard::with_links(&self.config, article, links)
            };
            tera::Value::from_serializable(&card)
        })
    }

    /// The HTML of one article's page, as a build would write it.
    pub fn render_article(&self, index: usize) -> Result<String, Problem> {
        let article = &self.library.articles[index];
        let sections = self.body(index, false)?;
        self.renderer.render(
            "article.html",
            &self.article_page(index, &sections),
            &format!("/{}", article.path),
        )
    }

    /// The body of the article at `index` as its page and full-text feeds
    /// show it: its hashtags link only the tags that have a page. (Which
    /// do is in the article's card print, through its tags' prints.)
    fn body(&self, index: usize, feed: bool) -> Result<Vec<Section>, Problem> {
        let article = &self.library.articles[index];
        let mut sections = self.sections(article)?;
        if let Some(pictures) = self.pictures.body.get(index).filter(|p| !p.is_empty()) {
            pictures::show_in_body(&mut sections, pictures, feed);
        }
        if article.format == crate::article::SourceFormat::Wire {
            let linked: Vec<String> = self
                .library
                .tags_of(index)
                .filter(|tag| tag.page)
                .map(|tag| crate::article::text::escape_html(&self.config.site_url(&tag.path())))
                .collect();
            crate::render::hashtags::keep_links_to(&mut sections, &linked);
        }
        Ok(sections)
    }

    /// An article's body: from the build cache's pack, or from memory. A
    /// body the pack does not hold intact is parsed again from its file.
    pub fn sections(&self, article: &Article) -> Result<Vec<Section>, Problem> {
        if article.kept.is_none() {
            return Ok(article.sections.clone());
        }
        if let Some(sections) = self
            .machinery
            .cache
            .as_ref()
            .and_then(|cache| cache.body(article))
        {
            return Ok(sections);
        }
        let changed = || {
            Problem::new(
                &article.source,
                "the file changed or went away during the build",
            )
            .help("build again")
        };
        let bytes = std::fs::read(self.root.join(&article.source)).map_err(|_| changed())?;
        // Read with its own verdict: the boilerplate it was read without.
        let known = ingest::Boilerplate::new(article.lines.dropped.iter().copied());
        match ingest::read_article_with(&article.source, &bytes, &self.config, &known) {
            Ok(Some((parsed, _))) => Ok(parsed.sections),
            _ => Err(changed()),
        }
    }

    /// The output folder this site builds into.
    pub fn output_dir(&self) -> PathBuf {
        output_dir(&self.root, &self.options, &self.config)
    }

    /// Renders every page whose inputs changed since the last build into a
    /// staging folder, then commits it. On any problem nothing is
    /// committed: the previous output stays as it was.
    pub fn build(&self) -> Result<BuildSummary, BuildFailed> {
        let started = Instant::now();
        let prefetch = self
            .machinery
            .prefetch
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let output =
            Output::prepare(&self.root, &self.output_dir(), prefetch).map_err(BuildFailed::one)?;
        crate::timings::phase("output prepared");
        self.machinery.progress.set_message("writing pages");
        self.machinery.progress.set_length(self.page_estimate());
        let mut pages = PagesWritten::default();
        for step in [
            self.write_articles(&output),
            self.write_home(&output),
            self.write_sections(&output),
            self.write_authors(&output),
            self.write_author_index(&output),
            self.write_tags(&output),
            self.write_tag_index(&output),
            self.write_archives(&output),
            self.write_archive_index(&output),
            self.write_not_found(&output),
            self.write_redirects(&output),
        ] {
            pages.add(step);
        }
        let page_count = pages.pages;
        crate::timings::phase("pages");
        let mut problems = pages.problems;
        self.machinery
            .progress
            .set_message("writing feeds and sitemaps");
        problems.extend(self.write_feeds(&output));
        crate::timings::phase("feeds");
        problems.extend(self.write_sitemaps(&output, pages.urls));
        problems.extend(self.copy_static(&output));
        problems.extend(self.write_pictures(&output));
        crate::timings::phase("sitemaps, static files");
        if !problems.is_empty() {
            return Err(BuildFailed::new(problems));
        }
        self.machinery.progress.set_message("committing");
        let output_dir = output.final_dir().to_path_buf();
        let stats = output.commit().map_err(BuildFailed::new)?;
        crate::timings::phase("committed");
        self.machinery.progress.finish_and_clear();
        Ok(BuildSummary {
            articles: self.library.articles.len(),
            pages: page_count,
            files: stats.files,
            bytes: stats.bytes,
            unchanged: stats.reused,
            deleted: stats.deleted,
            output_dir,
            elapsed: started.elapsed(),
        })
    }

    /// How many pages the build writes, for the progress bar.
    fn page_estimate(&self) -> u64 {
        let library = &self.library;
        let archive_lists = library.years.iter().flat_map(|year| {
            std::iter::once(year.articles.len()).chain(year.months.iter().flat_map(|month| {
                std::iter::once(month.articles.len())
                    .chain(month.days.iter().map(|day| day.articles.len()))
            }))
        });
        let list_pages: usize = library
            .topics()
            .map(|tag| tag.articles.len())
            .chain(library.desks.iter().map(Vec::len))
            .chain(library.authors.iter().map(|author| author.articles.len()))
            .chain(archive_lists)
            .chain([library.articles.len()])
            .map(|items| Pages::new(items, self.config.paginate_by, self.config.page_numbers).count)
            .sum();
        // Articles, lists, the topics index (at most one page per initial
        // and part, estimated as 27), the archive and authors indexes and
        // the 404.
        (library.articles.len() + list_pages + 30) as u64
    }

    /// Copies `static/` as is, then the theme's static files the site does
    /// not override.
    fn copy_static(&self, output: &Output) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self
            .static_files
            .par_iter()
            .filter_map(|(relative, path)| {
                let origin = display_path(&self.root, path).display().to_string();
                output.copy(relative, path, &origin).err()
            })
            .collect();
        for (name, bytes) in theme::STATIC {
            if !self
                .static_files
                .iter()
                .any(|(relative, _)| relative == name)
            {
                problems.extend(
                    output
                        .write(name, bytes, &format!("the built-in {name}"))
                        .err(),
                );
            }
        }
        problems
    }
}

/// The output folder: `--output-dir`, else site.toml's `output_dir`,
/// relative to the site folder. Made from the site folder's absolute path,
/// so a relative `--site` is not joined twice when the folder is checked.
fn output_dir(root: &Path, options: &BuildOptions, config: &Config) -> PathBuf {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    root.join(options.output_dir.as_ref().unwrap_or(&config.output_dir))
}
