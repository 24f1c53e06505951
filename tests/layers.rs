//! The layer test: the code in `src/` follows the layer table of
//! ARCHITECTURE.md, the one place the layers are written down.
//!
//! Every `.rs` file under `src/` (but `lib.rs`, which declares and
//! re-exports the modules, and `main.rs`, the binary) belongs to the table
//! entry that is the longest prefix of its module path. Every path it names
//! with `crate::`, `super::` or `self::` (in `use` declarations, grouped or
//! not, and in code) must lead to the same entry or to an entry of a lower
//! layer (a bigger number): never up, and never across to another entry of
//! the same layer, so no import circle can form. Comments and string
//! literals are blanked out first, so doc links do not count; test code
//! counts like any other.
//!
//! The checker is plain functions over text (read the table, map a file to
//! its module, find the paths, check them) with tests of their own on small
//! made-up sources, and one test runs it on the real `src/`. It needs
//! nothing beyond std: a small scanner is enough for the paths of a crate.

use std::fs;
use std::path::Path;

const NO_TABLE: &str = "ARCHITECTURE.md has no `## Layers` table";
const FIX: &str = "move the code down or change the table in ARCHITECTURE.md";

/// One module of the layer table, with its layer (1 is the top).
#[derive(Debug, PartialEq)]
struct Entry {
    layer: u32,
    module: String,
}

/// A Rust file of `src/`: its path as shown in messages, its module path
/// and its text.
struct SourceFile {
    shown: String,
    module: String,
    text: String,
}

/// A path a file names into the crate, where it names it.
#[derive(Debug, PartialEq)]
struct Reference {
    line: usize,
    /// The path as written, with a group of a `use` spelled out.
    written: String,
    /// The segments of the path from the crate root.
    target: Vec<String>,
}

// The layer table.

/// The entries of the `## Layers` table in `markdown`: the first column is
/// the layer, the second lists modules in backticks; the others are prose.
fn parse_table(markdown: &str) -> Result<Vec<Entry>, String> {
    let section = markdown
        .lines()
        .enumerate()
        .skip_while(|(_, line)| line.trim_end() != "## Layers")
        .skip(1)
        .take_while(|(_, line)| !line.starts_with("## "));
    let rows: Vec<(usize, &str)> = section
        .map(|(index, line)| (index + 1, line.trim()))
        .skip_while(|(_, line)| !line.starts_with('|'))
        .take_while(|(_, line)| line.starts_with('|'))
        .collect();
    // A header row and the row of dashes below it come first.
    if rows.len() < 3 || !is_separator(rows[1].1) {
        return Err(NO_TABLE.to_string());
    }
    let mut entries: Vec<Entry> = Vec::new();
    for &(number, row) in &rows[2..] {
        let cells = cells(row);
        let at = |what: String| format!("ARCHITECTURE.md:{number}: {what}");
        let layer = cells[0]
            .parse()
            .map_err(|_| at(format!("the layer `{}` is not a number", cells[0])))?;
        let modules = cells.get(1).map(|cell| quoted(cell)).unwrap_or_default();
        if modules.is_empty() {
            return Err(at("the layer names no module in backticks".to_string()));
        }
        for module in modules {
            if !is_module_path(module) {
                return Err(at(format!("`{module}` is not a module path")));
            }
            if entries.iter().any(|e| e.module == module) {
                return Err(at(format!("`{module}` is in the table twice")));
            }
            let module = module.to_string();
            entries.push(Entry { layer, module });
        }
    }
    Ok(entries)
}

/// The cells of a table row, trimmed.
fn cells(row: &str) -> Vec<&str> {
    let inner = row.trim_matches('|');
    inner.split('|').map(str::trim).collect()
}

fn is_separator(row: &str) -> bool {
    cells(row)
        .iter()
        .all(|cell| !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':' | ' ')))
}

