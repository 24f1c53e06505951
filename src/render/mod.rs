//! Rendering: the Tera engine with the site's templates, and the borrowed
//! views each page kind receives (`views`).
//!
//! Templates come from the embedded theme (`theme`), overridden file by file
//! by the site's `templates/`; `deps` gives each a fingerprint of every
//! template it reaches. Every Tera error is turned into a [`Problem`] that
//! names the template file, line and column. Every page is rendered within
//! the bounds of `[limits]` (`bounds`: its size, the items `range` makes,
//! its time). Feeds and sitemaps are written without templates (`feeds`,
//! `sitemap`). `hashtags` turns a wire body's links to tags without a page
//! back into text.

mod bounds;
pub(crate) mod deps;
pub(crate) mod feeds;
pub(crate) mod hashtags;
pub(crate) mod sitemap;
pub(crate) mod theme;
pub(crate) mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Kwargs, State, Tera};

use crate::config::limits::setting;
use crate::config::{Config, Limits};
use crate::problem::{Problem, cannot_read, display_path, symlink_ignored};

pub(crate) const TEMPLATES_DIR: &str = "templates";

const TEMPLATE_HELP: &str =
    "fix the template; the README lists every template and the variables each one gets";

const NONE_HELP: &str = "this value is none on this page: test it first, as in `{% if tag.count %}`; counts and totals (`tag.count`, `archive.count`, `pagination.total_pages`) are none on the numbered pages of a list numbered from the oldest (`page_numbers` in site.toml); the README lists every template and the variables each one gets";

#[derive(Clone)]
pub struct Renderer {
    tera: Tera,
    /// Template name -> the file it came from, for messages.
    origins: HashMap<String, PathBuf>,
    /// Template name -> a hash of its source and every template it reaches.
    prints: HashMap<String, [u8; 32]>,
    /// The bounds on one page (`bounds`).
    limits: Limits,
}

impl Renderer {
    /// Loads the default templates, then the site's own over them: the
    /// renderer and its warnings (symbolic links ignored), or its problems.
    pub fn load(root: &Path, config: &Config) -> Result<(Renderer, Vec<Problem>), Vec<Problem>> {
        let tera = engine(config);
        let mut sources = builtin_sources();
        let warnings = read_site_templates(root, &mut sources)?;
        let renderer = Renderer::compile(tera, &sources, &config.limits)?;
        Ok((renderer, warnings))
    }

    /// `tera` with every template of `sources` added (in name order) and
    /// their fingerprints; or, when Tera refuses them, each problem in its
    /// template file.
    fn compile(
        mut tera: Tera,
        sources: &Sources,
        limits: &Limits,
    ) -> Result<Renderer, Vec<Problem>> {
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        let result = tera.add_raw_templates(
            names
                .iter()
                .map(|name| (name.as_str(), sources[*name].1.as_str())),
        );
        let origins: HashMap<String, PathBuf> = sources
            .iter()
            .map(|(name, (path, _))| (name.clone(), path.clone()))
            .collect();
        let texts: HashMap<String, String> = sources
            .iter()
            .map(|(name, (_, text))| (name.clone(), text.clone()))
            .collect();
        let renderer = Renderer {
            tera,
            origins,
            prints: deps::fingerprints(&texts),
            limits: limits.clone(),
        };
        match result {
            Ok(()) => Ok(renderer),
            Err(err) => Err(renderer.problems(&err)),
        }
    }

    /// A hash of what pages rendered with `template` depend on among the
    /// templates: its source and every template it extends, includes or
    /// imports.
    pub fn fingerprint(&self, template: &str) -> [u8; 32] {
        self.prints
            .get(template)
            .copied()
            .unwrap_or_else(|| *blake3::hash(template.as_bytes()).as_bytes())
    }

    /// Renders one template with a view as its context, within the bounds
    /// of `[limits]` (`bounds`); `page` names the page for errors that have
    /// no place in a template.
    pub fn render(
        &self,
        template: &str,
        view: &impl serde::Serialize,
        page: &str,
    ) -> Result<String, Problem> {
        let limits = &self.limits;
        let mut out = bounds::CappedPage::new(limits.page_bytes, 16 * 1024);
        let rendered = {
            let _watched = bounds::watch(limits.render_seconds, self.origin(template), page);
            bounds::start_page();
            tera::Context::from_serialize(view)
                .and_then(|context| self.tera.render_to(template, &context, &mut out))
        };
        match rendered {
            Ok(()) => String::from_utf8(out.bytes).map_err(|err| {
                Problem::new(
                    self.origin(template),
                    format!("rendering {page} made text that is not UTF-8: {err}"),
                )
                .help(TEMPLATE_HELP)
            }),
            Err(_) if out.overflowed => Err(Problem::new(
                self.origin(template),
                format!(
                    "rendering {page} made more than {} MiB",
                    limits.page_bytes / (1024 * 1024)
                ),
            )
            .help(format!(
                "a loop in the template may write without end: check the loops, or raise {}",
                setting("page_mib")
            ))),
            Err(err) if bounds::range_refused() => {
                let mut problem = self.problem(&err, Some((template, page)));
                problem.message = format!("{} (rendering {page})", problem.message);
                Err(problem.help(format!(
                    "loop over fewer items (nested loops multiply), or raise {}",
                    setting("range_items")
                )))
            }
            Err(err) => Err(self.problem(&err, Some((template, page)))),
        }
    }

