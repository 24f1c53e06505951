//! Loading a site: site.toml, the templates and every article read (in
//! parallel, through the build cache), then assembled: drafts and scheduled
//! articles left out, the rest tagged, given permalinks and filed. The
//! related-stories state is kept in the build cache between builds: loaded
//! here, handed to the library, and kept again when it changed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};

use super::fingerprint::{fingerprint_cards, site_key};
use super::{BuildOptions, Cards, FAR_FUTURE_DAYS, Machinery, STATIC_DIR, Site, output_dir};
use crate::config::Config;
use crate::ingest;
use crate::library::related;
use crate::library::topics::TopicRule;
use crate::library::{Library, desks, permalink, tagging};
use crate::output::cache::Cache;
use crate::output::{MARKER, Prefetch};
use crate::problem::{BuildFailed, Problem, cannot_read, display_path, symlink_ignored};
use crate::render::Renderer;

/// Related stories, with what they were computed from, in the build cache.
const RELATED_FILE: &str = "related";
const RELATED_FORMAT: &[u8] = b"newsgen-related 2";
/// The line shapes found to be boilerplate, in the build cache.
const BOILERPLATE_FILE: &str = "boilerplate";
const BOILERPLATE_FORMAT: &[u8] = b"newsgen-boilerplate 1";

impl Site {
    /// Reads site.toml, the templates and every article. All problems in all
    /// files are returned together.
    pub fn load(root: &Path, options: BuildOptions) -> Result<Site, BuildFailed> {
        crate::timings::phase("started");
        let mut config = Config::load(root).map_err(BuildFailed::new)?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url).map_err(BuildFailed::one)?;
        }
        let prefetch = Prefetch::start(root, &output_dir(root, &options, &config));
        let key = site_key(&config);
        let cache = Cache::open(root, &key);
        crate::timings::phase("cache opened");
        let progress = options
            .progress
            .clone()
            .unwrap_or_else(indicatif::ProgressBar::hidden);
        progress.set_message("reading articles");
        let known = kept_boilerplate(&cache);
        let (renderer, mut ingested) = rayon::join(
            || Renderer::load(root, &config),
            || ingest::read_seeds(root, &config, &cache, &known),
        );
        let parsed = ingested.articles.len().saturating_sub(cache.hits());
        crate::timings::phase("articles read");
        let settled = ingest::settle(root, &config, &cache, &mut ingested);
        if settled.boilerplate != known {
            keep_boilerplate(&cache, &settled.boilerplate);
        }
        ingested
            .warnings
            .extend(ingest::stub_warnings(&ingested.articles));
        // As parsed: what the next build can take without parsing again.
        cache.save(&ingested.articles);
        // After saving: a wire story's picture is its neighbour's, not its own file's.
        ingest::attach_sidecars(root, &mut ingested);
        crate::timings::phase(&format!(
            "boilerplate settled: {} shapes, {} read again (cache saved)",
            settled.boilerplate.len(),
            settled.reread
        ));
        progress.set_message("filing articles");
        let now = options
            .now
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
        let mut articles = ingested.articles;
        let mut problems = ingested.errors;
        problems.extend(far_future(&articles, now));
        let mut left_out = Vec::new();
        if options.skip_bad || config.skip_bad {
            let bad: Vec<PathBuf> = problems.iter().map(|p| p.file.clone()).collect();
            articles.retain(|article| !bad.contains(&article.source));
            left_out = std::mem::take(&mut problems);
        }
        let (static_files, static_problems, static_warnings) = list_static(root);
        problems.extend(static_problems);
        problems.extend(sections_over_static(&config, &static_files));
        let (profiles, profile_problems) = ingest::read_profiles(root, &config);
        problems.extend(profile_problems);
        let (renderer, template_warnings) = match renderer {
            Ok(renderer) if problems.is_empty() => renderer,
            Ok(_) => return Err(BuildFailed::new(problems)),
            Err(errors) => {
                problems.extend(errors);
                return Err(BuildFailed::new(problems));
            }
        };

        let mut site = Site::assemble(
            root,
            config,
            renderer,
            (articles, profiles),
            options,
            now,
            Some(&cache),
        );
        crate::timings::phase("site assembled");
        if !site.pictures.problems.is_empty() {
            let mut problems = std::mem::take(&mut site.pictures.problems);
            problems.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
            return Err(BuildFailed::new(problems));
        }
        site.machinery.cache = Some(cache);
        site.machinery.prefetch = std::sync::Mutex::new(prefetch);
        site.parsed = parsed;
        site.reread = settled.reread;
        let mut warnings = ingested.warnings;
        warnings.extend(template_warnings);
        warnings.extend(static_warnings);
        warnings.append(&mut site.warnings);
        site.warnings = warnings;
        site.left_out = left_out;
        site.static_files = static_files;
        Ok(site)
    }

    /// A site from articles (and author profiles) already read: leaves out
    /// drafts and scheduled (or embargoed) articles (unless asked for),
    /// expired and moved ones (keeping their redirects), tags the rest,
    /// gives them their sections and permalinks and files them.
    pub fn assemble(
        root: &Path,
        config: Config,
        renderer: Renderer,
        (mut articles, profiles): (Vec<crate::article::Article>, Vec<crate::article::Profile>),
        options: BuildOptions,
        now: DateTime<FixedOffset>,
        cache: Option<&Cache>,
    ) -> Site {
        let parsed = articles.len();
        let before = articles.len();
        articles.retain(|article| options.drafts || !article.draft);
        let drafts = before - articles.len();
        let before = articles.len();
        articles.retain(|article| options.future || article.published_at() <= now);
        let scheduled = before - articles.len();
        let (expired, mut redirects) = super::redirects::take_moved(&mut articles, &config, now);
        // Before tagging: a Markdown article's tags are then the ones it
        // declares, which always get a page.
        let topics = TopicRule::new(config.tags.min_articles, &articles);
        tagging::tag_corpus(&mut articles, &config.tags.settings);
        crate::timings::phase("tagged");
        desks::assign(&mut articles, &config.desks);
        let mut warnings = permalink::assign_paths(&mut articles, &config.permalink);
        crate::timings::phase("permalinks");
        let mut library =
            Library::filed(articles, &topics, cache.and_then(kept_related), |state| {
                if let Some(cache) = cache {
                    keep_related(cache, state);
                }
            });
        library.file_people(&config.desks, profiles);
        warnings.extend(unprofiled(&library));
        crate::timings::phase("library filed");
        redirects.extend(super::redirects::aliases(&library.articles));
        // In source order (each article's own URL first), as problems are.
        redirects.sort_by(|a, b| a.source.cmp(&b.source));
        let progress = options
            .progress
            .clone()
            .unwrap_or_else(indicatif::ProgressBar::hidden);
        let (pictures, picture_problems) =
            super::pictures::load(root, &config, &library.articles, &progress);
        crate::timings::phase(&format!("pictures: {} encoded", pictures.encoded));
        let parts = fingerprint_cards(&config, &library, now, &pictures.prints);
        let cards = Cards {
            values: (0..library.articles.len())
                .map(|_| OnceLock::new())
                .collect(),
            tag_values: parts.tag_values,
            desk_values: parts.desk_values,
            author_values: parts.author_values,
            fingerprints: parts.fingerprints,
        };
        crate::timings::phase("cards");
        let machinery = Machinery {
            cache: None,
            progress: options
                .progress
                .clone()
                .unwrap_or_else(indicatif::ProgressBar::hidden),
            key: site_key(&config),
            prefetch: std::sync::Mutex::new(None),
        };
        Site {
            root: root.to_path_buf(),
            config,
            library,
            warnings,
            left_out: Vec::new(),
            scheduled,
            drafts,
            expired,
            redirects,
            parsed,
            reread: 0,
            now,
            renderer,
            static_files: Vec::new(),
            cards,
            options,
            machinery,
            encoded: pictures.encoded,
            pictures: super::pictures::Pictures {
                problems: picture_problems,
                ..pictures
            },
        }
    }
}

