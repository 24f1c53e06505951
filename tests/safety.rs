//! No script URL reaches a reader, however it is spelt: whole builds of an
//! article made of every known spelling (`tests/fuzz-corpus/script-urls.md`)
//! in both `[markdown] unsafe_html` modes, and a property that spells
//! `javascript:` at random in random URL attributes.
//!
//! The output is read by an oracle independent of newsgen's own check:
//! html5ever's tokenizer (a browser's reading of HTML: character references
//! decoded, raw-text elements skipped) gives every attribute value, and a
//! value that holds `javascript:`, `vbscript:` or a non-image `data:` once
//! tabs and line breaks are gone counts as a script URL. Feeds are read the
//! same way: the HTML inside XML text or JSON strings is decoded and read
//! again.

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use newsgen::read_article;
use proptest::prelude::*;

use crate::harness::{TestSite, build, config, read, repo};

// The oracle.

/// Everything html5ever's tokenizer reads: (element, attribute, value) for
/// every attribute of every start tag, and the text between tags.
#[derive(Default)]
struct Reading {
    attributes: Vec<(String, String, String)>,
    text: String,
}

struct Sink(RefCell<Reading>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut reading = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let element = tag.name.to_string();
                for attribute in &tag.attrs {
                    reading.attributes.push((
                        element.clone(),
                        attribute.name.local.to_string(),
                        attribute.value.to_string(),
                    ));
                }
                // As a browser's tree builder would switch (scripting on).
                return match element.as_str() {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                };
            }
            Token::CharacterTokens(text) => reading.text.push_str(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn tokenize(html: &str) -> Reading {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Reading::default())),
        TokenizerOpts::default(),
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// Whether a decoded attribute value is a URL that runs code: tabs and
/// line breaks gone, case ignored, leading spaces and controls skipped.
fn is_script_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_start_matches(|c: char| c <= ' ')
        .to_lowercase();
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || (squeezed.starts_with("data:") && !squeezed[5..].trim_start().starts_with("image/"))
}

/// Whether a list of URLs (`srcset`, SMIL `values`, a refresh's `content`,
/// CSS) holds one that runs code: tried wherever a URL may start.
fn lists_script_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    is_script_url(&squeezed)
        || squeezed
            .match_indices([' ', ',', ';', '=', '(', '\'', '"'])
            .any(|(at, _)| is_script_url(&squeezed[at + 1..]))
}

/// Every script URL in `html` as a browser reads it, as
/// `<element attribute="value">`; an `srcdoc` is read as the HTML it is.
fn script_urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (element, attribute, value) in tokenize(html).attributes {
        let list = matches!(
            attribute.as_str(),
            "srcset" | "values" | "content" | "style"
        );
        if attribute == "srcdoc" {
            found.extend(script_urls(&value));
        } else if is_script_url(&value) || (list && lists_script_url(&value)) {
            found.push(format!("<{element} {attribute}={value:?}>"));
        }
    }
    found
}

/// Script URLs in an output file: in its HTML; in the HTML carried as text
/// by an XML feed; in every string of a JSON feed, as a URL and as HTML.
fn script_urls_in_file(name: &str, text: &str) -> Vec<String> {
    if name.ends_with(".json") {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut strings = Vec::new();
        collect_strings(&value, &mut strings);
        strings
            .iter()
            .flat_map(|s| {
                let mut found = script_urls(s);
                if is_script_url(s) {
                    found.push(format!("JSON string {s:?}"));
                }
                found
            })
            .collect()
    } else if name.ends_with(".xml") {
        let reading = tokenize(text);
        let mut found = script_urls(text);
        found.extend(script_urls(&reading.text));
        found
    } else {
        script_urls(text)
    }
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// Every script URL in every page and feed of the output folder `out`.
fn script_urls_in_output(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let name = entry.path().to_string_lossy().into_owned();
        if !(name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".json")) {
            continue;
        }
        for url in script_urls_in_file(&name, &read(entry.path())) {
            found.push(format!("{name}: {url}"));
        }
    }
    found
}

