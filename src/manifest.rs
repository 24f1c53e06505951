//! The output manifest: what the last successful build wrote, so the next
//! one can keep every file whose inputs or bytes did not change.
//!
//! `output` keeps one manifest per output folder in the site's `.newsgen/`
//! folder (never in the output): for each file the fingerprint of its inputs,
//! its content hash, size and modification time. A file is kept only when
//! the new fingerprint (or the new bytes' hash) is the same *and* the old
//! file still has the recorded size and time, so a stale, corrupt or
//! hand-edited manifest or output is never trusted: the file is simply
//! written again.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

const HEADER: &str = "newsgen-manifest 2";

/// A hash of everything one output file is made from: 16 bytes of blake3.
pub type Fingerprint = [u8; 16];

/// The fingerprint of a file whose only input is its bytes.
pub fn fingerprint_of(bytes: &[u8]) -> Fingerprint {
    truncate(blake3::hash(bytes))
}

pub fn truncate(hash: blake3::Hash) -> Fingerprint {
    let mut short = [0u8; 16];
    short.copy_from_slice(&hash.as_bytes()[..16]);
    short
}

/// What is known about one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub hash: [u8; 32],
    pub len: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub modified: u128,
    /// What it was made from.
    pub fingerprint: Fingerprint,
}

impl Entry {
    /// Whether the file at `path` still is what this entry recorded.
    pub fn matches_file(&self, path: &Path) -> bool {
        fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .is_some_and(|m| {
                m.len() == self.len && m.modified().is_ok_and(|t| nanos(t) == self.modified)
            })
    }
}

pub fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// The manifest file for an output folder: `.newsgen/manifest-<hash>`.
pub fn location(root: &Path, final_dir: &Path) -> PathBuf {
    let key = blake3::hash(final_dir.to_string_lossy().as_bytes()).to_hex();
    root.join(".newsgen")
        .join(format!("manifest-{}", &key[..16]))
}

/// A manifest as read: its text, and each file's entry with where its path
/// is in the text, sorted by path (as `save` writes them), so reading it
/// allocates nothing per file.
#[derive(Default)]
pub struct Manifest {
    text: String,
    lines: Vec<Line>,
}

struct Line {
    path: (u32, u32),
    entry: Entry,
}

impl Manifest {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The entry of the file at `path` (relative to the output folder).
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.lines
            .binary_search_by(|line| self.path(line).cmp(path))
            .ok()
            .map(|at| &self.lines[at].entry)
    }

    /// Every file's path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(|line| self.path(line))
    }

    fn path(&self, line: &Line) -> &str {
        let (start, end) = line.path;
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}

/// Reads a manifest; anything missing, foreign, corrupt or out of order is
/// an empty one. Large manifests are parsed in parallel, in pieces.
pub fn load(path: &Path, final_dir: &Path) -> Manifest {
    use rayon::prelude::*;
    let Ok(text) = fs::read_to_string(path) else {
        return Manifest::default();
    };
    let header = format!("{HEADER} {}\n", final_dir.display());
    if !text.starts_with(&header) || u32::try_from(text.len()).is_err() {
        return Manifest::default();
    }
    // Pieces of whole lines.
    let mut pieces = Vec::new();
    let mut start = header.len();
    while start < text.len() {
        let end = (start + (1 << 20)).min(text.len());
        let end = text[end..].find('\n').map_or(text.len(), |at| end + at + 1);
        pieces.push(start..end);
        start = end;
    }
    let parsed: Option<Vec<Vec<Line>>> = pieces
        .into_par_iter()
        .map(|piece| {
            let mut lines = Vec::new();
            let mut at = piece.start;
            for line in text[piece].split_terminator('\n') {
                let (entry, path_offset) = parse_line(line)?;
                let start = at + path_offset;
                lines.push(Line {
                    path: (start as u32, (at + line.len()) as u32),
                    entry,
                });
                at += line.len() + 1;
            }
            Some(lines)
        })
        .collect();
    let Some(parsed) = parsed else {
        return Manifest::default();
    };
    let mut manifest = Manifest {
        lines: parsed.into_iter().flatten().collect(),
        text,
    };
    let sorted = manifest
        .lines
        .windows(2)
        .all(|pair| manifest.path(&pair[0]) < manifest.path(&pair[1]));
    if !sorted {
        manifest.lines.clear();
    }
    manifest
}

