//! Pictures: each article's lead picture found (a URL, a file beside the
//! article in `seeds/`, or a file in `static/`), each local file rendered
//! once into its variants (`images::render`: widths in its own format and
//! WebP, crops for 16:9, 4:3 and 1:1), kept in `.newsgen/images/` by the
//! hash of its bytes and the settings, so a rebuild encodes nothing and a
//! changed picture only itself; then written to `images/` in the output.
//!
//! A file whose size and modification time are as the last build recorded
//! is not even read: its key is taken from the record. Encodes run in
//! parallel, a few at a time (rayon's threads), so memory does not grow
//! with the number of pictures.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Site;
use crate::article::Article;
use crate::config::Config;
use crate::images::{self, Crop, Format, Rendered, Settings};
use crate::output::Output;
use crate::problem::Problem;
use crate::render::views::{PictureView, VariantView};

/// Where rendered variants are kept, in the site folder.
const STORE: &str = ".newsgen/images";
/// The record of the sources: path → (size, modified, key).
const RECORD: &str = "sources";
const RECORD_FORMAT: &[u8] = b"newsgen-images 1\n";
/// The folder of the output that holds every variant.
pub(super) const OUTPUT_DIR: &str = "images";

/// The images settings of a site.
pub(super) fn settings(config: &Config) -> Settings {
    let images = &config.images;
    Settings {
        widths: images.widths.clone(),
        webp: images.webp,
        quality: images.quality,
        max_pixels: images.max_pixels,
        max_bytes: images.max_bytes,
        crop_width: images.crop_width,
    }
}

/// One local picture, rendered (or found in the store).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Stored {
    /// blake3 of the source's bytes and the settings: names its folder in
    /// the store and (its first 12 hex digits) in the output.
    pub key: [u8; 32],
    pub width: u32,
    pub height: u32,
    pub source_format: Format,
    /// Each variant: its spec and its length in bytes.
    pub variants: Vec<StoredVariant>,
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct StoredVariant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub crop: Option<Crop>,
    pub len: u64,
}

impl StoredVariant {
    /// Its file name, in the store and in the output.
    fn file_name(&self, stem: &str) -> String {
        let extension = self.format.extension();
        match self.crop {
            Some(crop) => format!("{stem}-{}.{extension}", crop_name(crop)),
            None => format!("{stem}-{}.{extension}", self.width),
        }
    }
}

fn crop_name(crop: Crop) -> &'static str {
    match crop {
        Crop::Wide => "16x9",
        Crop::Standard => "4x3",
        Crop::Square => "1x1",
    }
}

/// Each article's picture (in library order), and the local pictures to
/// write: their stored renderings, by source file.
#[derive(Default)]
pub(super) struct Pictures {
    /// For each article: its picture, as templates see it.
    pub views: Vec<Option<PictureView>>,
    /// For each article: a print of its pictures (lead and body).
    pub prints: Vec<Option<[u8; 32]>>,
    /// For each article: the pictures its body shows from files, by the
    /// address its `<img>` gives.
    pub body: Vec<Vec<(String, PictureView)>>,
    /// The local pictures: (stored rendering, the file's stem for names).
    pub local: Vec<(Stored, String)>,
    /// How many pictures were encoded in this build.
    pub encoded: usize,
    /// What was wrong with them: the build stops.
    pub problems: Vec<Problem>,
}

/// Where an article's `image` is: a URL (passed through, never fetched) or
/// a file.
enum Found {
    Remote(String),
    File(PathBuf),
}

