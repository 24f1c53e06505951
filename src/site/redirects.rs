//! Redirects: an article that moved or was removed (`redirect` in its front
//! matter; also an expired one that names where it went) leaves a page at
//! its URL that sends readers on, and each old path an article lists in
//! `aliases` gets one to the article. Each is an HTML page
//! (`redirect.html`: a refresh, a canonical link, `noindex`, a visible
//! link) in no sitemap, and all are listed in `_redirects` at the output's
//! root, the format Netlify and Cloudflare Pages read.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Site;
use super::pages::PagesWritten;
use crate::article::Article;
use crate::config::Config;
use crate::output::{Origin, Output};
use crate::problem::Problem;
use crate::render::views::{PageView, RedirectPage};

/// One old path sent on to where its article is now.
#[derive(Debug, Clone)]
pub(crate) struct Redirect {
    /// The path in the site that redirects (`2022/01/02/old/`, or a file
    /// such as `old/story.html`).
    pub from: String,
    /// A site path (`/2024/01/02/new/`) or a URL.
    pub to: String,
    /// The article that declares it.
    pub source: PathBuf,
    /// Whether `from` is the article's own URL (else one of its aliases).
    pub own_url: bool,
}

impl Redirect {
    /// The file written for it.
    fn file(&self) -> String {
        if self.from.is_empty() || self.from.ends_with('/') {
            format!("{}index.html", self.from)
        } else {
            self.from.clone()
        }
    }

    /// Where it sends readers: a URL, or a site path made absolute.
    fn target(&self, config: &Config) -> String {
        match self.site_target() {
            Some(path) => config.absolute_url(path),
            None => config.resolve_url(&self.to),
        }
    }

    /// `to` as a site path, when it is one.
    fn site_target(&self) -> Option<&str> {
        self.to
            .strip_prefix('/')
            .filter(|_| !self.to.starts_with("//"))
    }

    /// What it is, for messages: "the URL of seeds/a.md" or "an alias of
    /// seeds/a.md".
    fn describe(&self) -> String {
        let source = self.source.display();
        if self.own_url {
            format!("the URL of {source}")
        } else {
            format!("an alias of {source}")
        }
    }
}

/// Takes out of `articles` the ones that have no page at `now`: expired
/// ones, and ones with a `redirect`. Returns how many expired, and the
/// redirects from the URLs of those that name where they went (their
/// aliases go there too).
pub(super) fn take_moved(
    articles: &mut Vec<Article>,
    config: &Config,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> (usize, Vec<Redirect>) {
    let mut expired = 0;
    let mut redirects = Vec::new();
    articles.retain(|article| {
        if article.expired(now) {
            expired += 1;
        } else if article.redirect.is_none() {
            return true;
        }
        if let Some(to) = &article.redirect {
            let from = config.permalink.expand(&article.date, &article.slug);
            let aliases = article.aliases.iter().map(|alias| (alias.clone(), false));
            for (from, own_url) in std::iter::once((from, true)).chain(aliases) {
                redirects.push(Redirect {
                    from,
                    to: to.clone(),
                    source: article.source.clone(),
                    own_url,
                });
            }
        }
        false
    });
    (expired, redirects)
}

/// The redirects from the aliases of the published `articles`, to their URLs.
pub(super) fn aliases(articles: &[Article]) -> impl Iterator<Item = Redirect> + '_ {
    articles.iter().flat_map(|article| {
        article.aliases.iter().map(|alias| Redirect {
            from: alias.clone(),
            to: format!("/{}", article.path),
            source: article.source.clone(),
            own_url: false,
        })
    })
}

impl Site {
    /// A redirect page for each redirect, and `_redirects` listing them
    /// all; an error for each one whose path an article or another
    /// redirect already has.
    pub(super) fn write_redirects(&self, output: &Output) -> PagesWritten {
        let mut problems = self.redirect_collisions();
        for redirect in &self.redirects {
            let target = redirect.target(&self.config);
            let view = RedirectPage {
                page: PageView::new(
                    &self.config,
                    "redirect",
                    "Moved".into(),
                    &redirect.from,
                    format!("This page has moved to {target}"),
                ),
                target,
            };
            // Not a canonical page: it is in no sitemap.
            let print = self.fingerprint("redirect.html").json(&view).finish();
            let origin = Origin::Article(redirect.source.clone());
            let page = format!("/{}", redirect.from);
            problems.extend(
                output
                    .produce(redirect.file(), origin, print, || {
                        self.renderer
                            .render("redirect.html", &view, &page)
                            .map(String::into_bytes)
                    })
                    .err(),
            );
        }
        if !self.redirects.is_empty() {
            let list = redirects_file(&self.config, &self.redirects);
            problems.extend(
                output
                    .write("_redirects", list.as_bytes(), "the file /_redirects")
                    .err(),
            );
        }
        PagesWritten {
            pages: 0,
            urls: Vec::new(),
            problems,
        }
    }

    /// An error for each redirect from a path an article's page or an
    /// earlier redirect already has, naming both files.
    fn redirect_collisions(&self) -> Vec<Problem> {
        let mut taken: HashMap<&str, String> = self
            .library
            .articles
            .iter()
            .map(|a| {
                (
                    a.path.as_str(),
                    format!("the page of {}", a.source.display()),
                )
            })
            .collect();
        let mut problems = Vec::new();
        for redirect in &self.redirects {
            match taken.get(redirect.from.as_str()) {
                Some(other) => problems.push(
                    Problem::new(
                        &redirect.source,
                        format!(
                            "/{} is {} and {other}",
                            redirect.from,
                            redirect.describe()
                        ),
                    )
                    .help("a path can hold one page: remove the alias or the redirect, or give one of the articles another `slug`"),
                ),
                None => {
                    taken.insert(&redirect.from, redirect.describe());
                }
            }
        }
        problems
    }
}

/// `_redirects`: a `from to 301` line for each redirect, site paths with
/// the base path.
fn redirects_file(config: &Config, redirects: &[Redirect]) -> String {
    let mut text = String::new();
    for redirect in redirects {
        let to = match redirect.site_target() {
            Some(path) => config.site_url(path),
            None => redirect.target(config),
        };
        text.push_str(&format!("{} {to} 301\n", config.site_url(&redirect.from)));
    }
    text
}
