//! Authors: every person who signs an article, with their profile from
//! `authors/` when they have one, and their articles.
//!
//! A byline is matched to a profile by name (case, accents and punctuation
//! ignored) or by the profile's slug. An author without a profile still
//! gets a page, at the slug of their name.

use rustc_hash::FxHashMap;

use crate::article::slug::{author_path, author_slug, name_key};
use crate::article::{Article, Profile};

/// One author page.
#[derive(Debug)]
pub struct Author {
    /// As their profile, or most bylines, write it.
    pub name: String,
    pub slug: String,
    pub profile: Option<Profile>,
    /// Indices into the library's articles, newest first.
    pub articles: Vec<usize>,
}

impl Author {
    pub fn path(&self) -> String {
        author_path(&self.slug)
    }
}

/// The authors (profiles first in file order, then the others in order of
/// first byline; sorted by slug), and each article's authors (indices into
/// them), in its byline's order.
pub(crate) fn file(articles: &[Article], profiles: Vec<Profile>) -> (Vec<Author>, Vec<Vec<u32>>) {
    let mut authors: Vec<Author> = Vec::with_capacity(profiles.len());
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    for profile in profiles {
        by_key.insert(name_key(&profile.name), authors.len());
        by_key.entry(profile.slug.clone()).or_insert(authors.len());
        authors.push(Author {
            name: profile.name.clone(),
            slug: profile.slug.clone(),
            profile: Some(profile),
            articles: Vec::new(),
        });
    }
    let mut of: Vec<Vec<u32>> = Vec::with_capacity(articles.len());
    for (index, article) in articles.iter().enumerate() {
        let mut own: Vec<u32> = Vec::with_capacity(article.authors.len());
        for name in &article.authors {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let key = name_key(name);
            let found = match by_key.get(&key) {
                Some(&found) => found,
                None => {
                    let slug = author_slug(name);
                    match by_key.get(&slug) {
                        Some(&found) => found,
                        None => {
                            let new = authors.len();
                            by_key.insert(key, new);
                            by_key.insert(slug.clone(), new);
                            authors.push(Author {
                                name: name.to_string(),
                                slug,
                                profile: None,
                                articles: Vec::new(),
                            });
                            new
                        }
                    }
                }
            };
            let found = u32::try_from(found).unwrap_or(u32::MAX);
            if !own.contains(&found) {
                own.push(found);
            }
        }
        for &author in &own {
            if let Some(author) = authors.get_mut(author as usize) {
                author.articles.push(index);
            }
        }
        of.push(own);
    }
    // In slug order, as the index lists them; the articles' indices follow.
    let mut order: Vec<usize> = (0..authors.len()).collect();
    order.sort_by(|&a, &b| authors[a].slug.cmp(&authors[b].slug));
    let mut new_place = vec![0u32; authors.len()];
    for (place, &old) in order.iter().enumerate() {
        new_place[old] = u32::try_from(place).unwrap_or(u32::MAX);
    }
    for own in &mut of {
        for author in own.iter_mut() {
            *author = new_place[*author as usize];
        }
    }
    let mut slots: Vec<Option<Author>> = authors.into_iter().map(Some).collect();
    let authors = order.iter().filter_map(|&old| slots[old].take()).collect();
    (authors, of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, slug: &str) -> Profile {
        Profile {
            source: format!("authors/{slug}.md").into(),
            name: name.into(),
            slug: slug.into(),
            role: None,
            bio: String::new(),
            photo: None,
            email: None,
            links: Vec::new(),
        }
    }

    #[test]
    fn bylines_meet_profiles_by_name_or_slug_and_the_rest_get_pages() {
        let byline = |source: &str, names: &[&str]| Article {
            authors: names.iter().map(|n| n.to_string()).collect(),
            ..Article::for_test(source, "2024-01-01", &[])
        };
        let articles = vec![
            byline("a", &["JANE DOE", "Sam Okafor"]),
            byline("b", &["jdoe", "Ünal Aydin", "Jane Doe"]),
            byline("c", &[]),
        ];
        let (authors, of) = file(
            &articles,
            vec![profile("Jane Doe", "jdoe"), profile("Lee Ray", "lee-ray")],
        );
        let slugs: Vec<&str> = authors.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["jdoe", "lee-ray", "sam-okafor", "unal-aydin"]);
        assert_eq!(authors[0].name, "Jane Doe");
        assert_eq!(authors[0].articles, [0, 1]);
        assert!(authors[1].articles.is_empty() && authors[1].profile.is_some());
        assert!(authors[2].profile.is_none());
        assert_eq!(authors[3].name, "Ünal Aydin");
        assert_eq!(of, [vec![0, 2], vec![0, 3], vec![]]);
    }
}
