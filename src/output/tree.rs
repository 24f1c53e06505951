//! Folders inside the output folder, reached without following symbolic
//! links: every folder a Patch commit renames into or deletes from is
//! opened from the output folder one name at a time (`openat` with
//! `O_NOFOLLOW`), and every rename and deletion is made relative to the
//! folder so opened. A link put where a folder of the output was (to
//! anywhere) is therefore never written through: it is reported, naming
//! it, and the build stops.
//!
//! The output folder itself is found once, by `folder::check_output_dir`
//! (a link there is the user's choice, resolved once); below it nothing is
//! followed. The journal (`journal.rs`) walks with [`Folders`], both to
//! check every folder before an update is decided and to carry it out.
//! Paths given are relative to the output folder, with `/`, as
//! `folder::is_plain_relative` accepts them.

use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, mkdirat, openat, statat, unlinkat};
use rustix::io::Errno;
use std::path::Path;

use crate::problem::Problem;

/// Why a folder of the output could not be reached.
#[derive(Debug)]
pub(super) enum Blocked {
    /// This path (relative to the output folder; empty for the folder
    /// itself) is a symbolic link where a folder must be.
    Link(String),
    /// This path is a file (or anything else but a folder) where a folder
    /// must be.
    NotFolder(String),
    /// Any other failure.
    Io(std::io::Error),
}

impl From<std::io::Error> for Blocked {
    fn from(err: std::io::Error) -> Blocked {
        Blocked::Io(err)
    }
}

impl From<Errno> for Blocked {
    fn from(err: Errno) -> Blocked {
        Blocked::Io(err.into())
    }
}

impl Blocked {
    /// The problem for the user: a link or a file named by its path under
    /// `shown` (the output folder as messages name it); any other failure
    /// as `io` describes it.
    pub(super) fn problem(
        self,
        shown: &Path,
        io: impl FnOnce(std::io::Error) -> Problem,
    ) -> Problem {
        let named = |path: &str| match path {
            "" => shown.to_path_buf(),
            path => shown.join(path),
        };
        match self {
            Blocked::Link(path) => Problem::new(
                named(&path),
                "this folder of the output is a symbolic link, and newsgen never writes through links in the output folder",
            )
            .help("remove the link; the next build writes what belongs there"),
            Blocked::NotFolder(path) => Problem::new(
                named(&path),
                "this is a file where the output needs a folder",
            )
            .help("remove the file; the next build writes what belongs there"),
            Blocked::Io(err) => io(err),
        }
    }
}

/// Opens the output folder `dir` (an absolute path, resolved by
/// `folder::check_output_dir`) to walk below it; a link in its place now
/// is [`Blocked::Link`].
pub(super) fn open_root(dir: &Path) -> Result<OwnedFd, Blocked> {
    match openat(CWD, dir, folder_flags(), Mode::empty()) {
        Ok(fd) => Ok(fd),
        Err(Errno::LOOP | Errno::NOTDIR) => Err(
            if statat(CWD, dir, AtFlags::SYMLINK_NOFOLLOW)
                .is_ok_and(|s| FileType::from_raw_mode(s.st_mode) == FileType::Symlink)
            {
                Blocked::Link(String::new())
            } else {
                Blocked::NotFolder(String::new())
            },
        ),
        Err(err) => Err(err.into()),
    }
}

/// Opening a folder: a handle only good for `*at` calls (no read
/// permission needed), never through a link.
fn folder_flags() -> OFlags {
    OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC
}

/// A walk among the folders below an open output folder: the folders from
/// the root down to the last one reached stay open, so reaching the
/// folders of paths in sorted order opens each folder once (and holds no
/// more handles than the tree is deep).
pub(super) struct Folders<'root> {
    root: BorrowedFd<'root>,
    /// The open folders below the root, outermost first, each with where
    /// its path ends in `path`.
    open: Vec<(usize, OwnedFd)>,
    /// The path of the innermost open folder ("" for the root).
    path: String,
}

