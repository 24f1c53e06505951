//! Permalinks: where each article lives in the site. The pattern comes from
//! `config::permalink`; here every article gets its path, and collisions a
//! deterministic suffix.

use crate::article::Article;
use crate::config::permalink::PermalinkPattern;
use crate::problem::Problem;

/// Gives every article its path. Articles are taken in source-path order;
/// one whose path is already taken gets its slug suffixed `-2`, `-3`, ...
/// and a warning names both files.
pub(crate) fn assign_paths(articles: &mut [Article], pattern: &PermalinkPattern) -> Vec<Problem> {
    use rayon::prelude::*;
    use rustc_hash::FxHashMap;
    let mut paths: Vec<String> = articles
        .par_iter()
        .map(|article| pattern.expand(&article.date, &article.slug))
        .collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    if !crate::article::in_source_order(articles) {
        order.sort_by(|a, b| articles[*a].source.cmp(&articles[*b].source));
    }
    // In source order, the first article to want a path keeps it; each
    // other gets a numbered slug, past every path taken so far.
    let mut taken: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(paths.len(), Default::default());
    let mut numbered: FxHashMap<String, usize> = FxHashMap::default();
    let mut renames = Vec::new();
    let mut warnings = Vec::new();
    for index in order {
        let path = paths[index].as_str();
        let Some(&first) = taken.get(path).or_else(|| numbered.get(path)) else {
            taken.insert(path, index);
            continue;
        };
        let article = &articles[index];
        let mut n = 2;
        let (slug, path) = loop {
            let slug = format!("{}-{n}", article.slug);
            let path = pattern.expand(&article.date, &slug);
            if !taken.contains_key(path.as_str()) && !numbered.contains_key(&path) {
                break (slug, path);
            }
            n += 1;
        };
        warnings.push(
            Problem::new(
                &article.source,
                format!(
                    "has the same URL as {} (/{}); this article is published as /{path}",
                    articles[first].source.display(),
                    paths[index],
                ),
            )
            .help("give one of them a different title, or set `slug` in its front matter"),
        );
        numbered.insert(path.clone(), index);
        renames.push((index, slug, path));
    }
    drop(taken);
    for (index, slug, path) in renames {
        articles[index].slug = slug;
        paths[index] = path;
    }
    for (article, path) in articles.iter_mut().zip(paths) {
        article.path = path;
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::permalink::DEFAULT_PATTERN;

    #[test]
    fn colliding_paths_are_numbered_in_source_order() {
        let pattern = PermalinkPattern::parse(DEFAULT_PATTERN).unwrap();
        let article = |source: &str, slug: &str| Article {
            slug: slug.into(),
            ..Article::for_test(source, "2022-02-01", &[])
        };
        // c.txt wants the path b.txt is numbered into: it is numbered past it.
        let sorted = vec![
            article("seeds/a.txt", "x"),
            article("seeds/b.txt", "x"),
            article("seeds/c.txt", "x-2"),
            article("seeds/d.txt", "y"),
        ];
        let mut shuffled = vec![
            sorted[3].clone(),
            sorted[2].clone(),
            sorted[0].clone(),
            sorted[1].clone(),
        ];
        let mut sorted = sorted;
        for articles in [&mut sorted, &mut shuffled] {
            let warnings = assign_paths(articles, &pattern);
            let mut paths: Vec<(String, String, String)> = articles
                .iter()
                .map(|a| {
                    (
                        a.source.display().to_string(),
                        a.slug.clone(),
                        a.path.clone(),
                    )
                })
                .collect();
            paths.sort();
            assert_eq!(
                paths,
                [
                    ("seeds/a.txt".into(), "x".into(), "2022/02/01/x/".into()),
                    ("seeds/b.txt".into(), "x-2".into(), "2022/02/01/x-2/".into()),
                    (
                        "seeds/c.txt".into(),
                        "x-2-2".into(),
                        "2022/02/01/x-2-2/".into()
                    ),
                    ("seeds/d.txt".into(), "y".into(), "2022/02/01/y/".into()),
                ]
            );
            let messages: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
            assert_eq!(
                messages,
                [
                    "seeds/b.txt: has the same URL as seeds/a.txt (/2022/02/01/x/); this article is published as /2022/02/01/x-2/\n  help: give one of them a different title, or set `slug` in its front matter",
                    "seeds/c.txt: has the same URL as seeds/b.txt (/2022/02/01/x-2/); this article is published as /2022/02/01/x-2-2/\n  help: give one of them a different title, or set `slug` in its front matter",
                ]
            );
        }
    }
}