/// Finds every article's picture and renders the local ones that the store
/// does not hold. Problems name the article (and the line of `image`) and
/// the file as written.
pub(super) fn load(
    root: &Path,
    config: &Config,
    articles: &[Article],
    progress: &indicatif::ProgressBar,
) -> (Pictures, Vec<Problem>) {
    let settings = settings(config);
    let settings_key = settings.key();
    let mut problems = Vec::new();
    let found: Vec<Option<Found>> = articles
        .iter()
        .map(|article| {
            let image = article.image.as_deref()?.trim();
            if image.is_empty() {
                return None;
            }
            match find(root, article, image, article.image_text.line) {
                Ok(found) => Some(found),
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            }
        })
        .collect();
    // The pictures of Markdown bodies: files only (a URL stays as written).
    let body_found: Vec<Vec<(&str, PathBuf)>> = articles
        .iter()
        .map(|article| {
            let mut own = Vec::new();
            for dest in &article.body_images {
                match find(root, article, dest, body_line(root, article, dest)) {
                    Ok(Found::File(path)) => own.push((dest.as_str(), path)),
                    Ok(Found::Remote(_)) => {}
                    Err(problem) => problems.push(problem),
                }
            }
            own
        })
        .collect();
    // Each file once, however many articles show it.
    let mut files: Vec<PathBuf> = found
        .iter()
        .filter_map(|f| match f {
            Some(Found::File(path)) => Some(path.clone()),
            _ => None,
        })
        .chain(body_found.iter().flatten().map(|(_, path)| path.clone()))
        .collect();
    files.sort();
    files.dedup();
    let store = root.join(STORE);
    let record = read_record(&store);
    progress.set_message("rendering pictures");
    progress.set_position(0);
    progress.set_length(files.len() as u64);
    let results: Vec<Result<(Stored, bool), Refusal>> = files
        .par_iter()
        .map(|file| {
            let stored = stored(&store, file, &settings, &settings_key, &record);
            progress.inc(1);
            stored
        })
        .collect();
    let mut by_file: FxHashMap<&Path, usize> = FxHashMap::default();
    let mut local = Vec::new();
    let mut encoded = 0;
    let mut new_record: Vec<(String, u64, u128, [u8; 32])> = Vec::new();
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok((stored, fresh)) => {
                encoded += usize::from(fresh);
                if let Some((size, modified)) = stat(file) {
                    new_record.push((
                        file.to_string_lossy().into_owned(),
                        size,
                        modified,
                        stored.key,
                    ));
                }
                let stem = file_stem(file);
                by_file.insert(file.as_path(), local.len());
                local.push((stored, stem));
            }
            Err((message, help)) => {
                for ((article, f), body) in articles.iter().zip(&found).zip(&body_found) {
                    if let Some((dest, _)) = body.iter().find(|(_, path)| path == file) {
                        problems.push(
                            Problem::new(
                                &article.source,
                                format!("the picture {dest} cannot be used: {message}"),
                            )
                            .at(body_line(root, article, dest), 1)
                            .help(help),
                        );
                    }
                    if matches!(f, Some(Found::File(path)) if path == file) {
                        problems.push(
                            Problem::new(
                                &article.source,
                                format!(
                                    "the picture {} cannot be used: {message}",
                                    article.image.as_deref().unwrap_or_default()
                                ),
                            )
                            .at(article.image_text.line.max(1), 1)
                            .help(help),
                        );
                    }
                }
            }
        }
    }
    write_record(&store, &new_record);
    if problems.is_empty() {
        prune(
            &store,
            local.iter().map(|(stored, _)| hex(&stored.key)).collect(),
        );
    }
    let mut pictures = Pictures {
        views: Vec::with_capacity(articles.len()),
        prints: Vec::with_capacity(articles.len()),
        body: Vec::with_capacity(articles.len()),
        local: Vec::new(),
        encoded,
        problems: Vec::new(),
    };
    for ((article, f), body) in articles.iter().zip(&found).zip(&body_found) {
        let body_views: Vec<(String, PictureView)> = body
            .iter()
            .filter_map(|(dest, file)| {
                let &i = by_file.get(file.as_path())?;
                let (stored, stem) = &local[i];
                let text = crate::article::ImageText::default();
                Some((dest.to_string(), view_of(config, stored, stem, &text)))
            })
            .collect();
        let view = match f {
            None => None,
            Some(Found::Remote(url)) => Some(PictureView::remote(url, &article.image_text)),
            Some(Found::File(file)) => by_file.get(file.as_path()).map(|&i| {
                let (stored, stem) = &local[i];
                view_of(config, stored, stem, &article.image_text)
            }),
        };
        let print = (view.is_some() || !body_views.is_empty()).then(|| {
            let shown = serde_json::to_string(&(&view, &body_views)).unwrap_or_default();
            *blake3::hash(shown.as_bytes()).as_bytes()
        });
        pictures.views.push(view);
        pictures.body.push(body_views);
        pictures.prints.push(print);
    }
    pictures.local = local;
    (pictures, problems)
}

