//! The views templates receive: borrowed, serializable, one builder per page
//! kind. This is the template authors' contract; the README documents every
//! field. List pages carry article cards (headline, date, URL, summary),
//! never full bodies.

use serde::Serialize;

use crate::article::dates::{Precision, PublishDate, month_name};
use crate::article::{Article, Section, SourceFormat};
use crate::config::Config;
use crate::config::sections::Desk;
use crate::library::bylines::Author;
use crate::library::paginate::{Page, Pages};
use crate::library::{Library, Tag, day_path, month_path, year_path};
use crate::render::feeds::Format;

/// `site`: in every template.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub extra: &'a toml::Table,
    pub generator: &'static str,
    /// The sections, in navigation order: `name`, `slug`, `url`, `description`.
    pub sections: Vec<DeskLink>,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(config: &'a Config) -> Self {
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            base_path: &config.base_path,
            language: &config.language,
            extra: &config.extra,
            generator: concat!("newsgen ", env!("CARGO_PKG_VERSION")),
            sections: config
                .desks
                .list
                .iter()
                .map(|desk| DeskLink::new(config, desk))
                .collect(),
        }
    }
}

/// A feed to link for autodiscovery.
#[derive(Serialize, Clone)]
pub(crate) struct FeedLink {
    /// rss, atom or json.
    pub format: &'static str,
    /// `application/rss+xml`, `application/atom+xml`, `application/feed+json`.
    pub mime_type: &'static str,
    pub title: String,
    /// Absolute.
    pub url: String,
}

impl FeedLink {
    /// The enabled feeds of the list at `path` (`` for the site's own).
    pub(crate) fn for_list(config: &Config, path: &str, title: &str) -> Vec<FeedLink> {
        Format::enabled(config)
            .into_iter()
            .map(|format| FeedLink {
                format: format.name(),
                mime_type: format.mime_type(),
                title: format!("{title} ({})", format.label()),
                url: config.absolute_url(&format.path(path)),
            })
            .collect()
    }
}

/// `page`: in every template; what this page is and where it lives.
#[derive(Serialize)]
pub(crate) struct PageView {
    /// article, home, tag, tags, archive, archive_index or 404.
    pub kind: &'static str,
    pub title: String,
    /// Root-relative, with the base path: `/news/tags/nato/`.
    pub url: String,
    /// Absolute: `https://example.org/news/tags/nato/`.
    pub permalink: String,
    pub description: String,
    /// Feeds to link in the head: a tag page's own first, then the site's.
    pub feeds: Vec<FeedLink>,
}

impl PageView {
    pub(crate) fn new(
        config: &Config,
        kind: &'static str,
        title: String,
        path: &str,
        description: String,
    ) -> Self {
        PageView {
            kind,
            title,
            url: config.site_url(path),
            permalink: config.absolute_url(path),
            description,
            feeds: FeedLink::for_list(config, "", &config.title),
        }
    }

