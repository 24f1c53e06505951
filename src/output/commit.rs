//! The commit: once the whole build has succeeded, this build's output
//! becomes the output folder, all of it or none (a Patch commit killed half
//! way is finished by the next build, from its journal).
//!
//! [`Output::commit`] gathers what every thread recorded (`mod.rs`), in path
//! order, refuses a path two things write, then either swaps the staging
//! folder in for the output folder in one step (Fresh) or, through the
//! journal (`journal.rs`), moves the few changed files into place and
//! deletes the ones this build no longer has (Patch). Either way the
//! manifest (`manifest.rs`) then records what the output folder holds.
//!
//! Neither follows a link inside the output folder: the swap renames the
//! two folders themselves (a rename never follows its last name) and the
//! old output is removed with `remove_dir_all`, which removes links rather
//! than what they point to; a Patch commit reaches every folder it touches
//! through `tree.rs`, and checks them all before its journal is written.

use rayon::prelude::*;
use rustix::fd::AsFd;
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::output::journal::{self, replay_journal, write_journal};
use crate::output::manifest;
use crate::output::tree::{self, Blocked};
use crate::output::{Mode, Origin, Output, OutputStats, Written};
use crate::problem::Problem;

impl Output {
    /// Makes this build's output the output folder: atomically (Fresh), or
    /// through the journal (Patch).
    pub(crate) fn commit(mut self) -> Result<OutputStats, Vec<Problem>> {
        let (known, new) = self.gather();
        let entries = merge_by_path(known, new);
        let conflicts = conflicts(&entries);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        let deleted = match self.mode {
            Mode::Fresh => {
                self.commit_fresh(&entries).map_err(|p| vec![p])?;
                0
            }
            Mode::Patch => self.commit_patch(&entries).map_err(|p| vec![p])?,
        };
        Ok(self.stats(deleted))
    }

    /// Every file this build wrote, in path order, as two lists: the files
    /// the last build had, by their place in its (sorted) manifest, and the
    /// few new ones, by path. A path written twice has one place, so the two
    /// are next to each other. (Gathered into one list made to size and
    /// sorted with the new ones last, then those split off: no file is moved
    /// one by one.)
    fn gather(&mut self) -> (Vec<Written>, Vec<Written>) {
        let total = self
            .written
            .iter_mut()
            .map(|shard| shard_of(shard).len())
            .sum();
        let mut known: Vec<Written> = Vec::with_capacity(total);
        for shard in &mut self.written {
            known.append(shard_of(shard));
        }
        known.par_sort_unstable_by_key(|w| (w.previous.is_none(), w.previous));
        let mut new = known.split_off(known.partition_point(|w| w.previous.is_some()));
        new.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        (known, new)
    }

    /// Fresh: the staging folder, a whole output, takes the output folder's
    /// place in one step; then the manifest is saved.
    fn commit_fresh(&mut self, entries: &[Written]) -> Result<(), Problem> {
        if fs::symlink_metadata(&self.final_dir).is_ok() {
            swap(&self.staging, &self.final_dir).map_err(|e| self.replace_problem(e))?;
            // The staging path now holds the previous site.
            fs::remove_dir_all(&self.staging).map_err(|e| self.replace_problem(e))?;
        } else {
            fs::rename(&self.staging, &self.final_dir).map_err(|e| self.replace_problem(e))?;
        }
        self.committed = true;
        // Only now does the manifest describe the output. Failing to
        // save it costs the next build its reuse, nothing else.
        let _ = manifest::save(&self.manifest_path, &self.final_dir, entries, Written::line);
        Ok(())
    }

    /// Patch: the next manifest and the journal are written, then the
    /// journal is carried out. Returns how many files were deleted.
    fn commit_patch(&mut self, entries: &[Written]) -> Result<usize, Problem> {
        let staged: Vec<&str> = entries
            .iter()
            .filter(|w| w.staged)
            .map(|w| w.path.as_str())
            .collect();
        let previous = Arc::clone(&self.previous);
        let gone = gone(&previous, entries);
        // Every folder the update touches is a folder, not a link, before
        // anything is decided: a link fails the build with nothing changed.
        // (The renames and deletions reach them the same way again, so a
        // link put there since is never followed either.)
        let root = tree::open_root(&self.final_dir).map_err(|b| self.blocked_problem(b))?;
        journal::check_folders(root.as_fd(), &staged, &gone)
            .map_err(|b| self.blocked_problem(b))?;
        // The new manifest and the journal first: once the journal is
        // complete, the update is decided and is finished even if this
        // build is killed now.
        let next_manifest = journal::next_manifest(&self.manifest_path);
        manifest::save(&next_manifest, &self.final_dir, entries, Written::line)
            .map_err(|e| self.replace_problem(e))?;
        write_journal(&self.journal_path, &self.final_dir, &staged, &gone)
            .map_err(|e| self.replace_problem(e))?;
        self.committed = true;
        replay_journal(
            &self.journal_path,
            &self.staging,
            &self.final_dir,
            &self.manifest_path,
            true,
        )
        .map_err(|b| self.blocked_problem(b))?;
        Ok(gone.len())
    }

