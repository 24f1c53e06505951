//! Problems found in a user's files: where they are and what to do about them.
//!
//! Every module that reads user input (config, ingest, render, output) reports
//! a [`Problem`] instead of failing on the first one, so a build can list every
//! bad article at once. The orchestrator (`site`) decides the exit code at the
//! end; `main` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong (or worth a warning) in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the site folder where possible.
    pub file: PathBuf,
    /// 1-based line, where the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters), where the problem has one.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Extra lines shown under the message (a source excerpt, for example).
    pub detail: Option<String>,
}

impl Problem {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            detail: None,
        }
    }

    /// Places the problem at a line and column (both 1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the problem at a byte offset of `text`, the file's contents
    /// (or a part of them that starts at `first_line`).
    pub fn at_offset(self, text: &str, offset: usize, first_line: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.at(line + first_line - 1, column)
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Where the problem is, as `file:line:column`.
    pub fn location(&self) -> String {
        let mut location = shown(&self.file);
        if let Some(line) = self.line {
            location.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                location.push_str(&format!(":{column}"));
            }
        }
        location
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, "\n{detail}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A path for a message: control characters (a newline in a file name)
/// are written as escapes, so every message stays on its own lines.
pub(crate) fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.chars().any(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
/// An offset past the end, or inside a character, is clamped.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely typo. Used for "did you mean" hints on keys and names.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A failed build: every problem found, in a stable order.
#[derive(Debug)]
pub struct BuildFailed {
    pub problems: Vec<Problem>,
}

impl BuildFailed {
    pub fn new(mut problems: Vec<Problem>) -> Self {
        problems.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        problems.dedup();
        BuildFailed { problems }
    }

    pub fn one(problem: Problem) -> Self {
        BuildFailed::new(vec![problem])
    }
}

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "error: {problem}")?;
        }
        let count = self.problems.len();
        write!(
            f,
            "build failed: {count} problem{}; nothing was written",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for BuildFailed {}

/// A path relative to `root` for messages; the path itself when it is not below it.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A file or folder of the site that cannot be read while its folder is
/// walked (`seeds/`, `templates/`, `static/`): one message for all of them.
pub(crate) fn cannot_read(root: &Path, path: &Path, err: impl fmt::Display) -> Problem {
    Problem::new(display_path(root, path), format!("cannot read: {err}"))
        .help("check the permissions of the file or folder")
}

/// A symbolic link met while a folder of the site is walked: never followed.
pub(crate) fn symlink_ignored(root: &Path, path: &Path) -> Problem {
    Problem::new(
        display_path(root, path),
        "ignored: a symbolic link (newsgen reads only regular files inside the site folder)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_and_in_characters() {
        let text = "ab\nçdé\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // "çd" is 3 bytes: offset 6 is before 'é'
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(line_column(text, 999), (3, 2));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["title", "base_url", "timezone"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("baseurl", keys), Some("base_url"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn problem_display_names_file_line_and_help() {
        let problem = Problem::new("seeds/a.txt", "no date")
            .at(1, 2)
            .help("start the file with `date YYYY-MM-DD`");
        assert_eq!(
            problem.to_string(),
            "seeds/a.txt:1:2: no date\n  help: start the file with `date YYYY-MM-DD`"
        );
    }
}
