//! The `newsgen` command: parses the command line, runs the library, prints
//! problems and the summary, and maps the outcome to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};
use clap::{Parser, Subcommand};
use newsgen::{BuildOptions, Site, say, tell};

/// mimalloc: rendering allocates and frees many strings from every thread,
/// which glibc malloc serialises (measured: see the README's performance section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "newsgen", version, about = "A static news website generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site in the site folder into its output folder.
    Build {
        /// The site folder (the one with site.toml).
        #[arg(long, short, default_value = ".")]
        site: PathBuf,
        /// Write here instead of site.toml's `output_dir` (relative to the site folder).
        #[arg(long, short)]
        output_dir: Option<PathBuf>,
        /// Build for this address instead of site.toml's `base_url` (e.g. a staging host).
        #[arg(long)]
        base_url: Option<String>,
        /// The build time, RFC 3339 (default: now): the Google News sitemap lists
        /// the articles of the two days before it. Fix it for reproducible builds.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<FixedOffset>>,
        /// Also publish articles dated after the build time (scheduled ones).
        #[arg(long)]
        future: bool,
        /// Build what is valid and leave bad articles out, listing them.
        #[arg(long)]
        skip_bad: bool,
        /// Also publish articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print only warnings and errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Serve the site locally, rebuilding and reloading the browser on every edit.
    Serve {
        /// The site folder (the one with site.toml).
        #[arg(long, short, default_value = ".")]
        site: PathBuf,
        /// The port to listen on.
        #[arg(long, short, default_value_t = newsgen::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on; only loopback unless you expose it deliberately.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show drafts (marked as drafts on their pages).
        #[arg(long)]
        drafts: bool,
        /// Show articles dated after now (marked as scheduled on their pages).
        #[arg(long)]
        future: bool,
        /// Close a connection that has not sent a request's headers within
        /// this many seconds, or stays idle that long.
        #[arg(long, value_name = "SECONDS", default_value_t = newsgen::DEFAULT_HEADER_TIMEOUT.as_secs())]
        header_timeout: u64,
        /// Keep at most this many connections open.
        #[arg(long, value_name = "N", default_value_t = newsgen::DEFAULT_MAX_CONNECTIONS)]
        max_connections: usize,
    },
    /// Create a new site in DIR: site.toml, templates, stylesheet, one article.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Write a new draft article, seeds/YYYY/MM/DD/slug.md, and print its path.
    New {
        /// The headline.
        headline: String,
        /// The section, as site.toml names it under [[sections]].
        #[arg(long)]
        section: Option<String>,
        /// An author for the byline (repeat for several).
        #[arg(long, short)]
        author: Vec<String>,
        /// The file name and last segment of its URL (default: from the headline).
        #[arg(long)]
        slug: Option<String>,
        /// The site folder.
        #[arg(long, short, default_value = ".")]
        site: PathBuf,
        /// The article's date instead of now, an RFC 3339 date-time.
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<FixedOffset>>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            site,
            output_dir,
            base_url,
            now,
            future,
            skip_bad,
            drafts,
            quiet,
        } => build(
            site,
            BuildOptions {
                drafts,
                output_dir,
                base_url,
                now,
                future,
                skip_bad,
                progress: progress_bar(quiet),
            },
            quiet,
        ),
        Command::Serve {
            site,
            port,
            bind,
            drafts,
            future,
            header_timeout,
            max_connections,
        } => {
            let options = newsgen::ServeOptions {
                root: site,
                bind,
                port,
                drafts,
                future,
                header_timeout: std::time::Duration::from_secs(header_timeout),
                max_connections,
            };
            match newsgen::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    tell(&format!("error: {err:#}"));
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            headline,
            section,
            author,
            slug,
            site,
            now,
        } => {
            let new = newsgen::NewArticle {
                headline,
                section,
                authors: author,
                slug,
                now,
            };
            match newsgen::new_article(&site, &new) {
                Ok(path) => {
                    let shown = if site == std::path::Path::new(".") {
                        path
                    } else {
                        site.join(path)
                    };
                    say(&shown.display().to_string());
                    ExitCode::SUCCESS
                }
                Err(failed) => {
                    tell(&failed.to_string());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match newsgen::init(&dir) {
            Ok(()) => {
                say(&format!(
                    "Created a new site in {}. Next: cd {} && newsgen build",
                    dir.display(),
                    dir.display()
                ));
                ExitCode::SUCCESS
            }
            Err(err) => {
                tell(&format!("error: {err:#}"));
                ExitCode::FAILURE
            }
        },
    }
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`);
/// none when piped, so logs stay clean.
fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg:28} [{bar:30}] {human_pos}/{human_len} pages, {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

fn build(root: PathBuf, options: BuildOptions, quiet: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let progress = options.progress.clone();
    let site = match Site::load(&root, options) {
        Ok(site) => site,
        Err(failed) => {
            if let Some(bar) = &progress {
                bar.finish_and_clear();
            }
            tell(&failed.to_string());
            return ExitCode::FAILURE;
        }
    };
    let warn = |text: String| match &progress {
        Some(bar) => bar.suspend(|| tell(&text)),
        None => tell(&text),
    };
    for warning in &site.warnings {
        warn(format!("warning: {warning}"));
    }
    for bad in &site.left_out {
        warn(format!("left out: {bad}"));
    }
    let built = site.build();
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let code = match built {
        Ok(summary) => {
            if !quiet {
                let deleted = if summary.deleted > 0 {
                    format!(", {} removed", summary.deleted)
                } else {
                    String::new()
                };
                let encoded = match site.encoded {
                    0 => String::new(),
                    1 => ", 1 picture encoded".to_string(),
                    n => format!(", {n} pictures encoded"),
                };
                say(&format!(
                    "Built {} article{}{}: {} pages{encoded}, {} files ({} unchanged{deleted}, {:.1} MiB) in {} in {:.2} s",
                    summary.articles,
                    if summary.articles == 1 { "" } else { "s" },
                    held_back(&site),
                    summary.pages,
                    summary.files,
                    summary.unchanged,
                    summary.bytes as f64 / (1024.0 * 1024.0),
                    summary.output_dir.display(),
                    started.elapsed().as_secs_f64(),
                ));
            }
            ExitCode::SUCCESS
        }
        Err(failed) => {
            tell(&failed.to_string());
            ExitCode::FAILURE
        }
    };
    site.exit();
    code
}

fn parse_now(text: &str) -> Result<DateTime<FixedOffset>, String> {
    use chrono::Datelike;
    let now = DateTime::parse_from_rfc3339(text).map_err(|err| {
        format!("`{text}` is not an RFC 3339 date-time such as 2025-09-06T12:00:00Z ({err})")
    })?;
    // Feeds and sitemaps write the build time with a four-digit year.
    if !(1..=9999).contains(&now.year()) || !(1..=9999).contains(&now.naive_utc().year()) {
        return Err(format!("`{text}` is outside the years 0001 to 9999"));
    }
    Ok(now)
}

/// "(2 scheduled, 1 draft, 1 expired, 3 bad articles left out)", or nothing.
fn held_back(site: &Site) -> String {
    let bad_files: std::collections::BTreeSet<_> = site.left_out.iter().map(|p| &p.file).collect();
    let parts: Vec<String> = [
        (site.scheduled, "scheduled", "scheduled"),
        (site.drafts, "draft", "drafts"),
        (site.expired, "expired", "expired"),
        (
            bad_files.len(),
            "bad article left out",
            "bad articles left out",
        ),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| format!("{count} {}", if count == 1 { one } else { many }))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}
