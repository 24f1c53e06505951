//! Fuzzing the readers with arbitrary and mutated input (proptest): the wire
//! text reader and the front matter reader must never panic or hang, and
//! every article they accept must render through the default templates.
//!
//! Inputs are random bytes, random text near the formats, and mutations of
//! the kept corpus in `tests/fuzz-corpus/` (real articles and inputs that
//! once mattered). `cargo test` runs a short pass; `.ci/run` a longer one
//! with `PROPTEST_CASES`. Failures are saved in `tests/fuzz.proptest-regressions`
//! and replayed first on every run.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newsgen::{BuildOptions, Config, Renderer, Site, read_article};
use proptest::prelude::*;

use crate::harness::repo;

struct Kit {
    config: Config,
    renderer: Renderer,
    corpus: Vec<(PathBuf, Vec<u8>)>,
}

fn kit() -> &'static Kit {
    static KIT: OnceLock<Kit> = OnceLock::new();
    KIT.get_or_init(|| {
        let config = Config::parse("title = \"Fuzz\"\nbase_url = \"https://example.org/news/\"\ntimezone = \"Europe/Berlin\"\n").unwrap();
        // A folder without templates/: the built-in ones.
        let empty = tempfile::tempdir().unwrap();
        let (renderer, _) = Renderer::load(empty.path(), &config).unwrap();
        let mut corpus: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(repo("tests/fuzz-corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|path| (PathBuf::from(path.file_name().unwrap()), std::fs::read(&path).unwrap()))
            .collect();
        corpus.sort();
        Kit { config, renderer, corpus }
    })
}

/// Reads `bytes` as the file `name`; an accepted article must render.
fn check(name: &str, bytes: &[u8]) {
    let kit = kit();
    let Ok(Some((article, _))) = read_article(Path::new(name), bytes, &kit.config) else {
        return;
    };
    let dates = (article.date, article.updated);
    let renderer = kit.renderer.clone();
    let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").unwrap();
    let options = BuildOptions {
        drafts: true,
        future: true,
        ..Default::default()
    };
    let site = Site::assemble(
        Path::new("."),
        kit.config.clone(),
        renderer,
        (vec![article], Vec::new()),
        options,
        now,
        None,
    );
    // Every accepted date can be written in every format the site uses
    // (four-digit years in the site's zone and in UTC, for RFC 2822 and
    // sitemaps).
    for date in std::iter::once(&dates.0).chain(&dates.1) {
        for year in [
            date.year(),
            chrono::Datelike::year(&date.instant.naive_utc()),
        ] {
            assert!(
                (1..=9999).contains(&year),
                "an accepted date cannot be written: {date:?}"
            );
        }
        assert!(!date.instant.to_rfc2822().is_empty());
    }
    let html = site
        .render_article(0)
        .unwrap_or_else(|p| panic!("an accepted article failed to render: {p}"));
    assert!(html.contains("<h1 class=\"headline\">"));
}

/// Text near the wire format: a date line, then pieces that matter to the
/// copy desk (quotes, datelines, tweets, hashtags, URLs, damage).
fn wire_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-zÀ-ÿ .,;:!?'\"()\\-—–]{0,40}",
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" — Jens Stoltenberg (@jens) January 31, 2022".to_string()),
        Just("MOSCOW, February 7. /TASS/. ".to_string()),
        Just("LONDON (Reuters) - ".to_string()),
        Just("#Hashtag ".to_string()),
        Just("https://example.org/a_(b) ".to_string()),
        Just("press@agency.example ".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("\"?".to_string()),
        Just("(With inputs from agencies)".to_string()),
        Just("U.S. Mr. 3.5 p.m. ".to_string()),
        Just("</script><script>alert(1)</script>".to_string()),
        "\\PC{0,20}",
    ];
    (
        prop_oneof![
            Just("date 2022-02-01 "),
            Just(" date 2022-02 "),
            Just("date 2022-02-30 "),
            Just("")
        ],
        prop::collection::vec(piece, 0..40),
    )
        .prop_map(|(head, pieces)| format!("{head}{}", pieces.concat()))
}

