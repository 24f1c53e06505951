//! Feeds and sitemaps: RSS, Atom and JSON feeds for the site and every tag
//! (rendered by `render::feeds`), and `sitemap.xml` (or its index and
//! parts), the Google News sitemap and `robots.txt` (`render::sitemap`),
//! each fingerprinted by what it lists.

use rayon::prelude::*;

use super::Site;
use super::fingerprint::{FingerprintBuilder, instant_bytes};
use crate::output::{Origin, Output};
use crate::problem::Problem;
use crate::render::feeds::{self, Channel, Entry, Format};
use crate::render::sitemap::{self, SitemapUrl};

impl Site {
    /// The site's feeds (newest `feeds.limit` articles) and every tag's,
    /// section's and author's.
    pub(super) fn write_feeds(&self, output: &Output) -> Vec<Problem> {
        let formats = Format::enabled(&self.config);
        if formats.is_empty() {
            return Vec::new();
        }
        let limit = self.config.feeds.limit;
        let all: Vec<usize> = (0..self.library.articles.len().min(limit)).collect();
        // Topics only: a tag without a page has no feeds either.
        let tag_paths: Vec<String> = self.library.topics().map(|tag| tag.path()).collect();
        let desk_paths: Vec<String> = self.config.desks.list.iter().map(|d| d.path()).collect();
        let author_paths: Vec<String> = self.library.authors.iter().map(|a| a.path()).collect();
        let first = |articles: &[usize]| articles.iter().copied().take(limit).collect();
        let mut lists = vec![(Channel::site(&self.config), all)];
        for (tag, path) in self.library.topics().zip(&tag_paths) {
            let channel = Channel::tag(&self.config, &tag.name, path);
            lists.push((channel, first(&tag.articles)));
        }
        for ((desk, path), articles) in self
            .config
            .desks
            .list
            .iter()
            .zip(&desk_paths)
            .zip(&self.library.desks)
        {
            lists.push((Channel::section(&self.config, desk, path), first(articles)));
        }
        for (author, path) in self.library.authors.iter().zip(&author_paths) {
            let channel = Channel::author(&self.config, &author.name, path);
            lists.push((channel, first(&author.articles)));
        }
        lists
            .par_iter()
            .flat_map_iter(|(channel, articles)| {
                // What the channel's feeds are made from: its items' cards,
                // and their files when it carries full text.
                let mut print = FingerprintBuilder::new(&self.machinery.key)
                    .text("feed")
                    .json(&(
                        &channel.title,
                        &channel.description,
                        channel.path,
                        channel.full_text,
                    ));
                for &i in articles {
                    print = print.bytes(&self.cards.fingerprints[i]);
                    if channel.full_text {
                        print = print.content(&self.library.articles[i]);
                    }
                }
                formats
                    .iter()
                    .filter_map(move |&format| {
                        let path = format.path(channel.path);
                        let print = print.clone().text(format.file_name()).finish();
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
                    crate::article::body_html(&self.body(i, true)?)
                } else {
                    String::new()
                };
                let picture = self.pictures.views.get(i).and_then(Option::as_ref);
                Ok(Entry {
                    article,
                    tags,
                    body,
                    image: picture.map(|picture| picture.permalink.clone()),
                })
            })
            .collect()
    }

    /// `sitemap.xml` (or its index and parts), `news-sitemap.xml`, `robots.txt`.
    /// Each part is fingerprinted by the URLs and dates it lists: a part
    /// none of whose changed (every month but the newest, when an article
    /// is added) is kept as it is, without formatting it again.
    pub(super) fn write_sitemaps(
        &self,
        output: &Output,
        mut urls: Vec<SitemapUrl>,
    ) -> Vec<Problem> {
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
                let mut print = FingerprintBuilder::new(&self.machinery.key)
                    .text("sitemap")
                    .text(&part.name);
                for url in listed {
                    print = print.text(&url.path).bytes(&instant_bytes(url.lastmod));
                }
                let origin = Origin::Named(format!("the file /{}", part.name));
                output
                    .produce(part.name.clone(), origin, print.finish(), || {
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
}
