//! A Markdown article's body: CommonMark rendered by pulldown-cmark (tables,
//! footnotes, strikethrough, smart punctuation) into sections at its `##`
//! headings, with the plain text the article needs besides: its lead (for
//! the summary), its word count and, for tagging, the text of its blocks.
//!
//! `markdown` (`ingest/markdown.rs`) calls this with the text after the
//! front matter (`front_matter`); `ingest::safety` cleans the HTML of each
//! section.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::article::Section;
use crate::article::slug::heading_id;
use crate::article::text::word_count;

pub(super) struct RenderedMarkdown {
    pub sections: Vec<Section>,
    /// The plain text of the first paragraph.
    pub lead: String,
    /// The plain text of every paragraph, heading and list item, for
    /// tagging (only when asked for).
    pub texts: Vec<String>,
    pub words: usize,
    /// The pictures the body shows from files (`![alt](photo.jpg)`), as
    /// written, each once: they get variants like a lead picture.
    pub images: Vec<String>,
}

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// A front matter summary as plain text (its first paragraph), with the body's smart punctuation
/// ("--" becomes a dash).
pub(super) fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) => break,
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Renders the body, split into sections at its `##` headings; with
/// `collect_texts`, also the plain text of its blocks for tagging.
pub(super) fn render_markdown(
    body: &str,
    unsafe_html: bool,
    collect_texts: bool,
) -> RenderedMarkdown {
    let mut reading = Reading::new(unsafe_html, collect_texts);
    for event in Parser::new_ext(body, OPTIONS) {
        reading.event(event);
    }
    reading.finish()
}

/// A body being rendered, event by event.
struct Reading<'a> {
    unsafe_html: bool,
    collect_texts: bool,
    sections: Vec<Section>,
    /// The events of the section being read, since its heading.
    section_events: Vec<Event<'a>>,
    /// Whether those events hold raw HTML from the file.
    section_raw_html: bool,
    /// The `##` heading that opened the section being read: (text, id).
    pending_heading: Option<(String, String)>,
    in_h2: bool,
    /// The heading ids given so far, kept unique.
    ids: Vec<String>,
    texts: Vec<String>,
    /// The plain text of the block being read.
    current_text: String,
    /// Text counts for the lead and tagging only inside paragraphs, list
    /// items and headings, never in code blocks or tables.
    text_blocks: usize,
    code: bool,
    lead: Option<String>,
    words: usize,
    images: Vec<String>,
}

impl<'a> Reading<'a> {
    fn new(unsafe_html: bool, collect_texts: bool) -> Reading<'a> {
        Reading {
            unsafe_html,
            collect_texts,
            sections: Vec::new(),
            section_events: Vec::new(),
            section_raw_html: false,
            pending_heading: None,
            in_h2: false,
            ids: Vec::new(),
            texts: Vec::new(),
            current_text: String::new(),
            text_blocks: 0,
            code: false,
            lead: None,
            words: 0,
            images: Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'a>) {
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. }) => self.text_blocks += 1,
            Event::Start(Tag::CodeBlock(_)) => self.code = true,
            Event::End(TagEnd::CodeBlock) => self.code = false,
            _ => {}
        }
        match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                self.in_h2 = true;
                self.current_text.clear();
                return;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                self.end_h2();
                return;
            }
            Event::Text(text) | Event::Code(text) => {
                self.words += word_count(text);
                if self.text_blocks > 0 && !self.code {
                    self.current_text.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.text_blocks > 0 => {
                self.current_text.push(' ');
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                self.end_block(matches!(event, Event::End(TagEnd::Paragraph)));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let dest = dest_url.trim();
                let local = !dest.is_empty() && !dest.contains(':') && !dest.starts_with("//");
                if local && !self.images.iter().any(|known| known == dest) {
                    self.images.push(dest.to_string());
                }
            }
            _ => {}
        }
        if !self.in_h2 {
            self.section_raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
            self.section_events.push(event);
        }
    }

    /// A `##` heading ends: the section before it is done, and the heading
    /// opens the next.
    fn end_h2(&mut self) {
        self.in_h2 = false;
        self.text_blocks = self.text_blocks.saturating_sub(1);
        self.finish_section(false);
        let text = self.current_text.trim().to_string();
        let id = heading_id(&mut self.ids, &text);
        if self.collect_texts {
            self.texts.push(text.clone());
        }
        self.pending_heading = Some((text, id));
        self.current_text.clear();
    }

    /// A paragraph, list item or other heading ends: its text is the lead
    /// (the first paragraph) and, when asked for, one of the texts.
    fn end_block(&mut self, paragraph: bool) {
        self.text_blocks = self.text_blocks.saturating_sub(1);
        let text = self.current_text.trim();
        if paragraph && self.lead.is_none() {
            self.lead = Some(text.to_string());
        }
        if self.collect_texts && !text.is_empty() {
            self.texts.push(text.to_string());
        }
        self.current_text.clear();
    }

    /// Renders the section read so far, which is kept if it has a heading
    /// or HTML (or if `even_empty`).
    fn finish_section(&mut self, even_empty: bool) {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.section_events.drain(..));
        let raw_html = std::mem::take(&mut self.section_raw_html);
        let html = crate::ingest::safety::clean_markdown_html(html, self.unsafe_html, raw_html);
        let (heading, id) = self
            .pending_heading
            .take()
            .map_or((None, None), |(h, id)| (Some(h), Some(id)));
        if heading.is_some() || !html.is_empty() || even_empty {
            self.sections.push(Section { heading, id, html });
        }
    }

    fn finish(mut self) -> RenderedMarkdown {
        // A body with nothing in it still has one (empty) section.
        self.finish_section(self.sections.is_empty());
        RenderedMarkdown {
            sections: self.sections,
            lead: self.lead.unwrap_or_default(),
            texts: self.texts,
            words: self.words,
            images: self.images,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::markdown::tests::read_text;

    #[test]
    fn the_lead_is_paragraph_text_never_code_or_tables() {
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\n+++\n```\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| Oslo | Rome |\n\nThe council voted.\n",
        );
        assert_eq!(article.unwrap().summary, "The council voted.");
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\nsummary = \"A *first* -- short\\n\\nsecond\"\n+++\nBody.\n",
        );
        assert_eq!(article.unwrap().summary, "A first – short");
    }

    #[test]
    fn body_is_split_into_sections_at_h2() {
        let (article, _) = read_text(
            "+++\ntitle = \"T\"\ndate = 2022-02-01\n+++\nLead.\n\n## Next *steps*\n\nMore.\n\n### Detail\n\nText.\n\n## Next steps\n\nEnd.\n",
        );
        let sections = article.unwrap().sections;
        let headings: Vec<_> = sections
            .iter()
            .map(|s| (s.heading.as_deref(), s.id.as_deref()))
            .collect();
        assert_eq!(
            headings,
            [
                (None, None),
                (Some("Next steps"), Some("next-steps")),
                (Some("Next steps"), Some("next-steps-2"))
            ]
        );
        assert_eq!(sections[0].html, "<p>Lead.</p>\n");
        assert_eq!(
            sections[1].html,
            "<p>More.</p>\n<h3>Detail</h3>\n<p>Text.</p>\n"
        );
    }
}
