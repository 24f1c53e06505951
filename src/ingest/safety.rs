//! Safety of article HTML: the one place that decides what markup from a
//! user's file may reach a reader's browser.
//!
//! Wire text is always escaped (`copydesk`). Markdown may carry raw HTML:
//! kept by default for newsroom embeds, sanitised with ammonia when
//! `[markdown] unsafe_html = false`. In both modes one judgement
//! ([`unsafe_attribute`], built on [`is_script_url`]) removes every attribute
//! whose value is a URL that runs code (`javascript:`, `vbscript:`, `data:`
//! other than images), read as a browser reads it: character references
//! decoded as in an attribute value (named, decimal and hex, with or
//! without `;`, leading zeros, `&#0;` and the 0x80–0x9F remapping, by
//! `htmlize`), tabs and line breaks removed, case ignored. Lists of URLs
//! (`srcset`, SMIL `values`, a refresh's `content`, `style`) go if any item
//! is such a URL, SVG animations that set a URL attribute go whole, and an
//! `srcdoc` goes if the HTML it holds would lose anything here.
//!
//! Raw HTML is rewritten with lol_html, which hands attribute values over
//! as written (character references not decoded). Each `##` section is
//! cleaned on its own but shown joined to the next, so raw HTML that leaves
//! a tag, a comment, a raw-text element or SVG/MathML open at its end would
//! make a browser read the next section differently from this check: such a
//! section is sanitised with ammonia instead (`rewrite` tells by an element
//! appended at the end, which must arrive as the last one, in HTML).
//!
//! `markdown::body` calls [`clean_markdown_html`] for each section.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::LazyLock;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Attributes that hold a URL a browser may navigate to or load: an SVG
/// animation may not set them.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "ping",
    "srcdoc",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "usemap",
    "manifest",
];

/// Attributes that hold several URLs (or a URL inside other text): they go
/// if any item is a script URL.
const URL_LIST_ATTRIBUTES: &[&str] = &[
    "srcset",
    "imagesrcset",
    "values",
    "ping",
    "archive",
    "style",
];

/// SVG (SMIL) elements that set another element's attribute over time.
const ANIMATIONS: &[&str] = &[
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// Appended to raw HTML to learn whether the HTML ends in plain content.
const END_MARK: &str = "newsgen-end-of-section";

/// How deep `srcdoc` inside `srcdoc` is read before it is removed unread.
const SRCDOC_DEPTH: usize = 4;

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Makes the HTML of one Markdown section safe for the site: sanitised when
/// `unsafe_html` is off, and in every case without script URLs. `raw_html`
/// says whether the section holds raw HTML from the file (rather than only
/// what pulldown-cmark wrote, which always ends in plain content).
pub(crate) fn clean_markdown_html(html: String, unsafe_html: bool, raw_html: bool) -> String {
    if !unsafe_html {
        return sanitise(&html);
    }
    // Most sections hold nothing that could spell a script URL: no parse.
    if !raw_html && !may_hold_script_url(&html) {
        return html;
    }
    rewrite(&html, 0).unwrap_or_else(|| sanitise(&html))
}

/// Whether a URL runs code when followed or loaded: its scheme is
/// `javascript` or `vbscript`, or `data` with anything but an image. The URL
/// is taken as the URL parser receives it: character references already
/// decoded ([`decode`] does it for HTML as written; ammonia has done it).
pub(crate) fn is_script_url(url: &str) -> bool {
    // The URL parser drops leading C0 controls and spaces, and every tab
    // and line break. Dropping every control character, and leading white
    // space of any kind, can only find more.
    let mut scheme = String::with_capacity(16);
    let mut rest = None;
    for (at, c) in url.char_indices() {
        if c.is_control() || (scheme.is_empty() && c.is_whitespace()) {
            continue;
        }
        if c == ':' {
            rest = Some(&url[at + 1..]);
            break;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) || scheme.len() > 10 {
            return false;
        }
        scheme.push(c.to_ascii_lowercase());
    }
    let Some(rest) = rest else {
        return false;
    };
    match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            let media: String = rest
                .chars()
                .filter(|c| !c.is_control())
                .skip_while(|c| c.is_whitespace())
                .take(6)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            media != "image/"
        }
        _ => false,
    }
}

/// Whether any item of a list of URLs (or of text holding URLs, such as
/// `0;url=...` or `url(...)`) runs code: every place a URL could start is
/// tried.
fn holds_script_url(value: &str) -> bool {
    let mut starts = true;
    for (at, c) in value.char_indices() {
        if starts && is_script_url(&value[at..]) {
            return true;
        }
        starts = !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    }
    false
}

