//! How deep front matter nests its lists and tables, measured before it is
//! parsed: YAML's parser takes time in the square of the depth of flow
//! collections (`[[[[...`: 200,000 levels in a 400 KB file took 74 s before
//! failing), so deeper front matter than `limits.front_matter_depth` is
//! refused at the bracket that goes too deep.
//!
//! One linear pass counts `[` and `{` against `]` and `}` outside strings
//! and comments, following each syntax's rules for where a string starts: a
//! bracket inside a string never counts, and a quote that does not start a
//! string (`it's`, `a-'b`) never hides the brackets after it. YAML block
//! scalars (`|`, `>`) are text and are skipped. `front_matter` calls it.

use crate::ingest::markdown::front_matter::Syntax;

/// The byte offset in `front` of the first `[` or `{` nested deeper than
/// `limit`, or `None` when the front matter stays within it.
pub(super) fn too_deep(front: &str, syntax: Syntax, limit: usize) -> Option<usize> {
    match syntax {
        Syntax::Toml => toml_too_deep(front.as_bytes(), limit),
        Syntax::Yaml => yaml_too_deep(front.as_bytes(), limit),
    }
}

/// Counts brackets as the depth goes: the offset of the one past `limit`.
struct Depth {
    depth: usize,
    limit: usize,
}

