//! Template dependency fingerprints: for each template, one hash of its own
//! source and of every template it can reach, so a build can tell which page
//! kinds need rendering again after a template edit.
//!
//! Tera 2 keeps its parser private, so a small scanner here follows its lexer
//! (`{{ }}`, `{% %}` with `-` whitespace control, `{# #}` comments, `{% raw %}`
//! blocks, strings in `'`, `"` or `` ` `` that may hold delimiters) and finds
//! the ways one template reaches another:
//!
//! - `{% extends "x" %}` and `{% include "x" %}`, the only template-naming
//!   tags of Tera 2 (which takes one string literal there, nothing else);
//!   also, should they appear, Tera 1's `{% include "x" ignore missing %}`,
//!   `{% import "x" as m %}` and Jinja's `{% from "x" import m %}`, which
//!   Tera 2 rejects at load time;
//! - components: Tera 2's components are global, so a call `<name ...>` (in
//!   `{{ <name() /> }}` or `{% <name()> %}...{% </name> %}`) reaches every
//!   template that defines `{% component name(...) %}`. Any `<` followed by a
//!   name counts, so `a <b` may add a dependency that is not real: that only
//!   costs a re-render, never a stale page.
//!
//! A name given by anything other than one string literal (a variable, a
//! list, a concatenation) reaches every template.

use std::collections::{BTreeSet, HashMap};

/// For each template name, a blake3 hash (32 bytes) of the sources of the
/// template and of every template it reaches through `{% extends %}`,
/// `{% include %}` and `{% import %}` (transitively), in a deterministic order.
/// A template that names another through an expression that is not a plain
/// string literal (e.g. `{% include some_var %}`, or a list of names) depends
/// on every template. A missing template name just contributes its name.
pub fn fingerprints(sources: &HashMap<String, String>) -> HashMap<String, [u8; 32]> {
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

    let mut definers: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (name, scan) in &scans {
        for component in &scan.components {
            definers
                .entry(component.as_str())
                .or_default()
                .insert(*name);
        }
    }

    let every: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    // Direct dependencies first.
    let edges: HashMap<&str, Reach> = scans
        .iter()
        .map(|(name, scan)| {
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
                    Reference::Dynamic => edges.templates.extend(every.iter().copied()),
                }
            }
            (*name, edges)
        })
        .collect();

    edges
        .keys()
        .map(|name| {
            let mut reach = Reach::default();
            let mut pending = vec![*name];
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
            (*name, reach)
        })
        .collect()
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

#[derive(Debug, PartialEq)]
enum Reference {
    /// A template named by a string literal.
    Template(String),
    /// A component call, by component name.
    Component(String),
    /// A template named by an expression: it could be any of them.
    Dynamic,
}

/// What one template's text refers to and defines.
#[derive(Debug, Default)]
struct Scan {
    references: Vec<Reference>,
    /// The components it defines.
    components: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Ident(&'a str),
    /// A string literal, unescaped.
    Str(String),
    /// Anything else: operators, punctuation, numbers.
    Other(&'a str),
}

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut scan = Scan::default();
    let mut at = 0;
    while let Some(start) = find_marker(bytes, at) {
        // Past the delimiter and its optional `-`.
        let after = start + 2;
        let inner = if bytes.get(after) == Some(&b'-') {
            after + 1
        } else {
            after
        };
        match &bytes[start..after] {
            b"{#" => match find(bytes, inner, b"#}") {
                Some(end) => at = end + 2,
                // An unclosed comment swallows the rest (Tera rejects it).
                None => break,
            },
            b"{%" => {
                if let Some(len) = skip_tag(&text[inner..], "raw") {
                    match end_of_raw(text, inner + len) {
                        Some(end) => {
                            at = end;
                            continue;
                        }
                        None => break,
                    }
                }
                let (tokens, end) = lex(text, inner, "%}");
                scan.tag(&tokens);
                at = end;
            }
            _ => {
                let (tokens, end) = lex(text, inner, "}}");
                scan.component_calls(&tokens);
                at = end;
            }
        }
    }
    scan
}

impl Scan {
    fn tag(&mut self, tokens: &[Token]) {
        match tokens {
            [
                Token::Ident("extends" | "include" | "import" | "from"),
                rest @ ..,
            ] => {
                self.references.push(named(rest));
            }
            [Token::Ident("component"), Token::Ident(name), rest @ ..] => {
                self.components.push(dotted(name, rest));
            }
            _ => {}
        }
        self.component_calls(tokens);
    }

