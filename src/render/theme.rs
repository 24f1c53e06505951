//! The default theme, embedded in the binary: the files of this repository's
//! `templates/` and `static/`. A site's own file of the same name overrides
//! one of these; `newsgen init` writes them all out as a starting point.

/// Every default template, by the name templates use to refer to it.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("author.html", include_str!("../../templates/author.html")),
    ("authors.html", include_str!("../../templates/authors.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    (
        "archive_index.html",
        include_str!("../../templates/archive_index.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    (
        "partials/article_card.html",
        include_str!("../../templates/partials/article_card.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
];

/// Every default static file, by its path in the output folder.
pub(crate) const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every file in the repository's templates/ and static/ is embedded, so
    /// a new default file cannot be forgotten here.
    #[test]
    fn every_default_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (folder, embedded) in [
            (
                "templates",
                TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ),
            ("static", STATIC.iter().map(|(n, _)| *n).collect::<Vec<_>>()),
        ] {
            let mut on_disk: Vec<String> = walkdir::WalkDir::new(root.join(folder))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    e.path()
                        .strip_prefix(root.join(folder))
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect();
            on_disk.sort();
            let mut embedded: Vec<String> = embedded.into_iter().map(String::from).collect();
            embedded.sort();
            assert_eq!(on_disk, embedded, "{folder}/ and theme.rs disagree");
        }
    }
}