/// Where the picture `image` of `article` is: a URL, the file beside the
/// article, or the file in `static/`.
fn find(root: &Path, article: &Article, image: &str, line: usize) -> Result<Found, Problem> {
    let lower = image.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || image.starts_with("//") {
        return Ok(Found::Remote(image.to_string()));
    }
    // Any other scheme (javascript:, data:, file:) is no picture to show.
    let scheme = image.split_once(':').map(|(scheme, _)| scheme);
    if scheme.is_some_and(|s| !s.is_empty() && !s.contains(['/', '\\', '.']) && s.len() > 1) {
        return Err(Problem::new(
            &article.source,
            format!("`image = {image:?}` is neither a file nor an http(s) URL"),
        )
        .at(line.max(1), 1)
        .help("give a picture file beside the article or in static/, or an https:// URL"));
    }
    let relative = image.trim_start_matches('/');
    let safe = !relative.is_empty() && !relative.split(['/', '\\']).any(|part| part == "..");
    let beside = article
        .source
        .parent()
        .map(|folder| root.join(folder).join(relative));
    let in_static = root.join(crate::config::STATIC_DIR).join(relative);
    let candidates = if image.starts_with('/') {
        vec![in_static]
    } else {
        beside.into_iter().chain([in_static]).collect()
    };
    match candidates.into_iter().find(|path| safe && path.is_file()) {
        Some(path) => Ok(Found::File(path)),
        None => {
            let folder = article
                .source
                .parent()
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            Err(Problem::new(&article.source, format!(
                "the picture `{image}` is neither beside the article ({folder}/{relative}) nor in static/ (static/{relative})"
            ))
            .at(line.max(1), 1)
            .help("put the file beside the article or in static/, give a full URL, or remove `image`"))
        }
    }
}

/// The stored rendering of `file`: from the store when it holds it (by the
/// record's key when the file's size and time are as recorded, else by
/// hashing the file), else rendered now and kept. The flag says whether
/// it was rendered now.
fn stored(
    store: &Path,
    file: &Path,
    settings: &Settings,
    settings_key: &[u8; 32],
    record: &FxHashMap<String, (u64, u128, [u8; 32])>,
) -> Result<(Stored, bool), Refusal> {
    let stat = stat(file);
    let recorded = record.get(file.to_string_lossy().as_ref());
    if let (Some((size, modified)), Some(&(r_size, r_modified, key))) = (stat, recorded)
        && size == r_size
        && modified == r_modified
        && let Some(stored) = read_stored(store, &key)
    {
        return Ok((stored, false));
    }
    if stat.is_some_and(|(size, _)| size > settings.max_bytes) {
        let (size, _) = stat.unwrap_or_default();
        return Err((
            format!(
                "the file is {} MiB; the limit is {} MiB (`[images] max_mib`)",
                size.div_ceil(1024 * 1024),
                settings.max_bytes / (1024 * 1024)
            ),
            "make the picture smaller, or raise `max_mib` under [images] in site.toml",
        ));
    }
    let bytes = std::fs::read(file).map_err(|err| {
        (
            format!("cannot read it: {err}"),
            "check the file's permissions",
        )
    })?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(&bytes);
    hasher.update(settings_key);
    let key = *hasher.finalize().as_bytes();
    if let Some(stored) = read_stored(store, &key) {
        return Ok((stored, false));
    }
    let rendered = images::render(&bytes, settings).map_err(|err| (err.to_string(), err.help()))?;
    drop(bytes);
    let stored = keep(store, &key, &rendered).map_err(|err| {
        (
            format!("cannot keep its variants in {STORE}: {err}"),
            "check that the site folder is writable and the disk has room",
        )
    })?;
    Ok((stored, true))
}