    /// Every `<name`, as a component call: over-counting costs a re-render.
    fn component_calls(&mut self, tokens: &[Token]) {
        for (i, token) in tokens.iter().enumerate() {
            if let (Token::Other("<"), Some(Token::Ident(name))) = (token, tokens.get(i + 1)) {
                self.references
                    .push(Reference::Component(dotted(name, &tokens[i + 2..])));
            }
        }
    }
}

/// The template named after `extends`/`include`/`import`/`from`: a string
/// literal alone, or followed only by a keyword (`ignore missing`, `as m`,
/// `import m`); anything else is an expression.
fn named(rest: &[Token]) -> Reference {
    match rest {
        [Token::Str(name)]
        | [
            Token::Str(name),
            Token::Ident("ignore" | "as" | "import" | "with" | "without"),
            ..,
        ] => Reference::Template(name.clone()),
        _ => Reference::Dynamic,
    }
}

/// `first` and any `.part` after it: `ui.card`.
fn dotted(first: &str, rest: &[Token]) -> String {
    let mut name = first.to_string();
    for pair in rest.chunks_exact(2) {
        match pair {
            [Token::Other("."), Token::Ident(part)] => {
                name.push('.');
                name.push_str(part);
            }
            _ => break,
        }
    }
    name
}

/// The next `{{`, `{%` or `{#` at or after `from`.
fn find_marker(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(2)
        .position(|w| w == b"{{" || w == b"{%" || w == b"{#")
        .map(|at| from + at)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

/// As Tera's lexer: `-? name -?%}` after a `{%`, and the length it spans.
fn skip_tag(text: &str, name: &str) -> Option<usize> {
    let mut rest = text.strip_prefix('-').unwrap_or(text);
    rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    rest = rest.strip_prefix(name)?;
    rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    rest = rest.strip_prefix('-').unwrap_or(rest);
    rest = rest.strip_prefix("%}")?;
    Some(text.len() - rest.len())
}

/// The end of the `{% endraw %}` closing a raw body that starts at `from`.
fn end_of_raw(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(start) = find(bytes, at, b"{%") {
        at = start + 2;
        if let Some(len) = skip_tag(&text[at..], "endraw") {
            return Some(at + len);
        }
    }
    None
}

/// The tokens of a tag or expression body from `at` to its `end` delimiter
/// (`-` before it allowed), and the offset just past that delimiter.
fn lex<'a>(text: &'a str, mut at: usize, end: &str) -> (Vec<Token<'a>>, usize) {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    while let Some(&c) = bytes.get(at) {
        let rest = &text[at..];
        if c.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        if rest.starts_with(end) {
            return (tokens, at + end.len());
        }
        if c == b'-' && rest[1..].starts_with(end) {
            return (tokens, at + 1 + end.len());
        }
        let len = match c {
            b'\'' | b'"' | b'`' => match string(rest, c) {
                Some((value, len)) => {
                    tokens.push(Token::Str(value));
                    len
                }
                // An unclosed string runs to the end (Tera rejects it).
                None => return (tokens, text.len()),
            },
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let len = word_len(rest);
                tokens.push(Token::Ident(&rest[..len]));
                len
            }
            b'0'..=b'9' => {
                let len = word_len(rest);
                tokens.push(Token::Other(&rest[..len]));
                len
            }
            _ => {
                let len = if rest.starts_with("<=") || rest.starts_with("</") {
                    2
                } else {
                    rest.chars().next().map_or(1, char::len_utf8)
                };
                tokens.push(Token::Other(&rest[..len]));
                len
            }
        };
        at += len;
    }
    (tokens, text.len())
}

fn word_len(text: &str) -> usize {
    text.bytes()
        .take_while(|c| *c == b'_' || c.is_ascii_alphanumeric())
        .count()
}