/// The boilerplate the last build found, if the build cache holds it
/// intact; else none (the articles are read without, and those that hold
/// boilerplate read again once it is found).
fn kept_boilerplate(cache: &Cache) -> ingest::Boilerplate {
    cache
        .kept::<Vec<u64>>(BOILERPLATE_FILE, BOILERPLATE_FORMAT)
        .map(ingest::Boilerplate::new)
        .unwrap_or_default()
}

/// Keeps the boilerplate found for the next build.
fn keep_boilerplate(cache: &Cache, boilerplate: &ingest::Boilerplate) {
    cache.keep(BOILERPLATE_FILE, BOILERPLATE_FORMAT, &boilerplate.sorted());
}

/// The related stories of the last build, with what they were computed
/// from, if the build cache holds them intact.
fn kept_related(cache: &Cache) -> Option<related::State> {
    cache.kept(RELATED_FILE, RELATED_FORMAT)
}

/// Keeps related stories, with what they were computed from, for the next
/// build.
fn keep_related(cache: &Cache, state: &related::State) {
    cache.keep(RELATED_FILE, RELATED_FORMAT, state);
}

/// The files of `static/` (path in the output, file), problems reading it,
/// and warnings (symbolic links are never followed).
fn list_static(root: &Path) -> (Vec<(String, PathBuf)>, Vec<Problem>, Vec<Problem>) {
    let dir = root.join(STATIC_DIR);
    let (mut files, mut problems, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    if !dir.is_dir() {
        return (files, problems, warnings);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(entry)
                if entry.file_type().is_file()
                    && entry.depth() == 1
                    && entry.file_name() == MARKER =>
            {
                warnings.push(
                    Problem::new(
                        display_path(root, entry.path()),
                        "not copied: the name is newsgen's own mark of its output folder",
                    )
                    .help("remove it from static/; newsgen writes this file itself"),
                );
            }
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                files.push((
                    relative.to_string_lossy().replace('\\', "/"),
                    entry.into_path(),
                ));
            }
            Ok(entry) if entry.path_is_symlink() => {
                warnings.push(symlink_ignored(root, entry.path()))
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                problems.push(cannot_read(root, &path, err));
            }
        }
    }
    (files, problems, warnings)
}

