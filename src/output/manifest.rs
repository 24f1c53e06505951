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
//!
//! The commit (`commit.rs`) saves it; `Output::prepare` (`mod.rs`) loads it
//! into a [`Checked`], or takes the one `prefetch.rs` loaded ahead.

use crate::file_time::stat_nanos;
use rustc_hash::FxHashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

const HEADER: &str = "newsgen-manifest 3";

/// A hash of everything one output file is made from: XXH3-128, 16 bytes
/// (made by `site::Print`, or [`fingerprint_of`] for a file made of bytes).
pub(crate) type Fingerprint = [u8; 16];

/// The fingerprint of a file whose only input is its bytes (XXH3-128,
/// as every fingerprint: see `site::Print`).
pub(crate) fn fingerprint_of(bytes: &[u8]) -> Fingerprint {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

/// What is known about one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub hash: [u8; 32],
    pub len: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub modified: u128,
    /// What it was made from.
    pub fingerprint: Fingerprint,
}

impl Entry {
    /// Whether the file at `path`, relative to the open folder `dir`,
    /// still is what this entry recorded (a regular file of that size and
    /// modification time).
    fn matches_at(&self, dir: impl std::os::fd::AsFd, path: &str) -> bool {
        use rustix::fs::{AtFlags, FileType, statat};
        statat(dir, path, AtFlags::SYMLINK_NOFOLLOW).is_ok_and(|stat| {
            FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
                && u64::try_from(stat.st_size) == Ok(self.len)
                && stat_nanos(&stat) == self.modified
        })
    }
}

/// The manifest file for an output folder: `.newsgen/manifest-<hash>`.
pub(crate) fn location(root: &Path, final_dir: &Path) -> PathBuf {
    let key = blake3::hash(final_dir.to_string_lossy().as_bytes()).to_hex();
    root.join(".newsgen")
        .join(format!("manifest-{}", &key[..16]))
}

/// A manifest as read: every path in one string, and each file's entry
/// with where its path is in it, sorted by path (as `save` writes them),
/// so reading it allocates nothing per file.
#[derive(Default)]
pub(crate) struct Manifest {
    /// Every file's path, one after another.
    paths: String,
    lines: Vec<Line>,
    /// Each line by a hash of its path (of two paths with one hash, the
    /// first): found in one probe, not a binary search's twenty.
    by_hash: FxHashMap<u64, u32>,
}

struct Line {
    path: (u32, u32),
    entry: Entry,
}

impl Manifest {
    pub(crate) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// How many files it lists.
    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// The entry of the file at `path` (relative to the output folder).
    #[cfg(test)]
    pub(crate) fn get(&self, path: &str) -> Option<&Entry> {
        self.find(path).map(|at| &self.lines[at].entry)
    }

    /// Where the file at `path` is in the manifest.
    fn find(&self, path: &str) -> Option<usize> {
        let at = *self.by_hash.get(&path_hash(path))? as usize;
        if self.path(&self.lines[at]) == path {
            return Some(at);
        }
        // Another path with the same hash.
        self.lines
            .binary_search_by(|line| self.path(line).cmp(path))
            .ok()
    }

    fn index(&mut self) {
        let mut by_hash = FxHashMap::with_capacity_and_hasher(self.lines.len(), Default::default());
        for (at, line) in self.lines.iter().enumerate() {
            by_hash
                .entry(path_hash(self.path(line)))
                .or_insert(at as u32);
        }
        self.by_hash = by_hash;
    }

    /// Every file's path, sorted.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(|line| self.path(line))
    }

    fn path(&self, line: &Line) -> &str {
        let (start, end) = line.path;
        self.paths
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }
}

/// The previous build's manifest with, for each of its files, whether the
/// file in the output folder is still what it records. Each file is checked
/// once, by whichever reaches it first: [`Checked::check_all`] (run in the
/// background while the site loads) or the build asking for it.
#[derive(Default)]
pub(crate) struct Checked {
    manifest: Manifest,
    /// The output folder, open: files are checked relative to it.
    dir: Option<fs::File>,
    /// Per file: `UNKNOWN`, `INTACT` or `CHANGED`.
    states: Vec<AtomicU8>,
    /// Set when the build no longer needs the background check.
    stop: Arc<AtomicBool>,
}

const UNKNOWN: u8 = 0;
const INTACT: u8 = 1;
const CHANGED: u8 = 2;

impl Checked {
    pub(crate) fn new(manifest: Manifest, final_dir: &Path, stop: Arc<AtomicBool>) -> Checked {
        Checked {
            dir: fs::File::open(final_dir).ok(),
            states: manifest
                .lines
                .iter()
                .map(|_| AtomicU8::new(UNKNOWN))
                .collect(),
            manifest,
            stop,
        }
    }

