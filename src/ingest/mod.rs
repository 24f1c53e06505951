//! Ingest: from the files in `seeds/` to [`Article`]s.
//!
//! Walks `seeds/` recursively in a deterministic (sorted) order, reads every
//! `*.txt` as wire text (`wire`) and every `*.md` as Markdown with front
//! matter (`markdown`), in parallel. Every problem in every file is collected
//! and returned together; other files get one warning each. Hidden folders
//! (`.git`) and hidden files (editor swap files) are skipped, with a warning
//! for a hidden file that would be an article (`.story.md`).
//!
//! Wire articles are read with the boilerplate the last build found
//! (`boilerplate`); once all are read, [`settle`] counts their lines across
//! the site and reads again the few whose verdict changed, and
//! [`stub_warnings`] names the articles left with hardly any text.

pub(crate) mod boilerplate;
mod byline;
pub(crate) mod copydesk;
mod markdown;
pub(crate) mod names;
pub(crate) mod safety;
mod wire;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::{Article, SourceFormat};
use crate::config::Config;
use crate::problem::{Problem, cannot_read, display_path, symlink_ignored};
pub(crate) use boilerplate::Boilerplate;

pub(crate) const SEEDS_DIR: &str = "seeds";

/// The largest article file read, in bytes. A wire story is a few kilobytes;
/// anything this large is a wrong file or a broken export.
pub(crate) const MAX_ARTICLE_BYTES: u64 = 10 * 1024 * 1024;

/// What ingest asks of the build cache (`output::cache`, handed in by the
/// orchestrator): the articles an earlier build parsed, and a place to put
/// this build's bodies aside.
pub(crate) trait ParseCache: Sync {
    /// The article parsed from the seed file `source` (as shown in messages)
    /// in an earlier build, if the file is unchanged: by its `size` and
    /// `modified` time, or, when `bytes` are given, by their hash.
    fn lookup(
        &self,
        source: &Path,
        size: u64,
        modified: u128,
        bytes: Option<&[u8]>,
    ) -> Option<Article>;

    /// Keeps a freshly parsed article (the file's `size`, `modified` time
    /// and `bytes`) for the next build, and may move its body aside
    /// (setting `kept`). `reusable`: parsed without warnings, so the next
    /// build may take it as it is.
    fn store(&self, article: &mut Article, size: u64, modified: u128, bytes: &[u8], reusable: bool);
}