fn payload_article() -> String {
    read(repo("tests/fuzz-corpus/script-urls.md"))
}

// Whole builds.

/// The oracle sees the payloads in the article as written: a test that can
/// fail.
#[test]
fn the_oracle_finds_every_payload_in_the_source() {
    let source = payload_article();
    let found = script_urls(&source);
    // 34 in raw HTML attributes (the refresh, the animations and the
    // `srcset` included); the Markdown links are not HTML yet.
    assert!(found.len() >= 34, "{}: {found:#?}", found.len());
}

#[test]
fn no_script_url_reaches_a_page_or_a_feed_in_either_mode() {
    for unsafe_html in [true, false] {
        let site = TestSite::new(&format!(
            "title = \"T\"\nbase_url = \"https://example.org/news/\"\n\n[feeds]\ntag_full_text = true\n\n[markdown]\nunsafe_html = {unsafe_html}\n"
        ));
        // A script URL as the picture stops the build (it is no file and no
        // http(s) URL); the rest of the payload must build and be cleaned.
        site.write("seeds/script-urls.md", payload_article());
        let refused = crate::harness::failure(build(site.path()));
        assert!(
            refused.len() == 1 && refused[0].contains("is neither a file nor an http(s) URL"),
            "{refused:#?}"
        );
        let without_picture: String = payload_article()
            .lines()
            .filter(|line| !line.starts_with("image ="))
            .map(|line| format!("{line}\n"))
            .collect();
        site.write("seeds/script-urls.md", without_picture);
        build(site.path()).unwrap();
        let found = script_urls_in_output(&site.out());
        assert!(found.is_empty(), "unsafe_html = {unsafe_html}: {found:#?}");
        // The article and its feeds were read: its harmless parts are there.
        let page = read(
            site.out()
                .join("2024/05/01/every-spelling-of-a-script-url/index.html"),
        );
        assert!(page.contains(">hex without semicolons</a>"), "{page}");
        assert!(page.contains("A heading between"), "{page}");
        let feed = read(site.out().join("feed.json"));
        assert!(feed.contains("hex without semicolons"), "{feed}");
        assert!(read(site.out().join("atom.xml")).contains("named colon"));
        assert!(read(site.out().join("feed.xml")).contains("named colon"));
    }
}

#[test]
fn harmless_raw_html_is_kept_as_written() {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    let embed = r#"<iframe src="https://embed.example/v?a=1&amp;b=2" srcdoc="<p>Hi</p>"></iframe><img src="data:image/png;base64,AAAA" srcset="a.png 1x, b.png 2x" alt="x"><svg><a href="/x"><animate attributeName="fill" to="red"/></a></svg>"#;
    site.write(
        "seeds/embed.md",
        format!("+++\ntitle = \"Embed\"\ndate = 2024-05-01\n+++\nLead.\n\n{embed}\n"),
    );
    build(site.path()).unwrap();
    let page = read(site.out().join("2024/05/01/embed/index.html"));
    assert!(page.contains(embed), "{page}");
}

// The property.

/// One character of a scheme, spelt as an HTML author might: as itself in
/// either case, or as a decimal or hex reference with any number of leading
/// zeros, with or without `;` (the `;` only where leaving it out would not
/// change the number), or (`:`) as `&colon;`.
fn spell(
    c: char,
    next: Option<char>,
    how: u8,
    zeros: usize,
    semicolon: bool,
    upper: bool,
) -> String {
    let zeros = "0".repeat(zeros);
    let code = c as u32;
    let open_end = |digits: fn(char) -> bool| {
        if semicolon || next.is_some_and(digits) {
            ";"
        } else {
            ""
        }
    };
    match how % 5 {
        0 | 1 if upper => c.to_ascii_uppercase().to_string(),
        0 | 1 => c.to_string(),
        2 => format!("&#{zeros}{code}{}", open_end(|n| n.is_ascii_digit())),
        3 => format!(
            "&#{}{zeros}{}{}",
            if upper { 'X' } else { 'x' },
            if upper {
                format!("{code:X}")
            } else {
                format!("{code:x}")
            },
            open_end(|n| n.is_ascii_hexdigit())
        ),
        _ if c == ':' => "&colon;".to_string(),
        _ => c.to_string(),
    }
}