    /// Puts a list's own feeds before the site's.
    pub(crate) fn with_feeds(mut self, mut feeds: Vec<FeedLink>) -> Self {
        feeds.append(&mut self.feeds);
        self.feeds = feeds;
        self
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct DateView {
    /// RFC 3339: `2022-02-01T00:00:00+01:00`.
    pub iso: String,
    /// For `<time datetime>`: the RFC 3339 value, or `2022-02` for month precision.
    pub datetime: String,
    /// "1 February 2022", or "February 2022".
    pub display: String,
    /// With the time in the site's zone: "4 February 2022, 14:05" (as
    /// `display` when only the month is known).
    pub display_time: String,
    pub year: i32,
    pub month: u32,
    pub month_name: &'static str,
    pub day: Option<u32>,
    pub precision: Precision,
}

impl DateView {
    pub(crate) fn new(date: &PublishDate) -> Self {
        DateView {
            iso: date.rfc3339(),
            datetime: date.datetime_attribute(),
            display: date.display(),
            display_time: date.display_time(),
            year: date.year(),
            month: date.month(),
            month_name: month_name(date.month()),
            day: date.day(),
            precision: date.precision,
        }
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct TagLink {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// How many articles carry the tag (none on the older pages of a tag
    /// numbered from the oldest).
    pub count: Option<usize>,
}

impl TagLink {
    /// The tag as its older pages show it, numbered from the oldest: no
    /// count, so they never change when an article is added.
    pub(crate) fn for_older_pages(&self) -> TagLink {
        TagLink {
            count: None,
            ..self.clone()
        }
    }

    pub(crate) fn new(config: &Config, tag: &Tag) -> Self {
        TagLink {
            name: tag.name.clone(),
            slug: tag.slug.clone(),
            url: config.site_url(&tag.path()),
            count: Some(tag.articles.len()),
        }
    }
}

/// A tag as an article shows it, on its card and its page. (No count: a
/// card must not change when another article is tagged alike.)
#[derive(Serialize, Clone)]
pub(crate) struct CardTag {
    pub name: String,
    pub slug: String,
    /// The tag's page; none (null) for a tag too rare for one
    /// (`tags.min_articles`), which shows as text.
    pub url: Option<String>,
}

impl CardTag {
    pub(crate) fn new(config: &Config, tag: &Tag) -> Self {
        CardTag {
            name: tag.name.clone(),
            slug: tag.slug.clone(),
            url: tag.page.then(|| config.site_url(&tag.path())),
        }
    }
}

/// One file of a picture: a width in one format, or a crop.
#[derive(Serialize, Clone)]
pub(crate) struct VariantView {
    /// Root-relative, with the base path.
    pub url: String,
    /// Absolute.
    pub permalink: String,
    pub width: u32,
    pub height: u32,
    /// `jpg`, `png` or `webp`.
    pub format: &'static str,
    pub mime_type: &'static str,
}

/// A `<source>` of a `<picture>`: one format's widths.
#[derive(Serialize, Clone)]
pub(crate) struct PictureSource {
    pub mime_type: &'static str,
    /// `url 320w, url 640w, …`
    pub srcset: String,
}

/// An article's lead picture, as cards and article pages show it.
#[derive(Serialize, Clone)]
pub(crate) struct PictureView {
    /// The fallback `<img src>`: the widest variant in the picture's own
    /// format (a URL as written, for a remote picture).
    pub src: String,
    /// Absolute: for `og:image` and feeds.
    pub permalink: String,
    /// The fallback's size (none for a remote picture): write them as
    /// `width` and `height` so the page does not shift as it loads.
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The fallback format's `srcset`.
    pub srcset: String,
    /// Sizes for a lead picture in the article column.
    pub sizes: &'static str,
    /// One `<source>` per other format (WebP), best first.
    pub sources: Vec<PictureSource>,
    /// Every width in every format.
    pub variants: Vec<VariantView>,
    /// The 16:9, 4:3 and 1:1 crops (`og:image`, JSON-LD `image`), widest
    /// first where they differ.
    pub crops: Vec<VariantView>,
    /// A URL newsgen passes through (never fetched): no variants.
    pub remote: bool,
}

impl PictureView {
    /// A picture at a URL: shown as it is.
    pub(crate) fn remote(url: &str, text: &crate::article::ImageText) -> PictureView {
        PictureView {
            src: url.to_string(),
            permalink: url.to_string(),
            width: None,
            height: None,
            alt: text.alt.clone().unwrap_or_default(),
            caption: text.caption.clone(),
            credit: text.credit.clone(),
            srcset: String::new(),
            sizes: LEAD_SIZES,
            sources: Vec::new(),
            variants: Vec::new(),
            crops: Vec::new(),
            remote: true,
        }
    }

    /// A local picture from its variants (widths in each format) and crops.
    pub(crate) fn local(
        variants: Vec<VariantView>,
        crops: Vec<VariantView>,
        text: &crate::article::ImageText,
    ) -> PictureView {
        let srcset = |format: &str| {
            let mut list: Vec<&VariantView> =
                variants.iter().filter(|v| v.format == format).collect();
            list.sort_by_key(|v| v.width);
            list.iter()
                .map(|v| format!("{} {}w", v.url, v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The fallback is the format that is not WebP (JPEG or PNG).
        let fallback = variants
            .iter()
            .filter(|v| v.format != "webp")
            .max_by_key(|v| v.width)
            .or_else(|| variants.iter().max_by_key(|v| v.width));
        let fallback_format = fallback.map_or("", |v| v.format);
        let mut sources = Vec::new();
        if fallback_format != "webp" && variants.iter().any(|v| v.format == "webp") {
            sources.push(PictureSource {
                mime_type: "image/webp",
                srcset: srcset("webp"),
            });
        }
        PictureView {
            src: fallback.map(|v| v.url.clone()).unwrap_or_default(),
            permalink: fallback.map(|v| v.permalink.clone()).unwrap_or_default(),
            width: fallback.map(|v| v.width),
            height: fallback.map(|v| v.height),
            alt: text.alt.clone().unwrap_or_default(),
            caption: text.caption.clone(),
            credit: text.credit.clone(),
            srcset: srcset(fallback_format),
            sizes: LEAD_SIZES,
            sources,
            variants,
            crops,
            remote: false,
        }
    }

    /// The URLs for `og:image` and JSON-LD `image`: the crops (absolute),
    /// or the picture itself.
    pub(crate) fn share_urls(&self) -> Vec<String> {
        if self.crops.is_empty() {
            vec![self.permalink.clone()]
        } else {
            self.crops.iter().map(|c| c.permalink.clone()).collect()
        }
    }
}

/// A lead picture is 56rem wide on a wide screen (wider than the text
/// column, as news sites show them), the whole width on a narrow one.
const LEAD_SIZES: &str = "(min-width: 58rem) 56rem, 100vw";

/// An author as a byline shows them: a link to their page.
#[derive(Serialize, Clone)]
pub(crate) struct AuthorLink {
    pub name: String,
    pub slug: String,
    /// Root-relative, with the base path.
    pub url: String,
    /// Absolute.
    pub permalink: String,
}

impl AuthorLink {
    pub(crate) fn new(config: &Config, author: &Author) -> Self {
        AuthorLink {
            name: author.name.clone(),
            slug: author.slug.clone(),
            url: config.site_url(&author.path()),
            permalink: config.absolute_url(&author.path()),
        }
    }
}

/// A section as cards, the masthead and the home page show it.
#[derive(Serialize, Clone)]
pub(crate) struct DeskLink {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub description: String,
}

impl DeskLink {
    pub(crate) fn new(config: &Config, desk: &Desk) -> Self {
        DeskLink {
            name: desk.name.clone(),
            slug: desk.slug.clone(),
            url: config.site_url(&desk.path()),
            description: desk.description.clone(),
        }
    }

    /// The section as a kicker shows it, when the article has no topic.
    pub(crate) fn as_tag(&self) -> CardTag {
        CardTag {
            name: self.name.clone(),
            slug: self.slug.clone(),
            url: Some(self.url.clone()),
        }
    }
}

/// An article as lists show it: everything but the body. `T` is how its
/// tags (and its section) are held and `A` how its authors are: as
/// [`CardTag`]s and [`AuthorLink`]s, or template values shared by every
/// card.
#[derive(Serialize, Clone)]
pub(crate) struct ArticleCard<T = CardTag, A = AuthorLink> {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date: DateView,
    pub updated: Option<DateView>,
    pub summary: String,
    pub dateline: Option<String>,
    /// Its authors in byline order, each with their page.
    pub authors: Vec<A>,
    /// Its section (as a tag: `name`, `slug`, `url`), if it has one.
    pub section: Option<T>,
    /// Every tag, in the article's order (rare ones without a `url`).
    pub tags: Vec<T>,
    /// The label above the headline: the article's biggest topic (the one
    /// of its tags with a page that the most stories carry), as a tag;
    /// else its section.
    pub kicker: Option<T>,
    /// The lead picture's absolute URL (its widest variant), or none.
    pub image: Option<String>,
    /// The lead picture: variants, `srcset`, `alt`, caption and credit.
    pub picture: Option<PictureView>,
    pub word_count: usize,
    pub reading_time: usize,
    pub draft: bool,
    /// Dated after the build time (shown only with `--future`).
    pub scheduled: bool,
}

impl ArticleCard {
    /// The card of the article at `index` in the library, with its picture.
    pub(crate) fn new(
        config: &Config,
        library: &Library,
        index: usize,
        picture: Option<PictureView>,
    ) -> Self {
        let tags = library
            .tags_of(index)
            .map(|tag| CardTag::new(config, tag))
            .collect();
        let kicker = library
            .kicker(index)
            .map(|tag| CardTag::new(config, &library.tags[tag]));
        let section = library
            .desk(index)
            .and_then(|desk| config.desks.list.get(desk))
            .map(|desk| DeskLink::new(config, desk).as_tag());
        let kicker = kicker.or_else(|| section.clone());
        let links = CardLinks {
            tags,
            kicker,
            section,
            authors: library
                .author_ids(index)
                .map(|author| AuthorLink::new(config, &library.authors[author]))
                .collect(),
            picture,
        };
        ArticleCard::with_links(config, &library.articles[index], links)
    }
}

/// What a card links besides the article: its tags, kicker, section and
/// authors, however they are held.
pub(crate) struct CardLinks<T, A> {
    pub tags: Vec<T>,
    pub kicker: Option<T>,
    pub section: Option<T>,
    pub authors: Vec<A>,
    pub picture: Option<PictureView>,
}

impl<T, A> ArticleCard<T, A> {
    /// The card of `article`, with what it links given.
    pub(crate) fn with_links(config: &Config, article: &Article, links: CardLinks<T, A>) -> Self {
        let CardLinks {
            tags,
            kicker,
            section,
            authors,
            picture,
        } = links;
        ArticleCard {
            title: article.title.clone(),
            url: config.site_url(&article.path),
            permalink: config.absolute_url(&article.path),
            date: DateView::new(&article.date),
            updated: article.updated.as_ref().map(DateView::new),
            summary: article.summary.clone(),
            dateline: article.dateline.clone(),
            authors,
            section,
            tags,
            kicker,
            image: picture.as_ref().map(|p| p.permalink.clone()).or_else(|| {
                let remote = article.image.as_deref().filter(|i| i.contains("//"));
                remote.map(|image| config.resolve_url(image))
            }),
            picture,
            word_count: article.word_count,
            reading_time: article.reading_time(),
            draft: article.draft,
            scheduled: false,
        }
    }
}

/// `article` on the article page: the card's fields plus the body.
#[derive(Serialize)]
pub(crate) struct ArticleView<'a> {
    #[serde(flatten)]
    pub card: ArticleCard,
    /// When it last changed: the latest of the publication date, `updated`
    /// and the corrections' dates.
    pub modified: DateView,
    /// Its corrections, oldest first.
    pub corrections: Vec<CorrectionView>,
    /// Not published before this time, when it has an embargo.
    pub embargo: Option<DateView>,
    /// A schema.org `NewsArticle` as JSON, safe to print inside
    /// `<script type="application/ld+json">` with `| safe`.
    pub json_ld: String,
    /// Safe HTML: print it with `{{ article.body | safe }}`.
    pub body: String,
    /// The body in sections: `heading` (plain text, or none for the part
    /// before the first), `id` (its anchor), `html` (safe HTML).
    pub sections: &'a [Section],
    /// The news agency named in a wire dateline: "Reuters", "TASS".
    pub agency: Option<&'a str>,
    /// A closing credit line: "(With inputs from agencies)".
    pub credit: Option<&'a str>,
    /// The seed file, relative to the site folder.
    pub source: String,
    pub format: SourceFormat,
    pub extra: &'a serde_json::Value,
}

/// A correction as the article page shows it.
#[derive(Serialize)]
pub(crate) struct CorrectionView {
    pub date: DateView,
    /// Plain text (templates escape it).
    pub text: String,
}

impl CorrectionView {
    pub(crate) fn list(article: &Article) -> Vec<CorrectionView> {
        article
            .corrections
            .iter()
            .map(|correction| CorrectionView {
                date: DateView::new(&correction.date),
                text: correction.text.clone(),
            })
            .collect()
    }
}

#[derive(Serialize)]
pub(crate) struct ArticlePage<'a> {
    pub page: PageView,
    pub article: ArticleView<'a>,
    /// The next older article's card, if any.
    pub previous: Option<&'a tera::Value>,
    /// The next newer article's card, if any.
    pub next: Option<&'a tera::Value>,
    /// Up to 5 articles' cards, sharing the rarest tags, best first.
    pub related: Vec<&'a tera::Value>,
}

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub(crate) struct PaginationView {
    /// `from_oldest` or `from_newest` (`page_numbers` in site.toml).
    pub numbering: &'static str,
    /// This page's number, as in its URL.
    pub current: usize,
    /// The front page: the list's own URL, with its newest articles.
    pub is_first: bool,
    /// The page with the oldest articles.
    pub is_last: bool,
    /// The list's totals: on every page numbered from the newest, only on
    /// the front page numbered from the oldest (so older pages never change
    /// when an article is added); none elsewhere.
    pub total_pages: Option<usize>,
    pub total_items: Option<usize>,
    pub per_page: usize,
    /// The front page.
    pub first_url: String,
    /// The page with the oldest articles.
    pub last_url: String,
    /// The newer page, if any.
    pub previous_url: Option<String>,
    /// The older page, if any.
    pub next_url: Option<String>,
    /// The pages within two of this one, with it, in reading order.
    pub pages: Vec<PageLink>,
}

impl PaginationView {
    pub(crate) fn new(config: &Config, list_path: &str, pages: &Pages, page: &Page) -> Self {
        let url = |number: usize| config.site_url(&pages.path(list_path, number));
        let totals = pages.shows_totals(page.number);
        PaginationView {
            numbering: pages.numbering.name(),
            current: page.number,
            is_first: page.front,
            is_last: page.number == pages.last(),
            total_pages: totals.then_some(pages.count),
            total_items: totals.then_some(pages.total_items),
            per_page: pages.per_page,
            first_url: url(pages.front()),
            last_url: url(pages.last()),
            previous_url: pages.newer(page.number).map(url),
            next_url: pages.older(page.number).map(url),
            pages: pages
                .window(page.number)
                .into_iter()
                .map(|number| PageLink {
                    number,
                    url: url(number),
                    current: number == page.number,
                })
                .collect(),
        }
    }
}

/// Home, tag and archive pages: a page of article cards.
#[derive(Serialize)]
pub(crate) struct ListPage<'a> {
    pub page: PageView,
    /// Article cards (built once per build as template values).
    pub articles: Vec<&'a tera::Value>,
    pub pagination: PaginationView,
    /// On tag pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagLink>,
    /// On archive pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveView>,
    /// On section fronts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<DeskView>,
    /// On author pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<AuthorView>,
    /// On the home page's front page: each section with its newest cards
    /// (empty on other pages).
    pub sections: Vec<DeskBlock<'a>>,
}

/// A period of the date archive, as a link.
#[derive(Serialize, Clone)]
pub(crate) struct PeriodLink {
    pub label: String,
    pub url: String,
    /// How many articles it holds (none on the older pages of a list
    /// numbered from the oldest).
    pub count: Option<usize>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ArchiveView {
    /// year, month or day.
    pub kind: &'static str,
    /// "2025", "March 2025" or "14 March 2025".
    pub title: String,
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// How many articles it holds (none on the older pages of a list
    /// numbered from the oldest, as the count of `parent`).
    pub count: Option<usize>,
    /// The enclosing period: the year of a month, the month of a day.
    pub parent: Option<PeriodLink>,
    /// The periods inside: the months of a year, the days of a month.
    pub periods: Vec<PeriodLink>,
}

impl ArchiveView {
    /// The period as its older pages show it, numbered from the oldest: no
    /// counts and no periods inside, so they never change when an article
    /// is added (or a new day starts).
    pub(crate) fn for_older_pages(&self) -> ArchiveView {
        ArchiveView {
            count: None,
            parent: self.parent.as_ref().map(|link| PeriodLink {
                count: None,
                ..link.clone()
            }),
            periods: Vec::new(),
            ..self.clone()
        }
    }

    pub(crate) fn year(config: &Config, year: &crate::library::YearArchive) -> Self {
        ArchiveView {
            kind: "year",
            title: format!("{}", year.year),
            year: year.year,
            month: None,
            day: None,
            count: Some(year.articles.len()),
            parent: None,
            periods: year.months.iter().map(|m| month_link(config, m)).collect(),
        }
    }

    pub(crate) fn month(
        config: &Config,
        year: &crate::library::YearArchive,
        month: &crate::library::MonthArchive,
    ) -> Self {
        ArchiveView {
            kind: "month",
            title: format!("{} {}", month_name(month.month), month.year),
            year: month.year,
            month: Some(month.month),
            day: None,
            count: Some(month.articles.len()),
            parent: Some(year_link(config, year)),
            periods: month
                .days
                .iter()
                .map(|d| PeriodLink {
                    label: format!("{} {}", d.day, month_name(d.month)),
                    url: config.site_url(&day_path(d.year, d.month, d.day)),
                    count: Some(d.articles.len()),
                })
                .collect(),
        }
    }

    pub(crate) fn day(
        config: &Config,
        month: &crate::library::MonthArchive,
        day: &crate::library::DayArchive,
    ) -> Self {
        ArchiveView {
            kind: "day",
            title: format!("{} {} {}", day.day, month_name(day.month), day.year),
            year: day.year,
            month: Some(day.month),
            day: Some(day.day),
            count: Some(day.articles.len()),
            parent: Some(month_link(config, month)),
            periods: Vec::new(),
        }
    }
}

pub(crate) fn year_link(config: &Config, year: &crate::library::YearArchive) -> PeriodLink {
    PeriodLink {
        label: year.year.to_string(),
        url: config.site_url(&year_path(year.year)),
        count: Some(year.articles.len()),
    }
}

pub(crate) fn month_link(config: &Config, month: &crate::library::MonthArchive) -> PeriodLink {
    PeriodLink {
        label: format!("{} {}", month_name(month.month), month.year),
        url: config.site_url(&month_path(month.year, month.month)),
        count: Some(month.articles.len()),
    }
}

/// The topics index: `/tags/` (the biggest topics) and the pages of each
/// initial (`/tags/by_letter/a/`).
#[derive(Serialize)]
pub(crate) struct TagsPage {
    pub page: PageView,
    /// On `/tags/` the biggest topics, most stories first; on an initial's
    /// page its topics (this part of them) by name.
    pub tags: Vec<TagLink>,
    /// Every initial that has topics, `A`–`Z` then `0–9`.
    pub letters: Vec<LetterLink>,
    /// The initial this page lists; none on `/tags/`.
    pub letter: Option<LetterLink>,
    /// The pages of this initial when its topics fill more than one (up to
    /// 500 each); empty otherwise.
    pub parts: Vec<PageLink>,
    /// How many topics the site has.
    pub total: usize,
}

/// An initial of the topics index, as a link.
#[derive(Serialize, Clone)]
pub(crate) struct LetterLink {
    /// `A`, or `0–9`.
    pub label: &'static str,
    pub url: String,
    /// How many topics it holds.
    pub count: usize,
    /// Whether this page lists it.
    pub current: bool,
}

#[derive(Serialize)]
pub(crate) struct ArchiveYear {
    #[serde(flatten)]
    pub link: PeriodLink,
    pub year: i32,
    pub months: Vec<PeriodLink>,
}

/// The archive overview.
#[derive(Serialize)]
pub(crate) struct ArchiveIndexPage {
    pub page: PageView,
    /// Newest first, each with its months (newest first).
    pub years: Vec<ArchiveYear>,
    pub total: usize,
}

/// The 404 page, and any page with nothing but `site` and `page`.
#[derive(Serialize)]
pub(crate) struct PlainPage {
    pub page: PageView,
}

/// `redirect.html`: a page sending readers on to where an article went.
#[derive(Serialize)]
pub(crate) struct RedirectPage {
    pub page: PageView,
    /// Where the page sends readers: an absolute URL.
    pub target: String,
}

/// The schema.org `NewsArticle` of an article, as JSON that cannot end its
/// `<script>` element early: `<`, `>` and `&` are written as `\u` escapes
/// (valid JSON, and no `</script>` can appear), whatever the article holds.
pub(crate) fn news_article_json_ld(
    config: &Config,
    library: &Library,
    index: usize,
    card: &ArticleCard,
) -> String {
    let article = &library.articles[index];
    let organisation = |name: &str| {
        let mut publisher =
            serde_json::json!({ "@type": "Organization", "name": name, "url": config.base_url });
        if let Some(logo) = &config.logo {
            publisher["logo"] =
                serde_json::json!({ "@type": "ImageObject", "url": config.resolve_url(logo) });
        }
        publisher
    };
    let people: Vec<serde_json::Value> = library
        .author_ids(index)
        .map(|author| person(config, &library.authors[author]))
        .collect();
    let authors = if people.is_empty() {
        vec![organisation(&config.publisher)]
    } else {
        people
    };
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": crate::ingest::copydesk::headline::fit(&article.title),
        "description": article.summary,
        "datePublished": article.date.rfc3339(),
        "dateModified": article.modified().to_rfc3339(),
        "author": authors,
        "publisher": organisation(&config.publisher),
        "mainEntityOfPage": { "@type": "WebPage", "@id": card.permalink },
        "url": card.permalink,
        "inLanguage": config.language,
        "wordCount": article.word_count,
    });
    if let Some(picture) = &card.picture {
        value["image"] = serde_json::json!(picture.share_urls());
    } else if let Some(image) = &card.image {
        value["image"] = serde_json::json!([image]);
    }
    if !card.tags.is_empty() {
        // Every tag, rare ones too: they describe the article.
        value["keywords"] = serde_json::json!(
            card.tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
        );
    }
    if let Some(dateline) = &article.dateline {
        value["dateline"] = serde_json::json!(dateline);
    }
    if let Some(section) = &card.section {
        value["articleSection"] = serde_json::json!(section.name);
    }
    script_safe_json(&value.to_string())
}

/// An author as schema.org `Person`: name, their page on the site, their
/// profiles elsewhere (`sameAs`), role and photo when the profile has them.
fn person(config: &Config, author: &Author) -> serde_json::Value {
    let mut value = serde_json::json!({
        "@type": "Person",
        "name": author.name,
        "url": config.absolute_url(&author.path()),
    });
    if let Some(profile) = &author.profile {
        if !profile.links.is_empty() {
            value["sameAs"] = serde_json::json!(profile.links);
        }
        if let Some(role) = &profile.role {
            value["jobTitle"] = serde_json::json!(role);
        }
        if let Some(photo) = &profile.photo {
            value["image"] = serde_json::json!(config.resolve_url(photo));
        }
    }
    value
}

/// `author` on an author's page: the person, their profile and counts.
#[derive(Serialize, Clone)]
pub(crate) struct AuthorView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub role: Option<String>,
    /// The profile's body, as safe HTML (empty without a profile).
    pub bio: String,
    /// Absolute, or root-relative with the base path.
    pub photo: Option<String>,
    pub email: Option<String>,
    /// Their profiles elsewhere.
    pub links: Vec<String>,
    /// Whether they have a file in `authors/`.
    pub has_profile: bool,
    /// How many stories they signed (none on the older pages of a list
    /// numbered from the oldest).
    pub count: Option<usize>,
    /// schema.org `ProfilePage` JSON-LD, safe inside `<script>` with `| safe`.
    pub json_ld: String,
}

impl AuthorView {
    pub(crate) fn new(config: &Config, author: &Author) -> Self {
        let profile = author.profile.as_ref();
        let json_ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "mainEntity": person(config, author),
        });
        AuthorView {
            name: author.name.clone(),
            slug: author.slug.clone(),
            url: config.site_url(&author.path()),
            role: profile.and_then(|p| p.role.clone()),
            bio: profile.map(|p| p.bio.clone()).unwrap_or_default(),
            photo: profile
                .and_then(|p| p.photo.as_deref())
                .map(|photo| photo_url(config, photo)),
            email: profile.and_then(|p| p.email.clone()),
            links: profile.map(|p| p.links.clone()).unwrap_or_default(),
            has_profile: profile.is_some(),
            count: Some(author.articles.len()),
            json_ld: script_safe_json(&json_ld.to_string()),
        }
    }

