//! Repairs the damage scraped wire text arrives with, and sets its quotes.
//!
//! A character the scraper could not decode arrives as U+FFFD (one or a run
//! of them), as `?`, or as `"?`; a character decoded twice arrives as
//! mojibake (`Â£`, `â€™`). A lost character is decided by its neighbours,
//! the way a subeditor reads it:
//!
//! - between letters it is a letter we cannot know, left as the source had
//!   it; only a clear contraction or possessive (`doesn?t`, `it?s`, `I?m`,
//!   `we?re`, `they?ve`, `you?ll`, `he?d`) becomes an apostrophe;
//! - after a word or punctuation it closes the open quote (after `.` `,` `!`
//!   `?` it closes even when no quote is open), and the lost space is put
//!   back when a letter follows (`organization,?said`);
//! - after a space or at the start it opens a quote before a letter, and is
//!   a dash when spaces surround it and no quote is open, or after a
//!   dateline place (`WASHINGTON ? The`);
//! - before a digit it is a currency sign: `£` or `€` when the line names
//!   that currency (and not the other), else left as it was.
//!
//! A `?` is taken for a lost character only where it cannot be a question
//! mark: followed by a letter or digit, or after a space, a comma or an
//! opening bracket; never inside a URL. Quotes are balanced within the
//! paragraph: what opens and closes is tracked across its lines, and an
//! opening quote without a close stays as it is. Whatever cannot be decided
//! stays as the source had it, so a repair never adds damage.
//! `copydesk::Story::edit` calls it on every paragraph.

/// What stands for a character the scraper lost.
const LOST: char = '\u{FFFD}';

/// The quotes open so far in a paragraph.
#[derive(Debug, Default, Clone, Copy)]
struct Quotes {
    /// A double quote is open.
    open: bool,
    /// It was opened by a lost character, so a lone `?` after a word
    /// closes it (`?We won,? he said` had both quotes lost).
    opened_lost: bool,
}

/// Repairs the lines of one paragraph, keeping track of open quotes from
/// line to line. Lines with nothing to repair are returned as they are.
pub(crate) fn repair_paragraph(lines: Vec<String>) -> Vec<String> {
    let mut quotes = Quotes::default();
    lines
        .into_iter()
        .map(|line| {
            if needs_repair(&line) {
                repair(&line, &mut quotes)
            } else {
                line
            }
        })
        .collect()
}

/// Repairs one line on its own (a paragraph of one line).
#[cfg(test)]
fn repair_line(line: &str) -> String {
    repair(line, &mut Quotes::default())
}

fn needs_repair(text: &str) -> bool {
    text.contains(['"', '\'', '?', LOST, 'Â', 'Ã', 'â'])
}

/// How a lost character was written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loss {
    /// U+FFFD, one or a run.
    Replacement,
    /// `?`, one or a run.
    Question,
    /// `"?`: certainly a quote, of unknown direction.
    Quote,
}