/// What may stand between two characters of a scheme (or before it) and
/// vanish: tabs and line breaks, as themselves or as references.
fn filler(how: u8, quoted: bool) -> &'static str {
    match how % 12 {
        0 if quoted => "\t",
        1 if quoted => "\n",
        2 => "&Tab;",
        3 => "&NewLine;",
        4 => "&#9;",
        5 => "&#x0A;",
        6 => "&#0000013;",
        _ => "",
    }
}

/// A script URL in a random spelling, for an attribute in double quotes
/// (`quoted`) or none.
fn spelt_script_url() -> impl Strategy<Value = (String, bool)> {
    let scheme = prop_oneof![
        Just("javascript:alert(1)"),
        Just("vbscript:msgbox(1)"),
        Just("data:text/html,x"),
    ];
    (
        scheme,
        any::<bool>(),
        prop::collection::vec(
            (
                any::<u8>(),
                0..6usize,
                any::<bool>(),
                any::<bool>(),
                any::<u8>(),
            ),
            20,
        ),
        0..3usize,
    )
        .prop_map(|(url, quoted, choices, leading)| {
            let (scheme, rest) = url.split_at(url.find(':').unwrap() + 1);
            let chars: Vec<char> = scheme.chars().collect();
            let first_after = rest.chars().next();
            let mut spelt = String::new();
            if quoted {
                spelt.push_str(&" ".repeat(leading));
            }
            for (i, &c) in chars.iter().enumerate() {
                let (how, zeros, semicolon, upper, fill) = choices[i];
                spelt.push_str(filler(fill, quoted));
                spelt.push_str(&spell(
                    c,
                    chars.get(i + 1).copied().or(first_after),
                    how,
                    zeros,
                    semicolon,
                    upper,
                ));
            }
            spelt.push_str(rest);
            (spelt, quoted)
        })
}

/// A raw HTML block holding `url` in a URL attribute, written in double
/// quotes or bare.
fn with_url(url: &str, quoted: bool, place: usize) -> String {
    let value = if quoted {
        format!("\"{url}\"")
    } else {
        url.to_string()
    };
    let element = match place % 12 {
        0 => format!("<a href={value}>x</a>"),
        1 => format!("<img src={value} alt=\"\">"),
        2 => format!("<iframe src={value}></iframe>"),
        3 => format!("<form action={value}><button>b</button></form>"),
        4 => format!("<button formaction={value}>b</button>"),
        5 => format!("<object data={value}></object>"),
        6 => format!("<embed src={value}>"),
        7 => format!("<svg><use xlink:href={value}/></svg>"),
        8 => {
            format!("<svg><a><animate attributeName=\"href\" to={value}/><text>x</text></a></svg>")
        }
        9 => format!(
            "<svg><a><set attributeName=\"xlink:href\" to={value}/><text>x</text></a></svg>"
        ),
        10 => format!("<math href={value}>x</math>"),
        _ => format!("<video poster={value}></video>"),
    };
    format!("<div>\n{element}\n</div>\n")
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_script_url_spelt_any_way_never_survives(
        (url, quoted) in spelt_script_url(),
        place in 0..12usize,
        unsafe_html in any::<bool>(),
    ) {
        let block = with_url(&url, quoted, place);
        // The spelling is one a browser reads as a script URL.
        prop_assert!(!script_urls(&block).is_empty(), "not a script URL: {block}");
        let text = format!("+++\ntitle = \"T\"\ndate = 2024-05-01\n+++\nLead.\n\n{block}");
        let config = config(&format!("[markdown]\nunsafe_html = {unsafe_html}\n"));
        let (article, _) = read_article(Path::new("a.md"), text.as_bytes(), &config).unwrap().unwrap();
        let html = article.body_html();
        let found = script_urls(&html);
        prop_assert!(found.is_empty(), "unsafe_html = {}: {:?} became {:?}: {:?}", unsafe_html, block, html, found);
    }
}