    /// The problem of a folder of the output that could not be reached.
    fn blocked_problem(&self, blocked: Blocked) -> Problem {
        blocked.problem(&self.shown, |e| self.replace_problem(e))
    }

    fn replace_problem(&self, err: std::io::Error) -> Problem {
        Problem::new(
            &self.final_dir,
            format!("cannot replace the output folder: {err}"),
        )
        .help("check that the output folder and its parent are writable")
    }
}

/// The files recorded in one shard.
fn shard_of(shard: &mut Mutex<Vec<Written>>) -> &mut Vec<Written> {
    shard
        .get_mut()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Every path two things write, and every file another file is written
/// inside (`feed.xml` and `feed.xml/story/index.html`): `entries` are in
/// path order, so a path written twice is next to itself, and the paths
/// inside a file's name follow it after at most a few names that only
/// start like it (`feed.xml-2`, `feed.xml.gz`).
fn conflicts(entries: &[Written]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (at, file) in entries.iter().enumerate() {
        let path = file.path.as_str();
        for later in &entries[at + 1..] {
            let Some(rest) = later.path.strip_prefix(path) else {
                break;
            };
            match rest.as_bytes().first() {
                None => problems.push(claimed_twice(file, later)),
                Some(b'/') => {
                    problems.push(written_inside(file, later));
                    break;
                }
                Some(&byte) if byte > b'/' => break,
                Some(_) => {}
            }
        }
    }
    problems
}

/// Two things write the same path.
fn claimed_twice(a: &Written, b: &Written) -> Problem {
    let path = &a.path;
    // Named after a file of the site (a seed or a static file) rather than
    // a generated page where it can be.
    let claim = |w: &Written| (matches!(w.origin, Origin::Page(_)), w.origin.describe(path));
    let (one, other) = (claim(a).min(claim(b)), claim(a).max(claim(b)));
    Problem::new(one.1, format!("writes `{path}`, which {} also writes", other.1))
        .help("rename one of them (a static file, a slug or a permalink pattern) so each output file has one source")
}

/// `inner` is written inside the name of the file `outer`.
fn written_inside(outer: &Written, inner: &Written) -> Problem {
    let (outer_path, inner_path) = (&outer.path, &inner.path);
    Problem::new(
        inner.origin.describe(inner_path),
        format!(
            "writes `{inner_path}`, inside `{outer_path}`, which {} writes as a file: a path cannot be both a file and a folder",
            outer.origin.describe(outer_path)
        ),
    )
    .help("change the permalink pattern, the slug or the static file's name so no page is written inside another file's name")
}

/// `known` and `new`, each sorted by path, as one list sorted by path
/// (`new` is usually a handful of files, each put in place by a search).
fn merge_by_path(known: Vec<Written>, new: Vec<Written>) -> Vec<Written> {
    if new.is_empty() {
        return known;
    }
    let places: Vec<usize> = new
        .iter()
        .map(|w| known.partition_point(|k| k.path < w.path))
        .collect();
    let mut merged = Vec::with_capacity(known.len() + new.len());
    let mut known = known.into_iter();
    let mut taken = 0;
    for (written, place) in new.into_iter().zip(places) {
        merged.extend(known.by_ref().take(place - taken));
        taken = place;
        merged.push(written);
    }
    merged.extend(known);
    merged
}

/// The files of the last build (`previous`) that this one, which wrote
/// `entries`, did not write: gone.
fn gone<'a>(previous: &'a manifest::Checked, entries: &[Written]) -> Vec<&'a str> {
    let mut kept = vec![false; previous.manifest().len()];
    for at in entries.iter().filter_map(|w| w.previous) {
        kept[at] = true;
    }
    previous
        .manifest()
        .paths()
        .zip(&kept)
        .filter(|(_, kept)| !**kept)
        .map(|(path, _)| path)
        .collect()
}

