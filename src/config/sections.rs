//! `[[sections]]`: the site's desks (World, Politics, Business, Sport), in
//! navigation order, with the rules that file wire copy under them
//! (`folders`, `tags`), `default_section`, and `[home] section_stories`.
//!
//! Each section's slug is its front page's folder (`/politics/`), so a slug
//! that another kind of page already uses is refused here, at its key.

use crate::article::slug::{check_slug, slug_of, slugify};
use crate::config::CONFIG_FILE;
use crate::config::raw::{RawHome, RawSection};
use crate::problem::{Problem, closest};

/// The first path segments newsgen itself uses: a section slug may not be one.
pub(crate) const RESERVED_FOLDERS: &[&str] = &[
    "tags", "archive", "page", "authors", "search", "feeds", "static",
];

/// Stories in each section's block on the home page, unless set.
const DEFAULT_SECTION_STORIES: usize = 4;

/// One section (a desk), checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    pub name: String,
    /// Its front page's folder: `politics` for `/politics/`.
    pub slug: String,
    pub description: String,
    /// Subfolders of `seeds/` whose articles it holds, without slashes at
    /// either end: `politics`, `wire/politics`.
    pub folders: Vec<String>,
    /// Tag keys (`slug::name_key`) that put an article in it.
    pub tags: Vec<String>,
}

impl Desk {
    /// Its front page's path inside the site.
    pub fn path(&self) -> String {
        format!("{}/", self.slug)
    }
}

/// The sections and their settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Desks {
    /// In navigation order.
    pub list: Vec<Desk>,
    /// The section of an article no rule places (an index into `list`).
    pub default: Option<usize>,
    /// Stories in each section's block on the home page.
    pub home_stories: usize,
}

impl Desks {
    /// The section called `name` (its name or its slug, in any case).
    pub fn find(&self, name: &str) -> Option<usize> {
        let wanted = slug_of(name.trim());
        self.list
            .iter()
            .position(|desk| desk.name.eq_ignore_ascii_case(name.trim()) || desk.slug == wanted)
    }

    /// The closest section name to `name`, for a suggestion.
    pub fn closest(&self, name: &str) -> Option<&str> {
        closest(name, self.list.iter().map(|desk| desk.name.as_str()))
    }

    /// The names, for a help text.
    pub fn names(&self) -> String {
        let names: Vec<String> = self
            .list
            .iter()
            .map(|d| format!("\"{}\"", d.name))
            .collect();
        names.join(", ")
    }
}

/// Checks `[[sections]]`, `default_section` and `[home]`: the sections, or
/// a problem for every bad value, each at its key in `text`.
pub(super) fn check(
    text: &str,
    sections: &[RawSection],
    default: Option<&str>,
    home: &RawHome,
) -> Result<Desks, Vec<Problem>> {
    let mut problems = Vec::new();
    let at = |index: usize, key: &str, message: String, help: String| {
        let offset = entry_offset(text, index, key).unwrap_or(0);
        Problem::new(CONFIG_FILE, message)
            .at_offset(text, offset, 1)
            .help(help)
    };
    let mut list: Vec<Desk> = Vec::new();
    for (index, raw) in sections.iter().enumerate() {
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            problems.push(at(
                index,
                "name",
                "a section has no `name`".into(),
                "name it as readers see it in the navigation: `name = \"Politics\"`".into(),
            ));
            continue;
        }
        let slug = match raw.slug.as_deref() {
            Some(slug) => match check_slug(slug) {
                Ok(()) => slug.to_string(),
                Err(suggestion) => {
                    problems.push(at(
                        index,
                        "slug",
                        format!("section \"{name}\": `slug = {slug:?}` cannot be used in a URL"),
                        format!("use lowercase letters, digits and hyphens, for example `slug = \"{suggestion}\"`"),
                    ));
                    continue;
                }
            },
            None => match slugify(&name) {
                Some(slug) => slug,
                None => {
                    problems.push(at(
                        index,
                        "name",
                        format!("section \"{name}\" has no letters or digits to make its URL from"),
                        "give it a `slug`, for example `slug = \"world\"`".into(),
                    ));
                    continue;
                }
            },
        };
        let key = if raw.slug.is_some() { "slug" } else { "name" };
        if let Some(collision) = reserved(&slug) {
            problems.push(at(
                index,
                key,
                format!("section \"{name}\" would live at /{slug}/, which is {collision}"),
                "give the section another `slug`, for example `slug = \"{slug}-news\"`"
                    .replace("{slug}", &slug),
            ));
            continue;
        }
        if let Some(other) = list
            .iter()
            .find(|d| d.slug == slug || d.name.eq_ignore_ascii_case(&name))
        {
            problems.push(at(
                index,
                key,
                format!(
                    "section \"{name}\" has the same name or URL (/{slug}/) as section \"{}\"",
                    other.name
                ),
                "give each section its own name and `slug`".into(),
            ));
            continue;
        }
        let mut folders = Vec::new();
        for folder in &raw.folders {
            let clean = folder.trim().trim_matches('/').to_string();
            let bad = clean.is_empty()
                || clean.contains('\\')
                || clean
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..");
            if bad {
                problems.push(at(
                    index,
                    "folders",
                    format!("section \"{name}\": the folder {folder:?} is not a folder inside seeds/"),
                    "write folders relative to seeds/, for example `folders = [\"politics\"]` for seeds/politics/".into(),
                ));
            } else {
                folders.push(clean);
            }
        }
        let tags = raw
            .tags
            .iter()
            .map(|tag| crate::article::slug::name_key(tag))
            .filter(|key| !key.is_empty())
            .collect();
        list.push(Desk {
            name,
            slug,
            description: raw.description.trim().to_string(),
            folders,
            tags,
        });
    }
    let mut desks = Desks {
        list,
        default: None,
        home_stories: DEFAULT_SECTION_STORIES,
    };
    if let Some(name) = default.filter(|name| !name.trim().is_empty()) {
        match desks.find(name) {
            Some(index) => desks.default = Some(index),
            None => {
                let offset = crate::config::keys::key_offset(text, "default_section").unwrap_or(0);
                let help = match desks.closest(name) {
                    Some(known) => format!("did you mean \"{known}\"?"),
                    None if desks.list.is_empty() => {
                        "declare the section first, under [[sections]] with `name = ...`".into()
                    }
                    None => format!("the sections are: {}", desks.names()),
                };
                problems.push(
                    Problem::new(
                        CONFIG_FILE,
                        format!("`default_section`: no section is called \"{name}\""),
                    )
                    .at_offset(text, offset, 1)
                    .help(help),
                );
            }
        }
    }
    match usize::try_from(home.section_stories) {
        Ok(n) => desks.home_stories = n,
        Err(_) => {
            let offset = crate::config::keys::key_offset(text, "home.section_stories").unwrap_or(0);
            problems.push(
                Problem::new(
                    CONFIG_FILE,
                    format!("`section_stories = {}` cannot be negative", home.section_stories),
                )
                .at_offset(text, offset, 1)
                .help("set how many stories each section shows on the home page, for example `section_stories = 4` (0 for none)"),
            );
        }
    }
    if problems.is_empty() {
        Ok(desks)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// What else lives at `/{slug}/`, if anything: a folder newsgen uses, or
/// the date archive (a year).
fn reserved(slug: &str) -> Option<String> {
    if RESERVED_FOLDERS.contains(&slug) {
        return Some(format!("where newsgen writes its `{slug}` pages"));
    }
    if !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_digit()) {
        return Some("where the date archive writes a year".into());
    }
    None
}