impl<'root> Folders<'root> {
    pub(super) fn new(root: BorrowedFd<'root>) -> Folders<'root> {
        Folders {
            root,
            open: Vec::new(),
            path: String::new(),
        }
    }

    /// The folder `dir` ("" for the output folder), each of its names
    /// opened from the one above without following a link. A folder
    /// missing is made when `create` is set, else the answer is `None`.
    pub(super) fn reach(
        &mut self,
        dir: &str,
        create: bool,
    ) -> Result<Option<BorrowedFd<'_>>, Blocked> {
        self.close_to_common(dir);
        while self.path.len() < dir.len() {
            let start = if self.path.is_empty() {
                0
            } else {
                self.path.len() + 1
            };
            let end = dir[start..].find('/').map_or(dir.len(), |at| start + at);
            let name = &dir[start..end];
            let opened = match self.open_below(name, &dir[..end], create)? {
                Some(fd) => fd,
                None => return Ok(None),
            };
            self.path.clear();
            self.path.push_str(&dir[..end]);
            self.open.push((end, opened));
        }
        Ok(Some(self.innermost()))
    }

    /// Checks, changing nothing, that `dir` and each folder above it is a
    /// folder or missing, not a link: like [`Folders::reach`] without
    /// `create`, but `dir` itself is only looked at, not opened (one call
    /// instead of two for a folder of its own per file, as every article's).
    pub(super) fn check(&mut self, dir: &str) -> Result<(), Blocked> {
        let (above, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        if name.is_empty() {
            return Ok(()); // the output folder itself, already open
        }
        let Some(parent) = self.reach(above, false)? else {
            return Ok(());
        };
        match statat(parent, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) => match FileType::from_raw_mode(stat.st_mode) {
                FileType::Directory => Ok(()),
                FileType::Symlink => Err(Blocked::Link(dir.to_string())),
                _ => Err(Blocked::NotFolder(dir.to_string())),
            },
            Err(Errno::NOENT) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }

    /// Removes the folder last reached if it is empty, then each folder
    /// above it left empty, up to (not including) the output folder.
    pub(super) fn remove_if_empty(&mut self) {
        while let Some((end, _)) = self.open.last() {
            let start = self.path[..*end].rfind('/').map_or(0, |at| at + 1);
            let name = &self.path[start..*end];
            let parent = match self.open.len() {
                1 => self.root,
                n => self.open[n - 2].1.as_fd(),
            };
            // Fails on a folder that is not empty (or no longer a folder).
            if unlinkat(parent, name, AtFlags::REMOVEDIR).is_err() {
                return;
            }
            self.open.pop();
            self.path.truncate(start.saturating_sub(1));
        }
    }

    /// Closes the open folders that are not above (or at) `dir`.
    fn close_to_common(&mut self, dir: &str) {
        while let Some((end, _)) = self.open.last() {
            let end = *end;
            let shared = dir.len() >= end
                && dir.as_bytes()[..end] == self.path.as_bytes()[..end]
                && (dir.len() == end || dir.as_bytes()[end] == b'/');
            if shared {
                self.path.truncate(end);
                return;
            }
            self.open.pop();
        }
        self.path.clear();
    }

    fn innermost(&self) -> BorrowedFd<'_> {
        self.open.last().map_or(self.root, |(_, fd)| fd.as_fd())
    }