/// Repairs damaged characters and sets typographic quotes and apostrophes.
fn repair(text: &str, quotes: &mut Quotes) -> String {
    // Two apostrophes are a typewriter's double quote (`''No one,''`).
    let chars: Vec<char> = if text.contains("''") {
        text.replace("''", "\"").chars().collect()
    } else {
        text.chars().collect()
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    while at < chars.len() {
        let ch = chars[at];
        if let Some((fixed, used)) = mojibake(&chars[at..]) {
            match fixed {
                '“' => quotes.open = true,
                '”' => quotes.open = false,
                _ => {}
            }
            out.push(fixed);
            at += used;
            continue;
        }
        let lost = match ch {
            LOST => Some((Loss::Replacement, run_end(&chars, at, LOST))),
            '"' if chars.get(at + 1) == Some(&'?')
                && chars.get(at + 2).is_some_and(|c| c.is_alphanumeric()) =>
            {
                Some((Loss::Quote, at + 2))
            }
            '?' => {
                let end = run_end(&chars, at, '?');
                is_lost_question(&chars, at, end, *quotes).then_some((Loss::Question, end))
            }
            _ => None,
        };
        if let Some((loss, end)) = lost {
            let source: String = chars[at..end].iter().collect();
            let (before, after) = (out.chars().next_back(), chars.get(end).copied());
            // `why??` with a quote open: a real question mark, then the quote.
            if loss == Loss::Question && end - at == 2 && closes_question(before, after, *quotes) {
                out.push('?');
            }
            decide(&chars, at, end, loss, quotes, &mut out, &source);
            at = end;
            continue;
        }
        let (before, after) = (out.chars().next_back(), chars.get(at + 1).copied());
        match ch {
            '"' => {
                if letter(before) && letter(after) {
                    // `doesn"t`: an apostrophe in a clear contraction, else as written.
                    out.push(if contraction(&chars, at + 1) {
                        '’'
                    } else {
                        '"'
                    });
                } else if opens(before, after) {
                    out.push('“');
                    *quotes = Quotes {
                        open: true,
                        opened_lost: false,
                    };
                } else if let Some(glued) = glued_quote(before, after, *quotes) {
                    // `,"said` or `."The`: the lost space goes back.
                    if glued == Glued::Closes {
                        out.push_str("” ");
                        quotes.open = false;
                    } else {
                        out.push_str(" “");
                        quotes.open = true;
                    }
                } else {
                    out.push('”');
                    quotes.open = false;
                }
            }
            '\'' => out.push(
                // An apostrophe before digits ('90s) is an elision, not a quote.
                if opens(before, after) && !after.is_some_and(|c| c.is_ascii_digit()) {
                    '‘'
                } else {
                    '’'
                },
            ),
            '“' => {
                out.push(ch);
                quotes.open = true;
            }
            '”' => {
                out.push(ch);
                quotes.open = false;
            }
            _ => out.push(ch),
        }
        at += 1;
    }
    out
}

/// Writes what the lost character `chars[at..end]` stood for, or the source
/// (`source`) when its neighbours cannot tell.
fn decide(
    chars: &[char],
    at: usize,
    end: usize,
    loss: Loss,
    quotes: &mut Quotes,
    out: &mut String,
    source: &str,
) {
    let before = out.chars().next_back();
    let after = chars.get(end).copied();
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punctuation = |c: Option<char>| c.is_some_and(|c| matches!(c, '.' | ',' | '!' | '?'));
    let open_quote = |out: &mut String, quotes: &mut Quotes| {
        out.push('“');
        *quotes = Quotes {
            open: true,
            opened_lost: loss != Loss::Quote,
        };
    };

    if letter(before) && letter(after) {
        // Between letters: a letter we cannot know, or an apostrophe.
        if loss != Loss::Quote && contraction(chars, end) {
            out.push('’');
        } else {
            out.push_str(source);
        }
    } else if space(before) || before.is_some_and(|c| matches!(c, '(' | '[' | '—' | '–')) {
        match after {
            Some(c) if c.is_ascii_digit() && loss != Loss::Quote => match currency(chars) {
                Some(sign) => out.push(sign),
                None => out.push_str(source),
            },
            Some(c) if c.is_alphanumeric() || loss == Loss::Quote => open_quote(out, quotes),
            Some(c) if c.is_whitespace() && before.is_some_and(char::is_whitespace) => {
                if is_dash(chars, at, end, loss, *quotes) {
                    out.push('—');
                } else {
                    out.push_str(source);
                }
            }
            _ => out.push_str(source),
        }
    } else if after.is_some_and(char::is_alphanumeric) {
        // After a word or punctuation, glued to the next word: the lost
        // space goes back on whichever side of the quote it belongs.
        match glued_quote(before, after, *quotes) {
            Some(Glued::Closes) => {
                out.push_str("” ");
                quotes.open = false;
            }
            Some(Glued::Opens) => {
                out.push(' ');
                open_quote(out, quotes);
            }
            None => out.push_str(source),
        }
    } else if quotes.open || punctuation(before) && (loss != Loss::Question || before == Some(','))
    {
        // After a word or punctuation, before a space or the end.
        out.push('”');
        quotes.open = false;
    } else {
        out.push_str(source);
    }
}

/// The end of the run of `ch` starting at `at`.
fn run_end(chars: &[char], at: usize, ch: char) -> usize {
    at + chars[at..].iter().take_while(|&&c| c == ch).count()
}

/// Whether the run of `?` at `chars[at..end]` cannot be question marks: it
/// is followed by a letter or digit, or follows a space, a comma or an
/// opening bracket, or closes a quote opened by a lost character. Never in
/// a URL or a query string.
fn is_lost_question(chars: &[char], at: usize, end: usize, quotes: Quotes) -> bool {
    let before = at.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(end).copied();
    let lost = after.is_some_and(char::is_alphanumeric)
        || before.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ';' | '(' | '['))
        || (quotes.opened_lost && end - at <= 2 && closes_question(before, after, quotes));
    lost && !in_url(chars, at)
}

