//! Sitemaps for search engines: `sitemap.xml` (split into an index and
//! numbered parts past 50,000 URLs or 50 MB), the Google News sitemap
//! `news-sitemap.xml` (articles of the last two days), and `robots.txt`.
//!
//! `site` collects one [`SitemapUrl`] for every canonical page it writes, so
//! the sitemap lists exactly the pages that exist.

use chrono::{DateTime, Duration, FixedOffset};

use crate::article::Article;
use crate::config::Config;
use crate::feeds::{escape, escape_into};

/// The sitemaps protocol's limits for one file.
pub const MAX_URLS: usize = 50_000;
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// Google News takes articles of the last two days, at most 1,000.
pub const NEWS_WINDOW_DAYS: i64 = 2;
pub const NEWS_MAX: usize = 1_000;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// A canonical page and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// The page's path in the site: `2022/02/01/slug/`, `` for home.
    pub path: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// The sitemap files: `(file name, contents)`. One `sitemap.xml` while the
/// URLs fit the limits, else `sitemap.xml` as an index of `sitemap-N.xml`
/// parts. `urls` come sorted by path, so builds are reproducible.
pub fn sitemaps(
    config: &Config,
    urls: &[SitemapUrl],
    max_urls: usize,
    max_bytes: usize,
) -> Vec<(String, String)> {
    use rayon::prelude::*;
    // The entries, formatted in parallel a chunk at a time: each chunk's
    // text and where each of its entries ends in it.
    let base = escape(&config.base_url);
    let chunks: Vec<(String, Vec<usize>)> = urls
        .par_chunks(4096)
        .map(|chunk| {
            let mut text = String::with_capacity(chunk.len() * 128);
            let mut ends = Vec::with_capacity(chunk.len());
            for url in chunk {
                push_entry(&mut text, &base, url);
                ends.push(text.len());
            }
            (text, ends)
        })
        .collect();
    let entries = chunks.iter().flat_map(|(text, ends)| {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends).map(|(start, &end)| &text[start..end])
    });
    let mut parts: Vec<(String, Option<DateTime<FixedOffset>>)> = Vec::new();
    let mut current = String::from(URLSET_OPEN);
    let mut count = 0;
    let mut newest: Option<DateTime<FixedOffset>> = None;
    for (url, entry) in urls.iter().zip(entries) {
        let full =
            count == max_urls || current.len() + entry.len() + URLSET_CLOSE.len() > max_bytes;
        if full && count > 0 {
            current.push_str(URLSET_CLOSE);
            parts.push((
                std::mem::replace(&mut current, String::from(URLSET_OPEN)),
                newest.take(),
            ));
            count = 0;
        }
        current.push_str(entry);
        count += 1;
        newest = newest.max(url.lastmod);
    }
    current.push_str(URLSET_CLOSE);
    parts.push((current, newest));

    if parts.len() == 1 {
        return parts
            .into_iter()
            .map(|(xml, _)| ("sitemap.xml".to_string(), xml))
            .collect();
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (number, (xml, newest)) in parts.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc>",
            escape(&config.absolute_url(&name))
        ));
        if let Some(newest) = newest {
            index.push_str(&format!("<lastmod>{}</lastmod>", newest.to_rfc3339()));
        }
        index.push_str("</sitemap>\n");
        files.push((name, xml));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
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
        crate::dates::push_rfc3339(out, &lastmod);
        out.push_str("</lastmod>");
    }
    out.push_str("</url>\n");
}

/// The Google News sitemap: articles (newest first) published in the two
/// days before `now`, at most 1,000.
pub fn news_sitemap(config: &Config, articles: &[Article], now: DateTime<FixedOffset>) -> String {
    let since = now - Duration::days(NEWS_WINDOW_DAYS);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    let language = escape(&news_language(&config.language));
    let publication = escape(&config.publisher);
    for article in articles
        .iter()
        .filter(|a| a.date.instant > since && a.date.instant <= now)
        .take(NEWS_MAX)
    {
        xml.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{publication}</news:name><news:language>{language}</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>\n",
            escape(&config.absolute_url(&article.path)),
            article.date.rfc3339(),
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
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        config.absolute_url("sitemap.xml"),
        config.absolute_url("news-sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_front_matter_date;

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
        let files = sitemaps(&config(), &urls(3), MAX_URLS, MAX_BYTES);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert!(files[0].1.contains("<url><loc>https://example.org/news/a/000/</loc><lastmod>2022-01-01T00:00:00+00:00</lastmod></url>"));
    }

    #[test]
    fn an_index_past_the_url_limit() {
        let files = sitemaps(&config(), &urls(25), 10, MAX_BYTES);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(
            files[0]
                .1
                .contains("<sitemap><loc>https://example.org/news/sitemap-2.xml</loc><lastmod>")
        );
        let counts: Vec<usize> = files[1..]
            .iter()
            .map(|(_, xml)| xml.matches("<url>").count())
            .collect();
        assert_eq!(counts, [10, 10, 5]);
    }

    #[test]
    fn an_index_past_the_byte_limit() {
        let files = sitemaps(&config(), &urls(20), MAX_URLS, 1_000);
        assert!(files.len() > 2);
        assert!(files[1..].iter().all(|(_, xml)| xml.len() <= 1_000));
        let total: usize = files[1..]
            .iter()
            .map(|(_, xml)| xml.matches("<url>").count())
            .sum();
        assert_eq!(total, 20);
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
