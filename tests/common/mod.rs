//! Helpers shared by the integration tests (each test file is its own crate
//! and uses what it needs).

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file below `dir`, by its path relative to `dir` (with `/`), with
/// what `describe` says of it.
pub fn files<T>(dir: &Path, describe: impl Fn(&walkdir::DirEntry) -> T) -> BTreeMap<String, T> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (path, describe(&e))
        })
        .collect()
}

/// Every file below `dir` with its bytes.
pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir, |e| fs::read(e.path()).unwrap())
}
