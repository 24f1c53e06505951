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
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use crate::article::{Article, Section};
use crate::cache::Cache;
use crate::config::Config;
use crate::feeds::{self, Channel, Entry, Format};
use crate::ingest;
use crate::library::{Library, day_path, month_path, year_path};
use crate::manifest::{Fingerprint, truncate};
use crate::output::Output;
use crate::paginate::{page_count, page_path, pages};
use crate::permalink;
use crate::problem::{BuildFailed, Problem, display_path};
use crate::render::Renderer;
use crate::render::views::*;
use crate::sitemap::{self, SitemapUrl};
use crate::tagging;
use crate::theme;

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
    /// once and shared by every page that lists it.
    cards: Vec<tera::Value>,
    /// A fingerprint of each card.
    card_prints: Vec<Fingerprint>,
    /// The files of `static/`: (path in the output, file).
    static_files: Vec<(String, PathBuf)>,
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
        let mut config = Config::load(root).map_err(BuildFailed::new)?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url).map_err(BuildFailed::one)?;
        }
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

        let mut site = Site::assemble(root, config, renderer, articles, options, now);
        crate::timings::phase("site assembled");
        site.cache = Some(cache);
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
        let library = Library::new(articles);
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
        let (cards, card_prints) = (0..library.articles.len())
            .into_par_iter()
            .map(|index| {
                let article = &library.articles[index];
                let card = ArticleCard {
                    scheduled: article.date.instant > now,
                    ..ArticleCard::with_tags(&config, article, library.tag_ids(index).to_vec())
                };
                // Hashed as plain data (tags by their prints): a template
                // value's maps have no fixed order.
                let mut print = Print::new(&[0; 32]).json(&card);
                for &tag in &card.tags {
                    print = print.bytes(&tag_prints[tag]);
                }
                let card = card.map_tags(|tag| &tag_values[tag]);
                (tera::Value::from_serializable(&card), print.done())
            })
            .unzip();
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
            card_prints,
            static_files: Vec::new(),
        }
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
        let dir = self
            .options
            .output_dir
            .as_ref()
            .unwrap_or(&self.config.output_dir);
        self.root.join(dir)
    }

    /// Renders every page whose inputs changed since the last build into a
    /// staging folder, then commits it. On any problem nothing is
    /// committed: the previous output stays as it was.
    pub fn build(&self) -> Result<BuildSummary, BuildFailed> {
        let started = Instant::now();
        let output = Output::prepare(&self.root, &self.output_dir()).map_err(BuildFailed::one)?;
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
            .map(|items| page_count(items, self.config.paginate_by))
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
            .text(&article.source.to_string_lossy());
        print = match article.stored {
            Some(stored) => print.bytes(&stored.hash),
            None => print.json(&article.sections),
        };
        // Itself, the previous (older) and next (newer) article, related.
        let previous = Some(index + 1);
        let next = index.checked_sub(1);
        let related = self.library.related[index].iter().copied().map(Some);
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
            previous: self.cards.get(index + 1),
            next: index.checked_sub(1).and_then(|i| self.cards.get(i)),
            related: self.library.related[index]
                .iter()
                .map(|&i| &self.cards[i])
                .collect(),
        }
    }

    fn write_home(&self, output: &Output) -> Step {
        let all: Vec<usize> = (0..self.cards.len()).collect();
        self.write_list(output, "home.html", "", &all, |page| {
            let title = if page.number == 1 {
                self.config.title.clone()
            } else {
                format!("Page {}", page.number)
            };
            (
                PageView::new(
                    &self.config,
                    "home",
                    title,
                    &page_path("", page.number),
                    self.config.description.clone(),
                ),
                None,
                None,
            )
        })
    }

    fn write_tags(&self, output: &Output) -> Step {
        Step::merge(self.library.tags.par_iter().map(|tag| {
            let link = TagLink::new(&self.config, tag);
            let path = tag.path();
            let channel = Channel::tag(&self.config, &tag.name, &path);
            let feeds = FeedLink::for_list(&self.config, &path, &channel.title);
            self.write_list(output, "tag.html", &path, &tag.articles, |page| {
                let page_view = PageView::new(
                    &self.config,
                    "tag",
                    tag.name.clone(),
                    &page_path(&path, page.number),
                    channel.description.clone(),
                )
                .with_feeds(feeds.clone());
                (page_view, Some(link.clone()), None)
            })
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
            let mut step = self.write_list(
                output,
                "archive.html",
                &year_path(year.year),
                &year.articles,
                |page| {
                    let archive = ArchiveView::year(config, year);
                    (
                        self.archive_page(&archive, &year_path(year.year), page.number),
                        None,
                        Some(archive),
                    )
                },
            );
            for month in &year.months {
                let path = month_path(month.year, month.month);
                step.add(
                    self.write_list(output, "archive.html", &path, &month.articles, |page| {
                        let archive = ArchiveView::month(config, year, month);
                        (
                            self.archive_page(&archive, &path, page.number),
                            None,
                            Some(archive),
                        )
                    }),
                );
                for day in &month.days {
                    let path = day_path(day.year, day.month, day.day);
                    step.add(self.write_list(
                        output,
                        "archive.html",
                        &path,
                        &day.articles,
                        |page| {
                            let archive = ArchiveView::day(config, month, day);
                            (
                                self.archive_page(&archive, &path, page.number),
                                None,
                                Some(archive),
                            )
                        },
                    ));
                }
            }
            step
        }))
    }

    fn archive_page(&self, archive: &ArchiveView, path: &str, number: usize) -> PageView {
        let description = format!("Articles from {} on {}", archive.title, self.config.title);
        PageView::new(
            &self.config,
            "archive",
            archive.title.clone(),
            &page_path(path, number),
            description,
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
        let result = output.produce("404.html", "404.html", print, || {
            self.renderer
                .render("404.html", &view, "404.html")
                .map(String::into_bytes)
        });
        self.progress.inc(1);
        Step::file(result)
    }

    /// Writes every page of a paginated list of articles (indices into the
    /// library). `describe` gives each page its `page`, `tag` and `archive`.
    fn write_list(
        &self,
        output: &Output,
        template: &str,
        list_path: &str,
        articles: &[usize],
        describe: impl Fn(&crate::paginate::Page) -> (PageView, Option<TagLink>, Option<ArchiveView>)
        + Sync,
    ) -> Step {
        let all: Vec<_> = pages(articles.len(), self.config.paginate_by).collect();
        Step::collect(all.par_iter().map(|page| {
            let (page_view, tag, archive) = describe(page);
            let items = &articles[page.items.clone()];
            let lastmod = items
                .iter()
                .map(|&i| self.library.articles[i].modified())
                .max();
            let pagination = PaginationView::new(&self.config, list_path, page, articles.len());
            let mut print = self
                .print(template)
                .json(&(&page_view, &pagination, &tag, &archive));
            for &i in items {
                print = print.bytes(&self.card_prints[i]);
            }
            let path = page_path(list_path, page.number);
            self.render_page(
                output,
                template,
                &path,
                print.done(),
                || {
                    let view = ListPage {
                        page: page_view,
                        articles: items.iter().map(|&i| &self.cards[i]).collect(),
                        pagination,
                        tag,
                        archive,
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
        template: &str,
        path: &str,
        print: Fingerprint,
        render: impl FnOnce() -> Result<String, Problem>,
        lastmod: Option<DateTime<FixedOffset>>,
    ) -> Result<SitemapUrl, Problem> {
        let origin = format!("the page /{path} ({template})");
        let result = output.produce(&format!("{path}index.html"), &origin, print, || {
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
        template: &str,
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
                            .produce(&path, &format!("the feed /{path}"), print, || {
                                let entries = self.feed_entries(channel, articles)?;
                                Ok(feeds::render(format, &self.config, channel, &entries)
                                    .into_bytes())
                            })
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
    fn write_sitemaps(&self, output: &Output, mut urls: Vec<SitemapUrl>) -> Vec<Problem> {
        let now = self.now;
        let mut files = sitemap::sitemaps(
            &self.config,
            &mut urls,
            sitemap::MAX_URLS,
            sitemap::MAX_BYTES,
        );
        files.push((
            "news-sitemap.xml".into(),
            sitemap::news_sitemap(&self.config, &self.library.articles, now),
        ));
        files.push(("robots.txt".into(), sitemap::robots(&self.config)));
        files
            .iter()
            .filter_map(|(name, text)| {
                output
                    .write(name, text.as_bytes(), &format!("the file /{name}"))
                    .err()
            })
            .collect()
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
        let modified = binary.modified().map_or(0, crate::manifest::nanos);
        hasher.update(&modified.to_le_bytes());
    }
    hasher.update(format!("{config:?}").as_bytes());
    *hasher.finalize().as_bytes()
}

/// A fingerprint being made: each part is length-prefixed, so no two
/// different sequences of parts hash alike.
#[derive(Clone)]
struct Print(blake3::Hasher);

impl Print {
    fn new(key: &[u8; 32]) -> Print {
        let mut hasher = blake3::Hasher::new();
        hasher.update(key);
        Print(hasher)
    }

    fn bytes(mut self, bytes: &[u8]) -> Print {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    fn text(self, text: &str) -> Print {
        self.bytes(text.as_bytes())
    }

    fn json(self, value: &impl Serialize) -> Print {
        self.bytes(&serde_json::to_vec(value).unwrap_or_default())
    }

    fn done(self) -> Fingerprint {
        truncate(self.0.finalize())
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

    fn collect(results: impl ParallelIterator<Item = Result<SitemapUrl, Problem>>) -> Step {
        Step::merge(results.map(Step::page))
    }

    fn merge(steps: impl ParallelIterator<Item = Step>) -> Step {
        steps.reduce(Step::default, |mut a, b| {
            a.add(b);
            a
        })
    }

    fn add(&mut self, other: Step) {
        self.pages += other.pages;
        self.urls.extend(other.urls);
        self.problems.extend(other.problems);
    }
}