    pub(crate) fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Where the file at `path` is in the manifest, and its entry.
    pub(crate) fn find(&self, path: &str) -> Option<(usize, &Entry)> {
        let at = self.manifest.find(path)?;
        Some((at, &self.manifest.lines[at].entry))
    }

    /// Whether the file at `at` (from [`Checked::find`]) is still what the
    /// manifest records.
    pub(crate) fn intact(&self, at: usize) -> bool {
        let state = match self.states[at].load(Ordering::Relaxed) {
            UNKNOWN => self.check(at),
            known => known,
        };
        state == INTACT
    }

    /// Checks every file not checked yet, until `stop` is set. Files are
    /// in path order, so each is statted relative to its grandparent
    /// folder, opened once for all the files below it (`2024/05/13/` for
    /// every article of the day): the kernel walks two names, not five.
    pub(crate) fn check_all(&self) {
        use rustix::fs::{Mode, OFlags, openat};
        let Some(root) = &self.dir else {
            return;
        };
        let mut folder: Option<(&str, rustix::fd::OwnedFd)> = None;
        for at in 0..self.states.len() {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            if self.states[at].load(Ordering::Relaxed) != UNKNOWN {
                continue;
            }
            let line = &self.manifest.lines[at];
            let path = self.manifest.path(line);
            let Some((above, rest)) = split_grandparent(path) else {
                self.check(at);
                continue;
            };
            if folder.as_ref().is_none_or(|(open, _)| *open != above) {
                let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
                folder = openat(root, above, flags, Mode::empty())
                    .ok()
                    .map(|fd| (above, fd));
            }
            let intact = match &folder {
                Some((_, fd)) => line.entry.matches_at(fd, rest),
                None => line.entry.matches_at(root, path),
            };
            self.settle(at, intact);
        }
    }

    /// Stops `check_all`.
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    fn check(&self, at: usize) -> u8 {
        let line = &self.manifest.lines[at];
        let intact = self
            .dir
            .as_ref()
            .is_some_and(|dir| line.entry.matches_at(dir, self.manifest.path(line)));
        self.settle(at, intact)
    }

    /// Records whether the file at `at` is intact; its state.
    fn settle(&self, at: usize, intact: bool) -> u8 {
        let state = if intact { INTACT } else { CHANGED };
        self.states[at].store(state, Ordering::Relaxed);
        state
    }
}

/// A file's path split after its grandparent folder: `2024/05/13/` and
/// `slug/index.html`. None for a file less than two folders down.
fn split_grandparent(path: &str) -> Option<(&str, &str)> {
    let parent = path.rfind('/')?;
    let grandparent = path[..parent].rfind('/')?;
    Some(path.split_at(grandparent + 1))
}

/// Reads a manifest; anything missing, foreign, corrupt (its checksum) or
/// out of order is an empty one.
pub(crate) fn load(path: &Path, final_dir: &Path) -> Manifest {
    read(path, final_dir).unwrap_or_default()
}

/// The bytes of one file's record: hash, size, time, fingerprint, and
/// where its path ends in the paths that follow the records.
const RECORD: usize = 32 + 8 + 16 + 16 + 4;

fn read(path: &Path, final_dir: &Path) -> Option<Manifest> {
    let bytes = fs::read(path).ok()?;
    let header = format!("{HEADER} {}\n", final_dir.display());
    let rest = bytes.strip_prefix(header.as_bytes())?;
    let (count, rest) = rest.split_first_chunk::<8>()?;
    let (check, body) = rest.split_first_chunk::<8>()?;
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(*check) {
        return None;
    }
    let count = usize::try_from(u64::from_le_bytes(*count)).ok()?;
    let (records, paths) = body.split_at_checked(count.checked_mul(RECORD)?)?;
    let paths = String::from_utf8(paths.to_vec()).ok()?;
    u32::try_from(paths.len()).ok()?;
    let mut start = 0;
    let mut lines = Vec::with_capacity(count);
    for record in records.chunks_exact(RECORD) {
        let (hash, record) = record.split_first_chunk::<32>()?;
        let (len, record) = record.split_first_chunk::<8>()?;
        let (modified, record) = record.split_first_chunk::<16>()?;
        let (fingerprint, record) = record.split_first_chunk::<16>()?;
        let end = u32::from_le_bytes(*record.first_chunk::<4>()?);
        if end <= start || end as usize > paths.len() {
            return None;
        }
        lines.push(Line {
            path: (start, end),
            entry: Entry {
                hash: *hash,
                len: u64::from_le_bytes(*len),
                modified: u128::from_le_bytes(*modified),
                fingerprint: *fingerprint,
            },
        });
        start = end;
    }
    let mut manifest = Manifest {
        paths,
        lines,
        by_hash: FxHashMap::default(),
    };
    let sorted = manifest
        .lines
        .windows(2)
        .all(|pair| manifest.path(&pair[0]) < manifest.path(&pair[1]));
    if !sorted {
        return None;
    }
    manifest.index();
    Some(manifest)
}