/// `win? he said` or `not?? she`, with a quote opened by a lost character.
fn closes_question(before: Option<char>, after: Option<char>, quotes: Quotes) -> bool {
    quotes.opened_lost
        && before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '!'))
        && after.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ')'))
}

/// Whether the word around `chars[at]` is a URL, a path or a query string.
fn in_url(chars: &[char], at: usize) -> bool {
    let start = chars[..at]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let end = chars[at..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |i| at + i);
    let word = &chars[start..end];
    word.iter().any(|&c| matches!(c, '/' | '=' | '&' | '@'))
        || word.windows(4).any(|w| w == ['w', 'w', 'w', '.'])
}

fn letter(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphabetic)
}

/// Whether the letters from `chars[from]` end a contraction or possessive
/// (`t`, `s`, `m`, `re`, `ve`, `ll`, `d`), the word before the lost
/// character being a word: `doesn?t` (only after `n`), `it?s`, `I?m`.
fn contraction(chars: &[char], from: usize) -> bool {
    let len = chars[from..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .count();
    let tail: String = chars[from..from + len]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect();
    let left_end = chars[..from]
        .iter()
        .rposition(|c| c.is_alphabetic())
        .unwrap_or(0);
    let last_letter = chars[left_end].to_ascii_lowercase();
    match tail.as_str() {
        "t" => last_letter == 'n',
        "s" | "m" | "re" | "ve" | "ll" | "d" => true,
        _ => false,
    }
}

/// The lost space-surrounded character is a dash: no quote is open, and
/// (for a `?`, which may be a question mark set French-style) the next word
/// starts lowercase or with a digit, or the text before is a dateline place
/// (capitals only, from the start of the line).
fn is_dash(chars: &[char], at: usize, end: usize, loss: Loss, quotes: Quotes) -> bool {
    let next_word = chars[end..].iter().find(|c| !c.is_whitespace());
    let place = at > 1
        && chars[..at - 1]
            .iter()
            .all(|&c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | ','))
        && chars[..at].iter().filter(|c| c.is_uppercase()).count() >= 2;
    if place {
        return true;
    }
    !quotes.open
        && match loss {
            Loss::Replacement => true,
            Loss::Question => next_word.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()),
            Loss::Quote => false,
        }
}

/// The currency a lost sign before a digit stood for: the one the line
/// names (`£`, "pounds", "sterling"; `€`, "euro"), when it names only one.
fn currency(chars: &[char]) -> Option<char> {
    let line: String = chars.iter().collect::<String>().to_lowercase();
    let pound = line.contains('£') || line.contains("pound") || line.contains("sterling");
    let euro = line.contains('€') || line.contains("euro");
    match (pound, euro) {
        (true, false) => Some('£'),
        (false, true) => Some('€'),
        _ => None,
    }
}

/// UTF-8 read as Latin-1 or Windows-1252: `Â£` for `£`, `Ã©` for `é`,
/// `â€™` for `’`. The character meant, and how many characters stood for it.
fn mojibake(chars: &[char]) -> Option<(char, usize)> {
    let second = *chars.get(1)?;
    match chars[0] {
        // No text writes `Â` before a Latin-1 sign, nor `Ã` before one.
        'Â' if ('\u{A0}'..='\u{BF}').contains(&second) => Some((second, 2)),
        'Ã' if ('\u{80}'..='\u{BF}').contains(&second) => {
            char::from_u32(second as u32 + 0x40).map(|c| (c, 2))
        }
        'â' if second == '€' => {
            let meant = match chars.get(2)? {
                '™' => '’',
                '˜' => '‘',
                'œ' => '“',
                '\u{9D}' => '”',
                '“' => '–',
                '”' => '—',
                '¦' => '…',
                _ => return None,
            };
            Some((meant, 3))
        }
        _ => None,
    }
}

/// A quote opens when it follows white space, an opening bracket or nothing,
/// and is followed by something that is not white space.
fn opens(before: Option<char>, after: Option<char>) -> bool {
    let open_context =
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '“' | '‘'));
    open_context && after.is_some_and(|c| !c.is_whitespace())
}

/// Which way a quote glued between punctuation and a word goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glued {
    /// `organization,?said`: `organization,” said`.
    Closes,
    /// `he said.?The`: `he said. “The`.
    Opens,
}