impl Depth {
    fn open(&mut self, at: usize) -> Option<usize> {
        self.depth += 1;
        (self.depth > self.limit).then_some(at)
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// TOML: strings are `"..."` (with `\` escapes), `'...'`, `"""..."""` and
/// `'''...'''`, wherever they start; comments run from `#` to the line's end.
fn toml_too_deep(text: &[u8], limit: usize) -> Option<usize> {
    let mut depth = Depth { depth: 0, limit };
    let mut at = 0;
    while let Some(&byte) = text.get(at) {
        match byte {
            b'[' | b'{' => {
                if let Some(offset) = depth.open(at) {
                    return Some(offset);
                }
            }
            b']' | b'}' => depth.close(),
            b'#' => at = line_end(text, at),
            b'"' | b'\'' => {
                let triple = text.get(at..at + 3).is_some_and(|t| t == [byte; 3]);
                at = if triple {
                    string_end(text, at + 3, &[byte; 3], byte == b'"', false)
                } else {
                    string_end(text, at + 1, &[byte], byte == b'"', false)
                };
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// YAML: a quote starts a string only where a value or key starts (at the
/// start of a line, after `- `, `? ` or `: `, or after `[`, `{` or `,`);
/// `"..."` takes `\` escapes and `'...'` doubles its quote. A comment starts
/// at a `#` after white space; a block scalar (`|` or `>` ending a line)
/// holds the more indented lines after it.
fn yaml_too_deep(text: &[u8], limit: usize) -> Option<usize> {
    let mut depth = Depth { depth: 0, limit };
    let mut at = 0;
    // Whether the next non-blank byte starts a token (a key or a value).
    let mut token_start = true;
    let mut line_start = 0;
    while let Some(&byte) = text.get(at) {
        let after_blank = at == 0 || matches!(text[at - 1], b' ' | b'\t' | b'\n' | b'\r');
        match byte {
            b'\n' => {
                line_start = at + 1;
                token_start = true;
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if after_blank => {
                at = line_end(text, at);
                continue;
            }
            b'[' | b'{' => {
                if let Some(offset) = depth.open(at) {
                    return Some(offset);
                }
                token_start = true;
            }
            b']' | b'}' => {
                depth.close();
                token_start = false;
            }
            b',' => token_start = depth.depth > 0,
            b'-' | b'?' | b':' if followed_by_blank(text, at) => token_start = true,
            b'"' | b'\'' if token_start => {
                at = string_end(text, at + 1, &[byte], byte == b'"', byte == b'\'');
                token_start = false;
                continue;
            }
            b'|' | b'>' if token_start && depth.depth == 0 => {
                at = block_scalar_end(text, at, line_start);
                token_start = true;
                continue;
            }
            _ => token_start = false,
        }
        at += 1;
    }
    None
}

/// Whether the byte after `at` is white space or the end.
fn followed_by_blank(text: &[u8], at: usize) -> bool {
    text.get(at + 1)
        .is_none_or(|next| matches!(next, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The offset of the newline ending the line that holds `at` (or the end).
fn line_end(text: &[u8], at: usize) -> usize {
    text[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| at + i)
}

/// The offset just past the string that starts at `from` and is closed by
/// `close` (an unclosed one runs to the end). `escapes`: a backslash takes
/// the next byte; `doubled`: the quote written twice is a quote (YAML's
/// `'...'`).
fn string_end(text: &[u8], from: usize, close: &[u8], escapes: bool, doubled: bool) -> usize {
    let mut at = from;
    while at < text.len() {
        if escapes && text[at] == b'\\' {
            at += 2;
            continue;
        }
        if text[at..].starts_with(close) {
            if doubled && text.get(at + 1) == Some(&close[0]) {
                at += 2;
                continue;
            }
            return at + close.len();
        }
        at += 1;
    }
    text.len()
}

/// The offset of the first line after the block scalar whose indicator
/// (`|` or `>`) is at `at`, on the line starting at `line_start`: the lines
/// after it that are blank or more indented than that line.
fn block_scalar_end(text: &[u8], at: usize, line_start: usize) -> usize {
    let indent = |start: usize| text[start..].iter().take_while(|&&b| b == b' ').count();
    let own = indent(line_start);
    let mut next = line_end(text, at);
    while next < text.len() {
        let start = next + 1;
        let end = line_end(text, start);
        let line = &text[start..end];
        let blank = line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
        if !blank && indent(start) <= own {
            return start;
        }
        next = end;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::markdown::tests::errors;

    fn yaml(text: &str) -> Option<usize> {
        too_deep(text, Syntax::Yaml, 3)
    }

    fn toml(text: &str) -> Option<usize> {
        too_deep(text, Syntax::Toml, 3)
    }

    #[test]
    fn depth_past_the_limit_is_found_at_its_bracket() {
        assert_eq!(yaml("tags: [[[a]]]\n"), None);
        assert_eq!(yaml("tags: [[[[a]]]]\n"), Some(9));
        assert_eq!(yaml("x: {a: [{b: [1]}]}\n"), Some(12));
        assert_eq!(toml("tags = [[[1]]]\n"), None);
        assert_eq!(toml("x = { a = [[{ b = 1 }]] }\n"), Some(12));
        // Siblings do not add up.
        assert_eq!(yaml("a: [[[1]], [[2]]]\nb: [[[3]]]\n"), None);
        assert_eq!(toml("[extra]\na = [[[1]]]\n[[x]]\nb = [[1]]\n"), None);
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert_eq!(yaml("title: \"[[[[\"\nsummary: '{{{{ it''s [[[['\n"), None);
        assert_eq!(yaml("tags: ['[[[[', \"]]\\\"[[[[\"]  # [[[[\n"), None);
        assert_eq!(
            toml("title = \"[[[[\\\"[[[[\"  # [[[[\nsummary = '[[[['\n"),
            None
        );
        assert_eq!(toml("s = \"\"\"\n[[[[\n\"\"\"\nt = '''[[[['''\n"), None);
        // A block scalar is text.
        assert_eq!(
            yaml("summary: |\n  [[[[ text\n  more [[[[\ntags: [a]\n"),
            None
        );
    }

    #[test]
    fn a_quote_that_starts_no_string_hides_nothing() {
        // `it's` and `a-'b` are plain text: the brackets after them count.
        assert_eq!(yaml("title: it's\ntags: [[[[a]]]]\n"), Some(21));
        assert_eq!(yaml("title: a-'b\ntags: [[[[a]]]]\n"), Some(21));
        // Closing brackets inside a string do not lower the depth.
        assert_eq!(
            yaml("x: [ \"]\", [ \"]\", [ \"]\", [ 1 ] ] ] ]\n"),
            Some(24)
        );
        // A block scalar ends at a line as indented as its key.
        assert_eq!(yaml("summary: >\n  text\ntags: [[[[a]]]]\n"), Some(27));
    }

    #[test]
    fn too_deep_front_matter_is_refused_before_parsing() {
        let deep = "[".repeat(200_000);
        assert_eq!(
            errors(&format!(
                "---\ntitle: T\ndate: 2022-02-01\ntags: {deep}\n---\n"
            )),
            [
                "seeds/a.md:4:71: the front matter nests lists and tables more than 64 deep\n  help: close the brackets opened before this one, or raise `front_matter_depth` under `[limits]` in site.toml"
            ]
        );
        assert_eq!(
            errors(&format!(
                "+++\ntitle = \"T\"\ndate = 2022-02-01\nx = {}1{}\n+++\n",
                "{a=".repeat(70),
                "}".repeat(70)
            )),
            [
                "seeds/a.md:4:197: the front matter nests lists and tables more than 64 deep\n  help: close the brackets opened before this one, or raise `front_matter_depth` under `[limits]` in site.toml"
            ]
        );
    }
}