/// Writes the manifest (atomically: a temporary file renamed over it):
/// a record for each of `entries`, whose path and entry `line` gives, in
/// the order given (sorted by path), then their paths.
pub(crate) fn save<T>(
    path: &Path,
    final_dir: &Path,
    entries: &[T],
    line: impl Fn(&T) -> (&str, &Entry),
) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    use rayon::prelude::*;
    // Where each path ends in the paths after the records; a file whose
    // path is empty, or would end past 4 GiB, is left out.
    let mut lines: Vec<(&str, &Entry)> = Vec::with_capacity(entries.len());
    let mut ends: Vec<u32> = Vec::with_capacity(entries.len());
    let mut end = 0u32;
    for (name, entry) in entries.iter().map(line) {
        let next = u32::try_from(name.len())
            .ok()
            .and_then(|length| end.checked_add(length));
        let (Some(next), false) = (next, name.is_empty()) else {
            continue;
        };
        end = next;
        lines.push((name, entry));
        ends.push(end);
    }
    let count = lines.len() as u64;
    // The records and the paths, filled in parallel in place.
    let mut records = vec![0u8; lines.len() * RECORD + end as usize];
    let (fixed, paths) = records.split_at_mut(lines.len() * RECORD);
    fixed
        .par_chunks_mut(RECORD)
        .zip(lines.par_iter().zip(&ends))
        .for_each(|(record, ((_, entry), end))| {
            let fields: [&[u8]; 5] = [
                &entry.hash,
                &entry.len.to_le_bytes(),
                &entry.modified.to_le_bytes(),
                &entry.fingerprint,
                &end.to_le_bytes(),
            ];
            let mut at = 0;
            for field in fields {
                record[at..at + field.len()].copy_from_slice(field);
                at += field.len();
            }
        });
    const PIECE: usize = 4096;
    let mut pieces: Vec<&mut [u8]> = Vec::with_capacity(lines.len() / PIECE + 1);
    let mut rest = paths;
    let mut start = 0;
    for piece_ends in ends.chunks(PIECE) {
        let piece_end = piece_ends.last().copied().unwrap_or(start);
        let (piece, after) = rest.split_at_mut((piece_end - start) as usize);
        pieces.push(piece);
        (rest, start) = (after, piece_end);
    }
    pieces
        .into_par_iter()
        .zip(lines.par_chunks(PIECE))
        .for_each(|(piece, names)| {
            let mut at = 0;
            for (name, _) in names {
                piece[at..at + name.len()].copy_from_slice(name.as_bytes());
                at += name.len();
            }
        });
    let temporary = path.with_extension("tmp");
    let mut file = std::io::BufWriter::new(create_temporary(&temporary)?);
    writeln!(file, "{HEADER} {}", final_dir.display())?;
    file.write_all(&count.to_le_bytes())?;
    file.write_all(&xxhash_rust::xxh3::xxh3_64(&records).to_le_bytes())?;
    file.write_all(&records)?;
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(&temporary, path)
}

/// Creates the temporary file at `path` (in `.newsgen/`) afresh, never
/// through a link: whatever is there is removed first (a link itself, not
/// what it points to), and a file is created only where none is.
pub(super) fn create_temporary(path: &Path) -> std::io::Result<fs::File> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    fs::File::options().write(true).create_new(true).open(path)
}

