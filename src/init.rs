//! `newsgen init DIR`: a new site to start from, with the default templates
//! and stylesheet as editable files, a `site.toml` and one example article.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::render::theme;

const SITE_TOML: &str = r#"# The site's settings. The README lists every key.
title = "The Daily Example"
description = "News from the example newsroom"
# Where the site will be served; may carry a path, e.g. https://example.org/news/
base_url = "https://example.org/"
language = "en"
# An IANA time zone: a date without a time is midnight here.
timezone = "UTC"
paginate_by = 10
# Page 1 holds the oldest articles, so pages never move as articles are added
# ("from_newest": page 1 is the front page and every page moves).
page_numbers = "from_oldest"
permalink = "/{year}/{month}/{day}/{slug}/"
output_dir = "public"
"#;

const EXAMPLE_ARTICLE: &str = r#"+++
title = "Welcome to your newsroom"
date = 2026-01-05
tags = ["Newsroom"]
authors = ["The Editors"]
+++
This is an example article. Put articles in `seeds/`: Markdown files like
this one, or wire text (`*.txt`) that starts with `date YYYY-MM-DD`.

## Next steps

Run `newsgen build` and open `public/index.html`, then edit `templates/`
and `static/style.css` to make the site your own.
"#;

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; newsgen init writes a new site only into an empty or new folder",
                dir.display()
            );
        }
    }
    let write = |path: &str, bytes: &[u8]| -> Result<()> {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))
    };
    write("site.toml", SITE_TOML.as_bytes())?;
    write(".gitignore", b"/public/\n")?;
    write("seeds/welcome.md", EXAMPLE_ARTICLE.as_bytes())?;
    for (name, text) in theme::TEMPLATES {
        write(&format!("templates/{name}"), text.as_bytes())?;
    }
    for (name, bytes) in theme::STATIC {
        write(&format!("static/{name}"), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = init(dir.path()).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
