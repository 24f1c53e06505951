//! Author profiles: one Markdown file per person in `authors/`, with front
//! matter (`name`, `slug`, `role`, `photo`, `email`, `links`) and the
//! biography as its body.
//!
//! Each file is checked as an article is: problems name the file and the
//! key's line. A photo that is a path must exist in `static/`; two
//! profiles may not share a slug (their pages would be one).

use std::path::Path;

use serde::Deserialize;

use super::body::render_markdown;
use super::front_matter::{self, KeyLines, Syntax};
use crate::article::Profile;
use crate::article::slug::{author_slug, check_slug};
use crate::config::Config;
use crate::problem::{Problem, closest};

/// The keys a profile's front matter may hold.
const PROFILE_KEYS: &[&str] = &["name", "slug", "role", "photo", "email", "links"];

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ProfileFront {
    name: Option<String>,
    slug: Option<String>,
    role: Option<String>,
    photo: Option<String>,
    email: Option<String>,
    links: Option<Vec<String>>,
}

/// Reads the profile file `source` (relative to `root`, text `text`): the
/// profile, or every problem with it.
pub(crate) fn read(
    root: &Path,
    source: &Path,
    text: &str,
    config: &Config,
) -> Result<Profile, Vec<Problem>> {
    let fenced = front_matter::split(source, text)?;
    let keys = KeyLines {
        source,
        front: fenced.front,
        syntax: fenced.syntax,
    };
    if let Some(problem) = unknown_key(&keys) {
        return Err(vec![problem]);
    }
    let front: ProfileFront = match fenced.syntax {
        Syntax::Toml => toml::from_str(fenced.front).map_err(|err| {
            let offset = err.span().map_or(0, |span| span.start);
            vec![
                Problem::new(
                    source,
                    format!("invalid TOML front matter: {}", err.message().trim_end()),
                )
                .at_offset(fenced.front, offset, 2)
                .help("fix the front matter; see the README's \"Author profiles\" for its keys"),
            ]
        })?,
        Syntax::Yaml if fenced.front.trim().is_empty() => ProfileFront::default(),
        Syntax::Yaml => serde_yaml_ng::from_str(fenced.front).map_err(|err| {
            let mut problem = Problem::new(source, format!("invalid YAML front matter: {err}"))
                .help("fix the front matter; see the README's \"Author profiles\" for its keys");
            if let Some(location) = err.location() {
                problem = problem.at(location.line() + 1, location.column());
            }
            vec![problem]
        })?,
    };
    let mut problems = Vec::new();
    let name = front
        .name
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if name.is_empty() {
        problems.push(
            keys.problem("name", "the profile has no `name`".into())
                .help("add the name as bylines write it: `name = \"Jane Doe\"`"),
        );
    }
    let slug = match front.slug.as_deref() {
        Some(slug) => {
            match check_slug(slug) {
                Ok(()) => slug.to_string(),
                Err(suggestion) => {
                    problems.push(
                    keys.problem("slug", format!("`slug = {slug:?}` cannot be used in a URL"))
                        .help(format!("use lowercase letters, digits and hyphens, for example `{suggestion}`")),
                );
                    String::new()
                }
            }
        }
        None => author_slug(&name),
    };
    let photo = front
        .photo
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if let Some(photo) = photo.as_deref().filter(|photo| !is_url(photo)) {
        let file = photo.trim_start_matches('/');
        let path = root.join(crate::config::STATIC_DIR).join(file);
        if file.split('/').any(|part| part == "..") || !path.is_file() {
            problems.push(
                keys.problem("photo", format!("the photo static/{file} does not exist"))
                    .help("put the picture in static/ and write its path there (`photo = \"authors/jane.jpg\"` for static/authors/jane.jpg), or give a full URL"),
            );
        }
    }
    let email = front
        .email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    if let Some(email) = &email {
        let (user, host) = email.split_once('@').unwrap_or_default();
        if user.is_empty() || !host.contains('.') || email.contains(char::is_whitespace) {
            problems.push(
                keys.problem(
                    "email",
                    format!("`email = {email:?}` is not an email address"),
                )
                .help("write it as `email = \"jane.doe@example.org\"`"),
            );
        }
    }
    let mut links = Vec::new();
    for link in front.links.unwrap_or_default() {
        let link = link.trim().to_string();
        if is_url(&link) && !link.contains(char::is_whitespace) {
            links.push(link);
        } else {
            problems.push(
                keys.problem("links", format!("the link {link:?} is not a full web address"))
                    .help("write each profile as an absolute URL: `links = [\"https://example.social/@jane\"]`"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let bio = crate::article::body_html(
        &render_markdown(fenced.body, config.unsafe_html, false).sections,
    );
    Ok(Profile {
        source: source.to_path_buf(),
        name,
        slug,
        role: front
            .role
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
        bio,
        photo,
        email,
        links,
    })
}

fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && text.len() > 8
}

/// The first top-level key a profile may not hold, as a problem.
fn unknown_key(keys: &KeyLines) -> Option<Problem> {
    let (key, line) = front_matter::top_level_keys(keys.front, keys.syntax)
        .into_iter()
        .find(|(key, _)| !PROFILE_KEYS.contains(&key.as_str()))?;
    let help = match closest(&key, PROFILE_KEYS.iter().copied()) {
        Some(known) => format!("did you mean `{known}`?"),
        None => format!("a profile's keys are: {}", PROFILE_KEYS.join(", ")),
    };
    Some(
        Problem::new(keys.source, format!("unknown profile key `{key}`"))
            .at(line + 2, 1)
            .help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_profile(text: &str) -> Result<Profile, Vec<String>> {
        let config = Config::parse("title = \"T\"\nbase_url = \"https://example.org/\"\n").unwrap();
        read(
            Path::new("/nonexistent"),
            Path::new("authors/jane.md"),
            text,
            &config,
        )
        .map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_profile_with_every_key() {
        let profile = read_profile(
            "+++\nname = \"Jane Doe\"\nrole = \"Political editor\"\nphoto = \"https://img.example.org/jane.jpg\"\nemail = \"jane@example.org\"\nlinks = [\"https://example.social/@jane\"]\n+++\nJane covers *Westminster*.\n",
        )
        .unwrap();
        assert_eq!(profile.name, "Jane Doe");
        assert_eq!(profile.slug, "jane-doe");
        assert_eq!(profile.role.as_deref(), Some("Political editor"));
        assert_eq!(profile.links, ["https://example.social/@jane"]);
        assert!(
            profile.bio.contains("<em>Westminster</em>"),
            "{}",
            profile.bio
        );
    }

    #[test]
    fn bad_values_are_placed_at_their_keys() {
        let errors = read_profile(
            "---\nslug: \"x y\"\nphoto: jane.jpg\nemail: jane\nlinks: [\"@jane\"]\n---\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors[0].contains("no `name`"), "{}", errors[0]);
        assert!(
            errors[1].starts_with("authors/jane.md:2:1: `slug = \"x y\"` cannot be used in a URL"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].starts_with("authors/jane.md:3:1: the photo static/jane.jpg does not exist"),
            "{}",
            errors[2]
        );
        assert!(
            errors[3]
                .starts_with("authors/jane.md:4:1: `email = \"jane\"` is not an email address"),
            "{}",
            errors[3]
        );
        assert!(
            errors[4]
                .starts_with("authors/jane.md:5:1: the link \"@jane\" is not a full web address"),
            "{}",
            errors[4]
        );
    }

    #[test]
    fn an_unknown_key_suggests_the_closest() {
        let errors = read_profile("+++\nname = \"Jane Doe\"\nrol = \"Editor\"\n+++\n").unwrap_err();
        assert_eq!(
            errors,
            ["authors/jane.md:3:1: unknown profile key `rol`\n  help: did you mean `role`?"]
        );
    }
}