fn path_hash(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_time::nanos;

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
        save(&path, out, &[("a b/index.html", entry)], |(p, e)| (p, e)).unwrap();
        let loaded = load(&path, out);
        assert_eq!(loaded.get("a b/index.html"), Some(&entry));
        assert_eq!(loaded.get("a b/other.html"), None);
        let many: Vec<(String, Entry)> = (0..5000)
            .map(|i| (format!("{i:05}/index.html"), entry))
            .collect();
        save(&path, out, &many, |(p, e)| (p, e)).unwrap();
        let loaded = load(&path, out);
        assert_eq!(loaded.paths().count(), 5000);
        assert!(many.iter().all(|(name, e)| loaded.get(name) == Some(e)));
        let mut shuffled = many.clone();
        shuffled.swap(10, 4000);
        save(&path, out, &shuffled, |(p, e)| (p, e)).unwrap();
        assert!(
            load(&path, out).is_empty(),
            "a manifest out of order is not trusted"
        );
        assert!(
            load(&path, Path::new("/srv/other")).is_empty(),
            "another folder's manifest"
        );
        save(&path, out, &many, |(p, e)| (p, e)).unwrap();
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert!(
            load(&path, out).is_empty(),
            "a corrupt manifest is not trusted"
        );
        fs::write(&path, format!("{HEADER} /srv/public\nnot a manifest\n")).unwrap();
        assert!(load(&path, out).is_empty(), "nor a truncated one");
    }

    #[test]
    fn a_link_left_as_the_temporary_file_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.txt");
        fs::write(&elsewhere, "not newsgen's").unwrap();
        let path = dir.path().join(".newsgen/manifest-x");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, path.with_extension("tmp")).unwrap();
        let entry = Entry {
            hash: [1; 32],
            len: 3,
            modified: 4,
            fingerprint: [5; 16],
        };
        save(
            &path,
            Path::new("/srv/public"),
            &[("a.html", entry)],
            |(p, e)| (p, e),
        )
        .unwrap();
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "not newsgen's");
        assert_eq!(
            load(&path, Path::new("/srv/public")).get("a.html"),
            Some(&entry)
        );
    }

    #[test]
    fn paths_split_after_their_grandparent() {
        assert_eq!(
            split_grandparent("2024/05/13/slug/index.html"),
            Some(("2024/05/13/", "slug/index.html"))
        );
        assert_eq!(
            split_grandparent("page/2/index.html"),
            Some(("page/", "2/index.html"))
        );
        assert_eq!(split_grandparent("tags/x.xml"), None);
        assert_eq!(split_grandparent("index.html"), None);
    }

    /// The background check finds every changed, replaced or missing file,
    /// at every depth, among intact ones in the same folders.
    #[test]
    fn checking_all_finds_each_changed_file() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let names = [
            "index.html",
            "feed.xml",
            "page/1/index.html",
            "page/2/index.html",
            "2024/05/13/a/index.html",
            "2024/05/13/b/index.html",
            "2024/05/13/c/index.html",
            "2024/05/13/e/index.html",
            "2024/05/14/d/index.html",
            "tags/x/page/1/index.html",
        ];
        let mut entries = Vec::new();
        for name in names {
            let file = out.join(name);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(&file, name).unwrap();
            let meta = fs::metadata(&file).unwrap();
            let entry = Entry {
                hash: *blake3::hash(name.as_bytes()).as_bytes(),
                len: meta.len(),
                modified: nanos(meta.modified().unwrap()),
                fingerprint: fingerprint_of(name.as_bytes()),
            };
            entries.push((name, entry));
        }
        entries.sort_by_key(|(name, _)| *name);
        let manifest_path = site.path().join("manifest");
        save(&manifest_path, &out, &entries, |(p, e)| (p, e)).unwrap();
        // Changed in size, replaced by a folder, removed.
        fs::write(out.join("2024/05/13/b/index.html"), "longer than it was").unwrap();
        fs::remove_file(out.join("page/1/index.html")).unwrap();
        fs::create_dir(out.join("page/1/index.html")).unwrap();
        fs::remove_file(out.join("feed.xml")).unwrap();
        fs::remove_dir_all(out.join("2024/05/14")).unwrap();
        // Replaced by a link to a copy of the same size and time: only a
        // check that followed the link would find it intact.
        let page = out.join("2024/05/13/e/index.html");
        let copy = site.path().join("copy.html");
        fs::copy(&page, &copy).unwrap();
        let time = fs::metadata(&page).unwrap().modified().unwrap();
        fs::File::options()
            .write(true)
            .open(&copy)
            .unwrap()
            .set_modified(time)
            .unwrap();
        fs::remove_file(&page).unwrap();
        std::os::unix::fs::symlink(&copy, &page).unwrap();
        let checked = Checked::new(
            load(&manifest_path, &out),
            &out,
            Arc::new(AtomicBool::new(false)),
        );
        checked.check_all();
        let intact: Vec<&str> = names
            .into_iter()
            .filter(|name| checked.find(name).is_some_and(|(at, _)| checked.intact(at)))
            .collect();
        assert_eq!(
            intact,
            [
                "index.html",
                "page/2/index.html",
                "2024/05/13/a/index.html",
                "2024/05/13/c/index.html",
                "tags/x/page/1/index.html",
            ]
        );
    }
}