/// A quote glued between punctuation and a word closes the open quote, or
/// closes before a lowercase word (`,?said`), or opens before a capital
/// (`said:"The`); after a letter or a digit it is undecided.
fn glued_quote(before: Option<char>, after: Option<char>, quotes: Quotes) -> Option<Glued> {
    let before = before.filter(|c| matches!(c, '.' | ',' | '!' | '?' | ':' | ';'))?;
    let after = after.filter(|c| c.is_alphanumeric())?;
    if quotes.open || (after.is_lowercase() && matches!(before, '.' | ',' | '!' | '?')) {
        Some(Glued::Closes)
    } else {
        Some(Glued::Opens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(text: &str) -> String {
        repair_line(text)
    }

    #[test]
    fn sets_typographic_quotes_and_apostrophes() {
        assert_eq!(
            repair(r#"He said "yes" and it's done."#),
            "He said “yes” and it’s done."
        );
        assert_eq!(
            repair(r#""Good call," she wrote."#),
            "“Good call,” she wrote."
        );
        assert_eq!(repair("the '90s and 'quoted'"), "the ’90s and ‘quoted’");
    }

    #[test]
    fn repairs_replacement_characters() {
        assert_eq!(repair("Russia\u{FFFD}s leader"), "Russia’s leader");
        assert_eq!(repair("said \u{FFFD}no\u{FFFD} today"), "said “no” today");
    }

    #[test]
    fn repairs_question_mark_quotes() {
        assert_eq!(
            repair(r#"He said "?we will win" today"#),
            "He said “we will win” today"
        );
        assert_eq!(repair(r#"Did he say "no"?"#), "Did he say “no”?");
    }

    #[test]
    fn a_lost_character_after_punctuation_closes_and_gets_its_space_back() {
        // Was “ (glued to the next word): "organization,“said".
        assert_eq!(
            repair(r#""The organization,"?said Ann."#),
            "“The organization,” said Ann."
        );
        assert_eq!(
            repair("the organization,\u{FFFD}said Ann"),
            "the organization,” said Ann"
        );
        assert_eq!(
            repair("\u{FFFD}We will win,\u{FFFD} he said."),
            "“We will win,” he said."
        );
        assert_eq!(repair("He said:\u{FFFD}We won."), "He said: “We won.");
    }

    #[test]
    fn a_lost_character_between_letters_is_a_letter_or_a_clear_apostrophe() {
        // Was "doesn””t" and "Fianna F””il".
        assert_eq!(repair("It doesn\u{FFFD}\u{FFFD}t"), "It doesn’t");
        assert_eq!(
            repair("Fianna F\u{FFFD}\u{FFFD}il"),
            "Fianna F\u{FFFD}\u{FFFD}il"
        );
        assert_eq!(repair("Jos\u{FFFD} Mourinho"), "Jos\u{FFFD} Mourinho");
        for (damaged, repaired) in [
            ("doesn?t", "doesn’t"),
            ("it?s", "it’s"),
            ("I?m", "I’m"),
            ("we?re", "we’re"),
            ("they?ve", "they’ve"),
            ("you?ll", "you’ll"),
            ("he?d", "he’d"),
            (r#"don"t"#, "don’t"),
            ("Fianna F?il", "Fianna F?il"),
            ("Fianna F??il", "Fianna F??il"),
            ("San Jos? is", "San Jos? is"),
            ("cat?t", "cat?t"),
        ] {
            assert_eq!(repair(damaged), repaired, "{damaged}");
        }
    }

    #[test]
    fn a_lost_character_after_a_space_opens_a_quote_or_is_a_dash() {
        assert_eq!(repair("?We will win,? he said."), "“We will win,” he said.");
        assert_eq!(repair("?Why not?? she asked."), "“Why not?” she asked.");
        assert_eq!(repair("WASHINGTON ? The Senate"), "WASHINGTON — The Senate");
        assert_eq!(
            repair("WASHINGTON \u{FFFD} The Senate"),
            "WASHINGTON — The Senate"
        );
        assert_eq!(
            repair("the plan ? which failed ? was new"),
            "the plan — which failed — was new"
        );
        assert_eq!(repair("a \u{FFFD} b"), "a — b");
        // A French question mark stays one.
        assert_eq!(repair("Pourquoi ? Parce que."), "Pourquoi ? Parce que.");
    }

    #[test]
    fn a_lost_sign_before_a_digit_is_a_currency_only_when_the_line_says_which() {
        // Was "“10,000".
        assert_eq!(repair("It cost \u{FFFD}10,000."), "It cost \u{FFFD}10,000.");
        assert_eq!(repair("It cost ?10,000."), "It cost ?10,000.");
        assert_eq!(
            repair("It cost \u{FFFD}10m, in pounds."),
            "It cost £10m, in pounds."
        );
        assert_eq!(repair("Fined ?5bn (£4bn)"), "Fined £5bn (£4bn)");
        assert_eq!(repair("A \u{FFFD}3bn euro fund"), "A €3bn euro fund");
    }

    #[test]
    fn real_question_marks_and_urls_are_kept() {
        for text in [
            "Why? Because it rained.",
            "Is it? he asked.",
            "Who is Sylvia?) and Are We There Yet?, said",
            "See https://example.org/a?b=1&c=2 and www.x.org/?q",
            "\"Why?\" he asked.",
            "Really?!",
        ] {
            let expected = text.replace("\"Why?\"", "“Why?”");
            assert_eq!(repair(text), expected, "{text}");
        }
    }

    #[test]
    fn two_apostrophes_are_a_double_quote() {
        assert_eq!(
            repair("a new study. ''No one knows,'' she said."),
            "a new study. “No one knows,” she said."
        );
    }

    #[test]
    fn mojibake_is_decoded() {
        assert_eq!(repair("rose to Â£2.89bn"), "rose to £2.89bn");
        assert_eq!(repair("donâ€™t say cafÃ©"), "don’t say café");
        assert_eq!(repair("â€œYes,â€\u{9D} she said"), "“Yes,” she said");
        assert_eq!(repair("SÃO PAULO Ã"), "SÃO PAULO Ã");
    }

    #[test]
    fn quotes_balance_across_the_lines_of_a_paragraph() {
        let lines = vec![
            "\u{FFFD}We will".to_string(),
            "win,\u{FFFD}said Ann. \"And".to_string(),
            "then,\"said Bo".to_string(),
        ];
        assert_eq!(
            repair_paragraph(lines),
            ["“We will", "win,” said Ann. “And", "then,” said Bo"]
        );
        // Each paragraph starts with no quote open.
        assert_eq!(
            repair_paragraph(vec!["He left.\"The".into()]),
            ["He left. “The"]
        );
    }

    /// Quotes between two letters, quotes glued to the word after a
    /// comma ("organization,“said") and doubled quotes (`””`): the
    /// artefacts a wrong repair adds.
    fn artefacts(text: &str) -> usize {
        let chars: Vec<char> = text.chars().collect();
        let quote = |c: char| matches!(c, '"' | '“' | '”' | '‘');
        let between = chars
            .windows(3)
            .filter(|w| {
                (w[0].is_alphabetic() && quote(w[1]) && w[2].is_alphabetic())
                    || (w[0] == ',' && quote(w[1]) && w[2].is_alphabetic())
            })
            .count();
        let doubled = chars
            .windows(2)
            .filter(|w| quote(w[0]) && quote(w[1]))
            .count();
        between + doubled
    }

    #[test]
    fn a_repair_never_adds_an_artefact() {
        // Clean lines, each damaged in every way scrapers damage them.
        let clean = [
            "“We will win,” he said.",
            "“The organization,” said Ann, “is broke.”",
            "It doesn’t matter, she’s sure I’m right and they’ve left.",
            "Fianna Fáil and Sinn Féin met in Dún Laoghaire.",
            "WASHINGTON — The Senate voted.",
            "It cost £10,000, or €12,000.",
            "The plan — which failed — was new.",
            "He asked: “Why not?” and left.",
            "San José’s mayor said “no” to the café.",
            "(“Quoted”) and ‘single’ and the ’90s.",
            "The players’ union said: “We’re out.”",
            "Is it over? “Yes,” he said. “No?” she asked.",
            "See https://example.org/a?b=1 for more.",
            "Renée’s “best” year, said the BBC’s editor.",
            "A €3bn euro fund and a £2bn fund.",
            "“Go!” they cried, “now!”",
        ];
        let lost = ['’', '‘', '“', '”', '—', '–', '£', '€', 'á', 'é', 'ú', 'é'];
        let mut lines = 0;
        for line in clean {
            for damage in ["\u{FFFD}", "\u{FFFD}\u{FFFD}", "?", "??", "\"?", "\""] {
                let damaged: String = line
                    .chars()
                    .map(|c| {
                        if lost.contains(&c) {
                            damage.to_string()
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                let repaired = repair(&damaged);
                lines += 1;
                assert!(
                    artefacts(&repaired) <= artefacts(&damaged),
                    "{damaged:?} became {repaired:?}"
                );
                // A clean line is kept as it is.
                assert_eq!(repair(line), line);
            }
        }
        assert_eq!(lines, clean.len() * 6);
    }
}