    /// Opens the folder `name` in the innermost open one (`path` is its
    /// path, for messages), making it first if missing and `create`.
    fn open_below(&self, name: &str, path: &str, create: bool) -> Result<Option<OwnedFd>, Blocked> {
        let parent = self.innermost();
        let mut made = false;
        loop {
            match openat(parent, name, folder_flags(), Mode::empty()) {
                Ok(fd) => return Ok(Some(fd)),
                Err(Errno::NOENT) if create && !made => {
                    match mkdirat(parent, name, Mode::from_raw_mode(0o777)) {
                        Ok(()) | Err(Errno::EXIST) => made = true,
                        Err(err) => return Err(err.into()),
                    }
                }
                Err(Errno::NOENT) if !create => return Ok(None),
                Err(Errno::LOOP | Errno::NOTDIR) => {
                    let link = statat(parent, name, AtFlags::SYMLINK_NOFOLLOW)
                        .is_ok_and(|s| FileType::from_raw_mode(s.st_mode) == FileType::Symlink);
                    return Err(if link {
                        Blocked::Link(path.to_string())
                    } else {
                        Blocked::NotFolder(path.to_string())
                    });
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
}

/// The folder of the file at `path` ("" for one at the top) and its name.
pub(super) fn split_file(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(at) => (&path[..at], &path[at + 1..]),
        None => ("", path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    fn link_at(blocked: Result<Option<BorrowedFd<'_>>, Blocked>) -> String {
        match blocked {
            Err(Blocked::Link(path)) => path,
            other => panic!("not a link: {:?}", other.map(|fd| fd.is_some())),
        }
    }

    #[test]
    fn folders_are_reached_without_following_a_link() {
        let out = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::create_dir_all(out.path().join("a/b/c")).unwrap();
        fs::create_dir_all(elsewhere.path().join("d")).unwrap();
        symlink(elsewhere.path(), out.path().join("a/link")).unwrap();
        fs::write(out.path().join("a/file"), "x").unwrap();
        let root = open_root(out.path()).unwrap();
        let mut folders = Folders::new(root.as_fd());

        assert!(folders.reach("a/b/c", false).unwrap().is_some());
        assert!(folders.check("a/b/c").is_ok() && folders.check("a/new/x").is_ok());
        assert!(matches!(folders.check("a/link"), Err(Blocked::Link(p)) if p == "a/link"));
        assert!(matches!(folders.check("a/link/d"), Err(Blocked::Link(p)) if p == "a/link"));
        assert!(matches!(folders.check("a/file"), Err(Blocked::NotFolder(p)) if p == "a/file"));
        assert!(folders.check("top").is_ok() && folders.check("").is_ok());
        assert!(folders.reach("a/b/new", false).unwrap().is_none());
        assert!(folders.reach("a/b/new/deeper", true).unwrap().is_some());
        assert!(out.path().join("a/b/new/deeper").is_dir());
        assert_eq!(link_at(folders.reach("a/link", false)), "a/link");
        assert_eq!(link_at(folders.reach("a/link/d", true)), "a/link");
        assert!(matches!(
            folders.reach("a/file/x", true),
            Err(Blocked::NotFolder(path)) if path == "a/file"
        ));
        // Nothing was made through the link.
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 1);
        // A folder reached after an error starts afresh.
        assert!(folders.reach("a/b", false).unwrap().is_some());
        assert!(folders.reach("", false).unwrap().is_some());

        // The output folder itself a link.
        let linked = elsewhere.path().join("out");
        symlink(out.path(), &linked).unwrap();
        assert!(matches!(open_root(&linked), Err(Blocked::Link(p)) if p.is_empty()));
    }

    #[test]
    fn empty_folders_are_removed_up_to_the_output_folder() {
        let out = tempfile::tempdir().unwrap();
        fs::create_dir_all(out.path().join("a/b/c")).unwrap();
        fs::write(out.path().join("a/keep"), "x").unwrap();
        let root = open_root(out.path()).unwrap();
        let mut folders = Folders::new(root.as_fd());
        folders.reach("a/b/c", false).unwrap();
        folders.remove_if_empty();
        assert!(!out.path().join("a/b").exists() && out.path().join("a/keep").exists());
        // The walk goes on from where it stopped.
        assert!(folders.reach("a/b", true).unwrap().is_some());
        fs::remove_file(out.path().join("a/keep")).unwrap();
        folders.remove_if_empty();
        assert!(out.path().exists() && !out.path().join("a").exists());
    }

    #[test]
    fn a_file_splits_into_its_folder_and_name() {
        assert_eq!(split_file("a/b/index.html"), ("a/b", "index.html"));
        assert_eq!(split_file("index.html"), ("", "index.html"));
    }
}
