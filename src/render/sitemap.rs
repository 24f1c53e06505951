//! Sitemaps for search engines: `sitemap.xml` (past 50,000 URLs or 50 MB,
//! an index of parts by month, tags and other pages), the Google News sitemap
//! `news-sitemap.xml` (articles of the last two days), and `robots.txt`.
//!
//! `site` collects one [`SitemapUrl`] for every canonical page it writes, so
//! the sitemap lists exactly the pages that exist.

use std::ops::Range;

use chrono::{DateTime, Duration, FixedOffset};

use crate::article::Article;
use crate::config::Config;
use crate::render::feeds::{escape, escape_into, is_plain};

/// The sitemaps protocol's limits for one file.
pub(crate) const MAX_URLS: usize = 50_000;
pub(crate) const MAX_BYTES: usize = 50 * 1024 * 1024;

/// Google News takes articles of the last two days, at most 1,000.
pub(crate) const NEWS_WINDOW_DAYS: i64 = 2;
pub(crate) const NEWS_MAX: usize = 1_000;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// A canonical page and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitemapUrl {
    /// The page's path in the site: `2022/02/01/slug/`, `` for home.
    pub path: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// The part of a split sitemap a page is listed in: the month its path
/// starts with (`2024/05/…`: articles and date archives under the default
/// permalinks), the tag pages, or the other pages. An added article
/// changes its month's part and the parts whose lists' dates it moves,
/// never the months before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group<'a> {
    /// `2024/05`.
    Month(&'a str),
    Pages,
    Tags,
}

fn group(path: &str) -> Group<'_> {
    let bytes = path.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() >= 8 && digits(0..4) && bytes[4] == b'/' && digits(5..7) && bytes[7] == b'/' {
        Group::Month(&path[..7])
    } else if path.starts_with("tags/") {
        Group::Tags
    } else {
        Group::Pages
    }
}

/// The file name of part `number` (from 1) of a group.
fn part_name(group: Group, number: usize) -> String {
    let stem = match group {
        Group::Month(month) => month.replace('/', "-"),
        Group::Pages => "pages".to_string(),
        Group::Tags => "tags".to_string(),
    };
    match number {
        1 => format!("sitemap-{stem}.xml"),
        n => format!("sitemap-{stem}-{n}.xml"),
    }
}

/// One file of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub name: String,
    /// Which of the URLs (as [`plan`] ordered them) it lists.
    pub urls: Range<usize>,
    /// The newest `lastmod` among them.
    pub newest: Option<DateTime<FixedOffset>>,
}

/// At least the bytes of one URL's entry in a urlset: exact but for the
/// escaping of unusual paths and the length of the date, both counted at
/// their longest. Parts are cut by it, so no part passes `max_bytes`
/// whatever its entries' exact lengths, and no part needs formatting to
/// know where it ends.
fn entry_bound(base: &str, url: &SitemapUrl) -> usize {
    const LONGEST_DATE: usize = 40;
    let path = url.path.trim_start_matches('/');
    let escaped = if is_plain(path) {
        path.len()
    } else {
        path.len() * 6
    };
    "<url><loc></loc><lastmod></lastmod></url>\n".len() + base.len() + escaped + LONGEST_DATE
}

/// Orders `urls` as the sitemap lists them and splits them into files: one
/// `sitemap.xml` while they fit the limits, else parts by [`Group`] (a
/// month, the tags, the other pages; a group past the limits continues in
/// `-2`, `-3`… parts), listed by a `sitemap.xml` index. Returns the parts,
/// and whether there is an index.
pub(crate) fn plan(
    config: &Config,
    urls: &mut [SitemapUrl],
    max_urls: usize,
    max_bytes: usize,
) -> (Vec<Part>, bool) {
    use rayon::prelude::*;
    urls.par_sort_unstable_by(|a, b| (group(&a.path), &a.path).cmp(&(group(&b.path), &b.path)));
    let base = escape(&config.base_url);
    let room = max_bytes.saturating_sub(URLSET_OPEN.len() + URLSET_CLOSE.len());
    let bounds: Vec<usize> = urls.par_iter().map(|url| entry_bound(&base, url)).collect();
    let newest = |range: &Range<usize>| urls[range.clone()].iter().filter_map(|u| u.lastmod).max();
    if urls.len() <= max_urls && bounds.iter().sum::<usize>() <= room {
        let all = 0..urls.len();
        let part = Part {
            name: "sitemap.xml".to_string(),
            newest: newest(&all),
            urls: all,
        };
        return (vec![part], false);
    }
    // Each group's URLs in files as full as the limits allow: a file ends
    // where its group does, or where the next URL would not fit.
    let mut parts: Vec<Part> = Vec::new();
    let (mut start, mut bytes, mut number) = (0, 0, 1);
    for at in 0..=urls.len() {
        // (`urls` is not empty here: no URLs fit one file.)
        let this = group(&urls[start.min(urls.len() - 1)].path);
        let same_group = at < urls.len() && group(&urls[at].path) == this;
        let fits = same_group && at - start < max_urls && bytes + bounds[at] <= room;
        if at > start && !fits {
            parts.push(Part {
                name: part_name(this, number),
                newest: newest(&(start..at)),
                urls: start..at,
            });
            (start, bytes) = (at, 0);
            number = if same_group { number + 1 } else { 1 };
        }
        if at < urls.len() {
            bytes += bounds[at];
        }
    }
    (parts, true)
}