/// The one judgement both modes share: whether attribute `name` (lower
/// case) of `element`, whose value reads `value` once references are
/// decoded, must go.
fn unsafe_attribute(element: &str, name: &str, value: &str, depth: usize) -> bool {
    if name == "srcdoc" {
        // The value is a document of its own, judged by the same rules.
        return depth >= SRCDOC_DEPTH
            || (may_hold_script_url(value)
                && rewrite(value, depth + 1).is_none_or(|cleaned| cleaned != value));
    }
    if URL_LIST_ATTRIBUTES.contains(&name) || (element == "meta" && name == "content") {
        return holds_script_url(value);
    }
    // Any attribute, not only the known URL ones: a script URL is never
    // needed as a value, and browsers keep adding attributes that load.
    is_script_url(value)
}

/// Character references decoded as an HTML parser decodes an attribute value.
fn decode(written: &str) -> std::borrow::Cow<'_, str> {
    htmlize::unescape_attribute(written)
}

/// Whether `html` could hold a script URL in any spelling: a cheap scan that
/// must never say no to one. A scheme is spelt either in letters (then
/// `script` or `data:`, which tabs and line breaks may split), or with
/// numeric references (`&#`), or with `&colon;`, `&Tab;` or `&NewLine;`
/// (the only named references that give a scheme's characters or vanish
/// from one, besides `&fjlig;`, whose `fj` no script scheme holds). An
/// `srcdoc` holds HTML whose references are escaped once more. An animation
/// sets a script URL only if its `to`, `values`, `from` or `by` holds one.
fn may_hold_script_url(html: &str) -> bool {
    static SUSPECT: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        let split = |word: &str| {
            word.chars()
                .map(|c| regex::escape(&c.to_string()))
                .collect::<Vec<_>>()
                .join("[\t\n\r]*")
        };
        let pattern = format!(
            "(?i){}|{}|&#|&colon|&tab|&newline|srcdoc",
            split("script"),
            split("data:")
        );
        regex::Regex::new(&pattern).ok()
    });
    SUSPECT
        .as_ref()
        .is_none_or(|suspect| suspect.is_match(html))
}

/// Raw HTML with every unsafe attribute and URL-setting animation removed;
/// `None` if the HTML does not end in plain HTML content (an open tag,
/// comment, raw-text element, SVG or MathML), or if lol_html gives up on it:
/// the caller then sanitises it.
fn rewrite(html: &str, depth: usize) -> Option<String> {
    if html.to_ascii_lowercase().contains(END_MARK) {
        return None;
    }
    let input = format!("{html}<{END_MARK}>");
    let ends_plain = Cell::new(false);
    let rewritten = rewrite_str(
        &input,
        RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
            let element = el.tag_name();
            if element == END_MARK {
                ends_plain.set(el.namespace_uri() == HTML_NAMESPACE);
                el.remove();
                return Ok(());
            }
            ends_plain.set(false);
            if ANIMATIONS.contains(&element.as_str()) {
                let target = el
                    .get_attribute("attributename")
                    .map(|name| decode(&name).trim().to_ascii_lowercase());
                if target.is_some_and(|name| URL_ATTRIBUTES.contains(&name.as_str())) {
                    el.remove();
                    return Ok(());
                }
            }
            let unsafe_names: Vec<String> = el
                .attributes()
                .iter()
                .filter(|attribute| {
                    unsafe_attribute(
                        &element,
                        &attribute.name(),
                        &decode(&attribute.value()),
                        depth,
                    )
                })
                .map(|attribute| attribute.name())
                .collect();
            for name in unsafe_names {
                el.remove_attribute(&name);
            }
            Ok(())
        })),
    );
    // lol_html fails on markup it cannot read without a full tree builder.
    let rewritten = rewritten.ok()?;
    ends_plain.get().then_some(rewritten)
}

