//! The copy desk: reads raw wire text the way a subeditor does.
//!
//! Given a wire body's paragraphs, it repairs damaged characters (`repair`),
//! takes the dateline off the lead (`dateline`), finds the headline
//! (`headline`), tells subheadings, pasted tweets, lists and the credit line
//! from paragraphs (`structure`), and renders the result with links for bare
//! URLs, e-mail addresses and hashtags (`inline`). `ingest::wire` calls it;
//! it knows nothing of files or dates.

pub(crate) mod dateline;
pub(crate) mod headline;
pub(crate) mod inline;
pub(crate) mod repair;
pub(crate) mod structure;

use rustc_hash::FxHashSet;

use crate::article::Section;
use crate::article::slug::heading_id;
use crate::article::text::{escape_html, summarize, word_count};
pub(crate) use dateline::Dateline;
pub(crate) use structure::{Block, RawParagraph, Tweet};

/// The summary (see `headline`) is cut to about this many words.
const SUMMARY_WORDS: usize = 50;

/// A wire story as an editor reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Story {
    pub headline: String,
    pub dateline: Option<Dateline>,
    pub blocks: Vec<Block>,
    /// "(With inputs from agencies)", shown as a credit line.
    pub credit: Option<String>,
    /// What the card says under the headline: the lead's sentences after
    /// the headline's, else the next paragraph (see `headline`), cut to
    /// about 50 words at a sentence.
    pub summary: String,
    /// Hashtags in order of appearance, without `#`.
    pub hashtags: Vec<String>,
    pub word_count: usize,
}

impl Story {
    /// Reads the paragraphs of a wire body (each a list of trimmed lines).
    /// `None` when there is no text at all.
    pub(crate) fn edit(paragraphs: Vec<RawParagraph>) -> Option<Story> {
        let mut paragraphs: Vec<RawParagraph> = paragraphs
            .into_iter()
            .map(|lines| {
                repair::repair_paragraph(lines.into_iter().map(single_spaced).collect())
                    .into_iter()
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|lines| !lines.is_empty())
            .collect();
        if paragraphs.is_empty() {
            return None;
        }

        let several = paragraphs.len() > 1;
        let credit = match paragraphs.last_mut() {
            Some(last) if several && structure::is_credit(&last.join(" ")) => {
                paragraphs.pop().map(|lines| lines.join(" "))
            }
            // "… sentence. (Reporting by X; Editing by Y)"
            Some(last) => structure::take_trailing_credit(last),
            None => None,
        };
        // A short heading-like first paragraph is the headline itself.
        let mut headline = None;
        if paragraphs.len() > 1
            && structure::is_heading_like(&paragraphs[0])
            && headline::is_headline(&paragraphs[0].join(" "))
        {
            headline = Some(headline::fit(&paragraphs.remove(0).join(" ")));
        }
        let lead = paragraphs[0].join(" ");
        let dateline = dateline::split_dateline(&lead).map(|(dateline, rest)| {
            paragraphs[0] = vec![rest.to_string()];
            dateline
        });

        let blocks = structure::blocks(&paragraphs);
        let lead = blocks
            .iter()
            .find_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                _ => None,
            })
            .unwrap_or_else(|| block_text(&blocks[0]));
        // The headline and the summary under it; a heading-like first
        // paragraph is not from the lead, so the lead is then the summary.
        let (headline, summary) = match headline {
            Some(headline) => (headline, summarize(lead, SUMMARY_WORDS)),
            None => {
                let written = headline::write(&blocks, lead, SUMMARY_WORDS);
                (written.headline, written.summary)
            }
        };
        let mut hashtags: Vec<String> = Vec::new();
        // Each hashtag once, found in a set: a list searched for every
        // hashtag made a text of many hashtags quadratic.
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut words = 0;
        for block in &blocks {
            for text in texts(block) {
                words += word_count(text);
                for tag in inline::hashtags(text) {
                    if seen.insert(tag) {
                        hashtags.push(tag.to_string());
                    }
                }
            }
        }
        Some(Story {
            summary,
            headline,
            dateline,
            blocks,
            credit,
            hashtags,
            word_count: words,
        })
    }

    /// The plain text of the body, block by block (tweets' text, list items
    /// and subheadings as entries of their own), for tagging.
    pub(crate) fn plain_texts(&self) -> Vec<&str> {
        self.blocks.iter().flat_map(texts).collect()
    }

    /// The body as sections, each opened by a subheading (the first may have
    /// none). `tag_url` links a hashtag to its tag page, or leaves it as text.
    pub(crate) fn sections(&self, tag_url: &dyn Fn(&str) -> Option<String>) -> Vec<Section> {
        let mut sections = vec![Section::default()];
        let mut ids: Vec<String> = Vec::new();
        for block in &self.blocks {
            let Some(section) = sections.last_mut() else {
                continue;
            };
            let html = &mut section.html;
            match block {
                Block::Subheading(text) => {
                    let id = heading_id(&mut ids, text);
                    sections.push(Section {
                        heading: Some(text.clone()),
                        id: Some(id),
                        html: String::new(),
                    });
                }
                Block::Paragraph(text) => {
                    html.push_str("<p>");
                    html.push_str(&inline::render(text, tag_url));
                    html.push_str("</p>\n");
                }
                Block::List(items) => {
                    html.push_str("<ul>\n");
                    for item in items {
                        html.push_str(&format!("<li>{}</li>\n", inline::render(item, tag_url)));
                    }
                    html.push_str("</ul>\n");
                }
                Block::Tweet(tweet) => html.push_str(&tweet_html(tweet, tag_url)),
            }
        }
        if sections.len() > 1 && sections[0].html.is_empty() {
            sections.remove(0);
        }
        sections
    }
}

