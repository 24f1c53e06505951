//! The orchestrator: `Site::load` reads everything, `Site::build` writes the
//! site. `build` is the whole pipeline on one screen: articles, home, tags,
//! date archives, 404, feeds, sitemaps, static files, then the commit of the
//! output.
//!
//! Every output file is produced with a fingerprint of what it is made from
//! (see [`Print`]): the configuration and newsgen (the site key), the
//! templates it reaches, and the cards or article it shows. A file whose
//! fingerprint matches the previous build's is not rendered at all.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use crate::article::{Article, Section};
use crate::config::Config;
use crate::ingest;
use crate::library::paginate::{Page, Pages};
use crate::library::permalink;
use crate::library::tagging;
use crate::library::{Library, day_path, month_path, year_path};
use crate::output::cache::Cache;
use crate::output::manifest::Fingerprint;
use crate::output::{Origin, Output, Prefetch};
use crate::problem::{BuildFailed, Problem, display_path};
use crate::render::Renderer;
use crate::render::feeds::{self, Channel, Entry, Format};
use crate::render::sitemap::{self, SitemapUrl};
use crate::render::theme;
use crate::render::views::*;

pub const STATIC_DIR: &str = "static";

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Publish articles marked `draft = true`.
    pub drafts: bool,
    /// Overrides `output_dir` from site.toml.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.toml (to preview the site elsewhere).
    pub base_url: Option<String>,
    /// The build time (default: now): articles dated after it are scheduled,
    /// and the Google News sitemap lists the two days before it. Fixing it
    /// makes builds reproducible.
    pub now: Option<DateTime<FixedOffset>>,
    /// Publish articles dated after the build time.
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
    /// Articles parsed in this build; the others came from the build cache.
    pub parsed: usize,
    /// The build time.
    pub now: DateTime<FixedOffset>,
    renderer: Renderer,
    options: BuildOptions,
    /// Where article bodies are kept between parsing and rendering.
    cache: Option<Cache>,
    /// The build's progress bar (hidden unless asked for).
    progress: indicatif::ProgressBar,
    /// What every output file depends on: newsgen and the configuration.
    key: [u8; 32],
    /// One card per article, in library order, as a template value built
    /// when a page that shows it is rendered, then shared by every other.
    cards: Vec<OnceLock<tera::Value>>,
    /// Each tag as cards show it (indices as in the library's tags).
    tag_values: Vec<tera::Value>,
    /// A fingerprint of each card, from what the card is made of: a page
    /// whose cards did not change is never rendered, so most cards are
    /// never built.
    card_prints: Vec<Fingerprint>,
    /// The files of `static/`: (path in the output, file).
    static_files: Vec<(String, PathBuf)>,
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
    /// Reads site.toml, the templates and every article. All problems in all
    /// files are returned together.
    pub fn load(root: &Path, options: BuildOptions) -> Result<Site, BuildFailed> {
        crate::timings::phase("started");
        let mut config = Config::load(root).map_err(BuildFailed::new)?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url).map_err(BuildFailed::one)?;
        }
        let prefetch = Prefetch::start(root, &output_dir(root, &options, &config));
        let key = site_key(&config);
        let cache = Cache::open(root, &key);
        crate::timings::phase("cache opened");
        let progress = options
            .progress
            .clone()
            .unwrap_or_else(indicatif::ProgressBar::hidden);
        progress.set_message("reading articles");
        let (renderer, ingested) = rayon::join(
            || Renderer::load(root, &config),
            || ingest::read_seeds(root, &config, &cache),
        );
        // As parsed: what the next build can take without parsing again.
        cache.save(&ingested.articles);
        let parsed = ingested.articles.len().saturating_sub(cache.hits());
        crate::timings::phase("articles read (cache saved)");
        progress.set_message("filing articles");
        let now = options
            .now
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
        let mut articles = ingested.articles;
        let mut problems = ingested.errors;
        problems.extend(far_future(&articles, now));
        let mut left_out = Vec::new();
        if options.skip_bad || config.skip_bad {
            let bad: Vec<PathBuf> = problems.iter().map(|p| p.file.clone()).collect();
            articles.retain(|article| !bad.contains(&article.source));
            left_out = std::mem::take(&mut problems);
        }
        let (static_files, static_problems, static_warnings) = list_static(root);
        problems.extend(static_problems);
        let (renderer, template_warnings) = match renderer {
            Ok(renderer) if problems.is_empty() => renderer,
            Ok(_) => return Err(BuildFailed::new(problems)),
            Err(errors) => {
                problems.extend(errors);
                return Err(BuildFailed::new(problems));
            }
        };

        let mut site = Site::assemble(root, config, renderer, articles, options, now, Some(&cache));
        crate::timings::phase("site assembled");
        site.cache = Some(cache);
        site.prefetch = std::sync::Mutex::new(prefetch);
        site.parsed = parsed;
        let mut warnings = ingested.warnings;
        warnings.extend(template_warnings);
        warnings.extend(static_warnings);
        warnings.append(&mut site.warnings);
        site.warnings = warnings;
        site.left_out = left_out;
        site.static_files = static_files;
        Ok(site)
    }

    /// A site from articles already read: leaves out drafts and scheduled
    /// articles (unless asked for), tags the rest, gives them their
    /// permalinks and files them.
    pub fn assemble(
        root: &Path,
        config: Config,
        renderer: Renderer,
        mut articles: Vec<crate::article::Article>,
        options: BuildOptions,
        now: DateTime<FixedOffset>,
        cache: Option<&Cache>,
    ) -> Site {
        let parsed = articles.len();
        let before = articles.len();
        articles.retain(|article| options.drafts || !article.draft);
        let drafts = before - articles.len();
        let before = articles.len();
        articles.retain(|article| options.future || article.date.instant <= now);
        let scheduled = before - articles.len();
        tagging::tag_corpus(&mut articles, &config.tags.settings);
        crate::timings::phase("tagged");
        let warnings = permalink::assign_paths(&mut articles, &config.permalink);
        crate::timings::phase("permalinks");
        let library = Library::filed(articles, cache);
        crate::timings::phase("library filed");
        // Each tag as cards show it, built once: every card shares its
        // template value, and its fingerprint stands for it in card prints.
        let tag_links: Vec<CardTag> = library
            .tags
            .iter()
            .map(|tag| CardTag::new(&config, tag))
            .collect();
        let tag_prints: Vec<Fingerprint> = tag_links
            .iter()
            .map(|link| Print::new(&[0; 32]).json(link).done())
            .collect();
        let tag_values: Vec<tera::Value> = tag_links
            .iter()
            .map(tera::Value::from_serializable)
            .collect();
        let card_prints = (0..library.articles.len())
            .into_par_iter()
            .map(|index| {
                let article = &library.articles[index];
                card_print(
                    article,
                    article.date.instant > now,
                    library.tag_ids(index),
                    &tag_prints,
                )
            })
            .collect();
        let cards = (0..library.articles.len())
            .map(|_| OnceLock::new())
            .collect();
        crate::timings::phase("cards");
        let key = site_key(&config);
        Site {
            root: root.to_path_buf(),
            config,
            library,
            warnings,
            left_out: Vec::new(),
            scheduled,
            drafts,
            parsed,
            now,
            renderer,
            progress: options
                .progress
                .clone()
                .unwrap_or_else(indicatif::ProgressBar::hidden),
            options,
            cache: None,
            key,
            cards,
            tag_values,
            card_prints,
            static_files: Vec::new(),
            prefetch: std::sync::Mutex::new(None),
        }
    }

    /// Ends a one-shot build, as the process is about to exit: closes the
    /// build cache (which removes a private one) and leaves the rest of the
    /// site's memory to the operating system rather than freeing it piece
    /// by piece, which takes a noticeable part of a small rebuild.
    pub fn exit(mut self) {
        drop(self.cache.take());
        std::mem::forget(self);
    }

    /// The card of the article at `index` as a template value, built the
    /// first time a page shows it.
    fn card(&self, index: usize) -> &tera::Value {
        self.cards[index].get_or_init(|| {
            let article = &self.library.articles[index];
            let card = ArticleCard {
                scheduled: article.date.instant > self.now,
                ..ArticleCard::with_tags(
                    &self.config,
                    article,
                    self.library
                        .tag_ids(index)
                        .iter()
                        .map(|&tag| &self.tag_values[tag])
                        .collect(),
                )
            };
            tera::Value::from_serializable(&card)
        })
    }

    /// The HTML of one article's page, as a build would write it.
    pub fn render_article(&self, index: usize) -> Result<String, Problem> {
        let article = &self.library.articles[index];
        let sections = self.sections(article)?;
        self.renderer.render(
            "article.html",
            &self.article_page(index, &sections),
            &format!("/{}", article.path),
        )
    }

    /// An article's body: from the build cache's pack, or from memory. A
    /// body the pack does not hold intact is parsed again from its file.
    pub fn sections(&self, article: &Article) -> Result<Vec<Section>, Problem> {
        if article.stored.is_none() {
            return Ok(article.sections.clone());
        }
        if let Some(sections) = self.cache.as_ref().and_then(|cache| cache.body(article)) {
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
        match ingest::read_article(&article.source, &bytes, &self.config) {
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
            .prefetch
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let output =
            Output::prepare(&self.root, &self.output_dir(), prefetch).map_err(BuildFailed::one)?;
        crate::timings::phase("output prepared");
        self.progress.set_message("writing pages");
        self.progress.set_length(self.page_estimate());
        let mut pages = Step::default();
        for step in [
            self.write_articles(&output),
            self.write_home(&output),
            self.write_tags(&output),
            self.write_tag_index(&output),
            self.write_archives(&output),
            self.write_archive_index(&output),
            self.write_not_found(&output),
        ] {
            pages.add(step);
        }
        let page_count = pages.pages;
        crate::timings::phase("pages");
        let mut problems = pages.problems;
        self.progress.set_message("writing feeds and sitemaps");
        problems.extend(self.write_feeds(&output));
        crate::timings::phase("feeds");
        problems.extend(self.write_sitemaps(&output, pages.urls));
        problems.extend(self.copy_static(&output));
        crate::timings::phase("sitemaps, static files");
        if !problems.is_empty() {
            return Err(BuildFailed::new(problems));
        }
        self.progress.set_message("committing");
        let output_dir = output.final_dir().to_path_buf();
        let stats = output.commit().map_err(BuildFailed::one)?;
        crate::timings::phase("committed");
        self.progress.finish_and_clear();
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
            .tags
            .iter()
            .map(|tag| tag.articles.len())
            .chain(archive_lists)
            .chain([library.articles.len()])
            .map(|items| Pages::new(items, self.config.paginate_by, self.config.page_numbers).count)
            .sum();
        // Articles, lists, the tag index, the archive index and the 404.
        (library.articles.len() + list_pages + 3) as u64
    }

    fn write_articles(&self, output: &Output) -> Step {
        let articles = &self.library.articles;
        Step::collect((0..articles.len()).into_par_iter().map(|index| {
            let article = &articles[index];
            self.render_page(
                output,
                "article.html",
                &article.path,
                self.article_print(index),
                || {
                    let sections = self.sections(article)?;
                    self.renderer.render(
                        "article.html",
                        &self.article_page(index, &sections),
                        &format!("/{}", article.path),
                    )
                },
                Some(article.modified()),
            )
        }))
    }

    /// What an article's page is made from: the article's file, its card,
    /// and the cards it links (previous, next, related).
    fn article_print(&self, index: usize) -> Fingerprint {
        let article = &self.library.articles[index];
        let mut print = self
            .print("article.html")
            .bytes(article.source.as_os_str().as_encoded_bytes());
        print = match article.stored {
            Some(stored) => print.bytes(&stored.hash),
            None => print.json(&article.sections),
        };
        // Itself, the previous (older) and next (newer) article, related.
        let previous = Some(index + 1);
        let next = index.checked_sub(1);
        let related = self.library.related.of(index).map(Some);
        for linked in [Some(index), previous, next].into_iter().chain(related) {
            let card = linked.and_then(|i| self.card_prints.get(i));
            print = print.bytes(card.map_or(&[0; 16], |c| c));
        }
        print.done()
    }

    /// The start of a fingerprint for a page rendered with `template`.
    fn print(&self, template: &str) -> Print {
        Print::new(&self.key)
            .text(template)
            .bytes(&self.renderer.fingerprint(template))
    }

    /// The view of one article's page.
    fn article_page<'a>(&'a self, index: usize, sections: &'a [Section]) -> ArticlePage<'a> {
        let article = &self.library.articles[index];
        let card = ArticleCard {
            scheduled: article.date.instant > self.now,
            ..ArticleCard::new(&self.config, &self.library, index)
        };
        ArticlePage {
            page: PageView::new(
                &self.config,
                "article",
                article.title.clone(),
                &article.path,
                article.summary.clone(),
            ),
            article: ArticleView {
                modified: DateView::new(&article.last_changed()),
                json_ld: news_article_json_ld(&self.config, article, &card),
                card,
                body: crate::article::body_html(sections),
                sections,
                agency: article.agency.as_deref(),
                credit: article.credit.as_deref(),
                source: article.source.display().to_string(),
                format: article.format,
                extra: &article.extra,
            },
            previous: (index + 1 < self.cards.len()).then(|| self.card(index + 1)),
            next: index.checked_sub(1).map(|i| self.card(i)),
            related: self
                .library
                .related
                .of(index)
                .map(|i| self.card(i))
                .collect(),
        }
    }

    fn write_home(&self, output: &Output) -> Step {
        let all: Vec<usize> = (0..self.cards.len()).collect();
        // The home pages are made from the configuration alone.
        self.write_list(
            output,
            "home.html",
            "",
            &all,
            &Listed::default(),
            |page, path| {
                let title = if page.front {
                    self.config.title.clone()
                } else {
                    format!("Page {}", page.number)
                };
                PageView::new(
                    &self.config,
                    "home",
                    title,
                    path,
                    self.config.description.clone(),
                )
            },
        )
    }

    fn write_tags(&self, output: &Output) -> Step {
        Step::merge(self.library.tags.par_iter().map(|tag| {
            let listed = Listed {
                tag: Some(TagLink::new(&self.config, tag)),
                archive: None,
            };
            let path = tag.path();
            let channel = Channel::tag(&self.config, &tag.name, &path);
            let feeds = FeedLink::for_list(&self.config, &path, &channel.title);
            self.write_list(
                output,
                "tag.html",
                &path,
                &tag.articles,
                &listed,
                |_, path| {
                    PageView::new(
                        &self.config,
                        "tag",
                        tag.name.clone(),
                        path,
                        channel.description.clone(),
                    )
                    .with_feeds(feeds.clone())
                },
            )
        }))
    }

    fn write_tag_index(&self, output: &Output) -> Step {
        let mut tags: Vec<TagLink> = self
            .library
            .tags
            .iter()
            .map(|tag| TagLink::new(&self.config, tag))
            .collect();
        tags.sort_by_cached_key(|tag| (tag.name.to_lowercase(), tag.slug.clone()));
        let view = TagsPage {
            page: PageView::new(
                &self.config,
                "tags",
                "Tags".into(),
                "tags/",
                format!("Every tag on {}", self.config.title),
            ),
            tags,
        };
        Step::page(self.render_view(output, "tags.html", "tags/", &view, self.newest()))
    }

    fn write_archives(&self, output: &Output) -> Step {
        let config = &self.config;
        Step::merge(self.library.years.par_iter().map(|year| {
            let archive = ArchiveView::year(config, year);
            let path = year_path(year.year);
            let mut step = self.write_archive(output, &path, &year.articles, archive);
            for month in &year.months {
                let archive = ArchiveView::month(config, year, month);
                let path = month_path(month.year, month.month);
                step.add(self.write_archive(output, &path, &month.articles, archive));
                for day in &month.days {
                    let archive = ArchiveView::day(config, month, day);
                    let path = day_path(day.year, day.month, day.day);
                    step.add(self.write_archive(output, &path, &day.articles, archive));
                }
            }
            step
        }))
    }

    /// The pages of one period of the date archive, made from its view.
    fn write_archive(
        &self,
        output: &Output,
        path: &str,
        articles: &[usize],
        archive: ArchiveView,
    ) -> Step {
        let description = format!("Articles from {} on {}", archive.title, self.config.title);
        let title = archive.title.clone();
        let listed = Listed {
            tag: None,
            archive: Some(archive),
        };
        self.write_list(
            output,
            "archive.html",
            path,
            articles,
            &listed,
            |_, path| {
                PageView::new(
                    &self.config,
                    "archive",
                    title.clone(),
                    path,
                    description.clone(),
                )
            },
        )
    }

    fn write_archive_index(&self, output: &Output) -> Step {
        let years = self
            .library
            .years
            .iter()
            .map(|year| ArchiveYear {
                link: year_link(&self.config, year),
                year: year.year,
                months: year
                    .months
                    .iter()
                    .map(|m| month_link(&self.config, m))
                    .collect(),
            })
            .collect();
        let view = ArchiveIndexPage {
            page: PageView::new(
                &self.config,
                "archive_index",
                "Archive".into(),
                "archive/",
                format!("Every article on {} by date", self.config.title),
            ),
            years,
            total: self.library.articles.len(),
        };
        Step::page(self.render_view(
            output,
            "archive_index.html",
            "archive/",
            &view,
            self.newest(),
        ))
    }

    fn write_not_found(&self, output: &Output) -> Step {
        let view = PlainPage {
            page: PageView::new(
                &self.config,
                "404",
                "Page not found".into(),
                "404.html",
                format!("The page was not found on {}", self.config.title),
            ),
        };
        // Not a canonical page: it is in no sitemap.
        let print = self.print("404.html").json(&view).done();
        let result = output.produce("404.html".into(), "404.html".into(), print, || {
            self.renderer
                .render("404.html", &view, "404.html")
                .map(String::into_bytes)
        });
        self.progress.inc(1);
        Step::file(result)
    }

    /// Writes every page of a paginated list of articles (indices into the
    /// library) that shows `listed`. `page_view` gives each page its `page`
    /// from the page and its path; it runs only for the pages that are
    /// rendered, so it must be made from the configuration and `listed`
    /// alone, which stand for it in the fingerprint.
    fn write_list(
        &self,
        output: &Output,
        template: &'static str,
        list_path: &str,
        articles: &[usize],
        listed: &Listed,
        page_view: impl Fn(&Page, &str) -> PageView + Sync,
    ) -> Step {
        let pages = Pages::new(
            articles.len(),
            self.config.paginate_by,
            self.config.page_numbers,
        );
        // The pages that do not show the list's totals (the older pages,
        // numbered from the oldest) do not show its counts either.
        let older = listed.for_older_pages();
        let base = self.print(template).text(list_path);
        let listed_print = base.clone().json(listed);
        let older_print = base.json(&older);
        let all: Vec<Page> = pages.in_reading_order().collect();
        Step::collect(all.par_iter().map(|page| {
            let (listed, list_print) = if pages.shows_totals(page.number) {
                (listed, &listed_print)
            } else {
                (&older, &older_print)
            };
            let items = &articles[page.items.clone()];
            let lastmod = items
                .iter()
                .map(|&i| self.library.articles[i].modified())
                .max();
            let mut print = list_print.clone().bytes(&page.number.to_le_bytes());
            for seen in pages.seen_from(page.number) {
                print = print.bytes(&seen.to_le_bytes());
            }
            for &i in items {
                print = print.bytes(&self.card_prints[i]);
            }
            let path = pages.path(list_path, page.number);
            self.render_page(
                output,
                template,
                &path,
                print.done(),
                || {
                    let view = ListPage {
                        page: page_view(page, &path),
                        articles: items.iter().map(|&i| self.card(i)).collect(),
                        pagination: PaginationView::new(&self.config, list_path, &pages, page),
                        tag: listed.tag.clone(),
                        archive: listed.archive.clone(),
                    };
                    self.renderer.render(template, &view, &format!("/{path}"))
                },
                lastmod,
            )
        }))
    }

    /// Produces one canonical page from what it is made from (`print`);
    /// `render` runs only when that changed. Its sitemap entry on success.
    fn render_page(
        &self,
        output: &Output,
        template: &'static str,
        path: &str,
        print: Fingerprint,
        render: impl FnOnce() -> Result<String, Problem>,
        lastmod: Option<DateTime<FixedOffset>>,
    ) -> Result<SitemapUrl, Problem> {
        let file = format!("{path}index.html");
        let result = output.produce(file, Origin::Page(template), print, || {
            render().map(String::into_bytes)
        });
        self.progress.inc(1);
        result?;
        Ok(SitemapUrl {
            path: path.to_string(),
            lastmod,
        })
    }

    /// `render_page` for a page whose whole view is small: the view is its
    /// fingerprint.
    fn render_view(
        &self,
        output: &Output,
        template: &'static str,
        path: &str,
        view: &impl Serialize,
        lastmod: Option<DateTime<FixedOffset>>,
    ) -> Result<SitemapUrl, Problem> {
        let print = self.print(template).json(view).done();
        self.render_page(
            output,
            template,
            path,
            print,
            || self.renderer.render(template, view, &format!("/{path}")),
            lastmod,
        )
    }

    /// When the newest article last changed.
    fn newest(&self) -> Option<DateTime<FixedOffset>> {
        self.library.articles.iter().map(|a| a.modified()).max()
    }

    /// The site's feeds (newest `feeds.limit` articles) and every tag's.
    fn write_feeds(&self, output: &Output) -> Vec<Problem> {
        let formats = Format::enabled(&self.config);
        if formats.is_empty() {
            return Vec::new();
        }
        let limit = self.config.feeds.limit;
        let all: Vec<usize> = (0..self.library.articles.len().min(limit)).collect();
        let tag_paths: Vec<String> = self.library.tags.iter().map(|tag| tag.path()).collect();
        let mut lists = vec![(Channel::site(&self.config), all)];
        for (tag, path) in self.library.tags.iter().zip(&tag_paths) {
            let channel = Channel::tag(&self.config, &tag.name, path);
            lists.push((channel, tag.articles.iter().copied().take(limit).collect()));
        }
        lists
            .par_iter()
            .flat_map_iter(|(channel, articles)| {
                // What the channel's feeds are made from: its items' cards,
                // and their files when it carries full text.
                let mut print = Print::new(&self.key).text("feed").json(&(
                    &channel.title,
                    &channel.description,
                    channel.path,
                    channel.full_text,
                ));
                for &i in articles {
                    print = print.bytes(&self.card_prints[i]);
                    if channel.full_text {
                        print = match self.library.articles[i].stored {
                            Some(stored) => print.bytes(&stored.hash),
                            None => print.json(&self.library.articles[i].sections),
                        };
                    }
                }
                formats
                    .iter()
                    .filter_map(move |&format| {
                        let path = format.path(channel.path);
                        let print = print.clone().text(format.file_name()).done();
                        output
                            .produce(
                                path.clone(),
                                Origin::Named(format!("the feed /{path}")),
                                print,
                                || {
                                    let entries = self.feed_entries(channel, articles)?;
                                    Ok(feeds::render(format, &self.config, channel, &entries)
                                        .into_bytes())
                                },
                            )
                            .err()
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The entries of a feed, with their bodies when it carries full text.
    fn feed_entries(
        &self,
        channel: &Channel,
        articles: &[usize],
    ) -> Result<Vec<Entry<'_>>, Problem> {
        articles
            .iter()
            .map(|&i| {
                let article = &self.library.articles[i];
                let tags = self.library.tags_of(i).map(|t| t.name.as_str()).collect();
                let body = if channel.full_text {
                    crate::article::body_html(&self.sections(article)?)
                } else {
                    String::new()
                };
                Ok(Entry {
                    article,
                    tags,
                    body,
                })
            })
            .collect()
    }

    /// `sitemap.xml` (or its index and parts), `news-sitemap.xml`, `robots.txt`.
    /// Each part is fingerprinted by the URLs and dates it lists: a part
    /// none of whose changed (every month but the newest, when an article
    /// is added) is kept as it is, without formatting it again.
    fn write_sitemaps(&self, output: &Output, mut urls: Vec<SitemapUrl>) -> Vec<Problem> {
        let (parts, indexed) = sitemap::plan(
            &self.config,
            &mut urls,
            sitemap::MAX_URLS,
            sitemap::MAX_BYTES,
        );
        let mut problems: Vec<Problem> = parts
            .par_iter()
            .filter_map(|part| {
                let listed = &urls[part.urls.clone()];
                let mut print = Print::new(&self.key).text("sitemap").text(&part.name);
                for url in listed {
                    print = print.text(&url.path).bytes(&instant_bytes(url.lastmod));
                }
                let origin = Origin::Named(format!("the file /{}", part.name));
                output
                    .produce(part.name.clone(), origin, print.done(), || {
                        Ok(sitemap::urlset(&self.config, listed).into_bytes())
                    })
                    .err()
            })
            .collect();
        if indexed {
            let index = sitemap::index(&self.config, &parts);
            problems.extend(
                output
                    .write("sitemap.xml", index.as_bytes(), "the file /sitemap.xml")
                    .err(),
            );
        }
        let others = [
            (
                "news-sitemap.xml",
                sitemap::news_sitemap(&self.config, &self.library.articles, self.now),
            ),
            ("robots.txt", sitemap::robots(&self.config)),
        ];
        for (name, text) in others {
            problems.extend(
                output
                    .write(name, text.as_bytes(), &format!("the file /{name}"))
                    .err(),
            );
        }
        problems
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

/// The output folder: `--output-dir`, else site.toml's `output_dir`.
fn output_dir(root: &Path, options: &BuildOptions, config: &Config) -> PathBuf {
    root.join(options.output_dir.as_ref().unwrap_or(&config.output_dir))
}

/// The fingerprint of an article's card: everything
/// [`ArticleCard::with_tags`] reads from the article (the configuration is
/// in every page's site key), whether it is scheduled, and its tags (by
/// their own prints). Keep it in step with the card.
fn card_print(
    article: &Article,
    scheduled: bool,
    tags: &[usize],
    tag_prints: &[Fingerprint],
) -> Fingerprint {
    #[derive(Serialize)]
    struct CardInputs<'a> {
        title: &'a str,
        path: &'a str,
        date: &'a crate::article::dates::PublishDate,
        updated: Option<&'a crate::article::dates::PublishDate>,
        summary: &'a str,
        dateline: Option<&'a str>,
        authors: &'a [String],
        image: Option<&'a str>,
        word_count: usize,
        draft: bool,
        scheduled: bool,
    }
    // A stored article's card is made from its file's bytes (with the
    // configuration and newsgen, in the site key), but for its path: the
    // file's hash stands for the rest, so its fields are not serialized.
    let mut print = match &article.stored {
        Some(stored) => Print::new(&[0; 32])
            .bytes(&stored.hash)
            .text(&article.path)
            .bytes(&[u8::from(scheduled)]),
        None => Print::new(&[0; 32]).postcard(&CardInputs {
            title: &article.title,
            path: &article.path,
            date: &article.date,
            updated: article.updated.as_ref(),
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
        print = print.bytes(&tag_prints[tag]);
    }
    print.done()
}

/// An optional instant as fingerprint bytes: seconds, nanoseconds and
/// offset, then whether there is one (fixed width, so nothing reads alike).
fn instant_bytes(instant: Option<DateTime<FixedOffset>>) -> [u8; 17] {
    let mut bytes = [0; 17];
    if let Some(date) = instant {
        bytes[..8].copy_from_slice(&date.timestamp().to_le_bytes());
        bytes[8..12].copy_from_slice(&date.timestamp_subsec_nanos().to_le_bytes());
        bytes[12..16].copy_from_slice(&date.offset().local_minus_utc().to_le_bytes());
        bytes[16] = 1;
    }
    bytes
}

/// What a list page shows besides its cards: the tag or the period of the
/// date archive it lists (neither on the home page).
#[derive(Serialize, Default)]
struct Listed {
    tag: Option<TagLink>,
    archive: Option<ArchiveView>,
}

impl Listed {
    /// As the pages that do not show the list's totals show it.
    fn for_older_pages(&self) -> Listed {
        Listed {
            tag: self.tag.as_ref().map(TagLink::for_older_pages),
            archive: self.archive.as_ref().map(ArchiveView::for_older_pages),
        }
    }
}

/// The site key: what every output file depends on besides its own inputs,
/// and what parsing depends on besides the file: newsgen (its version and
/// the binary itself, so a rebuilt newsgen never trusts an older one's
/// cache) and the whole configuration.
fn site_key(config: &Config) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(concat!("newsgen ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    if let Some(binary) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        hasher.update(&binary.len().to_le_bytes());
        let modified = binary.modified().map_or(0, crate::output::manifest::nanos);
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
struct Print(Vec<u8>);

impl Print {
    fn new(key: &[u8; 32]) -> Print {
        let mut parts = Vec::with_capacity(512);
        parts.extend_from_slice(key);
        Print(parts)
    }

    fn bytes(mut self, bytes: &[u8]) -> Print {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    fn text(self, text: &str) -> Print {
        self.bytes(text.as_bytes())
    }

    fn json(self, value: &impl Serialize) -> Print {
        self.part(|parts| serde_json::to_writer(parts, value).is_ok())
    }

    /// `value` in postcard's compact form (faster than JSON, for values
    /// made of plain fields).
    fn postcard(self, value: &impl Serialize) -> Print {
        self.part(|parts| postcard::to_io(value, parts).is_ok())
    }

    /// A part written by `write` (empty if writing fails), after its length.
    fn part(mut self, write: impl FnOnce(&mut Vec<u8>) -> bool) -> Print {
        let at = self.0.len();
        self.0.extend_from_slice(&[0; 8]);
        if !write(&mut self.0) {
            self.0.truncate(at + 8);
        }
        let len = (self.0.len() - at - 8) as u64;
        self.0[at..at + 8].copy_from_slice(&len.to_le_bytes());
        self
    }

    fn done(self) -> Fingerprint {
        xxhash_rust::xxh3::xxh3_128(&self.0).to_le_bytes()
    }
}

/// The files of `static/` (path in the output, file), problems reading it,
/// and warnings (symbolic links are never followed).
fn list_static(root: &Path) -> (Vec<(String, PathBuf)>, Vec<Problem>, Vec<Problem>) {
    let dir = root.join(STATIC_DIR);
    let (mut files, mut problems, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    if !dir.is_dir() {
        return (files, problems, warnings);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                files.push((
                    relative.to_string_lossy().replace('\\', "/"),
                    entry.into_path(),
                ));
            }
            Ok(entry) if entry.path_is_symlink() => {
                warnings.push(ingest::symlink_ignored(root, entry.path()))
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                problems.push(
                    Problem::new(display_path(root, &path), format!("cannot read: {err}"))
                        .help("check the permissions of the file or folder"),
                );
            }
        }
    }
    (files, problems, warnings)
}

/// Articles dated so far after the build time that the year is probably a
/// typo: errors, placed at the date.
fn far_future(articles: &[crate::article::Article], now: DateTime<FixedOffset>) -> Vec<Problem> {
    let limit = now + chrono::Duration::days(FAR_FUTURE_DAYS);
    articles
        .iter()
        .filter(|article| article.date.instant > limit)
        .map(|article| {
            let (line, column) = article.date_at;
            Problem::new(&article.source, format!(
                "the date {} is more than a year after the build time ({})",
                article.date.display(),
                now.format("%Y-%m-%d")
            ))
            .at(line, column)
            .help("check the year; articles dated in the near future are scheduled, and published with --future")
        })
        .collect()
}

/// The pages a step wrote (with their sitemap entries), and what went wrong.
#[derive(Default)]
struct Step {
    pages: usize,
    urls: Vec<SitemapUrl>,
    problems: Vec<Problem>,
}

impl Step {
    /// One canonical page.
    fn page(result: Result<SitemapUrl, Problem>) -> Step {
        match result {
            Ok(url) => Step {
                pages: 1,
                urls: vec![url],
                problems: Vec::new(),
            },
            Err(problem) => Step {
                pages: 0,
                urls: Vec::new(),
                problems: vec![problem],
            },
        }
    }

    /// A page that is in no sitemap (the 404 page).
    fn file(result: Result<(), Problem>) -> Step {
        match result {
            Ok(()) => Step {
                pages: 1,
                urls: Vec::new(),
                problems: Vec::new(),
            },
            Err(problem) => Step {
                pages: 0,
                urls: Vec::new(),
                problems: vec![problem],
            },
        }
    }

    /// Pages written in parallel: each thread fills one step, then the
    /// threads' steps are merged (not a step per page, merged pairwise).
    fn collect(results: impl ParallelIterator<Item = Result<SitemapUrl, Problem>>) -> Step {
        results
            .fold(Step::default, |mut step, result| {
                match result {
                    Ok(url) => {
                        step.pages += 1;
                        step.urls.push(url);
                    }
                    Err(problem) => step.problems.push(problem),
                }
                step
            })
            .reduce(Step::default, Step::joined)
    }

    fn merge(steps: impl ParallelIterator<Item = Step>) -> Step {
        steps
            .fold(Step::default, Step::joined)
            .reduce(Step::default, Step::joined)
    }

    fn joined(mut self, other: Step) -> Step {
        self.add(other);
        self
    }

    fn add(&mut self, mut other: Step) {
        if other.urls.len() > self.urls.len() {
            std::mem::swap(&mut self.urls, &mut other.urls);
        }
        self.pages += other.pages;
        self.urls.append(&mut other.urls);
        self.problems.append(&mut other.problems);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let tag_prints = [[1u8; 16], [2u8; 16]];
        let print = |article: &Article, scheduled: bool, tags: &[usize]| {
            card_print(article, scheduled, tags, &tag_prints)
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
    }
}
