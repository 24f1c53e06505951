//! The pages of sections and authors: each section's front (`/{slug}/`),
//! each author's page (`/authors/{slug}/`), both paginated lists through
//! `write_list`, and the authors index (`/authors/`).

use rayon::prelude::*;

use super::Site;
use super::pages::{ListSubject, PagesWritten};
use crate::output::Output;
use crate::render::feeds::Channel;
use crate::render::views::*;

impl Site {
    /// Every section's front page, with its feeds.
    pub(super) fn write_sections(&self, output: &Output) -> PagesWritten {
        let desks: Vec<_> = self
            .config
            .desks
            .list
            .iter()
            .zip(&self.library.desks)
            .collect();
        PagesWritten::merge(desks.par_iter().map(|&(desk, articles)| {
            let listed = ListSubject {
                section: Some(DeskView {
                    link: DeskLink::new(&self.config, desk),
                    count: Some(articles.len()),
                }),
                ..ListSubject::default()
            };
            let path = desk.path();
            let channel = Channel::section(&self.config, desk, &path);
            let feeds = FeedLink::for_list(&self.config, &path, &channel.title);
            self.write_list(
                output,
                "section.html",
                &path,
                articles,
                &listed,
                |_, path| {
                    PageView::new(
                        &self.config,
                        "section",
                        desk.name.clone(),
                        path,
                        channel.description.clone(),
                    )
                    .with_feeds(feeds.clone())
                },
            )
        }))
    }

    /// Every author's page, with their profile and feeds.
    pub(super) fn write_authors(&self, output: &Output) -> PagesWritten {
        PagesWritten::merge(self.library.authors.par_iter().map(|author| {
            let view = AuthorView::new(&self.config, author);
            let description = match &view.role {
                Some(role) => format!("{}, {role}: stories on {}", author.name, self.config.title),
                None => format!("Stories by {} on {}", author.name, self.config.title),
            };
            let listed = ListSubject {
                author: Some(view),
                ..ListSubject::default()
            };
            let path = author.path();
            let channel = Channel::author(&self.config, &author.name, &path);
            let feeds = FeedLink::for_list(&self.config, &path, &channel.title);
            self.write_list(
                output,
                "author.html",
                &path,
                &author.articles,
                &listed,
                |_, path| {
                    PageView::new(
                        &self.config,
                        "author",
                        author.name.clone(),
                        path,
                        description.clone(),
                    )
                    .with_feeds(feeds.clone())
                },
            )
        }))
    }

    /// `/authors/`: every author by name, with their role and photo.
    pub(super) fn write_author_index(&self, output: &Output) -> PagesWritten {
        let config = &self.config;
        let mut authors: Vec<AuthorEntry> = self
            .library
            .authors
            .iter()
            .map(|author| {
                let profile = author.profile.as_ref();
                AuthorEntry {
                    link: AuthorLink::new(config, author),
                    role: profile.and_then(|p| p.role.clone()),
                    photo: profile
                        .and_then(|p| p.photo.as_deref())
                        .map(|photo| photo_url(config, photo)),
                    has_profile: profile.is_some(),
                    count: author.articles.len(),
                }
            })
            .collect();
        authors
            .sort_by_cached_key(|entry| (entry.link.name.to_lowercase(), entry.link.slug.clone()));
        let view = AuthorsPage {
            page: PageView::new(
                config,
                "authors",
                "Authors".into(),
                "authors/",
                format!("Everyone who writes for {}", config.title),
            ),
            authors,
        };
        PagesWritten::page(self.render_view(
            output,
            "authors.html",
            "authors/",
            &view,
            self.newest(),
        ))
    }
}