/// Why a picture cannot be used, and what to do.
type Refusal = (String, &'static str);

/// The stored rendering named `key`, if the store holds it whole.
fn read_stored(store: &Path, key: &[u8; 32]) -> Option<Stored> {
    let folder = store.join(hex(key));
    let bytes = std::fs::read(folder.join("index")).ok()?;
    let stored: Stored = postcard::from_bytes(&bytes).ok()?;
    let whole = stored.variants.iter().all(|variant| {
        std::fs::metadata(folder.join(variant.file_name("v")))
            .is_ok_and(|meta| meta.len() == variant.len)
    });
    (whole && stored.key == *key).then_some(stored)
}

/// Keeps `rendered` in the store under `key`: each variant's file, then
/// its index (written last, so a half-kept rendering is never taken).
fn keep(store: &Path, key: &[u8; 32], rendered: &Rendered) -> std::io::Result<Stored> {
    let folder = store.join(hex(key));
    std::fs::create_dir_all(&folder)?;
    let mut variants = Vec::with_capacity(rendered.variants.len());
    for variant in &rendered.variants {
        let stored = StoredVariant {
            width: variant.width,
            height: variant.height,
            format: variant.format,
            crop: variant.crop,
            len: variant.bytes.len() as u64,
        };
        std::fs::write(folder.join(stored.file_name("v")), &variant.bytes)?;
        variants.push(stored);
    }
    let stored = Stored {
        key: *key,
        width: rendered.width,
        height: rendered.height,
        source_format: rendered.source_format,
        variants,
    };
    let index = postcard::to_allocvec(&stored).map_err(std::io::Error::other)?;
    let temporary = folder.join(format!("index.tmp-{}", std::process::id()));
    std::fs::write(&temporary, index)?;
    std::fs::rename(&temporary, folder.join("index"))?;
    Ok(stored)
}

/// The output folder of a stored rendering: `images/<12 hex digits>/`.
fn output_folder(key: &[u8; 32]) -> String {
    format!("{OUTPUT_DIR}/{}/", &hex(key)[..12])
}

/// The picture as templates see it.
fn view_of(
    config: &Config,
    stored: &Stored,
    stem: &str,
    text: &crate::article::ImageText,
) -> PictureView {
    let folder = output_folder(&stored.key);
    let variant_view = |variant: &StoredVariant| {
        let path = format!("{folder}{}", variant.file_name(stem));
        VariantView {
            url: config.site_url(&path),
            permalink: config.absolute_url(&path),
            width: variant.width,
            height: variant.height,
            format: variant.format.extension(),
            mime_type: variant.format.mime_type(),
        }
    };
    let (crops, widths): (Vec<&StoredVariant>, Vec<&StoredVariant>) =
        stored.variants.iter().partition(|v| v.crop.is_some());
    PictureView::local(
        widths.into_iter().map(variant_view).collect(),
        crops.into_iter().map(variant_view).collect(),
        text,
    )
}

impl Site {
    /// Writes every variant of every local picture into `images/`. A
    /// variant is read from the store only when the output lacks it.
    pub(super) fn write_pictures(&self, output: &Output) -> Vec<Problem> {
        self.pictures
            .local
            .par_iter()
            .flat_map_iter(|(stored, stem)| {
                let store = self.root.join(STORE).join(hex(&stored.key));
                let folder = output_folder(&stored.key);
                stored.variants.iter().filter_map(move |variant| {
                    let name = variant.file_name(stem);
                    let path = format!("{folder}{name}");
                    let mut print = blake3::Hasher::new();
                    print.update(&stored.key);
                    print.update(name.as_bytes());
                    let hash = print.finalize();
                    let mut fingerprint = [0u8; 16];
                    fingerprint.copy_from_slice(&hash.as_bytes()[..16]);
                    let from = store.join(variant.file_name("v"));
                    output
                        .produce(
                            path.clone(),
                            crate::output::Origin::Named(format!("the picture /{path}")),
                            fingerprint,
                            || {
                                std::fs::read(&from).map_err(|err| {
                                    Problem::new(
                                        STORE,
                                        format!(
                                            "cannot read the kept picture {}: {err}",
                                            from.display()
                                        ),
                                    )
                                    .help("build again; the picture is rendered anew")
                                })
                            },
                        )
                        .err()
                })
            })
            .collect()
    }
}

/// Removes from the store the renderings no article shows any more, so it
/// holds what the site uses, not every picture it ever had. (Only after a
/// build whose pictures were all found: a picture that went missing for a
/// moment is not encoded again when it comes back.)
fn prune(store: &Path, keep: rustc_hash::FxHashSet<String>) {
    let Ok(entries) = std::fs::read_dir(store) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rendering = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if rendering && !keep.contains(&name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The line of the article's file that shows `dest` (`](dest`), for a
/// problem with it; 1 when it cannot be told.
fn body_line(root: &Path, article: &Article, dest: &str) -> usize {
    let Ok(text) = std::fs::read_to_string(root.join(&article.source)) else {
        return 1;
    };
    let wanted = format!("]({dest}");
    text.lines()
        .position(|line| line.contains(&wanted))
        .map_or(1, |index| index + 1)
}

/// The `<img>` of each of `pictures` in `sections` (as pulldown-cmark and
/// the cleaning write it: `<img src="dest" alt="…" title="…" />`) made a
/// `<picture>` with its variants, and its title a caption; for a feed, a
/// plain `<img>` of the widest variant.
pub(super) fn show_in_body(
    sections: &mut [crate::article::Section],
    pictures: &[(String, PictureView)],
    feed: bool,
) {
    for section in sections {
        for (dest, picture) in pictures {
            let opening = format!("<img src=\"{}\"", crate::article::text::escape_html(dest));
            let mut html = String::with_capacity(section.html.len());
            let mut rest = section.html.as_str();
            while let Some(at) = rest.find(&opening) {
                let Some(end) = rest[at..].find('>') else {
                    break;
                };
                let tag = &rest[at..at + end + 1];
                html.push_str(&rest[..at]);
                html.push_str(&picture_markup(tag, picture, feed));
                rest = &rest[at + end + 1..];
            }
            html.push_str(rest);
            section.html = html;
        }
    }
}

/// The markup of a body picture that replaces the `<img>` tag `tag`.
fn picture_markup(tag: &str, picture: &PictureView, feed: bool) -> String {
    let attribute = |name: &str| {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')?;
        Some(tag[start..start + end].to_string())
    };
    let alt = attribute("alt").unwrap_or_default();
    let size = match (picture.width, picture.height) {
        (Some(width), Some(height)) => format!(" width=\"{width}\" height=\"{height}\""),
        _ => String::new(),
    };
    if feed {
        return format!("<img src=\"{}\" alt=\"{alt}\"{size}>", picture.src);
    }
    let mut html = String::from("<picture class=\"body-picture\">");
    for source in &picture.sources {
        html.push_str(&format!(
            "<source type=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\">",
            source.mime_type, source.srcset
        ));
    }
    html.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\"{size} alt=\"{alt}\" loading=\"lazy\" decoding=\"async\"></picture>",
        picture.src, picture.srcset
    ));
    if let Some(title) = attribute("title").filter(|t| !t.is_empty()) {
        html.push_str(&format!("<span class=\"body-caption\">{title}</span>"));
    }
    html
}

/// A picture in the body fills the text column (40rem) or the screen.
const BODY_SIZES: &str = "(min-width: 42rem) 40rem, 100vw";

fn stat(file: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.len(), crate::file_time::nanos(meta.modified().ok()?)))
}

