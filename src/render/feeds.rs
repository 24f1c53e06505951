//! Feeds: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1, for the whole site and
//! for every tag.
//!
//! `site` chooses the articles (the newest `feeds.limit` of a list) and
//! writes the text this module renders; `render` links the feeds from every
//! page's head. Feeds are built in code, not templates, so they are valid
//! whatever the articles hold: every value is escaped here, and characters
//! XML forbids are dropped.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::article::Article;
use crate::config::Config;

/// A feed format and where its file lives below a list's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    /// `rss`, `atom` or `json`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Json => "json",
        }
    }

    /// The feed's path in the site for the list at `list` (`` for the site).
    pub(crate) fn path(self, list: &str) -> String {
        format!("{list}{}", self.file_name())
    }

    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Format::Rss => "feed.xml",
            Format::Atom => "atom.xml",
            Format::Json => "feed.json",
        }
    }

    pub(crate) fn mime_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml",
            Format::Atom => "application/atom+xml",
            Format::Json => "application/feed+json",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Format::Rss => "RSS",
            Format::Atom => "Atom",
            Format::Json => "JSON Feed",
        }
    }

    /// The formats `[feeds]` turns on, in a fixed order.
    pub(crate) fn enabled(config: &Config) -> Vec<Format> {
        let feeds = &config.feeds;
        [
            (feeds.rss, Format::Rss),
            (feeds.atom, Format::Atom),
            (feeds.json, Format::Json),
        ]
        .into_iter()
        .filter_map(|(on, format)| on.then_some(format))
        .collect()
    }
}

/// What a feed is about: the site, or one tag.
pub(crate) struct Channel<'a> {
    pub title: String,
    pub description: String,
    /// The list's path in the site: `` for the site, `tags/nato/` for a tag.
    pub path: &'a str,
    pub full_text: bool,
}

impl<'a> Channel<'a> {
    /// The site's own feeds.
    pub(crate) fn site(config: &Config) -> Channel<'a> {
        Channel {
            title: config.title.clone(),
            description: if config.description.is_empty() {
                config.title.clone()
            } else {
                config.description.clone()
            },
            path: "",
            full_text: config.feeds.full_text,
        }
    }

    /// A tag's feeds, at the tag page's `path`.
    pub(crate) fn tag(config: &Config, name: &str, path: &'a str) -> Channel<'a> {
        let description = format!("Articles tagged {name} on {}", config.title);
        Channel::list(config, name, description, path)
    }

    /// A section's feeds, at its front page's `path`.
    pub(crate) fn section(
        config: &Config,
        desk: &crate::config::sections::Desk,
        path: &'a str,
    ) -> Channel<'a> {
        let description = match desk.description.as_str() {
            "" => format!("{} on {}", desk.name, config.title),
            own => own.to_string(),
        };
        Channel::list(config, &desk.name, description, path)
    }

    /// An author's feeds, at their page's `path`.
    pub(crate) fn author(config: &Config, name: &str, path: &'a str) -> Channel<'a> {
        let description = format!("Stories by {name} on {}", config.title);
        Channel::list(config, name, description, path)
    }

    /// The feeds of a list other than the site's (a tag's, a section's, an
    /// author's): summaries unless `tag_full_text`.
    fn list(config: &Config, name: &str, description: String, path: &'a str) -> Channel<'a> {
        Channel {
            title: format!("{}: {name}", config.title),
            description,
            path,
            full_text: config.feeds.tag_full_text,
        }
    }
}

/// One article in a feed, with its tags' display names and, for a
/// full-text channel, its body's HTML.
pub(crate) struct Entry<'a> {
    pub article: &'a Article,
    pub tags: Vec<&'a str>,
    pub body: String,
    /// The lead picture's absolute URL (its widest variant), if any.
    pub image: Option<String>,
}