/// The texts in backticks in `cell`.
fn quoted(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

fn is_module_path(text: &str) -> bool {
    text.split("::").all(|segment| {
        segment.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && segment.chars().all(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The entry a module or item path belongs to: the longest prefix, by
/// whole segments.
fn entry_of<'t>(table: &'t [Entry], path: &[String]) -> Option<&'t Entry> {
    table
        .iter()
        .filter(|entry| {
            let segments: Vec<&str> = entry.module.split("::").collect();
            segments.len() <= path.len() && segments.iter().zip(path).all(|(a, b)| a == b)
        })
        .max_by_key(|entry| entry.module.split("::").count())
}

// Files and modules.

/// The module path of the file at `relative` (to `src/`), or `None` for
/// the crate root and the binary.
fn module_of(relative: &Path) -> Option<String> {
    let mut segments: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let file = segments.pop()?;
    let stem = file.strip_suffix(".rs")?;
    if segments.is_empty() && (stem == "lib" || stem == "main") {
        return None;
    }
    if stem != "mod" {
        segments.push(stem.to_string());
    }
    Some(segments.join("::"))
}

/// Every module file below `src`, sorted by path.
fn source_files(src: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    collect_rs(src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(src).ok()?;
            let module = module_of(relative)?;
            let shown = format!("src/{}", relative.to_string_lossy().replace('\\', "/"));
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{shown}: {e}"));
            Some(SourceFile {
                shown,
                module,
                text,
            })
        })
        .collect()
}

fn collect_rs(dir: &Path, paths: &mut Vec<std::path::PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, paths);
        } else if path.extension().is_some_and(|e| e == "rs") {
            paths.push(path);
        }
    }
}

// Scanning a file.

/// `source` with every comment and string or character literal blanked
/// out (line breaks kept, so lines still count right).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut at = 0;
    while at < chars.len() {
        let end = literal_or_comment_end(&chars, at);
        if end == at {
            code.push(chars[at]);
            at += 1;
        } else {
            for &c in &chars[at..end] {
                code.push(if c == '\n' { '\n' } else { ' ' });
            }
            at = end;
        }
    }
    code
}

/// Where the comment or literal starting at `at` ends, or `at` if none
/// starts there.
fn literal_or_comment_end(chars: &[char], at: usize) -> usize {
    let next = |offset: usize| chars.get(at + offset).copied();
    match chars[at] {
        '/' if next(1) == Some('/') => find_from(chars, at, |c| c == '\n'),
        '/' if next(1) == Some('*') => block_comment_end(chars, at),
        '"' => string_end(chars, at + 1),
        '\'' if next(1) == Some('\\') => find_from(chars, at + 3, |c| c == '\'') + 1,
        '\'' if next(2) == Some('\'') => at + 3,
        'r' | 'b' | 'c' if at == 0 || !is_ident_char(chars[at - 1]) => raw_string_end(chars, at),
        _ => at,
    }
}

/// The first position from `from` whose character `stop` accepts (or the
/// end).
fn find_from(chars: &[char], from: usize, stop: impl Fn(char) -> bool) -> usize {
    (from..chars.len())
        .find(|&i| stop(chars[i]))
        .unwrap_or(chars.len())
}