fn file_stem(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::article::slug::slugify(&stem).unwrap_or_else(|| "picture".into())
}

fn hex(key: &[u8; 32]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// The record of the last build's sources, if it reads back.
fn read_record(store: &Path) -> FxHashMap<String, (u64, u128, [u8; 32])> {
    let Ok(bytes) = std::fs::read(store.join(RECORD)) else {
        return FxHashMap::default();
    };
    let Some(body) = bytes.strip_prefix(RECORD_FORMAT) else {
        return FxHashMap::default();
    };
    let list: Vec<(String, u64, u128, [u8; 32])> = postcard::from_bytes(body).unwrap_or_default();
    list.into_iter()
        .map(|(path, size, modified, key)| (path, (size, modified, key)))
        .collect()
}

fn write_record(store: &Path, record: &[(String, u64, u128, [u8; 32])]) {
    if record.is_empty() && !store.exists() {
        return;
    }
    let Ok(body) = postcard::to_allocvec(record) else {
        return;
    };
    let mut bytes = RECORD_FORMAT.to_vec();
    bytes.extend_from_slice(&body);
    let _ = std::fs::create_dir_all(store);
    let temporary = store.join(format!("{RECORD}.tmp-{}", std::process::id()));
    if std::fs::write(&temporary, bytes).is_ok() {
        let _ = std::fs::rename(&temporary, store.join(RECORD));
    }
}
