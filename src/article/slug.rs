//! Slugs: the URL-worthy form of titles, tag names and subheadings, and
//! the paths built from them that ingest needs before the library exists.
//!
//! Every slug rule lives here: article slugs (`slugify`, cut at a hyphen),
//! stable fallbacks for text that slugifies to nothing, subheading anchors,
//! author-given slugs, and tag slugs (spellings that slugify alike share one
//! tag page). Slugs come from the `slug` crate, with a fast path for ASCII.

/// The longest slug derived from a title; longer ones are cut at a hyphen.
const MAX_SLUG_LEN: usize = 80;

/// `slug::slugify`, with a fast path for ASCII text, which needs no
/// transliteration: letters and digits lower-cased, every other run of
/// characters one hyphen, none at either end. Uncut; may be empty.
pub(crate) fn slug_of(text: &str) -> String {
    if !text.is_ascii() {
        return slug::slugify(text);
    }
    let mut slug = String::with_capacity(text.len());
    let mut after_hyphen = true;
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            slug.push(char::from(byte.to_ascii_lowercase()));
            after_hyphen = false;
        } else if !after_hyphen {
            slug.push('-');
            after_hyphen = true;
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The slug of a title or tag name, or `None` if nothing URL-worthy is left
/// (a title of only punctuation, say). Long slugs are cut at a hyphen.
pub(crate) fn slugify(text: &str) -> Option<String> {
    let slug = slug_of(text);
    if slug.is_empty() {
        return None;
    }
    if slug.len() <= MAX_SLUG_LEN {
        return Some(slug);
    }
    // slugify's output is ASCII, so any byte index is a char boundary.
    let cut = slug[..MAX_SLUG_LEN].rfind('-').unwrap_or(MAX_SLUG_LEN);
    Some(slug[..cut].to_string())
}

/// A stable fallback slug for text that slugifies to nothing: `prefix-` and a
/// short hash of the text, so the same text always gets the same URL.
pub(crate) fn fallback_slug(prefix: &str, text: &str) -> String {
    let hash = blake3::hash(text.as_bytes()).to_hex();
    format!("{prefix}-{}", &hash[..8])
}

/// An `id` for a subheading, unique among the `ids` of its article.
pub(crate) fn heading_id(ids: &mut Vec<String>, heading: &str) -> String {
    let base = slugify(heading).unwrap_or_else(|| "section".to_string());
    let mut id = base.clone();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    ids.push(id.clone());
    id
}

/// Whether an author-given slug is safe to use as one path segment as is.
/// The answer, when it is not, is the slug newsgen would use instead.
pub(crate) fn check_slug(slug: &str) -> Result<(), String> {
    match slugify(slug) {
        Some(clean) if clean == slug => Ok(()),
        Some(clean) => Err(clean),
        None => Err(fallback_slug("article", slug)),
    }
}

/// The slug of a tag name; a name that slugifies to nothing gets a stable one.
pub(crate) fn tag_slug(name: &str) -> String {
    slugify(name).unwrap_or_else(|| fallback_slug("tag", name))
}

/// The slug of an author's page: from their name, or a stable fallback.
pub(crate) fn author_slug(name: &str) -> String {
    slugify(name).unwrap_or_else(|| fallback_slug("author", name))
}

/// An author page's path inside the site.
pub(crate) fn author_path(slug: &str) -> String {
    format!("authors/{slug}/")
}

/// A tag page's path inside the site.
pub(crate) fn tag_path(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// Whether `tags` hold a tag whose slug is `slug`: spellings that slugify
/// alike are one tag.
pub(crate) fn holds_tag(tags: &[String], slug: &str) -> bool {
    tags.iter().any(|tag| tag_slug(tag) == slug)
}

/// The comparison key for names: case, accents and punctuation ignored, as
/// in tag slugs ("Orbán" and "Orban" are one name).
pub(crate) fn name_key(name: &str) -> String {
    let slug = slug_of(name);
    if slug.is_empty() {
        // Scripts slugify cannot spell still need a stable key.
        name.trim().to_lowercase()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_fast_path_slugs_like_the_slug_crate() {
        for text in [
            "",
            "---",
            "Hello, World!",
            "  NATO's 2024 summit  ",
            "a\tb\nc",
            "AT&T / U.S.",
            "x--y",
            "\u{1}ctrl\u{7f}",
            "Mt. Everest",
            "100% (approx.)",
        ] {
            assert_eq!(slug_of(text), slug::slugify(text), "{text:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Viktor Orbán in Moscow!").as_deref(),
            Some("viktor-orban-in-moscow")
        );
        assert_eq!(slugify("!!!"), None);
        let long = "word ".repeat(40);
        let slug = slugify(&long).unwrap();
        assert!(slug.len() <= MAX_SLUG_LEN && !slug.ends_with('-'));
        assert_eq!(fallback_slug("tag", "!!!"), fallback_slug("tag", "!!!"));
        assert_ne!(fallback_slug("tag", "!!!"), fallback_slug("tag", "???"));
    }

    #[test]
    fn author_slugs_must_be_clean() {
        assert!(check_slug("good-slug").is_ok());
        assert_eq!(check_slug("../etc").unwrap_err(), "etc");
        assert_eq!(check_slug("a/b").unwrap_err(), "a-b");
        assert!(check_slug("").is_err());
    }
}