    /// As the older pages of a list numbered from the oldest show it.
    pub(crate) fn for_older_pages(&self) -> AuthorView {
        AuthorView {
            count: None,
            ..self.clone()
        }
    }
}

/// A profile's photo as pages link it: a URL as written, a path in the
/// site root-relative (so a preview elsewhere shows it).
pub(crate) fn photo_url(config: &Config, photo: &str) -> String {
    let resolved = config.resolve_url(photo);
    match resolved.strip_prefix(config.base_url.as_str()) {
        Some(path) if !photo.contains("://") && !photo.starts_with("//") => config.site_url(path),
        _ => resolved,
    }
}

/// `section` on a section front.
#[derive(Serialize, Clone)]
pub(crate) struct DeskView {
    #[serde(flatten)]
    pub link: DeskLink,
    /// How many stories it holds (none on the older pages of a list
    /// numbered from the oldest).
    pub count: Option<usize>,
}

/// A section's block on the home page: the section and its newest cards.
#[derive(Serialize)]
pub(crate) struct DeskBlock<'a> {
    #[serde(flatten)]
    pub link: DeskLink,
    pub articles: Vec<&'a tera::Value>,
}

/// The authors index, `/authors/`.
#[derive(Serialize)]
pub(crate) struct AuthorsPage {
    pub page: PageView,
    /// Every author by name: `name`, `slug`, `url`, `role`, `photo`,
    /// `has_profile`, `count`.
    pub authors: Vec<AuthorEntry>,
}

/// An author as the index lists them.
#[derive(Serialize)]
pub(crate) struct AuthorEntry {
    #[serde(flatten)]
    pub link: AuthorLink,
    pub role: Option<String>,
    pub photo: Option<String>,
    pub has_profile: bool,
    pub count: usize,
}

/// JSON with `<`, `>`, `&` and the JavaScript line separators escaped, so it
/// can sit inside a `<script>` element. They only occur inside strings.
fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let text = r#"{"headline":"</script><script>alert(1)</script> & more"}"#;
        let safe = script_safe_json(text);
        assert!(!safe.contains('<') && !safe.contains('>'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> & more"
        );
    }
}
