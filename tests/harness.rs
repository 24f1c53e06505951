//! The site harness every test module shares: a site in a temporary folder
//! (a copy of a fixture from `tests/fixtures/`, or a `site.toml` and seeds
//! the test writes), built through the library or the `newsgen` binary, and
//! read back from the outside: pages, every output file with its bytes,
//! hash or stamps, and the messages of problems and warnings.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use newsgen::{
    Article, BuildFailed, BuildOptions, BuildSummary, Config, Problem, Site, read_article,
};

/// The repository: the example site, its templates and the test fixtures.
pub(crate) const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A path inside the repository.
pub(crate) fn repo(relative: &str) -> PathBuf {
    Path::new(REPO).join(relative)
}

/// A site in a temporary folder, removed when dropped.
pub(crate) struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/NAME`.
    pub(crate) fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        let from = repo("tests/fixtures").join(name);
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = site.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
        site
    }

    /// A site with this `site.toml` and an empty `seeds/` folder.
    pub(crate) fn new(site_toml: &str) -> TestSite {
        let site = TestSite::empty();
        site.write("site.toml", site_toml);
        fs::create_dir(site.join("seeds")).unwrap();
        site
    }

    fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The site folder.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the site folder.
    pub(crate) fn join(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The default output folder, `public/`.
    pub(crate) fn out(&self) -> PathBuf {
        self.join("public")
    }

    /// Writes a file of the site, making its folders.
    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        write(&self.join(relative), contents);
        self
    }
}

/// Writes the file at `path`, making its folders.
pub(crate) fn write(path: &Path, contents: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

/// The file at `path` as text, naming the file if it cannot be read.
pub(crate) fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Replaces `from` with `to` in the file at `path`.
pub(crate) fn replace_in(path: &Path, from: &str, to: &str) {
    fs::write(path, read(path).replace(from, to)).unwrap();
}

/// The page of `article` in the output folder `out`.
pub(crate) fn article_page(out: &Path, article: &Article) -> String {
    read(out.join(&article.path).join("index.html"))
}

// Building through the library.

/// Options for a build at the time `now` (RFC 3339).
pub(crate) fn at(now: &str) -> BuildOptions {
    BuildOptions {
        now: Some(chrono::DateTime::parse_from_rfc3339(now).unwrap()),
        ..Default::default()
    }
}

/// Loads and builds the site at `root`, as `newsgen build` does.
pub(crate) fn build_with(
    root: &Path,
    options: BuildOptions,
) -> Result<(Site, BuildSummary), BuildFailed> {
    let site = Site::load(root, options)?;
    let summary = site.build()?;
    Ok((site, summary))
}

/// Builds with the default options.
pub(crate) fn build(root: &Path) -> Result<(Site, BuildSummary), BuildFailed> {
    build_with(root, BuildOptions::default())
}

/// Builds at the time `now`, which must succeed.
pub(crate) fn build_at(root: &Path, now: &str) -> (Site, BuildSummary) {
    build_with(root, at(now)).unwrap()
}

/// Every file of the output of `root` (built at `now`) equals a fresh
/// build's, file by file.
pub(crate) fn equals_a_fresh_build(root: &Path, now: &str) {
    let fresh_dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output_dir: Some(fresh_dir.path().join("public")),
        ..at(now)
    };
    build_with(root, options).unwrap();
    let (incremental, fresh) = (
        contents(&root.join("public")),
        contents(&fresh_dir.path().join("public")),
    );
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert!(
            incremental[path] == *bytes,
            "{path} differs from a fresh build"
        );
    }
}

/// The repository's own example site, built into `public/` of the
/// temporary folder returned.
pub(crate) fn build_example() -> (tempfile::TempDir, Site, BuildSummary) {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output_dir: Some(out.path().join("public")),
        ..Default::default()
    };
    let (site, summary) = build_with(Path::new(REPO), options).unwrap();
    (out, site, summary)
}

/// Problems or warnings as the user reads them.
pub(crate) fn messages(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

/// The messages of a build that must fail.
pub(crate) fn failure<T>(result: Result<T, BuildFailed>) -> Vec<String> {
    match result {
        Ok(_) => panic!("the build succeeded"),
        Err(failed) => messages(&failed.problems),
    }
}

// Building through the binary.

/// The `newsgen` binary with `args`, run in `dir`.
pub(crate) fn newsgen(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsgen"));
    command.args(args).current_dir(dir);
    command
}

// Reading articles as a build reads them.

/// A `site.toml` with a title, `https://example.org/` and `extra` lines.
pub(crate) fn config(extra: &str) -> Config {
    Config::parse(&format!(
        "title = \"T\"\nbase_url = \"https://example.org/\"\n{extra}"
    ))
    .unwrap()
}

/// `bytes` read as the seed file `name`, which must be an article.
pub(crate) fn read_one(name: &str, bytes: &[u8], config: &Config) -> (Article, Vec<Problem>) {
    read_article(Path::new(name), bytes, config)
        .unwrap()
        .unwrap()
}

// The files of a folder.

/// The names in `dir` that contain one of `marks`: what a build left
/// behind (staging folders, old outputs).
pub(crate) fn leftovers(dir: &Path, marks: &[&str]) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| marks.iter().any(|mark| name.contains(mark)))
        .collect()
}

/// Every file below `dir`, by its path relative to `dir` (with `/`), with
/// what `describe` says of it.
pub(crate) fn files<T>(
    dir: &Path,
    describe: impl Fn(&walkdir::DirEntry) -> T,
) -> BTreeMap<String, T> {
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
pub(crate) fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir, |e| fs::read(e.path()).unwrap())
}

/// Every file below `dir` with the hash of its bytes (for big sites).
pub(crate) fn hashes(dir: &Path) -> BTreeMap<String, String> {
    files(dir, |e| {
        blake3::hash(&fs::read(e.path()).unwrap())
            .to_hex()
            .to_string()
    })
}

/// Every file below `dir` with its bytes and modification time: what must
/// not change when a build fails.
pub(crate) fn contents_and_times(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    files(dir, |e| {
        (
            fs::read(e.path()).unwrap(),
            e.metadata().unwrap().modified().unwrap(),
        )
    })
}

/// Modification time and inode of every file below `dir`: they change
/// only when the file is written.
pub(crate) type Stamps = BTreeMap<String, (SystemTime, u64)>;

/// The [`Stamps`] of every file below `dir`.
pub(crate) fn stamps(dir: &Path) -> Stamps {
    use std::os::unix::fs::MetadataExt;
    files(dir, |e| {
        let meta = e.metadata().unwrap();
        (meta.modified().unwrap(), meta.ino())
    })
}