/// A section whose front page would be in a folder of `static/`: an error
/// naming both.
fn sections_over_static(config: &Config, static_files: &[(String, PathBuf)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for desk in &config.desks.list {
        let clash = static_files
            .iter()
            .find(|(relative, _)| relative.split('/').next() == Some(desk.slug.as_str()));
        if let Some((relative, _)) = clash {
            problems.push(
                Problem::new(
                    crate::config::CONFIG_FILE,
                    format!(
                        "section \"{}\" would live at /{}/, where static/{relative} is copied",
                        desk.name, desk.slug
                    ),
                )
                .help(
                    "give the section another `slug` under [[sections]], or move the static files",
                ),
            );
        }
    }
    problems
}

/// One warning naming every author who signs articles but has no profile
/// in `authors/` (each once; the first 40, then how many more).
fn unprofiled(library: &Library) -> Option<Problem> {
    const NAMED: usize = 40;
    let missing: Vec<&str> = library
        .authors
        .iter()
        .filter(|author| author.profile.is_none())
        .map(|author| author.name.as_str())
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut names = missing[..missing.len().min(NAMED)].join(", ");
    if missing.len() > NAMED {
        names.push_str(&format!(" and {} more", missing.len() - NAMED));
    }
    let count = missing.len();
    let who = if count == 1 {
        "author has"
    } else {
        "authors have"
    };
    Some(
        Problem::new(
            crate::config::AUTHORS_DIR,
            format!("{count} {who} no profile: {names}"),
        )
        .help("their pages list their stories only; add a profile as authors/<name>.md (name, role, photo, links and a short biography)"),
    )
}

/// Articles dated so far after the build time that the year is probably a
/// typo: errors, placed at the date.
fn far_future(articles: &[crate::article::Article], now: DateTime<FixedOffset>) -> Vec<Problem> {
    let limit = now + chrono::Duration::days(FAR_FUTURE_DAYS);
    articles
        .iter()
        .filter(|article| article.date.instant > limit)
        .map(|article| {
            let (line, column) = article.date_at;
            Problem::new(&article.source, format!(
                "the date {} is more than a year after the build time ({})",
                article.date.display(),
                now.format("%Y-%m-%d")
            ))
            .at(line, column)
            .help("check the year; articles dated in the near future are scheduled, and published with --future")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::related::{Related, test_corpus};

    /// Files `articles` with the related stories kept in `cache`, as a
    /// build does.
    fn filed(articles: Vec<crate::article::Article>, cache: &Cache) -> Library {
        Library::filed(
            articles,
            &TopicRule::every_tag(),
            kept_related(cache),
            |state| keep_related(cache, state),
        )
    }

    /// The state is kept in the build cache: taken as it is when nothing
    /// changed (a planted result shows through), not at all when the file
    /// is damaged.
    #[test]
    fn the_state_is_kept_in_the_build_cache_and_damage_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), &[7; 32]);
        let fresh = Library::new(test_corpus(150, 3)).related;
        assert_eq!(filed(test_corpus(150, 3), &cache).related, fresh);
        let mut planted = kept_related(&cache).expect("the state is saved");
        let lists = (0..150).map(|i| vec![u32::from(i == 0)]).collect();
        planted.related = Related::from_lists(lists);
        keep_related(&cache, &planted);
        assert_eq!(filed(test_corpus(150, 3), &cache).related, planted.related);
        let file = walkdir::WalkDir::new(dir.path().join(".newsgen/cache"))
            .into_iter()
            .map(Result::unwrap)
            .find(|entry| entry.file_name() == "related")
            .expect("a related file")
            .into_path();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, bytes).unwrap();
        assert!(kept_related(&cache).is_none());
        assert_eq!(filed(test_corpus(150, 3), &cache).related, fresh);
    }
}