fn block_comment_end(chars: &[char], at: usize) -> usize {
    let mut depth = 0;
    let mut i = at;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// The end of a string whose text starts at `from` (after the quote).
fn string_end(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The end of a raw string (`r"…"`, `r#"…"#`, `br"…"`, `cr"…"`) at `at`,
/// or `at` if there is none.
fn raw_string_end(chars: &[char], at: usize) -> usize {
    let mut i = at;
    if matches!(chars[i], 'b' | 'c') {
        i += 1;
    }
    if chars.get(i) != Some(&'r') {
        return at;
    }
    i += 1;
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    i += hashes;
    if chars.get(i) != Some(&'"') {
        return at;
    }
    i += 1;
    while i < chars.len() {
        if chars[i] == '"' && chars[i + 1..].iter().take_while(|&&c| c == '#').count() >= hashes {
            return i + 1 + hashes;
        }
        i += 1;
    }
    chars.len()
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A token of code: a word (identifier, keyword or number), `::`, or one
/// other character.
#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    PathSep,
    Punct(char),
}

/// The tokens of `code` (comments and literals already blanked), each
/// with its line.
fn tokens(code: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if is_ident_char(c) {
            let end = find_from(&chars, i, |c| !is_ident_char(c));
            let word: String = chars[i..end].iter().collect();
            tokens.push((Token::Word(word), line));
            i = end;
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push((Token::PathSep, line));
            i += 2;
        } else {
            tokens.push((Token::Punct(c), line));
            i += 1;
        }
    }
    tokens
}

/// Every path `source`, the file of module `module`, names with `crate::`,
/// `super::` or `self::`, resolved from the crate root.
fn references(source: &str, module: &str) -> Vec<Reference> {
    let tokens = tokens(&code_only(source));
    // The module the code is in: the file's, then its inline modules, each
    // with the brace depth at which it opened.
    let mut scope: Vec<String> = module.split("::").map(str::to_string).collect();
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Token::Punct('{') => {
                depth += 1;
                if i >= 2 && word(&tokens, i - 2) == Some("mod") {
                    scope.extend(word(&tokens, i - 1).map(str::to_string));
                    inline.push(depth);
                }
            }
            Token::Punct('}') => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                    scope.pop();
                }
                depth -= 1;
            }
            Token::Word(w) if w == "use" => {
                let mut leaves = Vec::new();
                i = use_tree(&tokens, i + 1, &[], &mut leaves);
                let resolved = leaves
                    .into_iter()
                    .filter_map(|(path, line)| reference(&path, line, &scope));
                found.extend(resolved);
                continue;
            }
            Token::Word(_) if starts_code_path(&tokens, i) => {
                let (path, end) = code_path(&tokens, i);
                // A macro exported at the crate root has no module.
                let root_macro = path.len() == 2 && is(&tokens, end, &Token::Punct('!'));
                if !root_macro {
                    found.extend(reference(&path, tokens[i].1, &scope));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn word(tokens: &[(Token, usize)], i: usize) -> Option<&str> {
    match tokens.get(i) {
        Some((Token::Word(w), _)) => Some(w),
        _ => None,
    }
}

fn is(tokens: &[(Token, usize)], i: usize, token: &Token) -> bool {
    tokens.get(i).is_some_and(|(t, _)| t == token)
}

/// Whether a path into the crate starts at `i` in code: `crate::`,
/// `super::` or `self::`, but not `$crate::` in a macro or the
/// `pub(in crate::…)` of a visibility.
fn starts_code_path(tokens: &[(Token, usize)], i: usize) -> bool {
    let starts = matches!(word(tokens, i), Some("crate" | "super" | "self"));
    let after = |token: &Token| i > 0 && is(tokens, i - 1, token);
    let visibility =
        i > 1 && word(tokens, i - 1) == Some("in") && is(tokens, i - 2, &Token::Punct('('));
    let inside = after(&Token::PathSep) || after(&Token::Punct('$')) || visibility;
    starts && !inside && is(tokens, i + 1, &Token::PathSep)
}

/// The segments of the path in code at `i`, and where it ends (before
/// `::<` generics or anything else that is not a segment).
fn code_path(tokens: &[(Token, usize)], i: usize) -> (Vec<String>, usize) {
    let mut path: Vec<String> = word(tokens, i).map(str::to_string).into_iter().collect();
    let mut end = i + 1;
    while let (true, Some(segment)) = (is(tokens, end, &Token::PathSep), word(tokens, end + 1)) {
        path.push(segment.to_string());
        end += 2;
    }
    (path, end)
}

/// Reads the `use` tree at `i` (after `use`, or inside a group), whose
/// paths continue `prefix`: adds each whole path with the line of its last
/// segment to `leaves`, and returns where the tree ends.
fn use_tree(
    tokens: &[(Token, usize)],
    mut i: usize,
    prefix: &[String],
    leaves: &mut Vec<(Vec<String>, usize)>,
) -> usize {
    let start = i;
    let mut path = prefix.to_vec();
    let mut line = 0;
    loop {
        match tokens.get(i) {
            Some((Token::Word(w), at)) => {
                // `self` in a group names the group's own path.
                if w != "self" || prefix.is_empty() || path.len() > prefix.len() {
                    path.push(w.clone());
                }
                line = *at;
                i += 1;
            }
            // A glob names the path it is under.
            Some((Token::Punct('*'), at)) => {
                line = *at;
                i += 1;
            }
            Some((Token::Punct('{'), _)) => return use_group(tokens, i + 1, &path, leaves),
            _ => break,
        }
        if !is(tokens, i, &Token::PathSep) {
            break;
        }
        i += 1;
    }
    if word(tokens, i) == Some("as") {
        i += 2;
    }
    if i > start {
        leaves.push((path, line));
    }
    i
}

/// Reads the trees of a `use` group from `i` (after its `{`) to its `}`.
fn use_group(
    tokens: &[(Token, usize)],
    mut i: usize,
    prefix: &[String],
    leaves: &mut Vec<(Vec<String>, usize)>,
) -> usize {
    loop {
        match tokens.get(i) {
            None => return i,
            Some((Token::Punct('}'), _)) => return i + 1,
            Some((Token::Punct(','), _)) => i += 1,
            Some(_) => {
                let end = use_tree(tokens, i, prefix, leaves);
                if end == i {
                    // Not Rust as we know it: stop rather than loop.
                    return i;
                }
                i = end;
            }
        }
    }
}

/// The reference `path` makes from `scope` (the module it is written in),
/// if it starts with `crate`, `super` or `self`.
fn reference(path: &[String], line: usize, scope: &[String]) -> Option<Reference> {
    let (first, rest) = path.split_first()?;
    let mut target: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "super" | "self" => scope.to_vec(),
        _ => return None,
    };
    let mut rest = rest.iter().peekable();
    if first == "super" {
        target.pop();
        while rest.next_if(|segment| *segment == "super").is_some() {
            target.pop();
        }
    }
    target.extend(rest.cloned());
    Some(Reference {
        line,
        written: path.join("::"),
        target,
    })
}

// The check.

/// Every way `files` break the layer `table`, one line each, sorted by
/// file and line.
fn check(files: &[SourceFile], table: &[Entry]) -> Vec<String> {
    let mut problems: Vec<(&str, usize, String)> = Vec::new();
    for file in files {
        let module: Vec<String> = file.module.split("::").map(str::to_string).collect();
        let Some(own) = entry_of(table, &module) else {
            problems.push((
                &file.shown,
                0,
                format!(
                    "{}: module `{}` is not in the layer table of ARCHITECTURE.md; add it to a layer",
                    file.shown, file.module
                ),
            ));
            continue;
        };
        for reference in references(&file.text, &file.module) {
            if let Some(problem) = judge(file, own, &reference, table) {
                problems.push((&file.shown, reference.line, problem));
            }
        }
    }
    // Stable: the paths of one line stay in the order they are written.
    problems.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    problems.into_iter().map(|(_, _, text)| text).collect()
}

/// What is wrong with `reference` in `file`, whose entry is `own`.
fn judge(file: &SourceFile, own: &Entry, reference: &Reference, table: &[Entry]) -> Option<String> {
    let named = if reference.written.starts_with("crate") {
        format!("`{}`", reference.written)
    } else {
        let resolved = std::iter::once("crate")
            .chain(reference.target.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("::");
        format!("`{}` (`{resolved}`)", reference.written)
    };
    let at = format!(
        "{}:{}: `{}` uses {named}",
        file.shown, reference.line, file.module
    );
    let Some(target) = entry_of(table, &reference.target) else {
        return Some(format!(
            "{at}, which is in no layer of the table in ARCHITECTURE.md; name it by the path of its module, or add that module to a layer"
        ));
    };
    if target == own || target.layer > own.layer {
        None
    } else if target.layer == own.layer {
        Some(format!(
            "{at} from the same layer {} (`{}`); {FIX}",
            target.layer, target.module
        ))
    } else {
        Some(format!(
            "{at} from layer {} (`{}`), above its own layer {}; {FIX}",
            target.layer, target.module, own.layer
        ))
    }
}

/// Checks the `src/` of the repository at `root` against the table of its
/// ARCHITECTURE.md.
fn check_repository(root: &Path) -> Result<(), String> {
    let architecture = fs::read_to_string(root.join("ARCHITECTURE.md"))
        .map_err(|e| format!("ARCHITECTURE.md: {e}"))?;
    let table = parse_table(&architecture)?;
    let problems = check(&source_files(&root.join("src")), &table);
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} places break the layer table of ARCHITECTURE.md:\n{}",
        problems.len(),
        problems.join("\n")
    ))
}