/// The author profiles in `authors/` (one `*.md` per person, sorted by
/// file name), and every problem with them: a bad file, two profiles with
/// one slug.
pub(crate) fn read_profiles(
    root: &Path,
    config: &Config,
) -> (Vec<crate::article::Profile>, Vec<Problem>) {
    let dir = root.join(crate::config::AUTHORS_DIR);
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (Vec::new(), problems);
    }
    let mut files: Vec<PathBuf> = Vec::new();
    match std::fs::read_dir(&dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                let hidden = name.to_string_lossy().starts_with('.');
                if !hidden && path.extension().is_some_and(|e| e == "md") {
                    files.push(path);
                }
            }
        }
        Err(err) => problems.push(cannot_read(root, &dir, err)),
    }
    files.sort();
    let mut profiles: Vec<crate::article::Profile> = Vec::new();
    for path in files {
        let source = display_path(root, &path);
        let text = match std::fs::read(&path) {
            Ok(bytes) if bytes.len() as u64 <= MAX_ARTICLE_BYTES => {
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Ok(_) => {
                problems.push(
                    Problem::new(&source, "the profile is larger than 10 MiB")
                        .help("a profile is a short biography; check that this is the right file"),
                );
                continue;
            }
            Err(err) => {
                problems.push(cannot_read(root, &path, err));
                continue;
            }
        };
        match markdown::profile::read(root, &source, &text, config) {
            Ok(profile) => {
                if let Some(other) = profiles.iter().find(|p| p.slug == profile.slug) {
                    problems.push(
                        Problem::new(
                            &source,
                            format!(
                                "has the same author page (/authors/{}/) as {}",
                                profile.slug,
                                other.source.display()
                            ),
                        )
                        .help("give one of them its own `slug`, or merge the two files if they are one person"),
                    );
                } else {
                    profiles.push(profile);
                }
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    (profiles, problems)
}

/// What reading `seeds/` produced: articles, and what went wrong.
#[derive(Debug, Default)]
pub(crate) struct Ingested {
    pub articles: Vec<Article>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Pictures and sidecar `.toml` files in `seeds/` (relative to the site
    /// folder): not articles, but what articles show.
    pub assets: Vec<PathBuf>,
}

/// Reads every article below `root/seeds`: from the build cache where the
/// file has not changed, else by parsing it (and caching the result), wire
/// text with the boilerplate `known` so far.
pub(crate) fn read_seeds(
    root: &Path,
    config: &Config,
    cache: &dyn ParseCache,
    known: &Boilerplate,
) -> Ingested {
    let seeds = root.join(SEEDS_DIR);
    let mut ingested = Ingested::default();
    if !seeds.is_dir() {
        ingested.errors.push(
            Problem::new(SEEDS_DIR, "there is no seeds folder")
                .help("create `seeds/` in the site folder and put articles (*.txt, *.md) in it"),
        );
        return ingested;
    }

    let listing = list_folder(root, &seeds);
    let files = listing.files;
    ingested.errors.extend(listing.errors);
    ingested.warnings.extend(listing.warnings);
    let (mut results, warnings): (Vec<SeedResult>, Vec<Vec<Problem>>) = files
        .par_iter()
        .map(|file| {
            let mut warnings = Vec::new();
            (
                read_seed(root, file, config, cache, known, &mut warnings),
                warnings,
            )
        })
        .unzip();
    for ((file, result), warnings) in files.iter().zip(&mut results).zip(warnings) {
        ingested.warnings.extend(warnings);
        match result {
            Ok(Some(_)) => {}
            Ok(None) if is_asset(&file.path) => {
                ingested.assets.push(display_path(root, &file.path));
            }
            Ok(None) => ingested.warnings.push(Problem::new(
                display_path(root, &file.path),
                "ignored: not an article (articles are *.txt wire text, or *.md or *.markdown Markdown)",
            )),
            Err(problems) => ingested.errors.append(problems),
        }
    }
    // In place: the results and the articles have one size.
    ingested.articles = results
        .into_iter()
        .filter_map(|result| result.ok().flatten())
        .collect();
    ingested
}

/// The picture files an article may show, by extension.
pub(crate) const PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// Whether a file of `seeds/` that is not an article is something articles
/// use: a picture (`image` in front matter, a wire story's picture) or a
/// wire story's sidecar `.toml`.
fn is_asset(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    extension.is_some_and(|e| e == "toml" || PICTURE_EXTENSIONS.contains(&e.as_str()))
}

/// A wire story's sidecar `.toml`: its picture's words.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
}

/// Gives each wire story the picture beside it (`story.jpg` beside
/// `story.txt`, or .jpeg, .png, .webp) with the words of its sidecar
/// (`story.toml`: `alt`, `caption`, `credit`). A sidecar that is no wire
/// story's is a warning; a bad one an error at its line.
pub(crate) fn attach_sidecars(root: &Path, ingested: &mut Ingested) {
    use rustc_hash::FxHashSet;
    let assets: FxHashSet<&Path> = ingested.assets.iter().map(PathBuf::as_path).collect();
    let mut used: FxHashSet<PathBuf> = FxHashSet::default();
    for article in &mut ingested.articles {
        if article.format != SourceFormat::Wire {
            continue;
        }
        article.image = None;
        article.image_text = Default::default();
        let picture = PICTURE_EXTENSIONS
            .iter()
            .map(|extension| article.source.with_extension(extension))
            .find(|path| assets.contains(path.as_path()));
        let Some(picture) = picture else { continue };
        article.image = picture
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        let sidecar = article.source.with_extension("toml");
        if !assets.contains(sidecar.as_path()) {
            continue;
        }
        used.insert(sidecar.clone());
        let text = match std::fs::read_to_string(root.join(&sidecar)) {
            Ok(text) => text,
            Err(err) => {
                ingested
                    .errors
                    .push(cannot_read(root, &root.join(&sidecar), err));
                continue;
            }
        };
        match toml::from_str::<Sidecar>(&text) {
            Ok(words) => {
                let clean = |text: Option<String>| {
                    text.map(|mut t| {
                        drop_controls(&mut t);
                        t.trim().to_string()
                    })
                    .filter(|t| !t.is_empty())
                };
                article.image_text = crate::article::ImageText {
                    alt: clean(words.alt),
                    caption: clean(words.caption),
                    credit: clean(words.credit),
                    line: 0,
                };
            }
            Err(err) => {
                let offset = err.span().map_or(0, |span| span.start);
                ingested.errors.push(
                    Problem::new(&sidecar, format!("invalid picture sidecar: {}", err.message().trim_end()))
                        .at_offset(&text, offset, 1)
                        .help("a sidecar holds `alt`, `caption` and `credit`, each a string: caption = \"The harbour at dawn\""),
                );
            }
        }
    }
    for asset in &ingested.assets {
        let is_sidecar = asset
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if is_sidecar && !used.contains(asset) {
            ingested.warnings.push(
                Problem::new(
                    asset,
                    "ignored: a sidecar .toml beside no wire story with a picture",
                )
                .help("name it like the story and its picture: story.txt, story.jpg, story.toml"),
            );
        }
    }
}

/// The files of a folder of `seeds/` and its subfolders, in the order a
/// sorted listing shows them (by name, each folder where its name sorts),
/// with problems reading them. Hidden files and folders (.git, editor swap
/// files) are not articles; symbolic links are never followed. Subfolders
/// are read in parallel.
#[derive(Default)]
struct Listing {
    files: Vec<SeedFile>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// A file of `seeds/` as the listing found it.
struct SeedFile {
    path: PathBuf,
    /// Its size and modification time (statted relative to its open
    /// folder, while the folder is at hand); none if it went away.
    stat: Option<(u64, u128)>,
}

fn list_folder(root: &Path, folder: &Path) -> Listing {
    let mut listing = Listing::default();
    let cannot_read = |path: &Path, err: std::io::Error| cannot_read(root, path, err);
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(err) => {
            listing.errors.push(cannot_read(folder, err));
            return listing;
        }
    };
    let open = std::fs::File::open(folder).ok();
    let mut named = Vec::new();
    for entry in entries {
        match entry.and_then(|entry| Ok((entry.file_name(), entry.file_type()?))) {
            Ok((name, kind)) if !name.as_encoded_bytes().starts_with(b".") => {
                named.push((name, kind))
            }
            Ok((name, kind)) => {
                let path = folder.join(&name);
                if kind.is_file() && kind_of(&path).is_some() {
                    listing.warnings.push(hidden_ignored(root, &path));
                }
            }
            Err(err) => listing.errors.push(cannot_read(folder, err)),
        }
    }
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let subfolders: Vec<Listing> = named
        .par_iter()
        .filter(|(_, kind)| kind.is_dir())
        .map(|(name, _)| list_folder(root, &folder.join(name)))
        .collect();
    let mut subfolders = subfolders.into_iter();
    for (name, kind) in named {
        let path = folder.join(&name);
        if kind.is_dir() {
            if let Some(mut sub) = subfolders.next() {
                listing.files.append(&mut sub.files);
                listing.errors.append(&mut sub.errors);
                listing.warnings.append(&mut sub.warnings);
            }
        } else if kind.is_file() {
            let stat = open.as_ref().and_then(|open| stat_at(open, &name));
            listing.files.push(SeedFile { path, stat });
        } else if kind.is_symlink() {
            listing.warnings.push(symlink_ignored(root, &path));
        }
    }
    listing
}

/// An article file whose name starts with a dot: hidden, so never read,
/// but said once, since a dot is easy to add by mistake.
fn hidden_ignored(root: &Path, path: &Path) -> Problem {
    Problem::new(
        display_path(root, path),
        "not read: its name starts with `.`, which marks a hidden file",
    )
    .help("rename it without the leading dot to publish it")
}

/// The size and modification time of the file `name` in the open folder
/// `folder`.
fn stat_at(folder: &std::fs::File, name: &std::ffi::OsStr) -> Option<(u64, u128)> {
    let stat = rustix::fs::statat(folder, name, rustix::fs::AtFlags::empty()).ok()?;
    let size = u64::try_from(stat.st_size).ok()?;
    Some((size, crate::file_time::stat_nanos(&stat)))
}

/// Reads one article from the bytes of the file `source` (`*.txt` or
/// `*.md`; the name is used for its kind and in messages): the article and
/// its warnings, or its problems. `Ok(None)` for a file that is not an
/// article. Wire text is read with the built-in boilerplate only, as a
/// site of this one article would be.
pub fn read_article(
    source: &Path,
    bytes: &[u8],
    config: &Config,
) -> Result<Option<(Article, Vec<Problem>)>, Vec<Problem>> {
    read_article_with(source, bytes, config, &Boilerplate::default())
}

/// [`read_article`], wire text with the boilerplate `known` left out.
pub(crate) fn read_article_with(
    source: &Path,
    bytes: &[u8],
    config: &Config,
    known: &Boilerplate,
) -> Result<Option<(Article, Vec<Problem>)>, Vec<Problem>> {
    let Some(kind) = kind_of(source) else {
        return Ok(None);
    };
    let text = decode(source, bytes)?;
    let mut warnings = Vec::new();
    match kind {
        SourceFormat::Wire => wire::read(source, &text, config, known, &mut warnings),
        SourceFormat::Markdown => markdown::read(source, &text, config, &mut warnings),
    }
    .map(|article| Some((article, warnings)))
}

/// The kind of article a file holds, by its name; `None` for other files.
fn kind_of(path: &Path) -> Option<SourceFormat> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("txt") => Some(SourceFormat::Wire),
        Some("md" | "markdown") => Some(SourceFormat::Markdown),
        _ => None,
    }
}

/// One seed file read: an article, not an article (`None`), or its errors.
type SeedResult = Result<Option<Article>, Vec<Problem>>;

/// Reads one seed file; `Ok(None)` for a file that is not an article.
fn read_seed(
    root: &Path,
    file: &SeedFile,
    config: &Config,
    cache: &dyn ParseCache,
    known: &Boilerplate,
    warnings: &mut Vec<Problem>,
) -> Result<Option<Article>, Vec<Problem>> {
    let path = file.path.as_path();
    let source = display_path(root, path);
    if kind_of(path).is_none() {
        return Ok(None);
    }
    // A file gone since the listing has no size: reading it says so.
    let (size, modified) = file.stat.unwrap_or_default();
    if size > MAX_ARTICLE_BYTES {
        return Err(vec![
            Problem::new(
                &source,
                format!(
                    "the file is {} bytes; an article may be at most {} bytes ({} MiB)",
                    indicatif::HumanCount(size),
                    indicatif::HumanCount(MAX_ARTICLE_BYTES),
                    MAX_ARTICLE_BYTES / (1024 * 1024)
                ),
            )
            .help("check that this is the right file, or split the article"),
        ]);
    }
    if let Some(article) = cache.lookup(&source, size, modified, None) {
        return Ok(Some(article));
    }
    let bytes = std::fs::read(path).map_err(|err| {
        vec![
            Problem::new(&source, format!("cannot read the file: {err}"))
                .help("check its permissions"),
        ]
    })?;
    if let Some(article) = cache.lookup(&source, size, modified, Some(&bytes)) {
        return Ok(Some(article));
    }
    let Some((mut article, article_warnings)) = read_article_with(&source, &bytes, config, known)?
    else {
        return Ok(None);
    };
    warnings.extend(article_warnings);
    // Not cached, the body stays in memory; an article with warnings is
    // parsed again next time, so they are shown again.
    cache.store(&mut article, size, modified, &bytes, warnings.is_empty());
    Ok(Some(article))
}

/// What settling the boilerplate found.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    /// The shapes that recur across the site now.
    pub boilerplate: Boilerplate,
    /// The wire articles read again because their verdict changed.
    pub reread: usize,
}

