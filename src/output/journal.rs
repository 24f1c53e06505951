//! The journal of a Patch commit: the staged files to move into the output
//! folder and the files to delete, written (and synced) before anything
//! moves, so an update interrupted half way can be finished.
//!
//! `commit.rs` writes it and carries it out at once; `Output::prepare`
//! (`mod.rs`) carries out one a killed build left, before anything else. It
//! lives beside the manifest in `.newsgen/` (`manifest.rs`), with the next
//! manifest it installs. Every path read back is checked with
//! `folder::safe_relative_path`. Its format, one line each (the `W` lines
//! first; a path holding a line break is left out):
//!
//! ```text
//! newsgen-journal 1 <output folder>
//! W <path>     (a file staged: moved into place)
//! D <path>     (a file gone: deleted)
//! END
//! ```

use rayon::prelude::*;
use rustix::fd::{AsFd, BorrowedFd};
use rustix::fs::{AtFlags, CWD, Mode, OFlags, openat, renameat, statat, unlinkat};
use rustix::io::Errno;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::folder::safe_relative_path;
use crate::output::manifest;
use crate::output::tree::{self, Blocked, Folders};

const JOURNAL_HEADER: &str = "newsgen-journal 1";

/// The journal for the manifest at `manifest_path`, beside it.
pub(super) fn location(manifest_path: &Path) -> PathBuf {
    manifest_path.with_extension("journal")
}

/// Where a Patch commit saves the manifest that describes the output once
/// the journal is carried out, beside the manifest at `manifest_path`.
pub(super) fn next_manifest(manifest_path: &Path) -> PathBuf {
    manifest_path.with_extension("next")
}

/// Writes the journal of a Patch commit: the staged files to move into
/// place and the files to delete, synced before anything moves.
pub(super) fn write_journal(
    path: &Path,
    final_dir: &Path,
    staged: &[&str],
    gone: &[&str],
) -> std::io::Result<()> {
    let temporary = path.with_extension("journal-tmp");
    let mut file = std::io::BufWriter::new(manifest::create_temporary(&temporary)?);
    writeln!(file, "{JOURNAL_HEADER} {}", final_dir.display())?;
    for name in staged.iter().filter(|n| !n.contains('\n')) {
        writeln!(file, "W {name}")?;
    }
    for name in gone.iter().filter(|n| !n.contains('\n')) {
        writeln!(file, "D {name}")?;
    }
    writeln!(file, "END")?;
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    fs::rename(&temporary, path)
}

/// Carries out a journal: moves each staged file into place, deletes the
/// files that are gone (and the folders they leave empty), installs the new
/// manifest, then removes the journal and the staging folder. Safe to run
/// again after being interrupted: a move already done is skipped. A journal
/// that is incomplete or names another folder is discarded unapplied (it
/// was never committed). Unless `checked` (the commit checked them just
/// before writing the journal), every folder it touches is first checked
/// with [`check_folders`]: a link there leaves the output and the journal
/// as they were.
pub(super) fn replay_journal(
    journal: &Path,
    staging: &Path,
    final_dir: &Path,
    manifest_path: &Path,
    checked: bool,
) -> Result<(), Blocked> {
    let text = fs::read_to_string(journal).unwrap_or_default();
    let mut lines = text.lines();
    let complete = lines.next() == Some(&format!("{JOURNAL_HEADER} {}", final_dir.display()))
        && text.ends_with("END\n");
    let next_manifest = next_manifest(manifest_path);
    if complete {
        let written: Vec<&str> = lines.clone().filter_map(|l| l.strip_prefix("W ")).collect();
        let gone: Vec<&str> = lines.filter_map(|l| l.strip_prefix("D ")).collect();
        let root = tree::open_root(final_dir)?;
        if !checked {
            check_folders(root.as_fd(), &written, &gone)?;
        }
        move_staged(&written, staging, root.as_fd(), !checked)?;
        delete_gone(&gone, root.as_fd())?;
        if next_manifest.exists() {
            fs::rename(&next_manifest, manifest_path)?;
        }
    } else {
        let _ = fs::remove_file(&next_manifest);
    }
    fs::remove_file(journal)?;
    if fs::symlink_metadata(staging).is_ok() {
        fs::remove_dir_all(staging)?;
    }
    Ok(())
}

/// Checks, changing nothing, that every folder of the output folder `root`
/// that the files `written` are moved into and the files `gone` are
/// deleted from is a folder (or missing), not a link: so an update that
/// would meet one is refused before it starts.
pub(super) fn check_folders(
    root: BorrowedFd<'_>,
    written: &[&str],
    gone: &[&str],
) -> Result<(), Blocked> {
    let mut folders = Folders::new(root);
    for name in written.iter().chain(gone) {
        if safe_relative_path(name).is_some() {
            folders.check(tree::split_file(name).0)?;
        }
    }
    Ok(())
}

/// Moves each of the files `written` from `staging` into place in the
/// output folder `root`, in parallel: each is a rename of its own file,
/// into a folder opened without following links. A file no longer in
/// `staging` was moved before an interruption (looked for only when
/// `resumed`: the commit itself has moved none).
fn move_staged(
    written: &[&str],
    staging: &Path,
    root: BorrowedFd<'_>,
    resumed: bool,
) -> Result<(), Blocked> {
    // Fault injection for tests/faults.rs: die after this many moves, as a
    // build killed mid-commit would.
    let die_after: Option<usize> = std::env::var("NEWSGEN_FAULT_AFTER_MOVES")
        .ok()
        .and_then(|n| n.parse().ok());
    let moves = AtomicUsize::new(0);
    let staged = match openat(
        CWD,
        staging,
        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(Errno::NOENT) => return Ok(()), // all moved before the interruption
        Err(err) => return Err(err.into()),
    };
    // In path order, so each run of files shares its folders: a walk per
    // run opens each folder once.
    let run = written
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(16);
    written.par_chunks(run).try_for_each(|names| {
        let mut folders = Folders::new(root);
        for name in names {
            if safe_relative_path(name).is_none() {
                continue;
            }
            if resumed && statat(&staged, *name, AtFlags::SYMLINK_NOFOLLOW).is_err() {
                continue; // moved before the interruption
            }
            let (dir, file) = tree::split_file(name);
            let Some(into) = folders.reach(dir, true)? else {
                continue;
            };
            if die_after == Some(moves.fetch_add(1, Ordering::SeqCst)) {
                std::process::abort();
            }
            renameat(&staged, *name, into, file)?;
        }
        Ok(())
    })
}

/// Deletes from the output folder `root` each of the files `gone`, and the
/// folders that leaves empty, through folders opened without following
/// links. A file already missing is no error.
fn delete_gone(gone: &[&str], root: BorrowedFd<'_>) -> Result<(), Blocked> {
    let mut folders = Folders::new(root);
    for name in gone {
        if safe_relative_path(name).is_none() {
            continue;
        }
        let (dir, file) = tree::split_file(name);
        let Some(from) = folders.reach(dir, false)? else {
            continue; // its folder is gone, and it with it
        };
        match unlinkat(from, file, AtFlags::empty()) {
            Err(err) if err != Errno::NOENT => return Err(err.into()),
            _ => {}
        }
        // Folders left empty go too (rmdir fails on any that is not).
        folders.remove_if_empty();
    }
    Ok(())
}
