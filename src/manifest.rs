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

use std::collections::HashMap;
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

/// Reads a manifest; anything missing, foreign or corrupt is an empty one.
pub fn load(path: &Path, final_dir: &Path) -> HashMap<String, Entry> {
    let Ok(text) = fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(&format!("{HEADER} {}", final_dir.display())) {
        return HashMap::new();
    }
    let mut entries = HashMap::new();
    for line in lines {
        match parse_line(line) {
            Some((path, entry)) => {
                entries.insert(path, entry);
            }
            None => return HashMap::new(),
        }
    }
    entries
}

fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut parts = line.splitn(5, ' ');
    let hash = parts.next()?;
    let len = parts.next()?.parse().ok()?;
    let modified = parts.next()?.parse().ok()?;
    let fingerprint = parts.next()?;
    let path = parts.next()?.to_string();
    let mut bytes = [0u8; 32];
    let mut print = [0u8; 16];
    unhex(hash, &mut bytes)?;
    unhex(fingerprint, &mut print)?;
    Some((
        path,
        Entry {
            hash: bytes,
            len,
            modified,
            fingerprint: print,
        },
    ))
}

fn unhex(text: &str, bytes: &mut [u8]) -> Option<()> {
    if text.len() != bytes.len() * 2 {
        return None;
    }
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(index * 2..index * 2 + 2)?, 16).ok()?;
    }
    Some(())
}

/// Writes the manifest (atomically: a temporary file renamed over it).
pub fn save(path: &Path, final_dir: &Path, entries: &[(String, Entry)]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension("tmp");
    let mut file = std::io::BufWriter::new(fs::File::create(&temporary)?);
    writeln!(file, "{HEADER} {}", final_dir.display())?;
    for (name, entry) in entries {
        if name.contains('\n') {
            continue;
        }
        let hash = hex(&entry.hash);
        let print = hex(&entry.fingerprint);
        writeln!(
            file,
            "{hash} {} {} {print} {name}",
            entry.len, entry.modified
        )?;
    }
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(&temporary, path)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut text, b| {
            let _ = write!(text, "{b:02x}");
            text
        })
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