/// Counts the line shapes of every article read (`ingested`) across the
/// site, and reads again, with the boilerplate so found, each wire article
/// read with another verdict (from the cache, or this build with the last
/// build's boilerplate). Only an article that holds a shape whose count
/// crossed the threshold is read again.
pub(crate) fn settle(
    root: &Path,
    config: &Config,
    cache: &dyn ParseCache,
    ingested: &mut Ingested,
) -> Settled {
    let boilerplate = boilerplate::recurring(&ingested.articles);
    let changed: Vec<usize> = (0..ingested.articles.len())
        .into_par_iter()
        .filter(|&index| {
            let lines = &ingested.articles[index].lines;
            boilerplate.verdict(&lines.shapes) != lines.dropped
        })
        .collect();
    let reread: Vec<_> = changed
        .par_iter()
        .map(|&index| {
            let source = &ingested.articles[index].source;
            (index, read_again(root, source, config, cache, &boilerplate))
        })
        .collect();
    let mut sources = rustc_hash::FxHashSet::default();
    let mut warnings = Vec::new();
    for (index, result) in reread {
        match result {
            Ok((article, article_warnings)) => {
                sources.insert(article.source.clone());
                warnings.extend(article_warnings);
                ingested.articles[index] = article;
            }
            Err(problems) => ingested.errors.extend(problems),
        }
    }
    // Its warnings as read again replace those of the first reading.
    ingested
        .warnings
        .retain(|warning| !sources.contains(&warning.file));
    ingested.warnings.extend(warnings);
    Settled {
        boilerplate,
        reread: changed.len(),
    }
}