/// Exchanges two folders in one step where the file system can, else with
/// three renames: the old one aside (`.<name>.old`, the staging path with
/// the extension `old`), the new one into its place, the old one to the
/// staging path.
fn swap(staging: &Path, final_dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staging, CWD, final_dir, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let aside = staging.with_extension("old");
    fs::rename(final_dir, &aside)?;
    fs::rename(staging, final_dir)?;
    fs::rename(&aside, staging)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::Entry;

    /// A new, empty file at `path`.
    fn empty(path: &str, origin: Origin) -> Written {
        Written {
            path: path.into(),
            entry: Entry {
                hash: [0; 32],
                len: 0,
                modified: 0,
                fingerprint: [0; 16],
            },
            origin,
            previous: None,
            staged: true,
        }
    }

    #[test]
    fn new_files_are_merged_into_the_known_ones_in_path_order() {
        let written = |path: &str, previous: Option<usize>| Written {
            previous,
            staged: previous.is_none(),
            ..empty(path, Origin::Page("t"))
        };
        let known = vec![
            written("b", Some(0)),
            written("d", Some(1)),
            written("f", Some(2)),
        ];
        let new = vec![
            written("a", None),
            written("c", None),
            written("e", None),
            written("g", None),
        ];
        let merged: Vec<String> = merge_by_path(known, new)
            .into_iter()
            .map(|w| w.path)
            .collect();
        assert_eq!(merged, ["a", "b", "c", "d", "e", "f", "g"]);
    }

    /// Every conflict is found, not only the first: paths written twice,
    /// and files written inside another file's name, past names that only
    /// start like it.
    #[test]
    fn every_conflict_is_found() {
        let written = |path: &str, origin: &str| empty(path, origin.into());
        let entries = vec![
            written("a/index.html", "one"),
            written("a/index.html", "two"),
            written("feed.xml", "the feed"),
            written("feed.xml-2/index.html", "x"),
            written("feed.xml.gz", "y"),
            written("feed.xml/story/index.html", "seeds/story.md"),
            written("feed.xmlz", "z"),
            written("tags/index.html", "three"),
            written("tags/index.html", "four"),
        ];
        let found: Vec<String> = conflicts(&entries).iter().map(|p| p.to_string()).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("one: writes `a/index.html`, which two also writes"));
        assert!(found[1].starts_with("seeds/story.md: writes `feed.xml/story/index.html`, inside `feed.xml`, which the feed writes as a file"));
        assert!(found[2].starts_with("four: writes `tags/index.html`, which three also writes"));
        assert!(conflicts(&entries[2..5]).is_empty());
    }

    #[test]
    fn writes_are_staged_and_committed_atomically() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let output = Output::prepare(site.path(), Path::new("public"), None).unwrap();
        output.write("a/index.html", b"<p>a</p>", "test").unwrap();
        assert!(!out.exists(), "nothing is visible before commit");
        let stats = output.commit().unwrap();
        assert_eq!(
            stats,
            OutputStats {
                files: 1,
                bytes: 8,
                reused: 0,
                deleted: 0
            }
        );
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "<p>a</p>"
        );

        // Two sources of one file fail the commit, which changes nothing.
        let twice = Output::prepare(site.path(), Path::new("public"), None).unwrap();
        twice.write("a/index.html", b"one", "test").unwrap();
        twice.write("a/index.html", b"two", "other").unwrap();
        let err = twice.commit().unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].file, Path::new("other"));
        assert_eq!(
            err[0].message,
            "writes `a/index.html`, which test also writes"
        );
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "<p>a</p>"
        );

        // A second build replaces it; a dropped (failed) one leaves it alone.
        let failed = Output::prepare(site.path(), Path::new("public"), None).unwrap();
        failed.write("b/index.html", b"b", "test").unwrap();
        drop(failed);
        assert!(out.join("a/index.html").exists() && !out.join("b").exists());
        let second = Output::prepare(site.path(), Path::new("public"), None).unwrap();
        second.write("b/index.html", b"b", "test").unwrap();
        second.commit().unwrap();
        assert!(!out.join("a").exists() && out.join("b/index.html").exists());
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        let mut leftovers = leftovers;
        leftovers.sort();
        assert_eq!(
            leftovers,
            [".newsgen", "public"],
            "only the output and the manifest"
        );
    }
}
