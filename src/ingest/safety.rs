//! Safety of article HTML: the one place that decides what markup from a
//! user's file may reach a reader's browser.
//!
//! Wire text is always escaped (`copydesk`). Markdown may carry raw HTML:
//! kept by default for newsroom embeds, sanitised with ammonia when
//! `[markdown] unsafe_html = false`. In both modes, URLs that run code
//! (`javascript:`, `vbscript:`, `data:` other than images) are removed from
//! every link and source, however they are spelled (entities, case, tabs).

use std::collections::HashSet;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Attributes that hold a URL a browser may navigate to or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "ping",
];

/// Makes Markdown output safe for the site: sanitised when `unsafe_html` is
/// off, and in every case without script URLs.
pub(crate) fn clean_markdown_html(html: String, unsafe_html: bool) -> String {
    let html = if unsafe_html { html } else { sanitise(&html) };
    remove_script_urls(html)
}

/// Whether a URL would run code when followed or loaded.
pub(crate) fn is_script_url(value: &str) -> bool {
    let decoded = html_escape::decode_html_entities(value);
    // Browsers ignore white space and control characters inside the scheme.
    let scheme: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    scheme.starts_with("javascript:")
        || scheme.starts_with("vbscript:")
        || (scheme.starts_with("data:") && !scheme.starts_with("data:image/"))
}

/// Removes every URL attribute whose value would run code.
fn remove_script_urls(html: String) -> String {
    // Most articles hold nothing that could be a script URL: skip the parse.
    // Browsers drop tabs and line breaks inside a URL, so the check does too.
    let squeezed: String = html
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if !["script", "data:", "&#", "&colon", "&tab", "&newline"]
        .iter()
        .any(|needle| squeezed.contains(needle))
    {
        return html;
    }
    let rewritten = rewrite_str(
        &html,
        RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
            let unsafe_names: Vec<String> = el
                .attributes()
                .iter()
                .filter(|attribute| {
                    URL_ATTRIBUTES.contains(&attribute.name().as_str())
                        && is_script_url(&attribute.value())
                })
                .map(|attribute| attribute.name())
                .collect();
            for name in unsafe_names {
                el.remove_attribute(&name);
            }
            Ok(())
        })),
    );
    // lol_html fails only on memory limits we do not set; fall back to
    // escaping everything rather than emitting anything unchecked.
    rewritten.unwrap_or_else(|_| crate::article::text::escape_html(&html))
}

/// Raw HTML reduced to ammonia's safe set, keeping what Markdown output
/// needs: ids and classes (footnotes), table alignment, and links.
fn sanitise(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"));
    let schemes: HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
    builder.url_schemes(schemes);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_in_any_spelling() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript&colon;alert(1)",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(is_script_url(url), "{url}");
        }
        for url in [
            "https://example.org/",
            "/tags/x/",
            "#top",
            "mailto:a@b.example",
            "data:image/png;base64,AAAA",
        ] {
            assert!(!is_script_url(url), "{url}");
        }
    }

    #[test]
    fn script_urls_split_by_tabs_or_line_breaks_go() {
        let html = "<p><a href=\"javascr\tipt:alert(1)\">x</a><img src=\"da\nta:text/html,x\"></p>";
        let cleaned = clean_markdown_html(html.to_string(), true);
        assert!(
            !cleaned.contains("href") && !cleaned.contains("src"),
            "{cleaned}"
        );
    }

    #[test]
    fn raw_html_is_kept_but_script_urls_go() {
        let html = r#"<p><a href="javascript:alert(1)">x</a> <a href="https://ok.example/">y</a></p><iframe src="https://embed.example/v"></iframe><img src="&#106;avascript:alert(2)" alt="z">"#;
        let cleaned = clean_markdown_html(html.to_string(), true);
        assert_eq!(
            cleaned,
            r#"<p><a>x</a> <a href="https://ok.example/">y</a></p><iframe src="https://embed.example/v"></iframe><img alt="z">"#
        );
    }

    #[test]
    fn sanitised_mode_removes_scripts_handlers_and_embeds() {
        let html = r##"<p onclick="steal()">Hi<script>alert(1)</script></p><img src="x.png" onerror="alert(1)"><sup class="footnote-reference"><a href="#1">1</a></sup><iframe src="https://embed.example/"></iframe>"##;
        let cleaned = clean_markdown_html(html.to_string(), false);
        assert!(
            !cleaned.contains("script")
                && !cleaned.contains("onclick")
                && !cleaned.contains("onerror")
                && !cleaned.contains("iframe"),
            "{cleaned}"
        );
        assert!(cleaned.contains(r##"<sup class="footnote-reference"><a href="#1" rel="noopener noreferrer">1</a></sup>"##), "{cleaned}");
        assert!(cleaned.contains(r#"<img src="x.png">"#), "{cleaned}");
    }
}
