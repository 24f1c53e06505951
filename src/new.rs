//! `newsgen new "Headline"`: a new Markdown article to write in, as
//! `hugo new` makes one: `seeds/YYYY/MM/DD/slug.md` with its front matter
//! filled in (the date now, in the site's time zone), never overwriting a
//! file that is there.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::article::slug::{check_slug, slugify};
use crate::config::Config;
use crate::ingest::SEEDS_DIR;
use crate::problem::{BuildFailed, Problem};

/// What `newsgen new` is asked for.
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    /// The headline, as the reader will see it.
    pub headline: String,
    /// The section, by its name or slug in site.toml; none leaves it out.
    pub section: Option<String>,
    /// The byline, in order; none leaves `authors` out.
    pub authors: Vec<String>,
    /// The last segment of its URL; by default, from the headline.
    pub slug: Option<String>,
    /// The article's date (default: now), written in the site's time zone.
    pub now: Option<DateTime<FixedOffset>>,
}

/// Where the article goes in `seeds/`, relative to the site folder, and its
/// text: a draft (`draft = true`), so a build does not publish it until the
/// line is removed or a build is run with `--drafts`.
fn plan(config: &Config, new: &NewArticle) -> Result<(PathBuf, String), Problem> {
    let problem = |message: String| Problem::new("newsgen new", message);
    let headline = new.headline.trim();
    if headline.is_empty() {
        return Err(problem("the headline is empty".into())
            .help("give the headline in quotes: newsgen new \"Harbour bridge vote passes\""));
    }
    if headline.chars().any(char::is_control) {
        return Err(
            problem("the headline holds a line break or another control character".into())
                .help("give the headline on one line"),
        );
    }
    let slug = match &new.slug {
        Some(slug) => {
            check_slug(slug).map_err(|clean| {
                problem(format!("the slug `{slug}` is not one clean URL segment")).help(format!(
                    "use lowercase letters, digits and hyphens, e.g. --slug {clean}"
                ))
            })?;
            slug.clone()
        }
        None => slugify(headline).ok_or_else(|| {
            problem(format!(
                "the headline `{headline}` has no letters or digits to name its file by"
            ))
            .help("pass the file name with --slug, e.g. --slug bridge-vote")
        })?,
    };
    for author in &new.authors {
        if author.trim().is_empty() || author.chars().any(char::is_control) {
            return Err(problem(format!(
                "the author `{author}` is empty or holds a line break"
            ))
            .help("give each author's name on one line: --author \"Jane Doe\""));
        }
    }
    let section = match new.section.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => {
            let desks = &config.desks;
            let index = desks.find(name).ok_or_else(|| {
                let help = match desks.closest(name) {
                    Some(known) => format!("did you mean --section \"{known}\"?"),
                    None if desks.list.is_empty() => {
                        "the site has no sections yet: declare them in site.toml under [[sections]]"
                            .into()
                    }
                    None => format!("the sections are: {}", desks.names()),
                };
                problem(format!("there is no section \"{name}\"")).help(help)
            })?;
            Some(desks.list[index].name.clone())
        }
    };
    let now = new.now.unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let local = now.with_timezone(&config.timezone);
    let path = Path::new(SEEDS_DIR)
        .join(local.format("%Y/%m/%d").to_string())
        .join(format!("{slug}.md"));
    let mut text = String::from("+++\n");
    text.push_str(&format!("title = {}\n", toml_string(headline)));
    text.push_str(&format!(
        "date = {}\n",
        local.format("%Y-%m-%dT%H:%M:%S%:z")
    ));
    if let Some(section) = &section {
        text.push_str(&format!("section = {}\n", toml_string(section)));
    }
    if !new.authors.is_empty() {
        let names: Vec<String> = new.authors.iter().map(|a| toml_string(a.trim())).collect();
        text.push_str(&format!("authors = [{}]\n", names.join(", ")));
    }
    text.push_str("tags = []\n");
    if new.slug.is_some() {
        text.push_str(&format!("slug = {}\n", toml_string(&slug)));
    }
    text.push_str(
        "# Remove this line to publish the article (or build with --drafts to preview it).\n",
    );
    text.push_str("draft = true\n");
    text.push_str("+++\n\n");
    Ok((path, text))
}