/// The byte offset of `key` in the `index`th `[[sections]]` entry (or of
/// the entry itself), for placing its problems.
fn entry_offset(text: &str, index: usize, key: &str) -> Option<usize> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let (_, sections) = root
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "sections")?;
    let toml::de::DeValue::Array(entries) = sections.get_ref() else {
        return Some(sections.span().start);
    };
    let entry = entries.get(index)?;
    if let toml::de::DeValue::Table(table) = entry.get_ref()
        && let Some((_, value)) = table.iter().find(|(k, _)| k.get_ref() == key)
    {
        return Some(value.span().start);
    }
    Some(entry.span().start)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::{MINIMAL, errors};

    #[test]
    fn sections_in_order_with_slugs_rules_and_default() {
        let config = Config::parse(&format!(
            "{MINIMAL}default_section = \"world\"\n[home]\nsection_stories = 3\n[[sections]]\nname = \"World\"\ndescription = \"Abroad\"\n[[sections]]\nname = \"Politics & Power\"\nfolders = [\"/politics/\", \"wire/politics\"]\ntags = [\"Parliament\"]\n[[sections]]\nname = \"Sport\"\nslug = \"sports\"\n"
        ))
        .unwrap();
        let desks = &config.desks;
        let slugs: Vec<&str> = desks.list.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs, ["world", "politics-power", "sports"]);
        assert_eq!(desks.list[1].folders, ["politics", "wire/politics"]);
        assert_eq!(desks.list[1].tags, ["parliament"]);
        assert_eq!(desks.default, Some(0));
        assert_eq!(desks.home_stories, 3);
        assert_eq!(desks.find("SPORT"), Some(2));
        assert_eq!(desks.find("sports"), Some(2));
        assert_eq!(desks.find("Business"), None);
    }

    #[test]
    fn colliding_and_unknown_sections_are_placed_errors() {
        let errors = errors(&format!(
            "{MINIMAL}default_section = \"Wrold\"\n[[sections]]\nname = \"World\"\n[[sections]]\nname = \"Tags\"\n[[sections]]\nname = \"2024\"\n[[sections]]\nname = \"world\"\n[[sections]]\nname = \"Bad\"\nfolders = [\"../x\"]\n[[sections]]\nname = \"Authors\"\nslug = \"x y\"\n"
        ));
        assert_eq!(errors.len(), 6, "{errors:#?}");
        assert!(errors[0].starts_with("site.toml:3:19: `default_section`: no section is called \"Wrold\"\n  help: did you mean \"World\"?"), "{}", errors[0]);
        assert!(
            errors[1].contains("section \"Tags\" would live at /tags/"),
            "{}",
            errors[1]
        );
        assert!(errors[2].contains("section \"2024\" would live at /2024/, which is where the date archive writes a year"), "{}", errors[2]);
        assert!(
            errors[3].contains(
                "section \"world\" has the same name or URL (/world/) as section \"World\""
            ),
            "{}",
            errors[3]
        );
        assert!(
            errors[4].contains("the folder \"../x\" is not a folder inside seeds/"),
            "{}",
            errors[4]
        );
        assert!(
            errors[5].contains("`slug = \"x y\"` cannot be used in a URL")
                && errors[5].contains("slug = \"x-y\""),
            "{}",
            errors[5]
        );
    }

    #[test]
    fn unknown_keys_in_a_section_are_refused() {
        let errors = errors(&format!(
            "{MINIMAL}[[sections]]\nname = \"World\"\nslgu = \"w\"\n"
        ));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "site.toml:5:1: unknown key `sections.slgu`\n  help: did you mean `slug`?"
            ),
            "{}",
            errors[0]
        );
    }
}