/// One line's entry, and where its path starts in the line.
fn parse_line(line: &str) -> Option<(Entry, usize)> {
    let mut parts = line.splitn(5, ' ');
    let hash = parts.next()?;
    let len = parts.next()?.parse().ok()?;
    let modified = parts.next()?.parse().ok()?;
    let fingerprint = parts.next()?;
    let path = parts.next()?;
    if path.is_empty() {
        return None;
    }
    let mut bytes = [0u8; 32];
    let mut print = [0u8; 16];
    unhex(hash, &mut bytes)?;
    unhex(fingerprint, &mut print)?;
    Some((
        Entry {
            hash: bytes,
            len,
            modified,
            fingerprint: print,
        },
        line.len() - path.len(),
    ))
}

fn unhex(text: &str, bytes: &mut [u8]) -> Option<()> {
    let digits = text.as_bytes();
    if digits.len() != bytes.len() * 2 {
        return None;
    }
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
    }
    Some(())
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

/// Writes the manifest (atomically: a temporary file renamed over it).
pub fn save(path: &Path, final_dir: &Path, entries: &[(String, Entry)]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension("tmp");
    let mut file = std::io::BufWriter::new(fs::File::create(&temporary)?);
    writeln!(file, "{HEADER} {}", final_dir.display())?;
    // One line per file, formatted by hand: this runs for every file of
    // the site on every build.
    let mut line = Vec::with_capacity(256);
    for (name, entry) in entries {
        if name.contains('\n') {
            continue;
        }
        line.clear();
        push_hex(&mut line, &entry.hash);
        line.push(b' ');
        line.extend_from_slice(itoa::Buffer::new().format(entry.len).as_bytes());
        line.push(b' ');
        line.extend_from_slice(itoa::Buffer::new().format(entry.modified).as_bytes());
        line.push(b' ');
        push_hex(&mut line, &entry.fingerprint);
        line.push(b' ');
        line.extend_from_slice(name.as_bytes());
        line.push(b'\n');
        file.write_all(&line)?;
    }
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(&temporary, path)
}

fn push_hex(line: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        line.push(DIGITS[usize::from(byte >> 4)]);
        line.push(DIGITS[usize::from(byte & 15)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_distrust() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        let out = Path::new("/srv/public");
        let entry = Entry {
            hash: *blake3::hash(b"hello").as_bytes(),
            len: 5,
            modified: 12345,
            fingerprint: fingerprint_of(b"hello"),
        };
        save(&path, out, &[("a b/index.html".into(), entry)]).unwrap();
        let loaded = load(&path, out);
        assert_eq!(loaded.get("a b/index.html"), Some(&entry));
        assert_eq!(loaded.get("a b/other.html"), None);
        let many: Vec<(String, Entry)> = (0..5000)
            .map(|i| (format!("{i:05}/index.html"), entry))
            .collect();
        save(&path, out, &many).unwrap();
        let loaded = load(&path, out);
        assert_eq!(loaded.paths().count(), 5000);
        assert!(many.iter().all(|(name, e)| loaded.get(name) == Some(e)));
        let mut shuffled = many.clone();
        shuffled.swap(10, 4000);
        save(&path, out, &shuffled).unwrap();
        assert!(
            load(&path, out).is_empty(),
            "a manifest out of order is not trusted"
        );
        assert!(
            load(&path, Path::new("/srv/other")).is_empty(),
            "another folder's manifest"
        );
        fs::write(&path, format!("{HEADER} /srv/public\nnot a line\n")).unwrap();
        assert!(
            load(&path, out).is_empty(),
            "a corrupt manifest is not trusted"
        );
    }
}