/// One part's file: a urlset of `urls`.
pub(crate) fn urlset(config: &Config, urls: &[SitemapUrl]) -> String {
    use rayon::prelude::*;
    // Formatted in parallel a chunk at a time, then joined.
    let base = escape(&config.base_url);
    let chunks: Vec<String> = urls
        .par_chunks(4096)
        .map(|chunk| {
            let mut text = String::with_capacity(chunk.len() * 128);
            for url in chunk {
                push_entry(&mut text, &base, url);
            }
            text
        })
        .collect();
    let mut xml = String::with_capacity(chunks.iter().map(String::len).sum::<usize>() + 200);
    xml.push_str(URLSET_OPEN);
    chunks.iter().for_each(|chunk| xml.push_str(chunk));
    xml.push_str(URLSET_CLOSE);
    xml
}

/// The sitemap index, `sitemap.xml`, of a split sitemap's parts.
pub(crate) fn index(config: &Config, parts: &[Part]) -> String {
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in parts {
        index.push_str("<sitemap><loc>");
        escape_into(&mut index, &config.absolute_url(&part.name));
        index.push_str("</loc>");
        if let Some(newest) = part.newest {
            index.push_str("<lastmod>");
            index.push_str(&newest.to_rfc3339());
            index.push_str("</lastmod>");
        }
        index.push_str("</sitemap>\n");
    }
    index.push_str("</sitemapindex>\n");
    index
}

/// Every sitemap file, `(file name, contents)`, index first: [`plan`], then
/// each part formatted. (A build writes each part through the output, by
/// its own fingerprint; this is the whole set at once, for tests.)
#[cfg(test)]
pub(crate) fn sitemaps(
    config: &Config,
    urls: &mut [SitemapUrl],
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(String, String)> {
    let (parts, indexed) = plan(config, urls, max_urls, max_bytes);
    let mut files: Vec<(String, String)> = Vec::with_capacity(parts.len() + 1);
    if indexed {
        files.push(("sitemap.xml".to_string(), index(config, &parts)));
    }
    for part in parts {
        files.push((part.name, urlset(config, &urls[part.urls])));
    }
    files
}

/// One `<url>` line, onto `out`; `base` is the escaped base URL, joined
/// to the path as `Config::absolute_url` joins them (without allocating:
/// this runs for every page of the site).
fn push_entry(out: &mut String, base: &str, url: &SitemapUrl) {
    out.push_str("<url><loc>");
    out.push_str(base);
    escape_into(out, url.path.trim_start_matches('/'));
    out.push_str("</loc>");
    if let Some(lastmod) = url.lastmod {
        out.push_str("<lastmod>");
        out.push_str(&lastmod.to_rfc3339());
        out.push_str("</lastmod>");
    }
    out.push_str("</url>\n");
}

/// The Google News sitemap: articles (newest first) published in the two
/// days before `now`, at most 1,000. An embargoed article counts as
/// published when its embargo lifts, if that is after its date.
pub(crate) fn news_sitemap(
    config: &Config,
    articles: &[Article],
    now: DateTime<FixedOffset>,
) -> String {
    let since = now - Duration::days(NEWS_WINDOW_DAYS);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    let language = escape(&news_language(&config.language));
    let publication = escape(&config.publisher);
    for article in articles
        .iter()
        .filter(|a| a.published_at() > since && a.published_at() <= now)
        .take(NEWS_MAX)
    {
        xml.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{publication}</news:name><news:language>{language}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>\n",
            escape(&config.absolute_url(&article.path)),
            article.published_at().to_rfc3339(),
            escape(&article.title),
        ));
    }
    xml.push_str(URLSET_CLOSE);
    xml
}

/// Google News wants an ISO 639 code: `en` for `en-GB`, but `zh-cn` and
/// `zh-tw` as they are.
fn news_language(language: &str) -> String {
    let lower = language.to_ascii_lowercase().replace('_', "-");
    if lower == "zh-cn" || lower == "zh-tw" {
        return lower;
    }
    lower.split('-').next().unwrap_or("en").to_string()
}

