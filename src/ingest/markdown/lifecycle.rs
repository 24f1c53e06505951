//! An article's life after it is written, as its front matter declares it:
//! corrections, an embargo, an expiry, a redirect when it moved or was
//! removed, and the old paths (`aliases`) it is still reached by.
//!
//! `markdown` (`mod.rs`) calls [`check`] with the publication date it read;
//! `site` acts on the values (leaves embargoed, expired and moved articles
//! out, writes the redirect pages).

use chrono_tz::Tz;

use super::front_matter::{FrontMatter, KeyLines};
use super::read_date;
use crate::article::Correction;
use crate::article::dates::{PublishDate, parse_front_matter_date};
use crate::problem::Problem;

/// The checked lifecycle values of one article.
#[derive(Default)]
pub(super) struct Lifecycle {
    pub corrections: Vec<Correction>,
    pub embargo: Option<PublishDate>,
    pub expires: Option<PublishDate>,
    pub redirect: Option<String>,
    pub aliases: Vec<String>,
}

/// Checks `corrections`, `embargo`, `expires` (which must be after `date`,
/// when that was read), `redirect` and `aliases`: the values, with every
/// problem added to `problems`.
pub(super) fn check(
    front_matter: &FrontMatter,
    keys: &KeyLines,
    zone: Tz,
    date: Option<&PublishDate>,
    problems: &mut Vec<Problem>,
) -> Lifecycle {
    let mut read = |key: &str, field: Option<&super::front_matter::DateField>| {
        field.and_then(|field| {
            read_date(keys, key, field, zone)
                .map_err(|p| problems.push(p))
                .ok()
        })
    };
    let embargo = read("embargo", front_matter.embargo.as_ref());
    let expires = read("expires", front_matter.expires.as_ref());
    if let (Some(expires), Some(date)) = (expires, date)
        && expires.instant <= date.instant
    {
        problems.push(
            keys.problem(
                "expires",
                format!(
                    "`expires` ({}) is not after the article's date ({})",
                    expires.rfc3339(),
                    date.rfc3339()
                ),
            )
            .help("set `expires` to a time after `date`, or remove it"),
        );
    }
    let redirect = front_matter.redirect.as_deref().and_then(|target| {
        redirect_target(target)
            .map_err(|()| {
                problems.push(
                    keys.problem("redirect", format!("`redirect = {target:?}` is not a URL or a site path"))
                        .help("write a site path such as \"/2024/01/02/new-story/\" or a full URL such as \"https://other.example/story\""),
                );
            })
            .ok()
    });
    let mut aliases = Vec::new();
    for alias in front_matter.aliases.iter().flatten() {
        match site_path(alias) {
            Some(path) if !path.is_empty() => aliases.push(path),
            _ => problems.push(
                keys.problem("aliases", format!("the alias {alias:?} cannot be used as a path in the site"))
                    .help("write the old path of the article, such as \"/2023/05/01/old-story/\", without `..`, spaces, `?` or `#`"),
            ),
        }
    }
    Lifecycle {
        corrections: corrections(front_matter, keys, zone, problems),
        embargo,
        expires,
        redirect,
        aliases,
    }
}

/// The corrections, oldest first; a problem for each without a readable
/// `date` or a non-empty `text`, at its line.
fn corrections(
    front_matter: &FrontMatter,
    keys: &KeyLines,
    zone: Tz,
    problems: &mut Vec<Problem>,
) -> Vec<Correction> {
    let mut corrections = Vec::new();
    for (index, field) in front_matter.corrections.iter().flatten().enumerate() {
        let number = index + 1;
        let at = |message: String| keys.item_problem("corrections", index, message);
        let date = match &field.date {
            None => {
                problems.push(
                    at(format!("correction {number} has no `date`")).help(format!(
                        "add `{}` to it: when the correction was made",
                        keys.example("date", "2022-02-04T14:05:00")
                    )),
                );
                None
            }
            Some(date) => parse_front_matter_date(&date.0, zone)
                .map_err(|err| {
                    problems.push(
                        at(format!("correction {number}: `date`: {}", err.message)).help(err.help),
                    );
                })
                .ok(),
        };
        let text = field.text.as_deref().map(str::trim).unwrap_or_default();
        if text.is_empty() {
            problems.push(
                at(format!("correction {number} has no `text`")).help(format!(
                    "add `{}` to it: what was wrong and what is right",
                    keys.example(
                        "text",
                        "\"An earlier version misspelled the minister's name.\""
                    )
                )),
            );
        }
        if let Some(date) = date.filter(|_| !text.is_empty()) {
            corrections.push(Correction {
                date,
                text: text.to_string(),
            });
        }
    }
    corrections.sort_by_key(|correction| correction.date.instant);
    corrections
}

/// A redirect target: a URL (`https://…`, `http://…`, `//…`) as it is, or a
/// site path normalised to `/path/` (its leading slash marks it as one).
fn redirect_target(target: &str) -> Result<String, ()> {
    let target = target.trim();
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || target.starts_with("//") {
        let plain = target.len() > "https://".len()
            && !target
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"<>`\\".contains(c));
        return if plain {
            Ok(target.to_string())
        } else {
            Err(())
        };
    }
    site_path(target).map(|path| format!("/{path}")).ok_or(())
}

