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
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::folder::safe_relative_path;

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
    let mut file = std::io::BufWriter::new(fs::File::create(&temporary)?);
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
/// was never committed).
pub(super) fn replay_journal(
    journal: &Path,
    staging: &Path,
    final_dir: &Path,
    manifest_path: &Path,
) -> std::io::Result<()> {
    let text = fs::read_to_string(journal).unwrap_or_default();
    let mut lines = text.lines();
    let complete = lines.next() == Some(&format!("{JOURNAL_HEADER} {}", final_dir.display()))
        && text.ends_with("END\n");
    let next_manifest = next_manifest(manifest_path);
    if complete {
        move_staged(&text, staging, final_dir)?;
        delete_gone(lines, final_dir)?;
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

/// Moves each file the journal `text` lists as staged (`W`) from `staging`
/// into place in `final_dir`, in parallel: each is a rename of its own file.
/// A file no longer in `staging` was moved before an interruption.
fn move_staged(text: &str, staging: &Path, final_dir: &Path) -> std::io::Result<()> {
    // Fault injection for tests/faults.rs: die after this many moves, as a
    // build killed mid-commit would.
    let die_after: Option<usize> = std::env::var("NEWSGEN_FAULT_AFTER_MOVES")
        .ok()
        .and_then(|n| n.parse().ok());
    let moves = AtomicUsize::new(0);
    let written: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("W ")).collect();
    written.par_iter().try_for_each(|name| {
        let Some(relative) = safe_relative_path(name) else {
            return Ok(());
        };
        let from = staging.join(&relative);
        if fs::symlink_metadata(&from).is_err() {
            return Ok(()); // moved before the interruption
        }
        let to = final_dir.join(&relative);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        if die_after == Some(moves.fetch_add(1, Ordering::SeqCst)) {
            std::process::abort();
        }
        fs::rename(&from, &to)
    })
}

/// Deletes from `final_dir` each file `lines` (the journal after its header)
/// lists as gone (`D`), and the folders that leaves empty. A file already
/// missing is no error.
fn delete_gone<'a>(lines: impl Iterator<Item = &'a str>, final_dir: &Path) -> std::io::Result<()> {
    for line in lines {
        if let Some(name) = line.strip_prefix("D ") {
            let Some(relative) = safe_relative_path(name) else {
                continue;
            };
            let target = final_dir.join(&relative);
            match fs::remove_file(&target) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
            // Folders left empty go too (rmdir fails on any that is not).
            let mut folder = target.parent();
            while let Some(dir) = folder.filter(|d| *d != final_dir) {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
    }
    Ok(())
}