/// Reads the wire article `source` again with the boilerplate `known`, and
/// keeps it in the cache in place of the first reading.
fn read_again(
    root: &Path,
    source: &Path,
    config: &Config,
    cache: &dyn ParseCache,
    known: &Boilerplate,
) -> Result<(Article, Vec<Problem>), Vec<Problem>> {
    let path = root.join(source);
    let gone = |err: std::io::Error| {
        vec![
            Problem::new(source, format!("cannot read the file: {err}"))
                .help("it changed or went away during the build; build again"),
        ]
    };
    let modified = std::fs::metadata(&path)
        .and_then(|meta| meta.modified())
        .map_err(gone)?;
    let bytes = std::fs::read(&path).map_err(gone)?;
    let not_article = || {
        vec![Problem::new(
            source,
            "the file changed during the build; build again",
        )]
    };
    let (mut article, warnings) =
        read_article_with(source, &bytes, config, known)?.ok_or_else(not_article)?;
    let modified = crate::file_time::nanos(modified);
    cache.store(
        &mut article,
        bytes.len() as u64,
        modified,
        &bytes,
        warnings.is_empty(),
    );
    Ok((article, warnings))
}

/// A wire article with fewer words of text than this (after boilerplate)
/// is taken for a page stub: it is published, with a warning.
pub(crate) const STUB_WORDS: usize = 10;

