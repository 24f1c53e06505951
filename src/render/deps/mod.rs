//! Template dependency fingerprints: for each template, one hash of its own
//! source and of every template it can reach, so a build can tell which page
//! kinds need rendering again after a template edit.
//!
//! `scan` reads each template's text for the templates it names
//! (`{% extends %}`, `{% include %}`) and the components it calls and
//! defines; this module joins those into everything each template reaches,
//! transitively. Tera 2's components are global, so a component call reaches
//! every template that defines the component, and a name given by anything
//! other than one string literal (a variable, a list, a concatenation)
//! reaches every template. `Renderer::load` (in `render`) keeps the
//! fingerprints, and `site` puts a page's template fingerprint into the
//! page's own.

mod scan;

use std::collections::{BTreeSet, HashMap};

use scan::{Reference, Scan, scan};

/// For each template name, a blake3 hash (32 bytes) of the sources of the
/// template and of every template it reaches through `{% extends %}`,
/// `{% include %}` and `{% import %}` (transitively), in a deterministic order.
/// A template that names another through an expression that is not a plain
/// string literal (e.g. `{% include some_var %}`, or a list of names) depends
/// on every template. A missing template name just contributes its name.
pub(crate) fn fingerprints(sources: &HashMap<String, String>) -> HashMap<String, [u8; 32]> {
    reaches(sources)
        .into_iter()
        .map(|(name, reach)| {
            let mut hasher = blake3::Hasher::new();
            hasher.update(b"newsgen template fingerprint 1\0");
            for template in &reach.templates {
                hasher.update(&[PRESENT_TEMPLATE]);
                hash_field(&mut hasher, template);
                hash_field(
                    &mut hasher,
                    sources.get(*template).map_or("", String::as_str),
                );
            }
            for (kind, missing) in &reach.missing {
                hasher.update(&[*kind]);
                hash_field(&mut hasher, missing);
            }
            (name.to_string(), *hasher.finalize().as_bytes())
        })
        .collect()
}

/// For each template, every template it reaches (itself included) and the
/// names it reaches that no template answers to.
fn reaches(sources: &HashMap<String, String>) -> HashMap<&str, Reach<'_>> {
    let scans: HashMap<&str, Scan> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), scan(text)))
        .collect();
    let definers = component_definers(&scans);
    // Direct dependencies first.
    let edges: HashMap<&str, Reach> = scans
        .iter()
        .map(|(name, scan)| (*name, direct_reach(scan, sources, &definers)))
        .collect();
    edges
        .keys()
        .map(|name| (*name, transitive_reach(name, &edges)))
        .collect()
}

/// For each component name, the templates that define it.
fn component_definers<'a, 's>(
    scans: &'s HashMap<&'a str, Scan>,
) -> HashMap<&'s str, BTreeSet<&'a str>> {
    let mut definers: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (name, scan) in scans {
        for component in &scan.components {
            definers
                .entry(component.as_str())
                .or_default()
                .insert(*name);
        }
    }
    definers
}

/// What one template reaches directly: the templates it names (every
/// template, for a name given by an expression), the templates that define
/// the components it calls, and the names no template answers to.
fn direct_reach<'a>(
    scan: &Scan,
    sources: &'a HashMap<String, String>,
    definers: &HashMap<&str, BTreeSet<&'a str>>,
) -> Reach<'a> {
    let mut edges = Reach::default();
    for reference in &scan.references {
        match reference {
            Reference::Template(target) => match sources.get_key_value(target) {
                Some((target, _)) => {
                    edges.templates.insert(target.as_str());
                }
                None => {
                    edges.missing.insert((MISSING_TEMPLATE, target.clone()));
                }
            },
            Reference::Component(component) => match definers.get(component.as_str()) {
                Some(found) => edges.templates.extend(found.iter().copied()),
                None => {
                    edges.missing.insert((MISSING_COMPONENT, component.clone()));
                }
            },
            Reference::Dynamic => edges.templates.extend(sources.keys().map(String::as_str)),
        }
    }
    edges
}

