//! The template scanner: what one template's text names (`{% extends %}`,
//! `{% include %}`), and the components it calls and defines, for the
//! fingerprints in `deps` (`mod.rs`), which follow these references from
//! template to template.
//!
//! Tera 2 keeps its parser private, so this small scanner follows its lexer
//! (`{{ }}`, `{% %}` with `-` whitespace control, `{# #}` comments, `{% raw %}`
//! blocks, strings in `'`, `"` or `` ` `` that may hold delimiters) and finds
//! the ways one template reaches another:
//!
//! - `{% extends "x" %}` and `{% include "x" %}`, the only template-naming
//!   tags of Tera 2 (which takes one string literal there, nothing else);
//!   also, should they appear, Tera 1's `{% include "x" ignore missing %}`,
//!   `{% import "x" as m %}` and Jinja's `{% from "x" import m %}`, which
//!   Tera 2 rejects at load time;
//! - components: a call `<name ...>` (in `{{ <name() /> }}` or
//!   `{% <name()> %}...{% </name> %}`) and a definition
//!   `{% component name(...) %}`. Any `<` followed by a name counts as a
//!   call, so `a <b` may add a dependency that is not real: that only costs
//!   a re-render, never a stale page.
//!
//! A name given by anything other than one string literal (a variable, a
//! list, a concatenation) is a [`Reference::Dynamic`].

#[derive(Debug, PartialEq)]
pub(super) enum Reference {
    /// A template named by a string literal.
    Template(String),
    /// A component call, by component name.
    Component(String),
    /// A template named by an expression: it could be any of them.
    Dynamic,
}

/// What one template's text refers to and defines.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub references: Vec<Reference>,
    /// The components it defines.
    pub components: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Ident(&'a str),
    /// A string literal, unescaped.
    Str(String),
    /// Anything else: operators, punctuation, numbers.
    Other(&'a str),
}

/// What `text`, one template, refers to and defines.
pub(super) fn scan(text: &str) -> Scan {
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
    // What the scanner finds is checked as a template edit shows it: through
    // the fingerprints of the templates that reach the edited one.
    use crate::render::deps::tests::{appended, changed_by, set, sources};

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