/// Text near the Markdown format: front matter of either syntax with keys
/// of right and wrong types, then Markdown.
fn markdown_text() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("\"Title\"".to_string()),
        Just("2022-02-01".to_string()),
        Just("2022-02-01T10:00:00+01:00".to_string()),
        Just("9999-12-31T23:00:00-05:00".to_string()),
        Just("0001-01-01T01:00:00+09:00".to_string()),
        Just("9999-12-31".to_string()),
        Just("0001-01-01".to_string()),
        Just("[\"a\", \"b\"]".to_string()),
        Just("5".to_string()),
        Just("true".to_string()),
        Just("{ x = 1 }".to_string()),
        "[^\n]{0,20}",
    ];
    let key = prop_oneof![
        Just("title"),
        Just("date"),
        Just("tags"),
        Just("authors"),
        Just("author"),
        Just("summary"),
        Just("slug"),
        Just("draft"),
        Just("updated"),
        Just("image"),
        Just("extra"),
        Just("auto_tags"),
        Just("unknown"),
    ];
    let body = prop::collection::vec(
        prop_oneof![
            "[A-Za-z *_`#>\\[\\]()!|:-]{0,40}",
            Just("\n".to_string()),
            Just("<a href=\"javascript:alert(1)\">x</a>".to_string()),
            Just("<a href=\"&#0000106avascript&colon;alert(1)\">x</a>".to_string()),
            Just(
                "<svg><a><set attributeName=\"href\" to=\"java&Tab;script:x\"/></a></svg>"
                    .to_string()
            ),
            Just("<iframe srcdoc=\"<a href='&amp;#x6A;avascript:x'>\"></iframe>".to_string()),
            Just("<iframe title='".to_string()),
            Just("[^1]\n\n[^1]: note\n".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
        ],
        0..20,
    );
    (
        any::<bool>(),
        prop::collection::vec((key, value), 0..8),
        any::<bool>(),
        body,
    )
        .prop_map(|(toml, pairs, close, body)| {
            let (fence, separator) = if toml { ("+++", " = ") } else { ("---", ": ") };
            let front: String = pairs
                .iter()
                .map(|(k, v)| format!("{k}{separator}{v}\n"))
                .collect();
            format!(
                "{fence}\n{front}{}{}",
                if close {
                    format!("{fence}\n")
                } else {
                    String::new()
                },
                body.concat()
            )
        })
}

/// A corpus file with a handful of random byte edits.
fn mutated_corpus() -> impl Strategy<Value = (String, Vec<u8>)> {
    let count = kit().corpus.len();
    (
        0..count,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 0..16),
    )
        .prop_map(|(pick, edits)| {
            let (name, original) = &kit().corpus[pick];
            let mut bytes = original.clone();
            for (at, byte, operation) in edits {
                let position = if bytes.is_empty() {
                    0
                } else {
                    at.index(bytes.len())
                };
                match operation {
                    0 => bytes.insert(position, byte),
                    1 if !bytes.is_empty() => {
                        bytes.remove(position);
                    }
                    _ if !bytes.is_empty() => bytes[position] = byte,
                    _ => bytes.push(byte),
                }
            }
            (name.to_string_lossy().into_owned(), bytes)
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn wire_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check("a.txt", &bytes);
    }

    #[test]
    fn wire_reader_takes_near_wire_text(text in wire_text()) {
        check("a.txt", text.as_bytes());
    }

    #[test]
    fn front_matter_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check("a.md", &bytes);
    }

    #[test]
    fn front_matter_reader_takes_near_markdown_text(text in markdown_text()) {
        check("a.md", text.as_bytes());
    }

    #[test]
    fn readers_take_mutated_corpus_files((name, bytes) in mutated_corpus()) {
        check(&name, &bytes);
    }
}

/// The corpus itself must read and render (a test that the harness can see
/// an accepted article at all).
#[test]
fn every_corpus_file_that_reads_renders() {
    let mut accepted = 0;
    for (name, bytes) in &kit().corpus {
        if let Ok(Some(_)) = read_article(name, bytes, &kit().config) {
            accepted += 1;
        }
        check(&name.to_string_lossy(), bytes);
    }
    assert!(accepted >= 10, "only {accepted} corpus files were accepted");
}