/// Everything `name` reaches (itself included): its direct `edges`,
/// followed from template to template until nothing new is found, so a
/// cycle ends.
fn transitive_reach<'a>(name: &'a str, edges: &HashMap<&'a str, Reach<'a>>) -> Reach<'a> {
    let mut reach = Reach::default();
    let mut pending = vec![name];
    while let Some(current) = pending.pop() {
        if !reach.templates.insert(current) {
            continue;
        }
        if let Some(direct) = edges.get(current) {
            reach.missing.extend(direct.missing.iter().cloned());
            pending.extend(
                direct
                    .templates
                    .iter()
                    .copied()
                    .filter(|t| !reach.templates.contains(t)),
            );
        }
    }
    reach
}

const PRESENT_TEMPLATE: u8 = b'T';
const MISSING_TEMPLATE: u8 = b'M';
const MISSING_COMPONENT: u8 = b'C';

/// Length-prefixed, so that no two sequences of fields hash alike.
fn hash_field(hasher: &mut blake3::Hasher, field: &str) {
    hasher.update(&(field.len() as u64).to_le_bytes());
    hasher.update(field.as_bytes());
}

/// Templates, and names of missing templates and components, that one
/// template depends on (directly or transitively).
#[derive(Debug, Default)]
struct Reach<'a> {
    templates: BTreeSet<&'a str>,
    missing: BTreeSet<(u8, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::TEMPLATES;

    pub(super) fn default_sources() -> HashMap<String, String> {
        TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    pub(super) fn sources(templates: &[(&str, &str)]) -> HashMap<String, String> {
        templates
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    /// The templates whose fingerprints differ once `name`'s text is `text`
    /// (or it is added).
    pub(super) fn changed_by(
        mut sources: HashMap<String, String>,
        name: &str,
        text: impl FnOnce(&str) -> String,
    ) -> BTreeSet<String> {
        let before = fingerprints(&sources);
        let old = sources.get(name).cloned().unwrap_or_default();
        sources.insert(name.to_string(), text(&old));
        let after = fingerprints(&sources);
        assert_eq!(after.len(), sources.len());
        after
            .iter()
            .filter(|(n, hash)| before.get(*n) != Some(*hash))
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub(super) fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    pub(super) fn appended(old: &str) -> String {
        format!("{old}<!-- edited -->")
    }

    #[test]
    fn every_template_gets_a_fingerprint() {
        let sources = default_sources();
        let prints = fingerprints(&sources);
        let mut names: Vec<_> = prints.keys().collect();
        names.sort();
        let mut expected: Vec<_> = sources.keys().collect();
        expected.sort();
        assert_eq!(names, expected);
        // Distinct templates, distinct fingerprints.
        let distinct: BTreeSet<_> = prints.values().collect();
        assert_eq!(distinct.len(), prints.len());
    }

    #[test]
    fn the_article_card_reaches_the_lists_that_include_it() {
        assert_eq!(
            changed_by(default_sources(), "partials/article_card.html", appended),
            set(&[
                "archive.html",
                "author.html",
                "home.html",
                "partials/article_card.html",
                "section.html",
                "tag.html"
            ])
        );
    }

    #[test]
    fn pagination_reaches_the_paginated_lists() {
        assert_eq!(
            changed_by(default_sources(), "partials/pagination.html", appended),
            set(&[
                "archive.html",
                "author.html",
                "home.html",
                "partials/pagination.html",
                "section.html",
                "tag.html"
            ])
        );
    }

    #[test]
    fn a_page_template_changes_only_itself() {
        assert_eq!(
            changed_by(default_sources(), "tag.html", appended),
            set(&["tag.html"])
        );
        assert_eq!(
            changed_by(default_sources(), "article.html", appended),
            set(&["article.html"])
        );
    }

    #[test]
    fn the_base_reaches_every_template_that_extends_it() {
        assert_eq!(
            changed_by(default_sources(), "base.html", appended),
            set(&[
                "404.html",
                "archive.html",
                "archive_index.html",
                "article.html",
                "author.html",
                "authors.html",
                "base.html",
                "home.html",
                "section.html",
                "tag.html",
                "tags.html",
            ])
        );
    }

    #[test]
    fn fingerprints_do_not_depend_on_map_order() {
        let forward: HashMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut backward = HashMap::new();
        for (n, t) in TEMPLATES.iter().rev() {
            backward.insert(n.to_string(), t.to_string());
        }
        assert_eq!(fingerprints(&forward), fingerprints(&backward));
    }

    #[test]
    fn cycles_end() {
        let cyclic = sources(&[
            ("a.html", r#"{% extends "b.html" %}"#),
            ("b.html", r#"{% include "a.html" %}{% include "c.html" %}"#),
            ("c.html", r#"{% include "c.html" %}"#),
            ("d.html", "plain"),
        ]);
        let prints = fingerprints(&cyclic);
        // a and b reach each other: the same set, the same fingerprint.
        assert_eq!(prints["a.html"], prints["b.html"]);
        assert_eq!(
            changed_by(cyclic.clone(), "a.html", appended),
            set(&["a.html", "b.html"])
        );
        assert_eq!(
            changed_by(cyclic, "c.html", appended),
            set(&["a.html", "b.html", "c.html"])
        );
    }

    /// Under a dynamic include, which template holds which text matters.
    #[test]
    fn names_are_part_of_the_fingerprint() {
        let page = "{% include kind ~ '.html' %}";
        let a = fingerprints(&sources(&[("page.html", page), ("a.html", "same")]));
        let b = fingerprints(&sources(&[("page.html", page), ("b.html", "same")]));
        assert_ne!(a["page.html"], b["page.html"]);
    }

    #[test]
    fn a_missing_template_contributes_its_name() {
        let missing = |target: &str| {
            let text = format!(r#"{{% include "{target}" ignore missing %}}"#);
            fingerprints(&sources(&[("page.html", &text)]))["page.html"]
        };
        assert_eq!(missing("nope.html"), missing("nope.html"));
        // The names themselves are part of what is hashed, not only the text
        // that happens to spell them.
        let templates = sources(&[
            (
                "page.html",
                r#"{% include "inc.html" %}{% include "nope.html" ignore missing %}"#,
            ),
            ("inc.html", r#"{% include "gone.html" %}{{ <absent() /> }}"#),
        ]);
        let reach = reaches(&templates);
        assert_eq!(
            reach["page.html"].missing,
            BTreeSet::from([
                (MISSING_COMPONENT, "absent".to_string()),
                (MISSING_TEMPLATE, "gone.html".to_string()),
                (MISSING_TEMPLATE, "nope.html".to_string()),
            ])
        );
        assert_eq!(
            reach["page.html"].templates,
            BTreeSet::from(["inc.html", "page.html"])
        );
        assert_ne!(missing("nope.html"), missing("other.html"));
        // Adding the missing template changes the fingerprint.
        let page = sources(&[("page.html", r#"{% include "nope.html" ignore missing %}"#)]);
        assert_eq!(
            changed_by(page, "nope.html", |_| String::new()),
            set(&["nope.html", "page.html"])
        );
    }

    #[test]
    fn component_calls_reach_the_templates_that_define_them() {
        let templates = sources(&[
            (
                "components.html",
                "{% component card(title) %}<b>{{ title }}</b>{% endcomponent card %}",
            ),
            (
                "ui.html",
                "{% component ui.badge(label) %}<i>{{ label }}</i>{% endcomponent ui.badge %}",
            ),
            ("inline.html", r#"{{ <card title="a" /> }}"#),
            ("body.html", r#"{% <card title="a"> %}body{% </card> %}"#),
            ("dotted.html", r#"{{ <ui.badge label="x" /> }}"#),
            ("compare.html", "{{ a < b }}"),
        ]);
        assert_eq!(
            changed_by(templates.clone(), "components.html", appended),
            set(&["body.html", "components.html", "inline.html"])
        );
        assert_eq!(
            changed_by(templates.clone(), "ui.html", appended),
            set(&["dotted.html", "ui.html"])
        );
        // A template that starts defining a called component is reached.
        assert_eq!(
            changed_by(templates, "more.html", |_| {
                "{% component b() %}{% endcomponent b %}".into()
            }),
            set(&["compare.html", "more.html"])
        );
    }
}
