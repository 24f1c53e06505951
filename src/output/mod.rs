//! The output folder: the one choke point every output byte goes through.
//!
//! Nothing a build writes is visible until the whole build has succeeded.
//! Every file is produced through [`Output::produce`] with a fingerprint of
//! everything it is made from; a file whose fingerprint (or, once rendered,
//! whose bytes) match what the previous build wrote there is kept as it is,
//! with its bytes and modification time, so `rsync` and uploads send only
//! what changed. Paths are checked here (nothing is written outside the
//! folder, no two pages claim one file), and a folder that could hold the
//! user's own files is refused.
//!
//! Two ways to commit:
//! - **Fresh** (no output folder yet, its marker gone, or no trustworthy
//!   manifest): every file is written into a staging folder beside the
//!   output folder, which is then swapped in with one atomic rename
//!   (`renameat2(RENAME_EXCHANGE)`, where the file system has it).
//! - **Patch** (the previous output and its manifest are intact): only the
//!   changed files are staged. Once the build has succeeded, a journal in
//!   `.newsgen/` lists them and the files to delete; each is then renamed
//!   into place (each rename atomic), and the journal removed. A build
//!   killed during those renames leaves the journal, and the next build (or
//!   `serve`) completes them before anything else: the output ends up
//!   entirely new. This is what lets a one-article change to a site of
//!   100,000 articles touch a few dozen files instead of rebuilding a tree
//!   of hundreds of thousands.
//!
//! This file holds [`Output`]: preparing a build, producing, writing and
//! copying files, counting them. Its neighbours: `commit.rs` (the Fresh and
//! Patch commits, duplicate paths), `journal.rs` (the Patch journal, written
//! and carried out), `folder.rs` (which folder may be replaced, its marker
//! and lock, path checks), `tree.rs` (the folders inside the output
//! reached without following links: a link there is refused, never
//! written through), `prefetch.rs` (the last manifest read ahead),
//! `manifest.rs` (what the last build wrote) and `cache.rs` (the build
//! cache of parsed articles, used by `ingest`, not by the writer).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub(crate) mod cache;
mod commit;
mod folder;
mod journal;
pub(crate) mod manifest;
mod prefetch;
mod tree;

pub(crate) use folder::MARKER;
pub(crate) use prefetch::Prefetch;

use crate::output::manifest::{Entry, Fingerprint};
use crate::problem::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Fresh,
    Patch,
}

pub(crate) struct Output {
    final_dir: PathBuf,
    /// The output folder as messages name it: relative to the site folder
    /// where it is inside it.
    shown: PathBuf,
    staging: PathBuf,
    mode: Mode,
    /// Held for the whole build so two builds never share a staging folder.
    #[cfg(unix)]
    _lock: fs::File,
    /// What the previous build wrote, for reuse.
    previous: Arc<manifest::Checked>,
    /// What this build writes, a shard per thread of the pool (and one for
    /// any other thread).
    written: Vec<Mutex<Vec<Written>>>,
    manifest_path: PathBuf,
    journal_path: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Files taken over unchanged from the previous output.
    reused: AtomicUsize,
    committed: bool,
}

/// What produces an output file, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A page, rendered through this template: named by its URL.
    Page(&'static str),
    /// An article's page: named by its seed file, then its URL.
    Article(PathBuf),
    /// Anything else, by name: "the feed /feed.xml", "static/logo.png".
    Named(String),
}

impl Origin {
    /// How messages name what produces the file at `path`.
    fn describe(&self, path: &str) -> String {
        match self {
            Origin::Page(template) => {
                let url = path.strip_suffix("index.html").unwrap_or(path);
                format!("the page /{url} ({template})")
            }
            Origin::Article(source) => {
                let url = path.strip_suffix("index.html").unwrap_or(path);
                format!("{} (the page /{url})", crate::problem::shown(source))
            }
            Origin::Named(name) => name.clone(),
        }
    }
}

impl From<&str> for Origin {
    fn from(name: &str) -> Origin {
        Origin::Named(name.to_string())
    }
}

