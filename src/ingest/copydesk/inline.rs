//! Inline text to HTML: escaping, and links for bare URLs, e-mail
//! addresses and #hashtags (to the tag page of the hashtag).

use std::sync::LazyLock;

use regex::Regex;

use crate::article::text::escape_html;

static LINKABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<url>https?://[^\s<>]+|www\.[^\s<>]+\.[^\s<>]+)|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?P<hashtag>#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)",
    )
    // The pattern is a constant, checked by the tests below.
    .unwrap_or_else(|err| panic!("invalid link pattern: {err}"))
});

/// The hashtags in `text`, without `#`, in order of appearance.
pub(crate) fn hashtags(text: &str) -> Vec<&str> {
    if !text.contains('#') {
        return Vec::new();
    }
    LINKABLE
        .captures_iter(text)
        .filter_map(|c| c.name("hashtag"))
        .filter(|m| starts_a_word(text, m.start()))
        .map(|m| &m.as_str()[1..])
        .collect()
}

/// Escapes `text` and links what is linkable. `tag_url` gives the URL of a
/// hashtag's tag page, or `None` to leave it as text.
pub(crate) fn render(text: &str, tag_url: &dyn Fn(&str) -> Option<String>) -> String {
    // A URL holds "://" or starts "www.", an address '@', a hashtag '#':
    // text with none of them is only escaped.
    if !text.contains([':', '@', '#']) && !text.contains("www.") {
        return escape_html(text);
    }
    let mut html = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for found in LINKABLE.captures_iter(text) {
        let Some(whole) = found.get(0) else { continue };
        let (start, mut end) = (whole.start(), whole.end());
        let link = if found.name("url").is_some() {
            end = start + trim_url(whole.as_str()).len();
            let url = &text[start..end];
            let href = if url.starts_with("www.") {
                format!("https://{url}")
            } else {
                url.to_string()
            };
            format!(
                "<a href=\"{}\" rel=\"nofollow\">{}</a>",
                escape_html(&href),
                escape_html(url)
            )
        } else if found.name("email").is_some() {
            let address = whole.as_str().trim_end_matches('.');
            end = start + address.len();
            format!("<a href=\"mailto:{0}\">{0}</a>", escape_html(address))
        } else {
            let name = &whole.as_str()[1..];
            match tag_url(name).filter(|_| starts_a_word(text, start)) {
                Some(url) => format!(
                    "<a class=\"hashtag\" href=\"{}\" rel=\"tag\">#{}</a>",
                    escape_html(&url),
                    escape_html(name)
                ),
                None => continue,
            }
        };
        html.push_str(&escape_html(&text[last..start]));
        html.push_str(&link);
        last = end;
    }
    html.push_str(&escape_html(&text[last..]));
    html
}

/// A hashtag starts a word: `#NATO`, not `AT&T#1` or `page#anchor`.
fn starts_a_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '&' | '/' | '#')))
}

/// A URL without the punctuation that ends the sentence around it; a closing
/// bracket stays when the URL opened one.
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'', '”', '’']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_tags(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn links_urls_and_emails_and_escapes_the_rest() {
        assert_eq!(
            render(
                "See https://example.org/a?b=1&c=2. Or <mail> press@agency.example.",
                &no_tags
            ),
            "See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow\">https://example.org/a?b=1&amp;c=2</a>. Or &lt;mail&gt; <a href=\"mailto:press@agency.example\">press@agency.example</a>."
        );
        assert_eq!(
            render("(see www.example.org/x)", &no_tags),
            "(see <a href=\"https://www.example.org/x\" rel=\"nofollow\">www.example.org/x</a>)"
        );
        assert_eq!(
            render(
                "the page (https://en.example.org/wiki/A_(b)) here",
                &no_tags
            ),
            "the page (<a href=\"https://en.example.org/wiki/A_(b)\" rel=\"nofollow\">https://en.example.org/wiki/A_(b)</a>) here"
        );
    }

    #[test]
    fn hashtags_link_to_their_tag_page() {
        let tags = |name: &str| Some(format!("/tags/{}/", name.to_lowercase()));
        assert_eq!(
            render("Ally #Hungary, not AT&T#1 or #2024.", &tags),
            "Ally <a class=\"hashtag\" href=\"/tags/hungary/\" rel=\"tag\">#Hungary</a>, not AT&amp;T#1 or #2024."
        );
        assert_eq!(
            hashtags("#NATO and #Russia, see x.org/#frag and #hetebølge"),
            ["NATO", "Russia", "hetebølge"]
        );
    }

    #[test]
    fn javascript_urls_are_never_links() {
        assert_eq!(
            render("javascript:alert(1)", &no_tags),
            "javascript:alert(1)"
        );
    }
}
