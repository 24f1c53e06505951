//! A measuring run, not a test: edits every wire seed of a folder and
//! writes each story's headline, summary and lead as JSON lines, with the
//! time `Story::edit` took over the whole folder. Run with
//! `NEWSGEN_EVAL_SEEDS=dir NEWSGEN_EVAL_OUT=file.jsonl cargo test --lib
//! headline::eval -- --ignored --nocapture`; the lines are then scored
//! against the editors' titles (ROUGE-1, length, cuts, repeated cards).

use std::time::{Duration, Instant};

use crate::ingest::copydesk::Story;

/// The paragraphs of a seed body, as `ingest::wire` reads them.
fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut paragraphs = Vec::new();
    let mut current = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_string());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// The body after `date YYYY-MM-DD`.
fn body(text: &str) -> &str {
    let text = text.trim_start();
    let Some(rest) = text.strip_prefix("date") else {
        return text;
    };
    let rest = rest.trim_start();
    rest.split_once(char::is_whitespace)
        .map_or("", |(_, body)| body)
}

#[test]
#[ignore = "a measuring run over a seed folder named by NEWSGEN_EVAL_SEEDS"]
fn edit_a_seed_folder() -> std::io::Result<()> {
    let (Ok(seeds), Ok(out)) = (
        std::env::var("NEWSGEN_EVAL_SEEDS"),
        std::env::var("NEWSGEN_EVAL_OUT"),
    ) else {
        return Ok(());
    };
    let mut files: Vec<_> = std::fs::read_dir(&seeds)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    files.sort();
    let mut lines = String::new();
    let mut spent = Duration::ZERO;
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let paragraphs = paragraphs(body(&text));
        let start = Instant::now();
        let story = Story::edit(paragraphs);
        spent += start.elapsed();
        let Some(story) = story else { continue };
        let lead = story
            .blocks
            .iter()
            .find_map(|block| match block {
                crate::ingest::copydesk::Block::Paragraph(text) => Some(text.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let texts: Vec<&str> = story
            .blocks
            .iter()
            .filter_map(|block| match block {
                crate::ingest::copydesk::Block::Paragraph(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let sentence = super::choose::news_sentence(&texts).map_or("", |c| c.sentence);
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let record = serde_json::json!({
            "file": name,
            "headline": story.headline,
            "summary": story.summary,
            "lead": lead,
            "sentence": sentence,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    std::fs::write(&out, lines)?;
    eprintln!("Story::edit over {seeds}: {spent:?}");
    Ok(())
}