/// A TOML basic string holding `text`, escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes the new article into the site in `root` and returns its path,
/// relative to `root`. Refuses to overwrite a file that is there.
pub fn new_article(root: &Path, new: &NewArticle) -> Result<PathBuf, BuildFailed> {
    let config = Config::load(root).map_err(BuildFailed::new)?;
    let (relative, text) = plan(&config, new).map_err(BuildFailed::one)?;
    let path = root.join(&relative);
    let cannot = |err: std::io::Error, what: &str| {
        BuildFailed::one(
            Problem::new(&relative, format!("cannot {what}: {err}"))
                .help("check that the site folder is writable"),
        )
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| cannot(err, "create its folder"))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(BuildFailed::one(
                Problem::new(
                    &relative,
                    "this article already exists; newsgen new never overwrites a file",
                )
                .help("edit it, or choose another headline or --slug"),
            ));
        }
        Err(err) => return Err(cannot(err, "create the article")),
    };
    if let Err(err) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Leave no half-written article behind.
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(cannot(err, "write the article"));
    }
    Ok(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(timezone: &str) -> Config {
        Config::parse(&format!(
            "title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"{timezone}\"\n"
        ))
        .unwrap_or_else(|problems| panic!("{problems:?}"))
    }

    fn at(now: &str) -> Option<DateTime<FixedOffset>> {
        Some(DateTime::parse_from_rfc3339(now).unwrap())
    }

    #[test]
    fn the_folder_is_the_date_in_the_sites_time_zone() {
        let new = NewArticle {
            headline: "Harbour bridge vote passes".into(),
            now: at("2026-03-01T23:30:00Z"),
            ..NewArticle::default()
        };
        let (path, text) = plan(&config("Asia/Tokyo"), &new).unwrap();
        assert_eq!(
            path,
            Path::new("seeds/2026/03/02/harbour-bridge-vote-passes.md")
        );
        assert!(
            text.contains("date = 2026-03-02T08:30:00+09:00\n"),
            "{text}"
        );
        let (path, _) = plan(&config("America/New_York"), &new).unwrap();
        assert_eq!(
            path,
            Path::new("seeds/2026/03/01/harbour-bridge-vote-passes.md")
        );
    }

    #[test]
    fn quotes_and_backslashes_in_the_headline_stay_valid_toml() {
        let new = NewArticle {
            headline: r#"Mayor: "No \ deal" on pier"#.into(),
            authors: vec!["Ann \"Nan\" Lee".into(), "Bo Kim".into()],
            now: at("2026-03-01T10:00:00Z"),
            ..NewArticle::default()
        };
        let (_, text) = plan(&config("UTC"), &new).unwrap();
        let front = text.trim_start_matches("+++\n");
        let front = &front[..front.find("+++").unwrap()];
        let value: toml::Table = toml::from_str(front).unwrap();
        assert_eq!(
            value["title"].as_str(),
            Some(r#"Mayor: "No \ deal" on pier"#)
        );
        assert_eq!(value["authors"][0].as_str(), Some("Ann \"Nan\" Lee"));
        assert_eq!(value["authors"][1].as_str(), Some("Bo Kim"));
        assert_eq!(value["draft"].as_bool(), Some(true));
    }

    #[test]
    fn a_headline_without_letters_needs_a_slug() {
        let mut new = NewArticle {
            headline: "???".into(),
            now: at("2026-03-01T10:00:00Z"),
            ..NewArticle::default()
        };
        let err = plan(&config("UTC"), &new).unwrap_err();
        assert!(err.to_string().contains("--slug"), "{err}");
        new.slug = Some("Bad Slug".into());
        let err = plan(&config("UTC"), &new).unwrap_err().to_string();
        assert!(
            err.contains("`Bad Slug` is not one clean URL segment")
                && err.contains("--slug bad-slug"),
            "{err}"
        );
        new.slug = Some("questions".into());
        let (path, text) = plan(&config("UTC"), &new).unwrap();
        assert_eq!(path, Path::new("seeds/2026/03/01/questions.md"));
        assert!(text.contains("slug = \"questions\"\n"), "{text}");
    }

    #[test]
    fn the_section_is_written_as_site_toml_names_it_and_an_unknown_one_refused() {
        let config = Config::parse(
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[[sections]]\nname = \"World\"\n[[sections]]\nname = \"Politics\"\n",
        )
        .unwrap();
        let mut new = NewArticle {
            headline: "Storm closes port".into(),
            section: Some("politics".into()),
            now: at("2026-03-01T10:00:00Z"),
            ..NewArticle::default()
        };
        let (_, text) = plan(&config, &new).unwrap();
        assert!(text.contains("section = \"Politics\"\n"), "{text}");
        new.section = Some("Politcs".into());
        let err = plan(&config, &new).unwrap_err().to_string();
        assert_eq!(
            err,
            "newsgen new: there is no section \"Politcs\"\n  help: did you mean --section \"Politics\"?"
        );
    }

    #[test]
    fn empty_or_multi_line_headlines_and_authors_are_refused() {
        for (headline, why) in [
            ("", "the headline is empty"),
            ("   ", "the headline is empty"),
            ("One\nTwo", "the headline holds a line break"),
        ] {
            let new = NewArticle {
                headline: headline.into(),
                ..NewArticle::default()
            };
            let err = plan(&config("UTC"), &new).unwrap_err().to_string();
            assert!(err.contains(why), "{headline:?}: {err}");
        }
        for author in [" ", "Ann\nLee"] {
            let new = NewArticle {
                headline: "Storm closes port".into(),
                authors: vec!["Bo Kim".into(), author.into()],
                ..NewArticle::default()
            };
            let err = plan(&config("UTC"), &new).unwrap_err().to_string();
            assert!(
                err.contains("is empty or holds a line break"),
                "{author:?}: {err}"
            );
        }
    }
}