#[test]
fn src_follows_the_layer_table() {
    if let Err(problems) = check_repository(Path::new(env!("CARGO_MANIFEST_DIR"))) {
        panic!("{problems}");
    }
}

// Tests of the checker.

/// A table of `a` (layer 1), `b` and `peer` (2), `low` (3), `low::deep` (4).
const TABLE: &str = "# Architecture\n\n## Layers\n\n| layer | modules | what it is |\n| ---: | --- | --- |\n| 1 | `a` | the top |\n| 2 | `b`, `peer` | two of a kind |\n| 3 | `low` | below |\n| 4 | `low::deep` | the bottom |\n\n## Next\n\n| 9 | `not_a_layer` | |\n";

/// The problems of one file at `path` (below `src/`) holding `text`.
fn problems_of(path: &str, text: &str) -> Vec<String> {
    let file = SourceFile {
        shown: format!("src/{path}"),
        module: module_of(Path::new(path)).unwrap(),
        text: text.to_string(),
    };
    check(&[file], &parse_table(TABLE).unwrap())
}

fn upward(file: &str, module: &str, line: usize, path: &str, from: &str) -> String {
    format!(
        "src/{file}:{line}: `{module}` uses {path} from {from}; move the code down or change the table in ARCHITECTURE.md"
    )
}