/// Raw HTML reduced to ammonia's safe set, keeping what Markdown output
/// needs: ids and classes (footnotes), table alignment, and links; every
/// attribute left is judged by [`unsafe_attribute`] as in raw-HTML mode.
fn sanitise(html: &str) -> String {
    static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id", "class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            // ammonia hands over values with references decoded.
            .attribute_filter(|element, attribute, value| {
                (!unsafe_attribute(element, attribute, value, 0)).then(|| value.into())
            });
        let schemes: HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
        builder.url_schemes(schemes);
        builder
    });
    SANITISER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling a browser reads as a script URL, as written in an
    /// attribute value.
    const SCRIPT_SPELLINGS: &[&str] = &[
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " java\tscript:alert(1)",
        "\u{1}\u{20}javascript:alert(1)",
        "java\nscr\ript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#106avascript:alert(1)",
        "&#0000106;avascript:alert(1)",
        "&#0000106avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#x6A\navascript:alert(1)",
        "&#X0006a;avascript:alert(1)",
        "&#x6A&#x61&#x76&#x61script:alert(1)",
        "&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)",
        "javascript&colon;alert(1)",
        "javascript&#58alert(1)",
        "javascript&#x3a;alert(1)",
        "java&Tab;script:alert(1)",
        "java&#9script:alert(1)",
        "&NewLine;javascript:alert(1)",
        "jav&#x0D;ascript:alert(1)",
        "&#32;javascript:alert(1)",
        "&Tab;&NewLine;JaVa&#x09;ScRiPt&colon;alert(1)",
        "vbscript:msgbox",
        "VBScript&colon;msgbox",
        "data:text/html;base64,PHNjcmlwdD4=",
        "&#100;ata:text/html,<script>alert(1)</script>",
        "data&colon;text/html,x",
    ];

    /// Look-alikes that a browser does not read as script URLs.
    const HARMLESS_SPELLINGS: &[&str] = &[
        "https://example.org/",
        "/tags/x/",
        "#top",
        "mailto:a@b.example",
        "data:image/png;base64,AAAA",
        // Without its `;` a named reference is not decoded in an attribute.
        "javascript&colon",
        // U+FFFD and a letter are not a scheme.
        "&#0;javascript:alert(1)",
        "&#x6Aa;vascript:x",
        // A hex reference without `;` takes every hex digit after it.
        "&#x6Aavascript:alert(1)",
        "/javascript:alert(1)",
        "?javascript:alert(1)",
    ];

    #[test]
    fn every_spelling_of_a_script_url_is_one() {
        for url in SCRIPT_SPELLINGS {
            assert!(is_script_url(&decode(url)), "{url:?}");
        }
        for url in HARMLESS_SPELLINGS {
            assert!(!is_script_url(&decode(url)), "{url:?}");
        }
    }

    /// Each spelling in each URL attribute, in both modes: no element keeps
    /// the attribute.
    #[test]
    fn every_spelling_goes_from_every_url_attribute_in_both_modes() {
        for unsafe_html in [true, false] {
            for url in SCRIPT_SPELLINGS {
                for (open, close) in [
                    ("<a href=\"", "\">x</a>"),
                    ("<a href='", "'>x</a>"),
                    ("<img src=\"", "\">"),
                    ("<iframe src=\"", "\"></iframe>"),
                    (
                        "<form action=\"",
                        "\"><button formaction=\"x\">b</button></form>",
                    ),
                    ("<button formaction=\"", "\">b</button>"),
                    ("<object data=\"", "\"></object>"),
                    ("<embed src=\"", "\">"),
                    ("<svg><use xlink:href=\"", "\"/></svg>"),
                    ("<svg><a href=\"", "\"><text>x</text></a></svg>"),
                    ("<math href=\"", "\">x</math>"),
                    ("<video poster=\"", "\"></video>"),
                    ("<blockquote cite=\"", "\">q</blockquote>"),
                ] {
                    let html = format!("<p>{open}{url}{close}</p>");
                    let cleaned = clean_markdown_html(html.clone(), unsafe_html, true);
                    let lowered = cleaned.to_ascii_lowercase();
                    assert!(
                        !lowered.contains("script")
                            && !lowered.contains("&#")
                            && !lowered.contains("data"),
                        "unsafe_html = {unsafe_html}: {html:?} became {cleaned:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn attributes_that_set_urls_indirectly_go() {
        for html in [
            r#"<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>"#,
            r#"<svg><a><set attributeName="xlink:href" to="&#106avascript:alert(1)"/><text>x</text></a></svg>"#,
            r#"<svg><a><animate attributeName="href" values="https://ok.example/;javascript:alert(1)"/><text>x</text></a></svg>"#,
            r#"<svg><a><animate attributeName="href" from="javascript:alert(1)" to="/"/><text>x</text></a></svg>"#,
            r#"<svg><a><animate attributeName="hr&#101;f" by="javascript:alert(1)"/><text>x</text></a></svg>"#,
            r#"<svg><a><animateMotion attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>"#,
            r#"<meta http-equiv="refresh" content="0;url=javascript:alert(1)">"#,
            r#"<meta http-equiv="refresh" content="0; URL='java&#x73;cript&colon;alert(1)'">"#,
            r#"<img srcset="a.png 1x, javascript:alert(1) 2x">"#,
            r#"<img srcset="a.png 1x,&#x20;&#106;avascript:alert(1) 2x">"#,
            r#"<iframe srcdoc="<a href='javascript:alert(1)'>x</a>"></iframe>"#,
            r#"<iframe srcdoc="<a href='&amp;#106avascript:alert(1)'>x</a>"></iframe>"#,
            r#"<iframe srcdoc="&lt;a href=&quot;&amp;#106;avascript&amp;colon;alert(1)&quot;&gt;x&lt;/a&gt;"></iframe>"#,
            r#"<p style="background: url(javascript:alert(1))">x</p>"#,
        ] {
            for unsafe_html in [true, false] {
                let cleaned = clean_markdown_html(html.to_string(), unsafe_html, true);
                let lowered = cleaned.to_ascii_lowercase();
                assert!(
                    !lowered.contains("script")
                        && !lowered.contains("&#")
                        && !lowered.contains("colon"),
                    "unsafe_html = {unsafe_html}: {html:?} became {cleaned:?}"
                );
            }
        }
    }

    #[test]
    fn harmless_urls_and_embeds_stay_in_raw_html_mode() {
        let html = r#"<p><a href="https://ok.example/?a=1&amp;b=2">y</a></p><img src="data:image/png;base64,AAAA" srcset="a.png 1x, b.png 2x"><iframe srcdoc="<p>Hi</p>"></iframe><svg><a href="/x"><animate attributeName="fill" to="red"/></a></svg>"#;
        assert_eq!(clean_markdown_html(html.to_string(), true, true), html);
    }

    /// The quick scan that lets most sections skip the parse never skips
    /// a spelling, not even one escaped twice inside `srcdoc`.
    #[test]
    fn the_quick_scan_never_misses_a_spelling() {
        for url in SCRIPT_SPELLINGS {
            assert!(
                may_hold_script_url(&format!("<a href=\"{url}\">x</a>")),
                "{url:?}"
            );
            let twice = url.replace('&', "&amp;");
            assert!(
                may_hold_script_url(&format!(
                    "<iframe srcdoc=\"<a href='{twice}'>x</a>\"></iframe>"
                )),
                "{twice:?}"
            );
        }
        assert!(!may_hold_script_url(
            "<p>The council voted: <a href=\"https://example.org/\">AT&amp;T &quot;yes&quot;</a></p>"
        ));
    }

    /// Raw HTML that leaves a tag, a comment, a raw-text element or SVG open
    /// at the end of a section would make a browser read the next section
    /// differently from the check: such a section is sanitised instead.
    #[test]
    fn markup_left_open_at_the_end_of_a_section_is_sanitised() {
        let next = "<p title=' src=javascript:alert(1) '>x</p>";
        for open in [
            "<iframe title='\n",
            "<p>x<a title=\"",
            "<p>x<!-- ",
            "<xmp>",
            "<textarea>",
            "<svg><a>",
            "<math>",
            "<p>x<newsgen-end-of-section>",
        ] {
            let first = clean_markdown_html(open.to_string(), true, true);
            let second = clean_markdown_html(next.to_string(), true, true);
            let joined = format!("{first}<h2 id=\"h\">H</h2>\n{second}");
            assert!(
                !first.contains(open.trim_start_matches("<p>x")),
                "{open:?} was kept: {first:?}"
            );
            // What the next section holds is text or an attribute of a closed tag.
            assert!(joined.ends_with(next), "{joined:?}");
        }
        let closed = "<div><p>Still open div, closed tags</p>";
        assert_eq!(clean_markdown_html(closed.to_string(), true, true), closed);
    }

    #[test]
    fn script_urls_split_by_tabs_or_line_breaks_go() {
        let html = "<p><a href=\"javascr\tipt:alert(1)\">x</a><img src=\"da\nta:text/html,x\"></p>";
        let cleaned = clean_markdown_html(html.to_string(), true, true);
        assert!(
            !cleaned.contains("href") && !cleaned.contains("src"),
            "{cleaned}"
        );
    }

    #[test]
    fn raw_html_is_kept_but_script_urls_go() {
        let html = r#"<p><a href="javascript:alert(1)">x</a> <a href="https://ok.example/">y</a></p><iframe src="https://embed.example/v"></iframe><img src="&#106;avascript:alert(2)" alt="z">"#;
        let cleaned = clean_markdown_html(html.to_string(), true, true);
        assert_eq!(
            cleaned,
            r#"<p><a>x</a> <a href="https://ok.example/">y</a></p><iframe src="https://embed.example/v"></iframe><img alt="z">"#
        );
    }

    #[test]
    fn sanitised_mode_removes_scripts_handlers_and_embeds() {
        let html = r##"<p onclick="steal()">Hi<script>alert(1)</script></p><img src="x.png" onerror="alert(1)"><sup class="footnote-reference"><a href="#1">1</a></sup><iframe src="https://embed.example/"></iframe>"##;
        let cleaned = clean_markdown_html(html.to_string(), false, true);
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
