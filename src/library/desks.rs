//! Sections (desks): which section each article is filed under, and each
//! section's list of articles.
//!
//! An article's `section` in front matter wins (ingest has checked it);
//! otherwise the rules of site.toml decide: the deepest `folders` entry
//! its file is in, then the first of its tags (in its own order) that a
//! section lists, then `default_section`. An article no rule places and
//! with no default is in no section: it is on the home page, its tags and
//! the archive only.

use crate::article::Article;
use crate::article::slug::name_key;
use crate::config::sections::Desks;

/// Gives every article without a section the one the rules of `desks`
/// choose (run after tagging: the rules read the tags).
pub(crate) fn assign(articles: &mut [Article], desks: &Desks) {
    if desks.list.is_empty() {
        return;
    }
    for article in articles.iter_mut().filter(|a| a.desk.is_none()) {
        let chosen = by_folder(article, desks)
            .or_else(|| by_tag(article, desks))
            .or(desks.default);
        article.desk = chosen.map(|index| desks.list[index].name.clone());
    }
}

/// The section whose folder holds the article's file, the deepest first.
fn by_folder(article: &Article, desks: &Desks) -> Option<usize> {
    let source = article.source.to_string_lossy().replace('\\', "/");
    let inside = source.strip_prefix("seeds/").unwrap_or(&source);
    let mut best: Option<(usize, usize)> = None;
    for (index, desk) in desks.list.iter().enumerate() {
        for folder in &desk.folders {
            let holds = inside.len() > folder.len()
                && inside.starts_with(folder.as_str())
                && inside.as_bytes()[folder.len()] == b'/';
            if holds && best.is_none_or(|(_, depth)| folder.len() > depth) {
                best = Some((index, folder.len()));
            }
        }
    }
    best.map(|(index, _)| index)
}

/// The section that lists the first of the article's tags that any does.
fn by_tag(article: &Article, desks: &Desks) -> Option<usize> {
    if desks.list.iter().all(|desk| desk.tags.is_empty()) {
        return None;
    }
    article.tags.iter().find_map(|tag| {
        let key = name_key(tag);
        desks.list.iter().position(|desk| desk.tags.contains(&key))
    })
}

/// Each section's articles (indices into `articles`, in their order), in
/// the order of `desks`, and each article's section.
pub(crate) fn file(articles: &[Article], desks: &Desks) -> (Vec<Vec<usize>>, Vec<Option<u32>>) {
    let mut lists = vec![Vec::new(); desks.list.len()];
    let mut of = Vec::with_capacity(articles.len());
    for (index, article) in articles.iter().enumerate() {
        let desk = article.desk.as_deref().and_then(|name| desks.find(name));
        if let Some(desk) = desk {
            lists[desk].push(index);
        }
        of.push(desk.and_then(|d| u32::try_from(d).ok()));
    }
    (lists, of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn front_matter_then_folder_then_tag_then_default() {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_section = \"World\"\n[[sections]]\nname = \"World\"\n[[sections]]\nname = \"Politics\"\nfolders = [\"politics\"]\ntags = [\"Parliament\"]\n[[sections]]\nname = \"Local politics\"\nfolders = [\"politics/local\"]\n[[sections]]\nname = \"Sport\"\ntags = [\"Football\"]\n",
        )
        .unwrap();
        let mut articles = vec![
            Article {
                desk: Some("Sport".into()),
                ..Article::for_test("seeds/politics/a.md", "2024-01-01", &[])
            },
            Article::for_test("seeds/politics/b.txt", "2024-01-01", &["Football"]),
            Article::for_test("seeds/politics/local/c.txt", "2024-01-01", &[]),
            Article::for_test(
                "seeds/politicsx/d.txt",
                "2024-01-01",
                &["Weather", "football", "Parliament"],
            ),
            Article::for_test("seeds/e.txt", "2024-01-01", &["Weather"]),
        ];
        assign(&mut articles, &config.desks);
        let desks: Vec<Option<&str>> = articles.iter().map(|a| a.desk.as_deref()).collect();
        assert_eq!(
            desks,
            [
                Some("Sport"),
                Some("Politics"),
                Some("Local politics"),
                Some("Sport"),
                Some("World")
            ]
        );
        let (lists, of) = file(&articles, &config.desks);
        assert_eq!(lists, [vec![4], vec![1], vec![2], vec![0, 3]]);
        assert_eq!(of, [Some(3), Some(1), Some(2), Some(3), Some(0)]);
    }

    #[test]
    fn without_a_default_an_article_no_rule_places_has_no_section() {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[[sections]]\nname = \"World\"\nfolders = [\"world\"]\n",
        )
        .unwrap();
        let mut articles = vec![Article::for_test("seeds/e.txt", "2024-01-01", &[])];
        assign(&mut articles, &config.desks);
        assert_eq!(articles[0].desk, None);
    }
}
