//! The previous build's manifest, read ahead: [`Prefetch`] loads it (with
//! `manifest.rs`) and checks the recorded files against the output folder in
//! a lowest-priority background thread while the site loads.
//!
//! `Site::load` starts it; `Output::prepare` (`mod.rs`) takes what it read
//! through [`Prefetch::take`], and only if the manifest on disk is still the
//! file it read (no journal replayed, no other build committed since): a
//! [`Stamp`] of the file tells.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use crate::output::folder::check_output_dir;
use crate::output::manifest;

/// The previous build's manifest, read and checked against the output
/// folder in a background thread while the site loads, so that work is
/// done on a core the loading leaves idle. [`Output::prepare`] takes it
/// only if the manifest on disk is still the one read.
///
/// [`Output::prepare`]: crate::output::Output::prepare
pub(crate) struct Prefetch {
    final_dir: PathBuf,
    manifest_path: PathBuf,
    receiver: mpsc::Receiver<(Arc<manifest::Checked>, Option<Stamp>)>,
    /// Stops the background check; set if this is dropped unused (a build
    /// that failed before writing anything).
    stop: Arc<AtomicBool>,
    taken: bool,
}

impl Prefetch {
    /// Starts reading ahead for the output folder `output_dir` of the site
    /// in `root`; nothing when there is nothing to read ahead, or a killed
    /// build's journal must be replayed first.
    pub(crate) fn start(root: &Path, output_dir: &Path) -> Option<Prefetch> {
        let final_dir = check_output_dir(root, output_dir).ok()?;
        let manifest_path = manifest::location(root, &final_dir);
        if manifest_path.with_extension("journal").exists() || !manifest_path.exists() {
            return None;
        }
        let (sender, receiver) = mpsc::sync_channel(1);
        let stop = Arc::new(AtomicBool::new(false));
        let (dir, path, stopped) = (final_dir.clone(), manifest_path.clone(), Arc::clone(&stop));
        std::thread::Builder::new()
            .name("newsgen-prefetch".into())
            .spawn(move || {
                // Lowest priority: the check runs on a core the build leaves
                // idle, never in its way (the build checks the files it
                // reaches first itself).
                let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
                let stamp = Stamp::of(&path);
                let manifest = manifest::load(&path, &dir);
                let checked = Arc::new(manifest::Checked::new(manifest, &dir, stopped));
                // The build gone (or not wanting it): nothing to check for.
                if sender.send((Arc::clone(&checked), stamp)).is_ok() {
                    checked.check_all();
                }
            })
            .ok()?;
        Some(Prefetch {
            final_dir,
            manifest_path,
            receiver,
            stop,
            taken: false,
        })
    }

    /// The manifest read ahead for the output folder `final_dir`, whose
    /// manifest is at `manifest_path`, unless it was read for another
    /// folder or the manifest on disk is no longer the one it read (a
    /// journal was replayed, or another build committed).
    pub(super) fn take(
        self,
        final_dir: &Path,
        manifest_path: &Path,
    ) -> Option<Arc<manifest::Checked>> {
        if self.final_dir != final_dir || self.manifest_path != manifest_path {
            return None;
        }
        let (checked, stamp) = self.receive()?;
        if Stamp::of(manifest_path) == Some(stamp) {
            Some(checked)
        } else {
            checked.stop();
            None
        }
    }

    /// The manifest read ahead (waiting for it if need be), and which
    /// version of the file it was read from.
    fn receive(mut self) -> Option<(Arc<manifest::Checked>, Stamp)> {
        self.taken = true;
        let (checked, stamp) = self.receiver.recv().ok()?;
        match stamp {
            Some(stamp) => Some((checked, stamp)),
            None => {
                checked.stop();
                None
            }
        }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        if !self.taken {
            self.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Which version of a file: its size, modification time and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: u128,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: crate::file_time::nanos(metadata.modified().ok()?),
            inode: metadata.ino(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

    #[test]
    fn a_manifest_read_ahead_is_dropped_when_another_build_committed_since() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let build = |text: &[u8], prefetch| {
            let output = Output::prepare(site.path(), Path::new("public"), prefetch).unwrap();
            output.write("a/index.html", text, "test").unwrap();
            output.write("b/index.html", b"b", "test").unwrap();
            output.commit().unwrap()
        };
        build(b"one", None);
        let ahead = Prefetch::start(site.path(), Path::new("public")).unwrap();
        // Time for the background check to find a/index.html as recorded.
        std::thread::sleep(std::time::Duration::from_millis(300));
        build(b"two", None);
        let stats = build(b"one", Some(ahead));
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "one",
            "the stale read-ahead would have kept the file as it was"
        );
        assert_eq!(stats.reused, 1, "b/index.html is kept");

        // Read ahead and still current: used, and the file it found
        // intact is kept.
        let ahead = Prefetch::start(site.path(), Path::new("public")).unwrap();
        let before = fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        let stats = build(b"one", Some(ahead));
        assert_eq!(stats.reused, 2);
        assert_eq!(
            fs::metadata(out.join("a/index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
    }
}