/// The feed in `format` for `entries` (newest first).
pub(crate) fn render(
    format: Format,
    config: &Config,
    channel: &Channel,
    entries: &[Entry],
) -> String {
    match format {
        Format::Rss => rss(config, channel, entries),
        Format::Atom => atom(config, channel, entries),
        Format::Json => json(config, channel, entries),
    }
}

/// When the feed last changed: its newest `updated` (or publication) date.
/// An empty feed uses the Unix epoch, so builds stay reproducible.
fn feed_updated(entries: &[Entry]) -> DateTime<FixedOffset> {
    entries
        .iter()
        .map(|e| e.article.modified())
        .max()
        .unwrap_or(DateTime::UNIX_EPOCH.fixed_offset())
}

fn rss(config: &Config, channel: &Channel, entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(4096 + entries.len() * 2048);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    element(&mut xml, "title", &channel.title);
    element(&mut xml, "link", &config.absolute_url(channel.path));
    element(&mut xml, "description", &channel.description);
    element(&mut xml, "language", &config.language);
    element(&mut xml, "generator", generator());
    element(
        &mut xml,
        "lastBuildDate",
        &feed_updated(entries).to_rfc2822(),
    );
    xml.push_str(&format!(
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(&config.absolute_url(&Format::Rss.path(channel.path)))
    ));
    for entry in entries {
        let article = entry.article;
        let url = config.absolute_url(&article.path);
        xml.push_str("<item>\n");
        element(&mut xml, "title", &article.title);
        element(&mut xml, "link", &url);
        xml.push_str(&format!(
            "<guid isPermaLink=\"true\">{}</guid>\n",
            escape(&url)
        ));
        element(&mut xml, "pubDate", &article.date.instant.to_rfc2822());
        for author in &article.authors {
            element(&mut xml, "dc:creator", author);
        }
        for tag in &entry.tags {
            element(&mut xml, "category", tag);
        }
        element(&mut xml, "description", &article.summary);
        if channel.full_text {
            element(
                &mut xml,
                "content:encoded",
                &absolute_links(config, &entry.body),
            );
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

fn atom(config: &Config, channel: &Channel, entries: &[Entry]) -> String {
    let self_url = config.absolute_url(&Format::Atom.path(channel.path));
    let mut xml = String::with_capacity(4096 + entries.len() * 2048);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&config.language)
    ));
    element(&mut xml, "title", &channel.title);
    element(&mut xml, "subtitle", &channel.description);
    xml.push_str(&format!(
        "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
        escape(&config.absolute_url(channel.path)),
        escape(&self_url)
    ));
    element(&mut xml, "id", &self_url);
    element(&mut xml, "updated", &feed_updated(entries).to_rfc3339());
    xml.push_str(&format!(
        "<generator version=\"{}\">newsgen</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    // A feed-level author covers entries without their own (RFC 4287 4.1.1).
    xml.push_str("<author>");
    element(&mut xml, "name", &config.publisher);
    xml.push_str("</author>\n");
    for entry in entries {
        let article = entry.article;
        let url = config.absolute_url(&article.path);
        xml.push_str("<entry>\n");
        element(&mut xml, "title", &article.title);
        xml.push_str(&format!(
            "<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n",
            escape(&url)
        ));
        element(&mut xml, "id", &url);
        element(&mut xml, "published", &article.date.rfc3339());
        element(&mut xml, "updated", &article.modified().to_rfc3339());
        for author in &article.authors {
            xml.push_str("<author>");
            element(&mut xml, "name", author);
            xml.push_str("</author>\n");
        }
        for tag in &entry.tags {
            xml.push_str(&format!("<category term=\"{}\"/>\n", escape(tag)));
        }
        xml.push_str(&format!(
            "<summary type=\"text\">{}</summary>\n",
            escape(&article.summary)
        ));
        if channel.full_text {
            xml.push_str(&format!(
                "<content type=\"html\">{}</content>\n",
                escape(&absolute_links(config, &entry.body))
            ));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    summary: &'a str,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
}

fn json(config: &Config, channel: &Channel, entries: &[Entry]) -> String {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &channel.title,
        home_page_url: config.absolute_url(channel.path),
        feed_url: config.absolute_url(&Format::Json.path(channel.path)),
        description: &channel.description,
        language: &config.language,
        authors: vec![JsonAuthor {
            name: &config.publisher,
        }],
        items: entries
            .iter()
            .map(|entry| {
                let article = entry.article;
                let url = config.absolute_url(&article.path);
                JsonItem {
                    id: url.clone(),
                    url,
                    title: &article.title,
                    content_html: channel
                        .full_text
                        .then(|| absolute_links(config, &entry.body)),
                    content_text: (!channel.full_text).then_some(article.summary.as_str()),
                    summary: &article.summary,
                    date_published: article.date.rfc3339(),
                    date_modified: article.modified().to_rfc3339(),
                    authors: article
                        .authors
                        .iter()
                        .map(|name| JsonAuthor { name })
                        .collect(),
                    tags: entry.tags.clone(),
                    image: entry.image.clone(),
                }
            })
            .collect(),
    };
    // Plain data of strings: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}

/// Feed readers show an article away from the site: root-relative links
/// (`href="/news/tags/nato/"`) become absolute ones on the site's host.
/// Protocol-relative links (`src="//cdn.example/a.js"`) are already
/// absolute and stay as they are.
fn absolute_links(config: &Config, html: &str) -> String {
    let origin = config.origin();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("=\"/") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        let attribute = before.ends_with("href=\"") || before.ends_with("src=\"");
        if attribute && !after.starts_with("//") {
            out.push_str(origin);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn generator() -> &'static str {
    concat!("newsgen ", env!("CARGO_PKG_VERSION"))
}

fn element(xml: &mut String, name: &str, text: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    xml.push_str(&escape(text));
    xml.push_str("</");
    xml.push_str(name);
    xml.push_str(">\n");
}

/// Escapes text for XML content and attributes, dropping the characters
/// XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`] onto the end of `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    if is_plain(text) {
        out.push_str(text);
        return;
    }
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Whether `text` goes into XML as it is: no markup, no control
/// characters, nothing from the U+FFxx block (whose UTF-8 starts 0xEF).
/// Most text is.
pub(crate) fn is_plain(text: &str) -> bool {
    text.bytes()
        .all(|b| !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF) && b >= 0x20)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::dates::parse_front_matter_date;
    use crate::article::{Section, SourceFormat};

    fn config() -> Config {
        Config::parse("title = \"The Courier\"\nbase_url = \"https://example.org/news/\"\ndescription = \"News\"\n").unwrap()
    }

    fn article() -> Article {
        Article {
            source: "seeds/a.md".into(),
            format: SourceFormat::Markdown,
            title: "Vote <passes> & \"wins\"".into(),
            slug: "vote".into(),
            date: parse_front_matter_date("2022-02-01T09:30:00+01:00", chrono_tz::UTC).unwrap(),
            date_at: (3, 1),
            updated: Some(parse_front_matter_date("2022-02-02", chrono_tz::UTC).unwrap()),
            corrections: Vec::new(),
            embargo: None,
            expires: None,
            redirect: None,
            aliases: Vec::new(),
            authors: vec!["Ann Lee".into()],
            tags: vec!["Politics".into()],
            tag_candidates: vec![],
            summary: "The vote passed.\u{1}".into(),
            sections: vec![Section {
                heading: None,
                id: None,
                html: "<p>Body </script> ]]></p>\n".into(),
            }],
            kept: None,
            dateline: None,
            agency: None,
            credit: None,
            lines: Default::default(),
            word_count: 3,
            draft: false,
            image: Some("img/vote.jpg".into()),
            desk: None,
            image_text: Default::default(),
            body_images: Vec::new(),
            extra: serde_json::Value::Null,
            path: "2022/02/01/vote/".into(),
        }
    }

    fn channel(full_text: bool) -> Channel<'static> {
        Channel {
            title: "The Courier".into(),
            description: "News".into(),
            path: "",
            full_text,
        }
    }

    #[test]
    fn rss_has_self_link_guid_dates_and_escaped_content() {
        let article = article();
        let entries = [Entry {
            article: &article,
            tags: vec!["Politics"],
            body: article.body_html(),
            image: Some("https://example.org/news/img/vote.jpg".into()),
        }];
        let xml = render(Format::Rss, &config(), &channel(true), &entries);
        assert!(xml.contains("<atom:link href=\"https://example.org/news/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>"));
        assert!(xml.contains(
            "<guid isPermaLink=\"true\">https://example.org/news/2022/02/01/vote/</guid>"
        ));
        assert!(
            xml.contains("<pubDate>Tue, 1 Feb 2022 08:30:00 +0000</pubDate>"),
            "{xml}"
        );
        assert!(xml.contains("<title>Vote &lt;passes&gt; &amp; &quot;wins&quot;</title>"));
        assert!(xml.contains(
            "<content:encoded>&lt;p&gt;Body &lt;/script&gt; ]]&gt;&lt;/p&gt;\n</content:encoded>"
        ));
        assert!(
            xml.contains("<description>The vote passed.</description>"),
            "control characters are dropped"
        );
        assert!(
            xml.contains("<dc:creator>Ann Lee</dc:creator>")
                && xml.contains("<category>Politics</category>")
        );
    }

    #[test]
    fn atom_has_ids_dates_authors_and_summary_only_without_full_text() {
        let article = article();
        let entries = [Entry {
            article: &article,
            tags: vec!["Politics"],
            body: article.body_html(),
            image: Some("https://example.org/news/img/vote.jpg".into()),
        }];
        let xml = render(Format::Atom, &config(), &channel(false), &entries);
        assert!(xml.contains("<id>https://example.org/news/atom.xml</id>"));
        assert!(xml.contains("<published>2022-02-01T08:30:00+00:00</published>"));
        assert!(xml.contains("<updated>2022-02-02T00:00:00+00:00</updated>"));
        assert!(xml.contains("<author><name>Ann Lee</name>\n</author>"));
        assert!(!xml.contains("<content"));
    }

    #[test]
    fn json_feed_is_version_1_1_with_absolute_image() {
        let article = article();
        let entries = [Entry {
            article: &article,
            tags: vec!["Politics"],
            body: article.body_html(),
            image: Some("https://example.org/news/img/vote.jpg".into()),
        }];
        let text = render(Format::Json, &config(), &channel(true), &entries);
        let feed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(feed["feed_url"], "https://example.org/news/feed.json");
        let item = &feed["items"][0];
        assert_eq!(item["id"], "https://example.org/news/2022/02/01/vote/");
        assert_eq!(item["image"], "https://example.org/news/img/vote.jpg");
        assert_eq!(item["tags"][0], "Politics");
        assert!(item["content_html"].as_str().unwrap().contains("Body"));
    }

    #[test]
    fn links_in_feed_content_are_absolute() {
        let html = "<a href=\"/news/tags/x/\">x</a> <img src=\"/news/a.png\"> <a href=\"https://other.example/\">o</a>";
        assert_eq!(
            absolute_links(&config(), html),
            "<a href=\"https://example.org/news/tags/x/\">x</a> <img src=\"https://example.org/news/a.png\"> <a href=\"https://other.example/\">o</a>"
        );
        // Protocol-relative links are absolute already; other attributes
        // are not links.
        let html =
            "<iframe src=\"//video.example/embed/1\"></iframe><img alt=\"/a\" src=\"/b.png\">";
        assert_eq!(
            absolute_links(&config(), html),
            "<iframe src=\"//video.example/embed/1\"></iframe><img alt=\"/a\" src=\"https://example.org/b.png\">"
        );
    }

    #[test]
    fn empty_feeds_are_reproducible() {
        let xml = render(Format::Atom, &config(), &channel(true), &[]);
        assert!(xml.contains("<updated>1970-01-01T00:00:00+00:00</updated>"));
    }
}
