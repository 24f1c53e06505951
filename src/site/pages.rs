//! The HTML pages: every article, the home page, tag pages and the tag
//! index, the date archive and its index, the 404 page. Each is produced
//! through `Output::produce` with a fingerprint of what it shows, so a page
//! whose inputs did not change is not rendered. Paginated lists of articles
//! all go through `write_list`.

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use super::Site;
use crate::article::Section;
use crate::library::paginate::{Page, Pages};
use crate::library::topics;
use crate::library::{day_path, month_path, year_path};
use crate::output::manifest::Fingerprint;
use crate::output::{Origin, Output};
use crate::problem::Problem;
use crate::render::feeds::Channel;
use crate::render::sitemap::SitemapUrl;
use crate::render::views::*;

impl Site {
    pub(super) fn write_articles(&self, output: &Output) -> PagesWritten {
        let articles = &self.library.articles;
        PagesWritten::collect((0..articles.len()).into_par_iter().map(|index| {
            let article = &articles[index];
            self.render_page(
                output,
                Origin::Article(article.source.clone()),
                &article.path,
                self.article_fingerprint(index),
                || {
                    let sections = self.body(index, false)?;
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

    /// The view of one article's page.
    pub(super) fn article_page<'a>(
        &'a self,
        index: usize,
        sections: &'a [Section],
    ) -> ArticlePage<'a> {
        let article = &self.library.articles[index];
        let card = ArticleCard {
            scheduled: article.published_at() > self.now,
            ..ArticleCard::new(
                &self.config,
                &self.library,
                index,
                self.pictures.views.get(index).cloned().flatten(),
            )
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
                corrections: CorrectionView::list(article),
                embargo: article.embargo.as_ref().map(DateView::new),
                json_ld: news_article_json_ld(&self.config, &self.library, index, &card),
                card,
                body: crate::article::body_html(sections),
                sections,
                agency: article.agency.as_deref(),
                credit: article.credit.as_deref(),
                source: article.source.display().to_string(),
                format: article.format,
                extra: &article.extra,
            },
            previous: (index + 1 < self.cards.values.len()).then(|| self.card(index + 1)),
            next: index.checked_sub(1).map(|i| self.card(i)),
            related: self
                .library
                .related
                .of(index)
                .map(|i| self.card(i))
                .collect(),
        }
    }

    pub(super) fn write_home(&self, output: &Output) -> PagesWritten {
        let all: Vec<usize> = (0..self.cards.values.len()).collect();
        // The home pages are made from the configuration alone, and the
        // front page from each section's newest stories too.
        let listed = ListSubject {
            blocks: self.home_blocks(),
            ..ListSubject::default()
        };
        self.write_list(output, "home.html", "", &all, &listed, |page, path| {
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
        })
    }

    /// The home page's blocks: each section's newest stories that the top
    /// stories (the front page's own list) do not already show.
    fn home_blocks(&self) -> Vec<Vec<usize>> {
        let count = self.library.articles.len();
        let pages = Pages::new(count, self.config.paginate_by, self.config.page_numbers);
        let top = pages
            .in_reading_order()
            .find(|page| page.front)
            .map_or(0, |page| page.items.end);
        let stories = self.config.desks.home_stories;
        let newest = |articles: &Vec<usize>| {
            let rest = articles.iter().copied().filter(|&i| i >= top);
            rest.take(stories).collect()
        };
        self.library.desks.iter().map(newest).collect()
    }

    pub(super) fn write_tags(&self, output: &Output) -> PagesWritten {
        let topics: Vec<&crate::library::Tag> = self.library.topics().collect();
        PagesWritten::merge(topics.par_iter().map(|tag| {
            let listed = ListSubject {
                tag: Some(TagLink::new(&self.config, tag)),
                ..ListSubject::default()
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

    /// The topics index: `/tags/` with the biggest topics, and the pages
    /// of each initial (`library::topics`), each bounded however many
    /// topics the site has.
    pub(super) fn write_tag_index(&self, output: &Output) -> PagesWritten {
        let index = topics::index(&self.library.tags);
        let config = &self.config;
        let links = |tags: &[usize]| -> Vec<TagLink> {
            let tags = tags.iter().map(|&t| &self.library.tags[t]);
            tags.map(|tag| TagLink::new(config, tag)).collect()
        };
        let letter = |initial: &topics::Initial, current: bool| LetterLink {
            label: initial.label,
            url: config.site_url(&initial.path(1)),
            count: initial.topics.len(),
            current,
        };
        let letters = |current: Option<&str>| -> Vec<LetterLink> {
            let initials = index.initials.iter();
            initials
                .map(|i| letter(i, current == Some(i.key)))
                .collect()
        };
        let front = TagsPage {
            page: PageView::new(
                config,
                "tags",
                "Topics".into(),
                "tags/",
                format!(
                    "The biggest topics on {}, and every topic A–Z",
                    config.title
                ),
            ),
            tags: links(&index.top),
            letters: letters(None),
            letter: None,
            parts: Vec::new(),
            total: index.total,
        };
        let mut pages = PagesWritten::page(self.render_view(
            output,
            "tags.html",
            "tags/",
            &front,
            self.newest(),
        ));
        let parts: Vec<(&topics::Initial, usize)> = index
            .initials
            .iter()
            .flat_map(|initial| (1..=initial.parts()).map(move |part| (initial, part)))
            .collect();
        pages.add(PagesWritten::collect(parts.par_iter().map(
            |&(initial, part)| {
                let path = initial.path(part);
                let title = match part {
                    1 => format!("Topics: {}", initial.label),
                    _ => format!("Topics: {} (page {part})", initial.label),
                };
                let view = TagsPage {
                    page: PageView::new(
                        config,
                        "tags",
                        title,
                        &path,
                        format!("Topics under {} on {}", initial.label, config.title),
                    ),
                    tags: links(initial.part(part)),
                    letters: letters(Some(initial.key)),
                    letter: Some(letter(initial, true)),
                    parts: match initial.parts() {
                        1 => Vec::new(),
                        count => (1..=count)
                            .map(|number| PageLink {
                                number,
                                url: config.site_url(&initial.path(number)),
                                current: number == part,
                            })
                            .collect(),
                    },
                    total: index.total,
                };
                self.render_view(output, "tags.html", &path, &view, self.newest())
            },
        )));
        pages
    }

    pub(super) fn write_archives(&self, output: &Output) -> PagesWritten {
        let config = &self.config;
        PagesWritten::merge(self.library.years.par_iter().map(|year| {
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
    ) -> PagesWritten {
        let description = format!("Articles from {} on {}", archive.title, self.config.title);
        let title = archive.title.clone();
        let listed = ListSubject {
            archive: Some(archive),
            ..ListSubject::default()
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

    pub(super) fn write_archive_index(&self, output: &Output) -> PagesWritten {
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
        PagesWritten::page(self.render_view(
            output,
            "archive_index.html",
            "archive/",
            &view,
            self.newest(),
        ))
    }

    pub(super) fn write_not_found(&self, output: &Output) -> PagesWritten {
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
        let print = self.fingerprint("404.html").json(&view).finish();
        let result = output.produce("404.html".into(), "404.html".into(), print, || {
            self.renderer
                .render("404.html", &view, "404.html")
                .map(String::into_bytes)
        });
        self.machinery.progress.inc(1);
        PagesWritten::file(result)
    }

    /// Writes every page of a paginated list of articles (indices into the
    /// library) that shows `listed`. `page_view` gives each page its `page`
    /// from the page and its path; it runs only for the pages that are
    /// rendered, so it must be made from the configuration and `listed`
    /// alone, which stand for it in the fingerprint.
    pub(super) fn write_list(
        &self,
        output: &Output,
        template: &'static str,
        list_path: &str,
        articles: &[usize],
        listed: &ListSubject,
        page_view: impl Fn(&Page, &str) -> PageView + Sync,
    ) -> PagesWritten {
        let pages = Pages::new(
            articles.len(),
            self.config.paginate_by,
            self.config.page_numbers,
        );
        // The pages that do not show the list's totals (the older pages,
        // numbered from the oldest) do not show its counts either.
        let older = listed.for_older_pages();
        let base = self.fingerprint(template).text(list_path);
        let listed_print = base.clone().json(listed);
        let older_print = base.json(&older);
        let all: Vec<Page> = pages.in_reading_order().collect();
        PagesWritten::collect(all.par_iter().map(|page| {
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
                print = print.bytes(&self.cards.fingerprints[i]);
            }
            // The home page's blocks, on its front page only.
            let blocks = if page.front { &listed.blocks[..] } else { &[] };
            for block in blocks {
                print = print.text("block");
                for &i in block {
                    print = print.bytes(&self.cards.fingerprints[i]);
                }
            }
            let path = pages.path(list_path, page.number);
            self.render_page(
                output,
                Origin::Page(template),
                &path,
                print.finish(),
                || {
                    let view = ListPage {
                        page: page_view(page, &path),
                        articles: items.iter().map(|&i| self.card(i)).collect(),
                        pagination: PaginationView::new(&self.config, list_path, &pages, page),
                        tag: listed.tag.clone(),
                        archive: listed.archive.clone(),
                        section: listed.section.clone(),
                        author: listed.author.clone(),
                        sections: self
                            .config
                            .desks
                            .list
                            .iter()
                            .zip(blocks)
                            .map(|(desk, block)| DeskBlock {
                                link: DeskLink::new(&self.config, desk),
                                articles: block.iter().map(|&i| self.card(i)).collect(),
                            })
                            .collect(),
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
        origin: Origin,
        path: &str,
        print: Fingerprint,
        render: impl FnOnce() -> Result<String, Problem>,
        lastmod: Option<DateTime<FixedOffset>>,
    ) -> Result<SitemapUrl, Problem> {
        let file = format!("{path}index.html");
        let result = output.produce(file, origin, print, || render().map(String::into_bytes));
        self.machinery.progress.inc(1);
        result?;
        Ok(SitemapUrl {
            path: path.to_string(),
            lastmod,
        })
    }

    /// `render_page` for a page whose whole view is small: the view is its
    /// fingerprint.
    pub(super) fn render_view(
        &self,
        output: &Output,
        template: &'static str,
        path: &str,
        view: &impl Serialize,
        lastmod: Option<DateTime<FixedOffset>>,
    ) -> Result<SitemapUrl, Problem> {
        let print = self.fingerprint(template).json(view).finish();
        self.render_page(
            output,
            Origin::Page(template),
            path,
            print,
            || self.renderer.render(template, view, &format!("/{path}")),
            lastmod,
        )
    }

    /// When the newest article last changed.
    pub(super) fn newest(&self) -> Option<DateTime<FixedOffset>> {
        self.library.articles.iter().map(|a| a.modified()).max()
    }
}

/// What a list page shows besides its cards: the tag, the period of the
/// date archive, the section or the author it lists (none on the home
/// page, whose front page shows each section's newest stories instead).
#[derive(Serialize, Default)]
pub(super) struct ListSubject {
    pub(super) tag: Option<TagLink>,
    pub(super) archive: Option<ArchiveView>,
    pub(super) section: Option<DeskView>,
    pub(super) author: Option<AuthorView>,
    /// The home page's blocks: each section's newest stories (indices), in
    /// the sections' order; their cards' prints are in the front page's.
    #[serde(skip)]
    pub(super) blocks: Vec<Vec<usize>>,
}

impl ListSubject {
    /// As the pages that do not show the list's totals show it.
    fn for_older_pages(&self) -> ListSubject {
        ListSubject {
            tag: self.tag.as_ref().map(TagLink::for_older_pages),
            archive: self.archive.as_ref().map(ArchiveView::for_older_pages),
            section: self.section.as_ref().map(|section| DeskView {
                count: None,
                ..section.clone()
            }),
            author: self.author.as_ref().map(AuthorView::for_older_pages),
            blocks: Vec::new(),
        }
    }
}

/// The pages a step wrote (with their sitemap entries), and what went wrong.
#[derive(Default)]
pub(super) struct PagesWritten {
    pub(super) pages: usize,
    pub(super) urls: Vec<SitemapUrl>,
    pub(super) problems: Vec<Problem>,
}

impl PagesWritten {
    /// One canonical page.
    pub(super) fn page(result: Result<SitemapUrl, Problem>) -> PagesWritten {
        match result {
            Ok(url) => PagesWritten {
                pages: 1,
                urls: vec![url],
                problems: Vec::new(),
            },
            Err(problem) => PagesWritten {
                pages: 0,
                urls: Vec::new(),
                problems: vec![problem],
            },
        }
    }

    /// A page that is in no sitemap (the 404 page).
    fn file(result: Result<(), Problem>) -> PagesWritten {
        match result {
            Ok(()) => PagesWritten {
                pages: 1,
                urls: Vec::new(),
                problems: Vec::new(),
            },
            Err(problem) => PagesWritten {
                pages: 0,
                urls: Vec::new(),
                problems: vec![problem],
            },
        }
    }

    /// Pages written in parallel: each thread fills one step, then the
    /// threads' steps are merged (not a step per page, merged pairwise).
    fn collect(results: impl ParallelIterator<Item = Result<SitemapUrl, Problem>>) -> PagesWritten {
        results
            .fold(PagesWritten::default, |mut step, result| {
                match result {
                    Ok(url) => {
                        step.pages += 1;
                        step.urls.push(url);
                    }
                    Err(problem) => step.problems.push(problem),
                }
                step
            })
            .reduce(PagesWritten::default, PagesWritten::joined)
    }

    pub(super) fn merge(steps: impl ParallelIterator<Item = PagesWritten>) -> PagesWritten {
        steps
            .fold(PagesWritten::default, PagesWritten::joined)
            .reduce(PagesWritten::default, PagesWritten::joined)
    }

    fn joined(mut self, other: PagesWritten) -> PagesWritten {
        self.add(other);
        self
    }

    pub(super) fn add(&mut self, mut other: PagesWritten) {
        if other.urls.len() > self.urls.len() {
            std::mem::swap(&mut self.urls, &mut other.urls);
        }
        self.pages += other.pages;
        self.urls.append(&mut other.urls);
        self.problems.append(&mut other.problems);
    }
}