    /// Load-time errors: Tera checks every template at once and joins its
    /// reports (unknown filters, functions, includes) into one message.
    fn problems(&self, err: &tera::Error) -> Vec<Problem> {
        if let ErrorKind::Msg(message) = err.kind() {
            let parsed: Vec<Problem> = message
                .split("\n\nerror: ")
                .filter_map(|report| self.parse_report(report))
                .collect();
            if !parsed.is_empty() {
                return parsed;
            }
        }
        vec![self.problem(err, None)]
    }

    /// One Tera report: `error: MESSAGE`, ` --> NAME:LINE:COLUMN`, excerpt.
    fn parse_report(&self, report: &str) -> Option<Problem> {
        let mut lines = report.lines();
        let message = lines.next()?.trim_start_matches("error: ");
        let locus = lines.next()?.trim().strip_prefix("--> ")?;
        let (rest, column) = locus.rsplit_once(':')?;
        let (name, line) = rest.rsplit_once(':')?;
        let excerpt: Vec<&str> = lines.collect();
        Some(
            Problem::new(self.origin(name), message)
                .at(line.parse().ok()?, column.parse().ok()?)
                .detail(excerpt.join("\n"))
                .help(TEMPLATE_HELP),
        )
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// A Tera error as a problem in the template file.
    fn problem(&self, err: &tera::Error, rendering: Option<(&str, &str)>) -> Problem {
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let full = err.to_string();
                // Tera's report: "error: ...", "--> name:line:col", then the
                // source excerpt, which we keep.
                let excerpt: Vec<&str> = full.lines().skip(2).collect();
                // A value that is none here: most often a count on the
                // numbered pages of a list numbered from the oldest.
                let help = if report.message().contains("`none`") {
                    NONE_HELP
                } else {
                    TEMPLATE_HELP
                };
                let mut problem = Problem::new(self.origin(report.filename()), report.message())
                    .at(report.span().start_line, report.span().start_col + 1)
                    .help(help);
                if !excerpt.is_empty() {
                    problem = problem.detail(excerpt.join("\n"));
                }
                problem
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => Problem::new(
                self.origin(tpl),
                format!(
                    "templates extend each other in a loop: {}",
                    inheritance_chain.join(" -> ")
                ),
            )
            .help("one of these templates must stop extending the next"),
            ErrorKind::CircularInclude { tpl, include_chain } => Problem::new(
                self.origin(tpl),
                format!(
                    "templates include each other in a loop: {}",
                    include_chain.join(" -> ")
                ),
            )
            .help("one of these templates must stop including the next"),
            ErrorKind::MissingParent { current, parent } => Problem::new(
                self.origin(current),
                format!("extends `{parent}`, which does not exist"),
            )
            .help(format!(
                "create templates/{parent} or extend an existing template such as base.html"
            )),
            ErrorKind::TemplateNotFound(name) => {
                let file =
                    rendering.map_or_else(|| PathBuf::from(TEMPLATES_DIR), |(t, _)| self.origin(t));
                Problem::new(file, format!("the template `{name}` does not exist")).help(format!(
                    "create templates/{name}, or fix the name that refers to it"
                ))
            }
            _ => {
                let (file, page) = match rendering {
                    Some((template, page)) => {
                        (self.origin(template), format!(" (rendering {page})"))
                    }
                    None => (PathBuf::from(TEMPLATES_DIR), String::new()),
                };
                let mut message = format!("{err}{page}");
                let mut source = std::error::Error::source(err);
                while let Some(cause) = source {
                    message.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                Problem::new(file, message).help(TEMPLATE_HELP)
            }
        }
    }
}

/// Templates by name: the file each came from (for messages) and its text.
type Sources = HashMap<String, (PathBuf, String)>;

/// Tera with what every template gets: the `site` value and the `url`
/// function.
fn engine(config: &Config) -> Tera {
    let mut tera = Tera::new();
    tera.global_context()
        .insert("site", &views::SiteView::new(config));
    // Tera's `range`, with a budget of items per page.
    tera.register_function("range", bounds::range(config.limits.range_items));
    let base_path = config.base_path.clone();
    // `url(path="style.css")`: a root-relative URL under the base path.
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(format!("{base_path}{}", path.trim_start_matches('/')))
        },
    );
    tera
}

/// The embedded theme's templates (`theme`).
fn builtin_sources() -> Sources {
    theme::TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                (
                    PathBuf::from(format!("(built-in) {name}")),
                    text.to_string(),
                ),
            )
        })
        .collect()
}

/// Reads the site's `templates/` into `sources`, over the built-in ones of
/// the same name: the warnings met (symbolic links are ignored, and so are
/// hidden files), or a problem for every file that cannot be read.
fn read_site_templates(root: &Path, sources: &mut Sources) -> Result<Vec<Problem>, Vec<Problem>> {
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    let dir = root.join(TEMPLATES_DIR);
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                    problems.push(cannot_read(root, &path, err));
                    continue;
                }
            };
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if entry.path_is_symlink() && !hidden {
                warnings.push(symlink_ignored(root, entry.path()));
            }
            if !entry.file_type().is_file() || hidden {
                continue;
            }
            let shown = display_path(root, entry.path());
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name, (shown, text));
                }
                Err(err) => problems.push(
                    Problem::new(shown, format!("cannot read the template: {err}"))
                        .help("templates must be readable UTF-8 text files"),
                ),
            }
        }
    }
    if problems.is_empty() {
        Ok(warnings)
    } else {
        Err(problems)
    }
}
