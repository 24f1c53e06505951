//! The structure of a wire body: which paragraph is a subheading, a pasted
//! tweet, a list, or the closing credit line.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// A block of the body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Paragraph(String),
    /// A short heading-like line followed by a paragraph.
    Subheading(String),
    /// A pasted tweet: `text — Name (@handle) Month D, YYYY`.
    Tweet(Tweet),
    /// A run of short lines.
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tweet {
    pub text: String,
    pub author: String,
    pub handle: String,
    /// As written: "January 31, 2022".
    pub date_text: String,
    pub date: Option<NaiveDate>,
}

/// A subheading or list item has at most this many words.
const SHORT_LINE_WORDS: usize = 16;

/// The month of a tweet's date, in full or cut to three letters.
const MONTH: &str = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?";

/// A tweet's attribution: `— Name (@handle) Month D, YYYY`, the dash
/// written `—`, `–`, `-`, `--`, or lost (`?`, U+FFFD), the date optional.
static TWEET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?P<text>.*?\S)(?:\s*[—–]\s*|\s+-\s+|\s*--\s*|\s+[?\u{{FFFD}}]\s+)|[—–?\u{{FFFD}}-]{{0,2}}\s*)(?P<author>[^()\n—–]{{0,60}}?)\s*\(@(?P<handle>\w{{1,15}})\)\s*(?P<date>{MONTH} \d{{1,2}},? \d{{4}})?\s*$"
    ))
    // The pattern is a constant, checked by the tests below.
    .unwrap_or_else(|err| panic!("invalid tweet pattern: {err}"))
});

/// A tweet pasted with its picture link and no attribution: the link
/// (and at most a stray dash) ends the paragraph.
static PIC_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<text>.*\S)\s*pic\.twitter\.com/\w+\s*[—–-]?\s*$")
        // The pattern is a constant, checked by the tests below.
        .unwrap_or_else(|err| panic!("invalid picture link pattern: {err}"))
});

/// A pasted tweet is at most this many characters (its text with links).
const TWEET_CHARS: usize = 400;

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\((?:with )?(?:inputs?|reporting|writing|editing|additional reporting|compiled|source)\b[^()]*\)|\([^()]{0,60}\b(?:agencies|news agency|Reuters|AP|AFP|PTI|IANS|ANI|TASS)\b[^()]*\)|(?:reporting|writing|editing|additional reporting) by\b.{0,200})$")
        // The pattern is a constant, checked by the tests below.
        .unwrap_or_else(|err| panic!("invalid credit pattern: {err}"))
});

/// A paragraph as the wire gave it: its lines, trimmed.
pub(crate) type RawParagraph = Vec<String>;

/// Whether the closing paragraph is an agency credit, e.g. "(With inputs from agencies)".
pub(crate) fn is_credit(paragraph: &str) -> bool {
    paragraph.chars().count() <= 240 && CREDIT.is_match(paragraph.trim())
}

/// Takes a credit off the end of the last paragraph: "… said. (Reporting
/// by Ann Lee; Editing by Tom Hay)". The credit must follow a finished
/// sentence and be bracketed; the paragraph keeps its sentence.
pub(crate) fn take_trailing_credit(lines: &mut RawParagraph) -> Option<String> {
    let line = lines.last_mut()?;
    if !line.ends_with(')') {
        return None;
    }
    let at = line.rfind('(')?;
    let (sentence, credit) = line.split_at(at);
    let sentence = sentence.trim_end();
    let finished = sentence.ends_with(['.', '!', '?', '”', '"', '’']);
    if sentence.is_empty() || !finished || !is_credit(credit) {
        return None;
    }
    let credit = credit.to_string();
    let kept = sentence.len();
    line.truncate(kept);
    Some(credit)
}