/// One file of this build's output.
struct Written {
    path: String,
    entry: Entry,
    origin: Origin,
    /// Where its path is in the last build's manifest, if there.
    previous: Option<usize>,
    /// Written into the staging folder (not kept from the last build).
    staged: bool,
}

impl Written {
    /// Its line in the manifest.
    fn line(&self) -> (&str, &Entry) {
        (&self.path, &self.entry)
    }
}

/// What a committed build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OutputStats {
    pub files: usize,
    pub bytes: u64,
    /// Of `files`, those whose bytes had not changed: kept as they were
    /// (same bytes, same modification time), not written.
    pub reused: usize,
    /// Files of the previous build that this one no longer has: deleted.
    pub deleted: usize,
}

impl Output {
    /// Checks `final_dir` (the output folder of the site in `root`), finishes
    /// a commit a killed build left half done, and opens a fresh staging
    /// folder beside it.
    pub(crate) fn prepare(
        root: &Path,
        final_dir: &Path,
        prefetch: Option<Prefetch>,
    ) -> Result<Output, Problem> {
        let final_dir = folder::check_output_dir(root, final_dir)?;
        let shown = folder::shown(root, &final_dir);
        let (parent, name) = folder::split_dir(&final_dir)?;
        fs::create_dir_all(&parent)
            .map_err(|e| prepare_problem(&parent, "create the folder", e))?;
        #[cfg(unix)]
        let lock = folder::lock_dir(&parent)?;
        let staging = parent.join(format!(".{name}.newsgen-staging"));
        let manifest_path = manifest::location(root, &final_dir);
        let journal_path = journal::location(&manifest_path);
        finish_killed_update(&journal_path, &staging, &final_dir, &shown, &manifest_path)?;
        remove_leftovers(&staging, &parent.join(format!(".{name}.newsgen-old")))?;
        fs::create_dir(&staging)
            .map_err(|e| prepare_problem(&staging, "create the staging folder", e))?;
        let previous = previous_build(prefetch, &final_dir, &manifest_path);
        let (mode, previous) = choose_mode(&final_dir, previous);
        let expected = previous.manifest().len();
        let output = Output {
            final_dir,
            shown,
            staging,
            mode,
            #[cfg(unix)]
            _lock: lock,
            previous,
            written: shards(expected),
            manifest_path,
            journal_path,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            reused: AtomicUsize::new(0),
            committed: false,
        };
        // Made before the marker is written, so that failing to write it
        // removes the staging folder (as dropping any unfinished build does).
        if mode == Mode::Fresh {
            folder::write_marker(&output.staging).map_err(|e| {
                prepare_problem(&output.staging, "write into the staging folder", e)
            })?;
        }
        Ok(output)
    }