/// A string literal opening `text` with `quote`: its unescaped value and the
/// length it spans, quotes included; `None` if it is not closed.
fn string(text: &str, quote: u8) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escaped) = chars.next()?;
                value.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
            }
            c if c == quote as char => return Some((value, at + 1)),
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::TEMPLATES;

    fn default_sources() -> HashMap<String, String> {
        TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    fn sources(templates: &[(&str, &str)]) -> HashMap<String, String> {
        templates
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    }

    /// The templates whose fingerprints differ once `name`'s text is `text`
    /// (or it is added).
    fn changed_by(
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

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn appended(old: &str) -> String {
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
                "home.html",
                "partials/article_card.html",
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
                "home.html",
                "partials/pagination.html",
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
                "base.html",
                "home.html",
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

    #[test]
    fn a_name_from_an_expression_depends_on_every_template() {
        for dynamic in [
            "{% include some_var %}",
            "{% include page.template %}",
            r#"{% include ["a.html", "b.html"] %}"#,
            r#"{% include "partials/" ~ kind ~ ".html" %}"#,
            "{% extends layout %}",
            "{% import macros as m %}",
        ] {
            let templates = sources(&[
                ("page.html", dynamic),
                ("a.html", "a"),
                ("unrelated.html", "u"),
            ]);
            assert_eq!(
                changed_by(templates.clone(), "unrelated.html", appended),
                set(&["page.html", "unrelated.html"]),
                "{dynamic}"
            );
            // And a template added later, too.
            assert_eq!(
                changed_by(templates, "new.html", |_| "new".into()),
                set(&["new.html", "page.html"]),
                "{dynamic}"
            );
        }
    }

    /// Under a dynamic include, which template holds which text matters.
    #[test]
    fn names_are_part_of_the_fingerprint() {
        let page = "{% include kind ~ '.html' %}";
        let a = fingerprints(&sources(&[("page.html", page), ("a.html", "same")]));
        let b = fingerprints(&sources(&[("page.html", page), ("b.html", "same")]));
        assert_ne!(a["page.html"], b["page.html"]);
    }

    /// Each of these reaches `x.html` (and nothing else).
    #[test]
    fn literal_names_in_every_form() {
        for reaching in [
            r#"{% include "x.html" %}"#,
            "{% include 'x.html' %}",
            "{% include `x.html` %}",
            r#"{%- include "x.html" -%}"#,
            r#"{%-include"x.html"-%}"#,
            "{%\n  include\n  'x.html'\n%}",
            r#"{% include "x.html" ignore missing %}"#,
            r#"{%- include "x.html" ignore missing -%}"#,
            r#"{% include "x\.html" %}"#,
            r#"{% extends "x.html" %}{% block a %}{% endblock %}"#,
            r#"{% import "x.html" as m %}"#,
            r#"{% from "x.html" import card %}"#,
            r#"<p>{{ a }}</p>{% if a %}{% include "x.html" %}{% endif %}"#,
        ] {
            reaches_x_only(reaching);
        }
    }

    /// `page` (whose text is `reaching`) reaches `x.html` and not `y.html`:
    /// a change to `x.html` changes both fingerprints, one to `y.html` only
    /// its own.
    fn reaches_x_only(reaching: &str) {
        let templates = sources(&[("page.html", reaching), ("x.html", "x"), ("y.html", "y")]);
        assert_eq!(
            changed_by(templates.clone(), "x.html", appended),
            set(&["page.html", "x.html"]),
            "{reaching}"
        );
        assert_eq!(
            changed_by(templates, "y.html", appended),
            set(&["y.html"]),
            "{reaching}"
        );
    }

    /// None of these reaches `x.html`.
    #[test]
    fn comments_raw_blocks_and_strings_do_not_count() {
        for inert in [
            r#"{# {% include "x.html" %} #}"#,
            r#"{#- {% include "x.html" %} -#}"#,
            "{#\n{% extends 'x.html' %}\n#}",
            r#"{% raw %}{% include "x.html" %}{% endraw %}"#,
            r#"{%- raw -%}{% include "x.html" %}{%- endraw -%}"#,
            r#"{%raw%}{% include "x.html" %}{%endraw%}"#,
            r#"{% set s = "%}{% include 'x.html' %}" %}"#,
            r#"{{ "}}{% include 'x.html' %}" }}"#,
            r#"<p>include "x.html"</p>"#,
            r#"{% set included = "x.html" %}"#,
            r#"{{ "x.html" }}"#,
        ] {
            let templates = sources(&[("page.html", inert), ("x.html", "x")]);
            assert_eq!(
                changed_by(templates, "x.html", appended),
                set(&["x.html"]),
                "{inert}"
            );
        }
    }

    #[test]
    fn tags_after_a_comment_or_raw_block_still_count() {
        for reaching in [
            r#"{# a comment #}{% include "x.html" %}"#,
            r#"{% raw %}{% include "y.html" %}{% endraw %}{% include "x.html" %}"#,
            r#"{% raw %}{% endraw %}{% include "x.html" %}"#,
            r#"{{ "{#" }}{% include "x.html" %}"#,
        ] {
            reaches_x_only(reaching);
        }
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

    /// The Tera 2 syntax the tests above rely on is what Tera 2 accepts.
    #[test]
    fn the_test_syntax_is_tera_2_syntax() {
        let mut tera = tera::Tera::new();
        tera.add_raw_templates([
            ("x.html", "[x]"),
            (
                "components.html",
                "{% component card(title) %}<b>{{ title }}</b>{% endcomponent card %}",
            ),
            (
                "page.html",
                concat!(
                    r#"{# {% include "missing.html" %} #}"#,
                    r#"{%- raw -%}{% include "missing.html" %}{%- endraw -%}"#,
                    r#"{% set s = "%}{% include 'missing.html' %}" %}"#,
                    r#"{%-include"x.html"-%}"#,
                    "{% include `x.html` %}",
                    r#"{{ <card title="t" /> }}"#,
                    r#"{% <card title="u"> %}body{% </card> %}"#,
                ),
            ),
        ])
        .unwrap();
        let out = tera.render("page.html", &tera::Context::new()).unwrap();
        assert_eq!(out, r#"{% include "missing.html" %}[x][x]<b>t</b><b>u</b>"#);
    }
}