/// A tweet pasted as one paragraph: its text and attribution, or its text
/// ending on a picture link, or an attribution alone (its text empty: the
/// paragraph before holds it).
pub(crate) fn as_tweet(paragraph: &str) -> Option<Tweet> {
    // Every tweet names its author's handle or links its picture; most
    // paragraphs can be passed over without running the patterns.
    if paragraph.contains("(@")
        && let Some(found) = TWEET.captures(paragraph)
    {
        let part = |name: &str| {
            found
                .name(name)
                .map_or("", |m| m.as_str())
                .trim()
                .to_string()
        };
        let text = part("text");
        let author = part("author");
        // A handle in a sentence ("asked (@ann) why") is no attribution.
        let attributed = text.is_empty()
            || paragraph[found.name("text").map_or(0, |m| m.end())..]
                .trim_start()
                .starts_with(['—', '–', '-', '?', LOST]);
        if attributed && text.chars().count() <= TWEET_CHARS {
            let date_text = part("date");
            return Some(Tweet {
                text,
                author,
                handle: part("handle"),
                date: tweet_date(&date_text),
                date_text,
            });
        }
    }
    if paragraph.contains("pic.twitter.com/") && paragraph.chars().count() <= TWEET_CHARS {
        let found = PIC_LINK.captures(paragraph)?;
        return Some(Tweet {
            text: found.name("text")?.as_str().trim().to_string(),
            author: String::new(),
            handle: String::new(),
            date_text: String::new(),
            date: None,
        });
    }
    None
}

/// What stands for a character the scraper lost.
const LOST: char = '\u{FFFD}';

/// "January 31, 2022", "Jan 31, 2022" or "Sept. 3 2016".
fn tweet_date(text: &str) -> Option<NaiveDate> {
    if text.is_empty() {
        return None;
    }
    let cleaned = text.replace(['.', ','], "").replace("Sept ", "Sep ");
    ["%B %d %Y", "%b %d %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&cleaned, format).ok())
}

/// A single short line with no closing punctuation: "In times of peace &
/// crisis, we are united in NATO: Jens Stoltenberg".
pub(crate) fn is_heading_like(lines: &[String]) -> bool {
    let [line] = lines else { return false };
    let line = line.trim();
    let last = line
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .chars()
        .next_back();
    let first = line.chars().next();
    // The cheap tests first: most paragraphs end with a full stop.
    !line.is_empty()
        && !last.is_some_and(|c| matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '…'))
        && first.is_some_and(|c| {
            c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'')
        })
        && line.chars().count() <= 120
        && crate::article::text::words(line).count() <= SHORT_LINE_WORDS
        && !line.contains("://")
        && !not_a_heading(line)
}

/// A line holding a link, an @handle, a hashtag or a photo credit is never
/// a heading, however short: captions and pasted social posts look like one.
fn not_a_heading(line: &str) -> bool {
    const PHOTO: [&str; 7] = [
        "(Photo",
        "Photo by",
        "Photo:",
        "Getty Images",
        "AP Photo",
        "Image copyright",
        "pic.twitter.com",
    ];
    line.contains("www.")
        || line
            .split_whitespace()
            .any(|word| word.len() > 1 && word.starts_with(['@', '#']))
        || PHOTO.iter().any(|pattern| line.contains(pattern))
}

/// Several short lines in one paragraph that read as items, not as a
/// hard-wrapped paragraph: bulleted, or each starting with a capital.
fn is_list(lines: &[String]) -> bool {
    if lines.len() < 2
        || lines
            .iter()
            .any(|l| l.split_whitespace().count() > SHORT_LINE_WORDS)
    {
        return false;
    }
    let bulleted = lines.iter().all(|l| bullet(l).is_some());
    let capitalised = lines.iter().all(|l| {
        l.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    });
    let wrapped = lines.iter().any(|l| l.ends_with(['-', ',']));
    bulleted || (capitalised && !wrapped)
}

/// The item text of a bulleted line (`- item`, `• item`, `* item`).
fn bullet(line: &str) -> Option<&str> {
    ["- ", "• ", "* ", "– ", "— "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim)
}

fn list_item(line: &str) -> String {
    bullet(line).unwrap_or(line).to_string()
}

/// Classifies the paragraphs of a body (the credit line already taken off).
pub(crate) fn blocks(paragraphs: &[RawParagraph]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::with_capacity(paragraphs.len());
    let heading_like: Vec<bool> = paragraphs.iter().map(|p| is_heading_like(p)).collect();
    let mut index = 0;
    while index < paragraphs.len() {
        let lines = &paragraphs[index];
        // A run of heading-like lines is a list, not a run of headings.
        let run = heading_like[index..].iter().take_while(|&&h| h).count();
        if run >= 2 {
            let items = paragraphs[index..index + run]
                .iter()
                .map(|p| list_item(&p[0]))
                .collect();
            blocks.push(Block::List(items));
            index += run;
            continue;
        }
        let joined = lines.join(" ");
        let followed_by_paragraph = heading_like.get(index + 1).is_some_and(|&next| !next);
        if let Some(tweet) = as_tweet(&joined) {
            push_tweet(&mut blocks, tweet);
        } else if run == 1 && followed_by_paragraph && !next_is_attribution(paragraphs, index) {
            blocks.push(Block::Subheading(joined));
        } else if lines.len() > 2 && lines[0].ends_with(':') && is_list(&lines[1..]) {
            // "The priorities are:" introduces the list that follows.
            blocks.push(Block::Paragraph(lines[0].clone()));
            blocks.push(Block::List(
                lines[1..].iter().map(|l| list_item(l)).collect(),
            ));
        } else if is_list(lines) {
            blocks.push(Block::List(lines.iter().map(|l| list_item(l)).collect()));
        } else {
            blocks.push(Block::Paragraph(joined));
        }
        index += 1;
    }
    blocks
}