/// A warning naming each wire article of fewer than [`STUB_WORDS`] words.
pub(crate) fn stub_warnings(articles: &[Article]) -> Vec<Problem> {
    articles
        .iter()
        .filter(|article| article.format == SourceFormat::Wire && article.word_count < STUB_WORDS)
        .map(|article| {
            let words = article.word_count;
            let noun = if words == 1 { "word" } else { "words" };
            Problem::new(
                &article.source,
                format!("only {words} {noun} of text; is this a page stub?"),
            )
            .help("it is published as it is; add the story's text, or remove the file")
        })
        .collect()
}

/// The file's text: UTF-8 without a byte-order mark, with `\n` line endings
/// (CRLF and lone CR are converted).
fn decode(source: &Path, bytes: &[u8]) -> Result<String, Vec<Problem>> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let bytes = &bytes[bom..];
    // `contains` finds a byte with memchr: a quick test before the search.
    let head = bytes.get(..8192).unwrap_or(bytes);
    if head.contains(&0)
        && let Some(offset) = head.iter().position(|&b| b == 0)
    {
        let offset = offset + bom;
        return Err(vec![
            Problem::new(
                source,
                format!("the file looks like a binary file (an image, a program or a document), not text: it holds a NUL byte at offset {offset}"),
            )
            .help(
                "articles are UTF-8 text files; remove this file from seeds/ or export it as text",
            ),
        ]);
    }
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let offset = err.valid_up_to();
        let valid = String::from_utf8_lossy(&bytes[..offset]);
        let (line, column) = crate::problem::line_column(&valid, offset);
        let offset = offset + bom;
        vec![
            Problem::new(
                source,
                format!("the file is not UTF-8 text (invalid byte at offset {offset})"),
            )
            .at(line, column)
            .help("save the file as UTF-8"),
        ]
    })?;
    let mut text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    // Control characters (other than tab and newline) have no place in an
    // article and are not allowed in HTML or XML: drop them.
    if may_hold_controls(text.as_bytes()) {
        drop_controls(&mut text);
    }
    Ok(text)
}

