//! The orchestrator: `Site::load` reads everything, `Site::build` writes the
//! site. `build` is the whole pipeline on one screen: articles, home, tags,
//! date archives, 404, feeds, sitemaps, static files, then the atomic swap
//! of the output.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::feeds::{self, Channel, Entry, Format};
use crate::ingest;
use crate::library::{Library, day_path, month_path, year_path};
use crate::output::Output;
use crate::paginate::{page_path, pages};
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
    /// The build time.
    pub now: DateTime<FixedOffset>,
    renderer: Renderer,
    options: BuildOptions,
    /// One card per article, in library order, shared by every list.
    cards: Vec<ArticleCard>,
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
        let (renderer, ingested) = rayon::join(
            || Renderer::load(root, &config),
            || ingest::read_seeds(root, &config),
        );
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
        let before = articles.len();
        articles.retain(|article| options.drafts || !article.draft);
        let drafts = before - articles.len();
        let before = articles.len();
        articles.retain(|article| options.future || article.date.instant <= now);
        let scheduled = before - articles.len();
        tagging::tag_corpus(&mut articles, &config.tags.settings);
        let warnings = permalink::assign_paths(&mut articles, &config.permalink);
        let library = Library::new(articles);
        let cards = library
            .articles
            .par_iter()
            .map(|article| ArticleCard {
                scheduled: article.date.instant > now,
                ..ArticleCard::new(&config, &library, article)
            })
            .collect();
        Site {
            root: root.to_path_buf(),
            config,
            library,
            warnings,
            left_out: Vec::new(),
            scheduled,
            drafts,
            now,
            renderer,
            options,
            cards,
            static_files: Vec::new(),
        }
    }

    /// The HTML of one article's page, as a build would write it.
    pub fn render_article(&self, index: usize) -> Result<String, Problem> {
        let article = &self.library.articles[index];
        self.renderer.render(
            "article.html",
            &self.article_page(index),
            &format!("/{}", article.path),
        )
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

    /// Renders every page into a staging folder and swaps it in. On any
    /// problem nothing is swapped: the previous output stays as it was.
    pub fn build(&self) -> Result<BuildSummary, BuildFailed> {
        let started = Instant::now();
        let output = Output::prepare(&self.root, &self.output_dir()).map_err(BuildFailed::one)?;
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
        let mut problems = pages.problems;
        problems.extend(self.write_feeds(&output));
        problems.extend(self.write_sitemaps(&output, pages.urls));
        problems.extend(self.copy_static(&output));
        if !problems.is_empty() {
            return Err(BuildFailed::new(problems));
        }
        let output_dir = output.final_dir().to_path_buf();
        let stats = output.commit().map_err(BuildFailed::one)?;
        Ok(BuildSummary {
            articles: self.library.articles.len(),
            pages: page_count,
            files: stats.files,
            bytes: stats.bytes,
            unchanged: stats.reused,
            output_dir,
            elapsed: started.elapsed(),
        })
    }

    fn write_articles(&self, output: &Output) -> Step {
        let articles = &self.library.articles;
        Step::collect((0..articles.len()).into_par_iter().map(|index| {
            let article = &articles[index];
            let view = self.article_page(index);
            self.render_page(
                output,
                "article.html",
                &article.path,
                &view,
                Some(article.modified()),
            )
        }))
    }

    /// The view of one article's page.
    fn article_page(&self, index: usize) -> ArticlePage<'_> {
        let article = &self.library.articles[index];
        let card = &self.cards[index];
        ArticlePage {
            page: PageView::new(
                &self.config,
                "article",
                article.title.clone(),
                &article.path,
                article.summary.clone(),
            ),
            article: ArticleView {
                card,
                modified: DateView::new(&article.updated.unwrap_or(article.date)),
                json_ld: news_article_json_ld(&self.config, article, card),
                body: article.body_html(),
                sections: &article.sections,
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
            self.write_list(output, "tag.html", &path, &tag.articles, |page| {
                let description = format!("Articles tagged {} on {}", tag.name, self.config.title);
                let page_view = PageView::new(
                    &self.config,
                    "tag",
                    tag.name.clone(),
                    &page_path(&path, page.number),
                    description,
                )
                .with_feeds(FeedLink::for_list(
                    &self.config,
                    &path,
                    &format!("{}: {}", self.config.title, tag.name),
                ));
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
        Step::page(self.render_page(output, "tags.html", "tags/", &view, self.newest()))
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
        Step::page(self.render_page(
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
        let result = self
            .renderer
            .render("404.html", &view, "404.html")
            .and_then(|html| output.write("404.html", html.as_bytes(), "404.html"));
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
            let lastmod = articles[page.items.clone()]
                .iter()
                .map(|&i| self.library.articles[i].modified())
                .max();
            let view = ListPage {
                page: page_view,
                articles: articles[page.items.clone()]
                    .iter()
                    .map(|&i| &self.cards[i])
                    .collect(),
                pagination: PaginationView::new(&self.config, list_path, page, articles.len()),
                tag,
                archive,
            };
            self.render_page(
                output,
                template,
                &page_path(list_path, page.number),
                &view,
                lastmod,
            )
        }))
    }

    /// Renders and writes one canonical page; its sitemap entry on success.
    fn render_page(
        &self,
        output: &Output,
        template: &str,
        path: &str,
        view: &impl Serialize,
        lastmod: Option<DateTime<FixedOffset>>,
    ) -> Result<SitemapUrl, Problem> {
        let page = format!("/{path}");
        let html = self.renderer.render(template, view, &page)?;
        output.write_page(path, &html, &format!("the page {page}"))?;
        Ok(SitemapUrl {
            path: path.to_string(),
            lastmod,
        })
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
        let site = Channel {
            title: self.config.title.clone(),
            description: if self.config.description.is_empty() {
                self.config.title.clone()
            } else {
                self.config.description.clone()
            },
            path: "",
            full_text: self.config.feeds.full_text,
        };
        let tag_paths: Vec<String> = self.library.tags.iter().map(|tag| tag.path()).collect();
        let mut lists = vec![(site, all)];
        for (tag, path) in self.library.tags.iter().zip(&tag_paths) {
            let channel = Channel {
                title: format!("{}: {}", self.config.title, tag.name),
                description: format!("Articles tagged {} on {}", tag.name, self.config.title),
                path,
                full_text: self.config.feeds.tag_full_text,
            };
            lists.push((channel, tag.articles.iter().copied().take(limit).collect()));
        }
        lists
            .par_iter()
            .flat_map_iter(|(channel, articles)| {
                let entries: Vec<Entry> = articles
                    .iter()
                    .map(|&i| {
                        let article = &self.library.articles[i];
                        let tags = self
                            .library
                            .tags_of(article)
                            .into_iter()
                            .map(|t| t.name.as_str())
                            .collect();
                        Entry { article, tags }
                    })
                    .collect();
                formats
                    .iter()
                    .filter_map(move |&format| {
                        let path = format!("{}{}", channel.path, format.file_name());
                        let text = feeds::render(format, &self.config, channel, &entries);
                        output
                            .write(&path, text.as_bytes(), &format!("the feed /{path}"))
                            .err()
                    })
                    .collect::<Vec<_>>()
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