#[test]
fn the_table_is_read_from_its_section() {
    let table = parse_table(TABLE).unwrap();
    let read: Vec<(u32, &str)> = table.iter().map(|e| (e.layer, e.module.as_str())).collect();
    assert_eq!(
        read,
        [
            (1, "a"),
            (2, "b"),
            (2, "peer"),
            (3, "low"),
            (4, "low::deep")
        ]
    );
    let path = |p: &str| p.split("::").map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        entry_of(&table, &path("low::deep::X")).unwrap().module,
        "low::deep"
    );
    assert_eq!(
        entry_of(&table, &path("low::deeper")).unwrap().module,
        "low"
    );
    assert_eq!(entry_of(&table, &path("lower::X")), None);
}

#[test]
fn a_missing_or_broken_table_is_named() {
    assert_eq!(
        parse_table("# Architecture\n\n## Modules\n\n| a | b |\n| - | - |\n| 1 | `a` |\n"),
        Err(NO_TABLE.to_string())
    );
    assert_eq!(
        parse_table("## Layers\n\nSoon.\n"),
        Err(NO_TABLE.to_string())
    );
    assert_eq!(
        parse_table("## Layers\n\n| layer | modules |\n| --- | --- |\n| top | `a` |\n"),
        Err("ARCHITECTURE.md:5: the layer `top` is not a number".to_string())
    );
    assert_eq!(
        parse_table("## Layers\n\n| layer | modules |\n| --- | --- |\n| 1 | `a` |\n| 2 | `a` |\n"),
        Err("ARCHITECTURE.md:6: `a` is in the table twice".to_string())
    );
}

#[test]
fn files_map_to_module_paths() {
    for (file, module) in [
        ("a.rs", Some("a")),
        ("a/mod.rs", Some("a")),
        ("a/b.rs", Some("a::b")),
        ("a/b/mod.rs", Some("a::b")),
        ("a/b/c.rs", Some("a::b::c")),
        ("lib.rs", None),
        ("main.rs", None),
    ] {
        assert_eq!(module_of(Path::new(file)).as_deref(), module, "{file}");
    }
}

#[test]
fn catches_an_upward_use() {
    assert_eq!(
        problems_of("b.rs", "//! B.\n\nuse crate::a::X;\n"),
        [upward(
            "b.rs",
            "b",
            3,
            "`crate::a::X`",
            "layer 1 (`a`), above its own layer 2"
        )]
    );
}

#[test]
fn catches_every_path_of_a_grouped_multi_line_use() {
    let source = "use std::fmt;\nuse crate::{\n    low::Fine,\n    a::{X,\n        y::Z},\n    b::{self, Same},\n};\npub use crate::a::*;\n";
    let from_a = "layer 1 (`a`), above its own layer 3";
    assert_eq!(
        problems_of("low.rs", source),
        [
            upward("low.rs", "low", 4, "`crate::a::X`", from_a),
            upward("low.rs", "low", 5, "`crate::a::y::Z`", from_a),
            upward(
                "low.rs",
                "low",
                6,
                "`crate::b`",
                "layer 2 (`b`), above its own layer 3"
            ),
            upward(
                "low.rs",
                "low",
                6,
                "`crate::b::Same`",
                "layer 2 (`b`), above its own layer 3"
            ),
            upward("low.rs", "low", 8, "`crate::a`", from_a),
        ]
    );
}

#[test]
fn catches_crate_paths_in_code() {
    let source = "fn f() -> u8 {\n    let v = crate::a::make(1);\n    let s = crate::a::Shape { v };\n    for w in crate::a::words() {}\n    crate::low::helper::<u8>(s)\n}\n";
    let from_a = "layer 1 (`a`), above its own layer 2";
    assert_eq!(
        problems_of("b.rs", source),
        [
            upward("b.rs", "b", 2, "`crate::a::make`", from_a),
            upward("b.rs", "b", 3, "`crate::a::Shape`", from_a),
            upward("b.rs", "b", 4, "`crate::a::words`", from_a),
        ]
    );
}