/// A path in the site, normalised: no leading slash, and a trailing one
/// unless its last segment names a file (`old/story.html`). `None` for one
/// that could leave the output folder or not stand in a URL.
pub(super) fn site_path(path: &str) -> Option<String> {
    let path = path.trim().trim_start_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    let good_segment = |(at, segment): (usize, &&str)| {
        (at == last || !segment.is_empty()) && *segment != ".." && *segment != "."
    };
    let good = segments.iter().enumerate().all(good_segment)
        && !path
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"<>`\\?#".contains(c));
    if !good {
        return None;
    }
    let file = segments[last].contains('.');
    Some(if path.is_empty() || path.ends_with('/') || file {
        path.to_string()
    } else {
        format!("{path}/")
    })
}

#[cfg(test)]
mod tests {
    use super::site_path;
    use crate::ingest::markdown::tests::{errors, read_text};

    #[test]
    fn site_paths_are_normalised_and_never_leave_the_site() {
        assert_eq!(
            site_path("/2023/05/01/old/").as_deref(),
            Some("2023/05/01/old/")
        );
        assert_eq!(site_path("old/story").as_deref(), Some("old/story/"));
        assert_eq!(
            site_path("/old/story.html").as_deref(),
            Some("old/story.html")
        );
        assert_eq!(site_path("/").as_deref(), Some(""));
        for bad in ["/../x/", "a/../../b", "a//b", "a b", "a?b", "./x"] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn corrections_are_read_oldest_first_and_move_last_changed() {
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\nupdated = 2022-02-02\n[[corrections]]\ndate = 2022-02-04T14:05:00\ntext = \"Later.\"\n[[corrections]]\ndate = 2022-02-03\ntext = \"Earlier.\"\n+++\n",
        );
        let article = article.unwrap();
        let texts: Vec<&str> = article
            .corrections
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, ["Earlier.", "Later."]);
        assert_eq!(
            article.last_changed().rfc3339(),
            "2022-02-04T14:05:00+00:00"
        );
    }

    #[test]
    fn yaml_corrections_and_lifecycle_keys() {
        let (article, warnings) = read_text(
            "---\ntitle: T\ndate: 2022-02-01\ncorrections:\n  - date: 2022-02-03\n    text: Fixed.\nembargo: 2022-02-01T10:00:00\nexpires: 2022-03-01\nredirect: https://other.example/x\naliases: [\"/old/\", \"older\"]\n---\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let article = article.unwrap();
        assert_eq!(article.corrections[0].text, "Fixed.");
        assert_eq!(
            article.embargo.unwrap().rfc3339(),
            "2022-02-01T10:00:00+00:00"
        );
        assert_eq!(
            article.expires.unwrap().rfc3339(),
            "2022-03-01T00:00:00+00:00"
        );
        assert_eq!(article.redirect.as_deref(), Some("https://other.example/x"));
        assert_eq!(article.aliases, ["old/", "older/"]);
    }

    #[test]
    fn bad_corrections_are_placed_at_their_table() {
        assert_eq!(
            errors(
                "+++\ntitle = \"T\"\ndate = 2022-02-01\n[[corrections]]\ndate = 2022-02-03\ntext = \"Fine.\"\n[[corrections]]\ntext = \" \"\n[[corrections]]\ndate = \"soon\"\ntext = \"x\"\n+++\n"
            ),
            [
                "seeds/a.md:7:1: correction 2 has no `date`\n  help: add `date = 2022-02-04T14:05:00` to it: when the correction was made",
                "seeds/a.md:7:1: correction 2 has no `text`\n  help: add `text = \"An earlier version misspelled the minister's name.\"` to it: what was wrong and what is right",
                "seeds/a.md:9:1: correction 3: `date`: `soon` is not a date\n  help: write the date as YYYY-MM-DD (for example 2022-02-01), or YYYY-MM when only the month is known",
            ]
        );
        let yaml = errors(
            "---\ntitle: T\ndate: 2022-02-01\ncorrections:\n  - date: 2022-02-03\n  - text: x\n---\n",
        );
        assert_eq!(yaml.len(), 2, "{yaml:?}");
        assert!(
            yaml[0].starts_with("seeds/a.md:5:1: correction 1 has no `text`"),
            "{}",
            yaml[0]
        );
        assert!(
            yaml[1].starts_with("seeds/a.md:6:1: correction 2 has no `date`"),
            "{}",
            yaml[1]
        );
    }

    #[test]
    fn an_unknown_key_in_a_correction_is_an_error_where_it_stands() {
        let errors = errors(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\n[[corrections]]\ndate = 2022-02-03\ntxt = \"x\"\n+++\n",
        );
        assert!(
            errors[0].starts_with("seeds/a.md:6:1: invalid TOML front matter: unknown field `txt`"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn expiry_must_follow_the_date_and_paths_must_be_plain() {
        assert_eq!(
            errors(
                "+++\ntitle = \"T\"\ndate = 2022-02-01T12:00:00Z\nexpires = 2022-02-01\nredirect = \"a b\"\naliases = [\"/ok/\", \"../up/\"]\n+++\n"
            ),
            [
                "seeds/a.md:4:1: `expires` (2022-02-01T00:00:00+00:00) is not after the article's date (2022-02-01T12:00:00+00:00)\n  help: set `expires` to a time after `date`, or remove it",
                "seeds/a.md:5:1: `redirect = \"a b\"` is not a URL or a site path\n  help: write a site path such as \"/2024/01/02/new-story/\" or a full URL such as \"https://other.example/story\"",
                "seeds/a.md:6:1: the alias \"../up/\" cannot be used as a path in the site\n  help: write the old path of the article, such as \"/2023/05/01/old-story/\", without `..`, spaces, `?` or `#`",
            ]
        );
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\nredirect = \"2024/01/02/new-story\"\n+++\n",
        );
        assert_eq!(
            article.unwrap().redirect.as_deref(),
            Some("/2024/01/02/new-story/")
        );
    }
}