/// Whether `bytes` (UTF-8) may hold a control character other than tab and
/// newline: C0 and DEL are single bytes, and C1 (U+0080..U+009F) starts with
/// 0xC2. A quick test on bytes that rules out nearly every file.
fn may_hold_controls(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || b == 0xC2)
    })
}

/// Drops control characters other than tab and newline: they have no place
/// in an article and are not allowed in HTML or XML.
pub(crate) fn drop_controls(text: &mut String) {
    if text.contains(|c: char| c.is_control() && c != '\n' && c != '\t') {
        text.retain(|c| !c.is_control() || c == '\n' || c == '\t');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_and_control_characters() {
        let err = decode(Path::new("a.txt"), b"date 2022-01-01\x00\x01").unwrap_err();
        assert!(
            err[0]
                .message
                .starts_with("the file looks like a binary file"),
            "{}",
            err[0]
        );
        assert_eq!(
            decode(Path::new("a.txt"), b"a\x07b\tc\x1bd").unwrap(),
            "ab\tcd"
        );
    }

    #[test]
    fn decode_strips_bom_and_normalises_line_endings() {
        let text = decode(Path::new("a.txt"), b"\xEF\xBB\xBFone\r\ntwo\rthree").unwrap();
        assert_eq!(text, "one\ntwo\nthree");
    }

    #[test]
    fn decode_names_the_bad_byte() {
        let err = decode(Path::new("a.txt"), b"ok\nbad \xFF here").unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "a.txt:2:5: the file is not UTF-8 text (invalid byte at offset 7)\n  help: save the file as UTF-8"
        );
    }

    /// The parallel listing keeps the order of a sorted walk (which the
    /// library relies on for ties), skips hidden entries and never follows
    /// a symbolic link.
    #[test]
    fn seeds_are_listed_in_sorted_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds");
        for folder in ["a", "a-b", "a/z", "b", ".git"] {
            std::fs::create_dir_all(seeds.join(folder)).unwrap();
        }
        for file in [
            "a/2.txt",
            "a/10.md",
            "a/z/x.txt",
            "a-b/y.txt",
            "a.txt",
            "b/.swp",
            ".git/c.txt",
            "c.md",
        ] {
            std::fs::write(seeds.join(file), "x").unwrap();
        }
        std::os::unix::fs::symlink("a", seeds.join("link")).unwrap();
        let listing = list_folder(dir.path(), &seeds);
        let walked: Vec<PathBuf> = walkdir::WalkDir::new(&seeds)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        let listed: Vec<&Path> = listing.files.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(listed, walked);
        assert!(
            listing
                .files
                .iter()
                .all(|f| f.stat.is_some_and(|(size, _)| size == 1)),
            "each file's size, from the listing"
        );
        assert_eq!(listing.files.len(), 6);
        assert!(listing.errors.is_empty());
        assert_eq!(
            listing.warnings.len(),
            1,
            "the link is ignored, with a warning"
        );
        assert!(listing.warnings[0].to_string().contains("symbolic link"));
    }
}