/// `line` with its words separated by single spaces, and no space at
/// either end; itself when it is so already (nearly always).
fn single_spaced(line: String) -> String {
    let spaced = !line.starts_with(' ')
        && !line.ends_with(' ')
        && !line.contains("  ")
        && line.bytes().enumerate().all(|(at, byte)| match byte {
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => false,
            // The first bytes of the white space beyond ASCII.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => !line
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_whitespace),
            _ => true,
        });
    if spaced {
        line
    } else {
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn texts(block: &Block) -> Vec<&str> {
    match block {
        Block::Paragraph(text) | Block::Subheading(text) => vec![text.as_str()],
        Block::List(items) => items.iter().map(String::as_str).collect(),
        Block::Tweet(tweet) => vec![tweet.text.as_str(), tweet.author.as_str()],
    }
}

fn block_text(block: &Block) -> &str {
    texts(block).first().copied().unwrap_or_default()
}

fn tweet_html(tweet: &Tweet, tag_url: &dyn Fn(&str) -> Option<String>) -> String {
    let date = match tweet.date {
        Some(date) => format!(
            " <time datetime=\"{}\">{}</time>",
            date.format("%Y-%m-%d"),
            escape_html(&tweet.date_text)
        ),
        None if tweet.date_text.is_empty() => String::new(),
        None => format!(" {}", escape_html(&tweet.date_text)),
    };
    // A tweet pasted with only its picture link names no author.
    let caption = if tweet.handle.is_empty() {
        String::new()
    } else {
        format!(
            "\n<figcaption>— {} (<a href=\"https://x.com/{}\" rel=\"nofollow\">@{}</a>){date}</figcaption>",
            escape_html(&tweet.author),
            escape_html(&tweet.handle),
            escape_html(&tweet.handle),
        )
    };
    format!(
        "<figure class=\"tweet\">\n<blockquote><p>{}</p></blockquote>{caption}\n</figure>\n",
        inline::render(&tweet.text, tag_url),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_kept_once_in_order_of_first_use() {
        // 50,000 hashtags, each written twice: found in a set, this is
        // quick; searched for in the list it took minutes.
        let count = 50_000;
        let line: Vec<String> = (0..count)
            .chain(0..count)
            .map(|i| format!("#a{i}"))
            .collect();
        let story = Story::edit(vec![vec!["A story.".into()], vec![line.join(" ")]]).unwrap();
        assert_eq!(story.hashtags.len(), count);
        assert_eq!(story.hashtags[..3], ["a0", "a1", "a2"]);
        assert_eq!(story.hashtags[count - 1], format!("a{}", count - 1));
        // Spelled differently is another hashtag here; tags merge them later.
        let story = Story::edit(vec![vec!["#NATO, #nato and #NATO.".into()]]).unwrap();
        assert_eq!(story.hashtags, ["NATO", "nato"]);
    }
}