/// `robots.txt`: everything may be crawled; both sitemaps are named.
pub(crate) fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        config.absolute_url("sitemap.xml"),
        config.absolute_url("news-sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::dates::parse_front_matter_date;

    fn config() -> Config {
        Config::parse("title = \"The Courier\"\nbase_url = \"https://example.org/news/\"\nlanguage = \"en-GB\"\n").unwrap()
    }

    fn urls(n: usize) -> Vec<SitemapUrl> {
        (0..n)
            .map(|i| SitemapUrl {
                path: format!("a/{i:03}/"),
                lastmod: Some(
                    parse_front_matter_date(&format!("2022-01-{:02}", i % 28 + 1), chrono_tz::UTC)
                        .unwrap()
                        .instant,
                ),
            })
            .collect()
    }

    #[test]
    fn one_file_while_it_fits() {
        let files = sitemaps(&config(), &mut urls(3), MAX_URLS, MAX_BYTES);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert!(files[0].1.contains("<url><loc>https://example.org/news/a/000/</loc><lastmod>2022-01-01T00:00:00+00:00</lastmod></url>"));
    }

    #[test]
    fn an_index_past_the_url_limit() {
        let files = sitemaps(&config(), &mut urls(25), 10, MAX_BYTES);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-pages.xml",
                "sitemap-pages-2.xml",
                "sitemap-pages-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(
            files[0].1.contains(
                "<sitemap><loc>https://example.org/news/sitemap-pages-2.xml</loc><lastmod>"
            )
        );
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|(_, xml)| xml.matches("<url>").count())
            .collect();
        assert_eq!(counts, [10, 10, 5]);
    }

    #[test]
    fn an_index_past_the_byte_limit() {
        let files = sitemaps(&config(), &mut urls(20), MAX_URLS, 1_000);
        assert!(files.len() > 2);
        assert!(files[1..].iter().all(|(_, xml)| xml.len() <= 1_000));
        let total: usize = files[1..]
            .iter()
            .map(|(_, xml)| xml.matches("<url>").count())
            .sum();
        assert_eq!(total, 20);
    }

    /// Split, the parts are months, tags and the other pages, and the
    /// index dates each part by its newest page.
    #[test]
    fn parts_by_month_tags_and_pages() {
        let dated = |path: &str, day: &str| SitemapUrl {
            path: path.to_string(),
            lastmod: Some(
                parse_front_matter_date(day, chrono_tz::UTC)
                    .unwrap()
                    .instant,
            ),
        };
        let mut all = vec![
            dated("tags/nato/", "2024-06-02"),
            dated("2024/06/01/a/", "2024-06-01"),
            dated("2024/05/31/b/", "2024-05-31"),
            dated("", "2024-06-01"),
            dated("2024/", "2024-06-01"),
            dated("2024/05/", "2024-05-31"),
            dated("2024/06/02/c/", "2024-06-02"),
        ];
        let (parts, indexed) = plan(&config(), &mut all, 4, MAX_BYTES);
        assert!(indexed);
        let listed: Vec<(&str, Vec<&str>)> = parts
            .iter()
            .map(|part| {
                let paths = all[part.urls.clone()].iter().map(|u| u.path.as_str());
                (part.name.as_str(), paths.collect())
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("sitemap-2024-05.xml", vec!["2024/05/", "2024/05/31/b/"]),
                (
                    "sitemap-2024-06.xml",
                    vec!["2024/06/01/a/", "2024/06/02/c/"]
                ),
                ("sitemap-pages.xml", vec!["", "2024/"]),
                ("sitemap-tags.xml", vec!["tags/nato/"]),
            ]
        );
        let index = index(&config(), &parts);
        assert!(index.contains("<sitemap><loc>https://example.org/news/sitemap-2024-05.xml</loc><lastmod>2024-05-31T00:00:00+00:00</lastmod></sitemap>"));
        // A URL added to June leaves May's part as it was.
        let mut grown = all.clone();
        grown.push(dated("2024/06/03/d/", "2024-06-03"));
        let (after, _) = plan(&config(), &mut grown, 4, MAX_BYTES);
        assert_eq!(all[parts[0].urls.clone()], grown[after[0].urls.clone()]);
        assert_eq!(
            (&after[0].name, after[0].newest),
            (&parts[0].name, parts[0].newest)
        );
    }

    #[test]
    fn news_language_codes() {
        assert_eq!(news_language("en-GB"), "en");
        assert_eq!(news_language("zh-TW"), "zh-tw");
        assert_eq!(news_language("de"), "de");
    }

    #[test]
    fn robots_names_both_sitemaps() {
        assert_eq!(
            robots(&config()),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/news/sitemap.xml\nSitemap: https://example.org/news/news-sitemap.xml\n"
        );
    }
}