#[test]
fn catches_an_upward_super_super() {
    let source =
        "use super::Sibling;\nuse super::super::Top;\n\nfn f() {\n    super::super::make();\n}\n";
    let from_low = "layer 3 (`low`), above its own layer 4";
    assert_eq!(
        problems_of("low/deep/leaf.rs", source),
        [
            upward(
                "low/deep/leaf.rs",
                "low::deep::leaf",
                2,
                "`super::super::Top` (`crate::low::Top`)",
                from_low
            ),
            upward(
                "low/deep/leaf.rs",
                "low::deep::leaf",
                5,
                "`super::super::make` (`crate::low::make`)",
                from_low
            ),
        ]
    );
    // In `src/low/deep/mod.rs`, `super` is `low`.
    assert_eq!(
        problems_of("low/deep/mod.rs", "use super::Top;\n"),
        [upward(
            "low/deep/mod.rs",
            "low::deep",
            1,
            "`super::Top` (`crate::low::Top`)",
            from_low
        )]
    );
}

#[test]
fn catches_a_peer_of_the_same_layer() {
    assert_eq!(
        problems_of("b.rs", "use crate::peer::Q;\n"),
        [upward(
            "b.rs",
            "b",
            1,
            "`crate::peer::Q`",
            "the same layer 2 (`peer`)"
        )]
    );
}

#[test]
fn catches_a_module_missing_from_the_table() {
    assert_eq!(
        problems_of("x/y.rs", "use crate::a::X;\n"),
        [
            "src/x/y.rs: module `x::y` is not in the layer table of ARCHITECTURE.md; add it to a layer"
        ]
    );
    assert_eq!(
        problems_of("b.rs", "use crate::Article;\n"),
        [
            "src/b.rs:1: `b` uses `crate::Article`, which is in no layer of the table in ARCHITECTURE.md; name it by the path of its module, or add that module to a layer"
        ]
    );
}

#[test]
fn tests_modules_and_downward_uses_pass() {
    let source = "use crate::low::{deep::Bottom, Thing};\nuse self::inner::X;\n\nfn f() {\n    crate::low::deep::g();\n    crate::b::same_module();\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::low::Helper;\n\n    mod more {\n        use super::super::f;\n    }\n}\n";
    assert_eq!(problems_of("b.rs", source), Vec::<String>::new());
    assert_eq!(
        problems_of(
            "low/deep/leaf.rs",
            "pub(in crate::low) fn shared() {}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::Sibling;\n}\n"
        ),
        Vec::<String>::new(),
        "a visibility names an ancestor, not a use"
    );
}

#[test]
fn test_code_counts_too() {
    let source = "#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::a::Fixture;\n}\n";
    assert_eq!(
        problems_of("b.rs", source),
        [upward(
            "b.rs",
            "b",
            4,
            "`crate::a::Fixture`",
            "layer 1 (`a`), above its own layer 2"
        )]
    );
}

#[test]
fn comments_and_strings_do_not_count() {
    let source = "//! See [`crate::a::X`].\n/// Like [crate::a::X].\n// use crate::a::X;\n/* use crate::a::X;\n   /* nested */ crate::a::X */\nconst A: &str = \"use crate::a::X; \\\" crate::a::X\";\nconst B: &str = r#\"crate::a::X \"quoted\" \"#;\nconst C: char = '\"';\nconst D: char = '\\'';\nfn f<'a>(x: &'a str) -> &'a str { x }\nmacro_rules! m { () => { $crate::a::X } }\nfn g() { crate::a::late(); }\n";
    assert_eq!(
        problems_of("b.rs", source),
        [upward(
            "b.rs",
            "b",
            12,
            "`crate::a::late`",
            "layer 1 (`a`), above its own layer 2"
        )]
    );
}

#[test]
fn every_problem_is_reported_sorted_by_file_and_line() {
    let file = |path: &str, text: &str| SourceFile {
        shown: format!("src/{path}"),
        module: module_of(Path::new(path)).unwrap(),
        text: text.to_string(),
    };
    let late_use = format!("{}use crate::a::Late;\n", "\n".repeat(9));
    let files = [
        file("low.rs", &late_use),
        file("b.rs", &format!("use crate::a::First;\n{late_use}")),
        file("zed.rs", ""),
    ];
    let problems = check(&files, &parse_table(TABLE).unwrap());
    let places: Vec<&str> = problems
        .iter()
        .map(|p| p.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        places,
        ["src/b.rs:1", "src/b.rs:11", "src/low.rs:10", "src/zed.rs"]
    );
}
