//! Hashtag links in a wire article's body, kept only where their tag has a
//! page. The copydesk links each hashtag that is one of the article's own
//! tags as it reads the file (`ingest::copydesk::inline`), before the
//! corpus is known; whether that tag gets a page (`tags.min_articles`) is
//! decided only once every article is filed, so the links to tags without
//! one are turned back into text here, when the page is made.

use crate::article::Section;

/// How the copydesk opens a hashtag link: `<a class="hashtag" href="URL"
/// rel="tag">#name</a>`, the name escaped and holding no markup.
const OPENING: &str = "<a class=\"hashtag\" href=\"";
const AFTER_URL: &str = "\" rel=\"tag\">";
const CLOSING: &str = "</a>";

/// `sections` with every hashtag link whose URL (as written in the HTML,
/// escaped) is not one of `linked` made plain text. Sections without a
/// hashtag link are left as they are.
pub(crate) fn keep_links_to(sections: &mut [Section], linked: &[String]) {
    for section in sections {
        if let Some(html) = unlinked(&section.html, linked) {
            section.html = html;
        }
    }
}

/// `html` with the hashtag links to other URLs than `linked` made text, or
/// `None` when there is none.
fn unlinked(html: &str, linked: &[String]) -> Option<String> {
    if !html.contains(OPENING) {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let (mut rest, mut changed) = (html, false);
    while let Some(at) = rest.find(OPENING) {
        let after = &rest[at + OPENING.len()..];
        let link = after.find(AFTER_URL).and_then(|url_end| {
            let text = &after[url_end + AFTER_URL.len()..];
            let text_end = text.find(CLOSING)?;
            Some((&after[..url_end], &text[..text_end]))
        });
        let Some((url, text)) = link.filter(|(url, _)| !linked.iter().any(|l| l == url)) else {
            out.push_str(&rest[..at + OPENING.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at]);
        out.push_str(text);
        let consumed = OPENING.len() + url.len() + AFTER_URL.len() + text.len() + CLOSING.len();
        rest = &rest[at + consumed..];
        changed = true;
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::copydesk::inline;

    #[test]
    fn links_to_tags_without_a_page_become_text() {
        let url = |name: &str| Some(format!("/tags/{}/", name.to_lowercase()));
        let html = inline::render("Live: #Oslo and #Bergen, see www.example.org #Oslo", &url);
        let mut sections = vec![Section {
            heading: None,
            id: None,
            html: html.clone(),
        }];
        keep_links_to(&mut sections, &["/tags/oslo/".to_string()]);
        let kept = &sections[0].html;
        assert_eq!(kept.matches("href=\"/tags/oslo/\"").count(), 2, "{kept}");
        assert!(kept.contains(" and #Bergen, see <a href=\"https://www.example.org\""));
        assert!(!kept.contains("/tags/bergen/"), "{kept}");
        assert_eq!(
            unlinked(&html, &["/tags/oslo/".into(), "/tags/bergen/".into()]),
            None
        );
        assert_eq!(unlinked("no links", &[]), None);
    }
}
