//! Repairs the damage scraped wire text arrives with, and sets its quotes.
//!
//! Scrapers leave U+FFFD where a curly quote or apostrophe could not be
//! decoded, and some write `"?` for an opening curly quote. An editor would
//! fix both; so do we, then turn straight quotes into typographic ones.

/// Repairs damaged characters and sets typographic quotes and apostrophes
/// in a line the caller owns, returned as it is when there is nothing to
/// repair or to set (many lines of a story).
pub(crate) fn repair_line(line: String) -> String {
    if needs_repair(&line) {
        repair(&line)
    } else {
        line
    }
}

fn needs_repair(text: &str) -> bool {
    text.contains(['"', '\'', '\u{FFFD}'])
}

/// Repairs damaged characters and sets typographic quotes and apostrophes.
fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut before: Option<char> = None;
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        let mut ahead = chars.clone();
        let after = ahead.next();
        match ch {
            // `"?Good` is an opening quote whose curly form was lost.
            '"' if after == Some('?') && ahead.next().is_some_and(|c| c.is_alphanumeric()) => {
                out.push('“');
                chars.next();
                before = after;
                continue;
            }
            '\u{FFFD}' => {
                if let Some(fixed) = replacement_for(before, after) {
                    out.push(fixed);
                }
            }
            '"' => out.push(if opens(before, after) { '“' } else { '”' }),
            '\'' => out.push(
                // An apostrophe before digits ('90s) is an elision, not a quote.
                if opens(before, after) && !after.is_some_and(|c| c.is_ascii_digit()) {
                    '‘'
                } else {
                    '’'
                },
            ),
            _ => out.push(ch),
        }
        before = Some(ch);
    }
    out
}

/// What a U+FFFD most likely stood for, from its neighbours.
fn replacement_for(before: Option<char>, after: Option<char>) -> Option<char> {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if letter(before) && letter(after) {
        Some('’') // Russia�s, don�t
    } else if opens(before, after) {
        Some('“')
    } else if before.is_some_and(|c| !c.is_whitespace()) {
        Some('”')
    } else {
        None
    }
}

/// A quote opens when it follows white space, an opening bracket or nothing,
/// and is followed by something that is not white space.
fn opens(before: Option<char>, after: Option<char>) -> bool {
    let open_context =
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '“' | '‘'));
    open_context && after.is_some_and(|c| !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(repair("a \u{FFFD} b"), "a  b");
    }

    #[test]
    fn repairs_question_mark_quotes() {
        assert_eq!(
            repair(r#"He said "?we will win" today"#),
            "He said “we will win” today"
        );
        assert_eq!(repair(r#"Did he say "no"?"#), "Did he say “no”?");
    }
}