    /// The output folder this build will replace.
    pub(crate) fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Produces the file at `path` (relative to the output folder), made
    /// from inputs whose hash is `fingerprint`: kept as it is when the
    /// previous build made it from the same inputs (and it is still what
    /// that build wrote), else rendered by `render` and written, unless the
    /// bytes come out the same. `origin` names what produces it, for the
    /// message when two things claim a path (found at commit).
    pub(crate) fn produce(
        &self,
        path: String,
        origin: Origin,
        fingerprint: Fingerprint,
        render: impl FnOnce() -> Result<Vec<u8>, Problem>,
    ) -> Result<(), Problem> {
        if !folder::is_plain_relative(&path) {
            return Err(Problem::new(origin.describe(&path), format!("refusing to write `{path}`: it is not a plain path inside the output folder"))
                .help("this is a bug in a template or setting that builds paths; report it with this message"));
        }
        let old = self.previous.find(&path);
        if let Some((at, entry)) = old.filter(|(_, e)| e.fingerprint == fingerprint)
            && self.previous.intact(at)
        {
            self.keep(path, *entry, origin, at);
            return Ok(());
        }
        let contents = render()?;
        let hash = *blake3::hash(&contents).as_bytes();
        if let Some((at, entry)) =
            old.filter(|(_, e)| e.hash == hash && e.len == contents.len() as u64)
            && self.previous.intact(at)
        {
            let entry = Entry {
                fingerprint,
                ..*entry
            };
            self.keep(path, entry, origin, at);
            return Ok(());
        }
        let target = self.staging.join(&path);
        let problem = |err| self.write_problem(&path, &origin, err);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(problem)?;
        }
        fs::write(&target, &contents).map_err(problem)?;
        let modified = fs::metadata(&target)
            .and_then(|m| m.modified())
            .map_err(problem)?;
        self.count(contents.len() as u64);
        self.record(Written {
            path,
            entry: Entry {
                hash,
                len: contents.len() as u64,
                modified: crate::file_time::nanos(modified),
                fingerprint,
            },
            origin,
            previous: old.map(|(at, _)| at),
            staged: true,
        });
        Ok(())
    }

    /// Writes one file whose inputs are its bytes (feeds, sitemaps, static
    /// files): kept as it is when the bytes did not change.
    pub(crate) fn write(&self, path: &str, contents: &[u8], origin: &str) -> Result<(), Problem> {
        let fingerprint = manifest::fingerprint_of(contents);
        self.produce(path.to_string(), origin.into(), fingerprint, || {
            Ok(contents.to_vec())
        })
    }

    /// Copies the file at `source` to `path`, relative to the output folder.
    pub(crate) fn copy(&self, path: &str, source: &Path, origin: &str) -> Result<(), Problem> {
        let contents = fs::read(source).map_err(|err| {
            Problem::new(origin, format!("cannot read the file: {err}"))
                .help("check its permissions")
        })?;
        self.write(path, &contents, origin)
    }

    fn keep(&self, path: String, entry: Entry, origin: Origin, at: usize) {
        self.count(entry.len);
        self.reused.fetch_add(1, Ordering::Relaxed);
        self.record(Written {
            path,
            entry,
            origin,
            previous: Some(at),
            staged: false,
        });
    }

    /// Notes a file of this build's output, in the calling thread's shard.
    fn record(&self, written: Written) {
        let shard = rayon::current_thread_index().map_or(0, |index| index + 1) % self.written.len();
        self.written[shard]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(written);
    }

    fn count(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// What this build wrote, once committed: `deleted` files of the last
    /// build's are gone.
    fn stats(&self, deleted: usize) -> OutputStats {
        OutputStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            deleted,
        }
    }

    fn write_problem(&self, path: &str, origin: &Origin, err: std::io::Error) -> Problem {
        use std::io::ErrorKind::{
            DirectoryNotEmpty, IsADirectory, NotADirectory, QuotaExceeded, ReadOnlyFilesystem,
            StorageFull,
        };
        // A full or read-only disk fails every write the same way: one
        // problem for the folder, not one per page.
        if matches!(err.kind(), StorageFull | QuotaExceeded | ReadOnlyFilesystem) {
            return Problem::new(&self.final_dir, format!("cannot write the site: {err}"))
                .help("free space on the disk (the build needs room for a second copy of the site while it runs), or choose another output_dir");
        }
        if matches!(err.kind(), IsADirectory | NotADirectory | DirectoryNotEmpty) {
            return self.file_and_folder(path, origin);
        }
        Problem::new(
            origin.describe(path),
            format!("cannot write `{path}` into the output folder: {err}"),
        )
        .help("check that the disk has space and the output folder's parent is writable")
    }

    /// The problem of `path`, which cannot be written because another file
    /// of this build is a folder of the same name (`feed.xml/…`) or lies
    /// where one of its folders should be. Named after the other file when
    /// it is already written; the commit's check names every such pair.
    fn file_and_folder(&self, path: &str, origin: &Origin) -> Problem {
        let inside = |outer: &str, inner: &str| {
            inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        let other = self.written.iter().find_map(|shard| {
            let shard = shard
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            shard.iter().find_map(|w| {
                let who = || w.origin.describe(&w.path);
                if inside(path, &w.path) {
                    Some(format!("{} writes `{}` inside it", who(), w.path))
                } else if inside(&w.path, path) {
                    Some(format!("{} writes `{}` as a file", who(), w.path))
                } else {
                    None
                }
            })
        });
        let other = other.unwrap_or_else(|| {
            "another output file is a folder of its name, or a file where its folder should be"
                .to_string()
        });
        Problem::new(
            origin.describe(path),
            format!("cannot write `{path}`: {other}; a path cannot be both a file and a folder"),
        )
        .help("change the permalink pattern, the slug or the static file's name so no page is written inside another file's name")
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.previous.stop();
        if !self.committed {
            // A failed build: the previous output was never touched; only the
            // staging folder goes.
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// A problem preparing the output folder: `what` could not be done to `path`.
fn prepare_problem(path: &Path, what: &str, err: std::io::Error) -> Problem {
    Problem::new(path, format!("cannot {what}: {err}"))
        .help("check that the output folder's parent exists, is writable and has free space")
}

/// Completes the update a build killed during its Patch commit left in the
/// journal at `journal_path`, if there is one. A link in the output folder
/// (`shown` in messages) where it must write stops it before it starts,
/// and the journal stays for the build after the link is removed.
fn finish_killed_update(
    journal_path: &Path,
    staging: &Path,
    final_dir: &Path,
    shown: &Path,
    manifest_path: &Path,
) -> Result<(), Problem> {
    if !journal_path.exists() {
        return Ok(());
    }
    journal::replay_journal(journal_path, staging, final_dir, manifest_path, false).map_err(
        |blocked| {
            blocked.problem(shown, |e| {
                prepare_problem(
                    final_dir,
                    "finish the last build's update of the output folder",
                    e,
                )
            })
        },
    )
}

/// Removes what a killed build left beside the output folder: its staging
/// folder and `.<name>.newsgen-old`. Safe, because the lock says no other
/// build is running. (`swap`'s fallback, where the file system cannot
/// exchange two folders, moves the old output aside to `.<name>.old`, not
/// `.newsgen-old`: a kill in the middle of it leaves a folder this does not
/// remove.)
fn remove_leftovers(staging: &Path, aside: &Path) -> Result<(), Problem> {
    for leftover in [staging, aside] {
        if fs::symlink_metadata(leftover).is_ok() {
            fs::remove_dir_all(leftover)
                .map_err(|e| prepare_problem(leftover, "remove a leftover staging folder", e))?;
        }
    }
    Ok(())
}

/// The previous build's manifest, checked against the output folder: the
/// one read ahead, unless the one on disk is no longer the one it read (a
/// journal was replayed, or another build committed), else read now.
fn previous_build(
    prefetch: Option<Prefetch>,
    final_dir: &Path,
    manifest_path: &Path,
) -> Arc<manifest::Checked> {
    prefetch
        .and_then(|p| p.take(final_dir, manifest_path))
        .unwrap_or_else(|| {
            Arc::new(manifest::Checked::new(
                manifest::load(manifest_path, final_dir),
                final_dir,
                Arc::default(),
            ))
        })
}

/// Patch when the output folder is still newsgen's (its marker intact) and
/// the last build's manifest lists files; else Fresh: nothing of the last
/// build is reused.
fn choose_mode(
    final_dir: &Path,
    previous: Arc<manifest::Checked>,
) -> (Mode, Arc<manifest::Checked>) {
    if folder::marker_intact(final_dir) && !previous.manifest().is_empty() {
        (Mode::Patch, previous)
    } else {
        previous.stop();
        (Mode::Fresh, Arc::default())
    }
}

/// One shard per thread of the pool and one for any other thread, each with
/// room for its part of the `expected` files (as many as last time).
fn shards(expected: usize) -> Vec<Mutex<Vec<Written>>> {
    let threads = rayon::current_num_threads();
    (0..=threads)
        .map(|_| Mutex::new(Vec::with_capacity(expected / threads)))
        .collect()
}