/// Whether the paragraph after `index` is a tweet's attribution alone, so
/// `index` is the tweet's text and no subheading.
fn next_is_attribution(paragraphs: &[RawParagraph], index: usize) -> bool {
    paragraphs
        .get(index + 1)
        .and_then(|next| as_tweet(&next.join(" ")))
        .is_some_and(|tweet| tweet.text.is_empty())
}

/// Adds a tweet; when the paragraph before it already quotes the tweet's
/// text, the quote is taken out of it so the text appears once.
fn push_tweet(blocks: &mut Vec<Block>, mut tweet: Tweet) {
    if tweet.text.is_empty() {
        // An attribution alone: the tweet is the paragraph before, or the
        // tweet before that had only its picture link.
        match blocks.last_mut() {
            Some(Block::Tweet(before)) if before.handle.is_empty() => {
                before.author = tweet.author;
                before.handle = tweet.handle;
                before.date_text = tweet.date_text;
                before.date = tweet.date;
                return;
            }
            Some(Block::Paragraph(before)) if before.chars().count() <= TWEET_CHARS => {
                tweet.text = std::mem::take(before);
                blocks.pop();
            }
            _ => {}
        }
        blocks.push(Block::Tweet(tweet));
        return;
    }
    if let Some(Block::Paragraph(previous)) = blocks.last_mut() {
        let text = tweet.text.trim();
        if previous.trim() == text {
            blocks.pop();
        } else if let Some(at) = previous.find(text) {
            let mut start = at;
            let mut end = at + text.len();
            // Take the quotation marks around it too.
            if let Some(open) = previous[..start]
                .chars()
                .next_back()
                .filter(|c| matches!(c, '"' | '“'))
            {
                start -= open.len_utf8();
            }
            if let Some(close) = previous[end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '”'))
            {
                end += close.len_utf8();
            }
            let kept = format!("{}{}", &previous[..start], &previous[end..]);
            let mut kept = kept.trim_end().to_string();
            if kept.ends_with(',') {
                kept.pop();
                kept.push(':');
            } else if ["wrote", "said", "tweeted", "posted"]
                .iter()
                .any(|verb| kept.ends_with(verb))
            {
                kept.push(':');
            }
            if kept.trim().is_empty() {
                blocks.pop();
            } else {
                *previous = kept;
            }
        }
    }
    blocks.push(Block::Tweet(tweet));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<RawParagraph> {
        text.split("\n\n")
            .map(|p| p.lines().map(|l| l.trim().to_string()).collect())
            .collect()
    }

    #[test]
    fn subheading_before_a_paragraph() {
        let blocks = blocks(&paragraphs(
            "Lead text here.\n\nPutin might respond to Washington\n\nFurther, the Kremlin said so.",
        ));
        assert_eq!(
            blocks[1],
            Block::Subheading("Putin might respond to Washington".into())
        );
        assert!(matches!(blocks[2], Block::Paragraph(_)));
    }

    #[test]
    fn links_handles_hashtags_and_photo_credits_are_never_subheadings() {
        for line in [
            "Rescue teams at work (Photo: Ann Lee)",
            "Crowds in the square Getty Images",
            "Follow us @newsdesk",
            "Vote now #Budget2024",
            "More at www.example.org",
        ] {
            let blocks = blocks(&paragraphs(&format!(
                "Lead.\n\n{line}\n\nMore text follows."
            )));
            assert_eq!(blocks[1], Block::Paragraph(line.into()), "{line}");
        }
    }

    #[test]
    fn a_short_last_line_is_a_paragraph_not_a_heading() {
        let blocks = blocks(&paragraphs("Lead text here.\n\nThe end"));
        assert_eq!(blocks[1], Block::Paragraph("The end".into()));
    }

    #[test]
    fn a_run_of_short_lines_is_a_list() {
        let blocks = blocks(&paragraphs(
            "Lead.\n\nBread\n\nMilk\n\nEggs\n\nMore text follows here.",
        ));
        assert_eq!(
            blocks[1],
            Block::List(vec!["Bread".into(), "Milk".into(), "Eggs".into()])
        );
        let blocks = super::blocks(&paragraphs("Lead.\n\n- one thing\n- another thing"));
        assert_eq!(
            blocks[1],
            Block::List(vec!["one thing".into(), "another thing".into()])
        );
    }

    #[test]
    fn hard_wrapped_text_is_one_paragraph() {
        let blocks = blocks(&paragraphs(
            "The council met on Friday and\nvoted to build the bridge,\nending years of debate.",
        ));
        assert_eq!(
            blocks,
            [Block::Paragraph(
                "The council met on Friday and voted to build the bridge, ending years of debate."
                    .into()
            )]
        );
    }

    #[test]
    fn tweet_with_attribution_and_date() {
        let tweet = as_tweet("Good call with PM Viktor Orbán. — Jens Stoltenberg (@jensstoltenberg) January 31, 2022").unwrap();
        assert_eq!(tweet.text, "Good call with PM Viktor Orbán.");
        assert_eq!(tweet.author, "Jens Stoltenberg");
        assert_eq!(tweet.handle, "jensstoltenberg");
        assert_eq!(tweet.date, NaiveDate::from_ymd_opt(2022, 1, 31));
    }

    #[test]
    fn tweets_with_a_lost_or_other_dash_or_no_date() {
        for (pasted, date) in [
            (
                "We stand firm. ? Ann Lee (@annlee) Jan 3, 2017",
                "Jan 3, 2017",
            ),
            (
                "We stand firm. \u{FFFD} Ann Lee (@annlee) March 3, 2017",
                "March 3, 2017",
            ),
            ("We stand firm. - Ann Lee (@annlee)", ""),
            (
                "We stand firm. -- Ann Lee (@annlee) Sept. 3, 2016",
                "Sept. 3, 2016",
            ),
        ] {
            let tweet = as_tweet(pasted).unwrap_or_else(|| panic!("{pasted}"));
            assert_eq!(tweet.text, "We stand firm.", "{pasted}");
            assert_eq!(tweet.handle, "annlee", "{pasted}");
            assert_eq!(tweet.date_text, date, "{pasted}");
        }
        // A handle inside a sentence is no attribution.
        assert!(as_tweet("She asked (@annlee) why it rained.").is_none());
    }

    #[test]
    fn a_tweet_pasted_with_its_picture_link_is_one_quote() {
        let text = "Lead.\n\nWhat a day at the harbour! pic.twitter.com/AbC123\n\n— Ann Lee (@annlee) May 2, 2018\n\nMore text follows.";
        let blocks = blocks(&paragraphs(text));
        let tweets: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Tweet(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tweets.len(), 1, "{blocks:?}");
        assert_eq!(tweets[0].text, "What a day at the harbour!");
        assert_eq!(tweets[0].handle, "annlee");
    }

    #[test]
    fn a_tweet_quoted_just_before_appears_once() {
        let text = "Stoltenberg posted on Monday. He wrote, “We call on Russia to de-escalate.”\n\nWe call on Russia to de-escalate. — Jens Stoltenberg (@jensstoltenberg) January 31, 2022";
        let blocks = blocks(&paragraphs(text));
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0],
            Block::Paragraph("Stoltenberg posted on Monday. He wrote:".into())
        );
        assert!(
            matches!(&blocks[1], Block::Tweet(t) if t.text == "We call on Russia to de-escalate.")
        );

        let pasted_twice = "We call on Russia.\n\nWe call on Russia. — Jens Stoltenberg (@jensstoltenberg) January 31, 2022";
        assert_eq!(super::blocks(&paragraphs(pasted_twice)).len(), 1);
    }

    #[test]
    fn a_credit_at_the_end_of_the_last_paragraph_is_taken_off() {
        let mut last = vec![
            "The talks resume on Monday.".to_string(),
            "Both sides agreed. (Reporting by Ann Lee; Editing by Tom Hay)".to_string(),
        ];
        assert_eq!(
            take_trailing_credit(&mut last).as_deref(),
            Some("(Reporting by Ann Lee; Editing by Tom Hay)")
        );
        assert_eq!(last, ["The talks resume on Monday.", "Both sides agreed."]);
        // Not after half a sentence, and not an aside.
        for text in [
            "He spoke to (Reporting by Ann Lee)",
            "The harbour reopened. (This is an aside.)",
            "(Reporting by Ann Lee)",
        ] {
            let mut last = vec![text.to_string()];
            assert_eq!(take_trailing_credit(&mut last), None, "{text}");
            assert_eq!(last, [text]);
        }
    }

    #[test]
    fn credits() {
        for credit in [
            "(With inputs from agencies)",
            "(Reporting by Ann Lee; Editing by Tom Hay)",
            "Reporting by Ann Lee in Oslo",
            "(Source: Reuters)",
        ] {
            assert!(is_credit(credit), "{credit}");
        }
        for not in [
            "(This is an aside about the harbour.)",
            "Reporters were briefed by Peskov.",
        ] {
            assert!(!is_credit(not), "{not}");
        }
    }

    fn tweets(blocks: &[Block]) -> Vec<&Tweet> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Tweet(tweet) => Some(tweet),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_tweet_with_a_lost_or_different_dash_or_no_date_is_one_tweet() {
        for (pasted, author, date) in [
            (
                "We won. ? Ann Lee (@annlee) March 3, 2017",
                "Ann Lee",
                "March 3, 2017",
            ),
            (
                "We won. \u{FFFD} Ann Lee (@annlee) March 3, 2017",
                "Ann Lee",
                "March 3, 2017",
            ),
            (
                "We won. - Ann Lee (@annlee) March 3, 2017",
                "Ann Lee",
                "March 3, 2017",
            ),
            (
                "We won. -- Ann Lee (@annlee) Mar 3, 2017",
                "Ann Lee",
                "Mar 3, 2017",
            ),
            ("We won. — Ann Lee (@annlee)", "Ann Lee", ""),
            (
                "We won. pic.twitter.com/AbC123 — Ann Lee (@annlee) March 3, 2017",
                "Ann Lee",
                "March 3, 2017",
            ),
        ] {
            let blocks = blocks(&paragraphs(&format!("Lead.\n\n{pasted}\n\nMore text.")));
            let found = tweets(&blocks);
            assert_eq!(found.len(), 1, "{pasted}");
            assert!(found[0].text.starts_with("We won."), "{pasted}");
            assert_eq!(found[0].author, author, "{pasted}");
            assert_eq!(found[0].handle, "annlee", "{pasted}");
            assert_eq!(found[0].date_text, date, "{pasted}");
            assert_eq!(blocks.len(), 3, "{pasted}");
        }
        let tweet = as_tweet("We won. -- Ann Lee (@annlee) Mar 3, 2017");
        assert_eq!(
            tweet.and_then(|t| t.date),
            NaiveDate::from_ymd_opt(2017, 3, 3)
        );
    }

    #[test]
    fn an_attribution_alone_takes_the_paragraph_before_as_its_text() {
        let blocks = blocks(&paragraphs(
            "Lead.\n\nWe are stunned by the news pic.twitter.com/AbC123\n\n— Ann Lee (@annlee) September 25, 2016\n\nMore text.",
        ));
        assert_eq!(blocks.len(), 3);
        let found = tweets(&blocks);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "We are stunned by the news");
        assert_eq!(found[0].handle, "annlee");

        // The text before is a short line, not a subheading.
        let blocks = super::blocks(&paragraphs(
            "Lead.\n\nGreat game tonight\n\n- Ann Lee (@annlee) May 1, 2017\n\nMore text.",
        ));
        assert_eq!(tweets(&blocks).len(), 1);
        assert_eq!(tweets(&blocks)[0].text, "Great game tonight");
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn a_tweet_pasted_with_only_its_picture_link_is_a_tweet() {
        let blocks = blocks(&paragraphs(
            "Lead.\n\nThis image says it all. #vote pic.twitter.com/9fHwog7ssN\n\nMore text.",
        ));
        let found = tweets(&blocks);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "This image says it all. #vote");
        assert!(found[0].handle.is_empty());
        // A handle inside a sentence is no attribution.
        assert!(as_tweet("He asked (@annlee) why.").is_none());
        assert!(as_tweet("A well-known (@annlee) thing").is_none());
    }
}
