//! `newsgen serve`: the site served locally, rebuilt and reloaded in every
//! open tab on each edit of an article, template, stylesheet or site.toml.
//!
//! The site is built with `Site` into `.newsgen/serve/` (the production
//! `public/` is left alone) through the same atomic output, so a request
//! during a rebuild sees the previous site, never half of one. Pages are
//! served under the path of `base_url`, as production would serve them;
//! HTML responses get a small reload script that listens on
//! `/__newsgen/events` (server-sent events) — only here, never in `build`
//! output. A build that fails shows an error page (file, line, column, the
//! source line, the message) in every tab until the file is fixed.
//! The connections (timeouts, the cap, shutdown) are `connections`'.

mod connections;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::article::text::escape_html;
use crate::config::CONFIG_FILE;
use crate::ingest::SEEDS_DIR;
use crate::problem::{BuildFailed, Problem};
use crate::render::TEMPLATES_DIR;
use crate::site::{BuildOptions, STATIC_DIR, Site};

/// The port `newsgen serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How long a client may take to send a request's headers, and how long an
/// idle connection stays open, unless told otherwise.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections may be open at once unless told otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

/// The fewest connections `max_connections` may allow: a quarter of them
/// may be live-reload streams, and pages need the rest.
pub const MIN_CONNECTIONS: usize = 4;

/// Where the served site is built, inside the site folder.
pub(crate) const SERVE_DIR: &str = ".newsgen/serve";

/// The live-reload events, outside the base path: one spelling for the
/// route and the script.
macro_rules! events_path {
    () => {
        "/__newsgen/events"
    };
}
const EVENTS_PATH: &str = events_path!();

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: std::net::IpAddr,
    pub port: u16,
    pub drafts: bool,
    pub future: bool,
    /// A request's headers must arrive within this, or the connection is
    /// closed; an idle connection is closed after it too.
    pub header_timeout: Duration,
    /// At most this many connections are open (at least [`MIN_CONNECTIONS`]).
    pub max_connections: usize,
}

/// What the browser tabs are told after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: refresh them in place.
    Styles,
}

struct Served {
    root: PathBuf,
    output: PathBuf,
    options: ServeOptions,
    /// The path part of `base_url`, `/` or `/news/`; refreshed on rebuild.
    base_path: RwLock<String>,
    /// The last build's failure, shown instead of every page until fixed.
    failure: RwLock<Option<String>>,
    changes: broadcast::Sender<Change>,
}

/// Builds, serves and watches until interrupted.
pub fn run(options: ServeOptions) -> anyhow::Result<()> {
    let limits = limits(&options)?;
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let (changes, _) = broadcast::channel(16);
    let served = Arc::new(Served {
        output: root.join(SERVE_DIR),
        root,
        options: options.clone(),
        base_path: RwLock::new("/".to_string()),
        failure: RwLock::new(None),
        changes,
    });
    rebuild(&served, Change::Reload);
    watch(Arc::clone(&served))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|err| anyhow::anyhow!("cannot listen on {address}: {err} (is another server using the port? try --port)"))?;
        // The address bound: with port 0, the one the system chose.
        let address = listener.local_addr().unwrap_or(address);
        // Ctrl-C is caught from before the address is announced: a stream
        // registers its handler when made, `ctrl_c()` only when first
        // polled, which left a moment in which Ctrl-C killed the process.
        let mut interrupt =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
        let base_path = read(&served.base_path);
        crate::console::say(&format!(
            "Serving {} at http://{}{base_path} (Ctrl-C to stop)",
            served.root.display(),
            address
        ));
        let app = Router::new()
            .route(EVENTS_PATH, get(events))
            .fallback(get(page))
            .with_state(Arc::clone(&served));
        connections::serve(listener, app, EVENTS_PATH, limits, async move {
            // Without a Ctrl-C handler the server runs until killed.
            match interrupt.as_mut() {
                Some(interrupt) => {
                    interrupt.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        })
        .await;
        Ok(())
    })
}

/// The connection limits of `options`, or what to change.
fn limits(options: &ServeOptions) -> anyhow::Result<connections::Limits> {
    if options.header_timeout.is_zero() {
        anyhow::bail!("the header timeout must be at least 1 second (--header-timeout)");
    }
    if options.max_connections < MIN_CONNECTIONS {
        anyhow::bail!(
            "at least {MIN_CONNECTIONS} connections are needed, not {} (--max-connections): a quarter of them may be live-reload streams",
            options.max_connections
        );
    }
    Ok(connections::Limits {
        header_timeout: options.header_timeout,
        max_connections: options.max_connections,
    })
}

fn read(lock: &RwLock<String>) -> String {
    lock.read()
        .map(|s| s.clone())
        .unwrap_or_else(|p| p.into_inner().clone())
}

/// Builds the site into the serve folder and tells every tab.
fn rebuild(served: &Served, change: Change) {
    let options = BuildOptions {
        drafts: served.options.drafts,
        future: served.options.future,
        output_dir: Some(served.output.clone()),
        ..Default::default()
    };
    let result = Site::load(&served.root, options).and_then(|site| {
        if let Ok(mut base) = served.base_path.write() {
            base.clone_from(&site.config.base_path);
        }
        for warning in &site.warnings {
            crate::console::tell(&format!("warning: {warning}"));
        }
        site.build()
    });
    let failure = match result {
        Ok(summary) => {
            crate::console::say(&format!(
                "Rebuilt {} articles in {:.2} s",
                summary.articles,
                summary.elapsed.as_secs_f64()
            ));
            None
        }
        Err(failed) => {
            crate::console::tell(&failed.to_string());
            Some(error_page(&served.root, &failed))
        }
    };
    let change = if failure.is_some() || read_failure(served).is_some() {
        Change::Reload
    } else {
        change
    };
    if let Ok(mut slot) = served.failure.write() {
        *slot = failure;
    }
    let _ = served.changes.send(change);
}

fn read_failure(served: &Served) -> Option<String> {
    served
        .failure
        .read()
        .map(|f| f.clone())
        .unwrap_or_else(|p| p.into_inner().clone())
}

/// Watches the site's inputs; a burst of events (an editor's save: temp
/// file, rename, attribute change) becomes one rebuild.
fn watch(served: Arc<Served>) -> anyhow::Result<()> {
    use notify::{RecursiveMode, Watcher};
    let (sender, receiver) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(sender)?;
    for dir in [SEEDS_DIR, TEMPLATES_DIR, STATIC_DIR] {
        let path = served.root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&served.root, RecursiveMode::NonRecursive)?;
    std::thread::spawn(move || {
        let _watcher = watcher; // lives as long as the thread
        while let Ok(first) = receiver.recv() {
            let mut paths = relevant(&served.root, first);
            // Collect the rest of the burst.
            while let Ok(more) = receiver.recv_timeout(Duration::from_millis(150)) {
                paths.extend(relevant(&served.root, more));
            }
            if paths.is_empty() {
                continue;
            }
            let styles_only = paths.iter().all(|p| {
                p.starts_with(served.root.join(STATIC_DIR))
                    && p.extension().is_some_and(|e| e == "css")
            });
            rebuild(
                &served,
                if styles_only {
                    Change::Styles
                } else {
                    Change::Reload
                },
            );
        }
    });
    Ok(())
}

/// The changed paths that are inputs of the site (not hidden files, not the
/// serve folder, not other files in the site folder).
fn relevant(root: &Path, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    let Ok(event) = event else { return Vec::new() };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return Vec::new();
    }
    event
        .paths
        .into_iter()
        .filter(|path| {
            let Ok(relative) = path.strip_prefix(root) else {
                return false;
            };
            let hidden = relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let input = [SEEDS_DIR, TEMPLATES_DIR, STATIC_DIR]
                .iter()
                .any(|dir| relative.starts_with(dir))
                || relative == Path::new(CONFIG_FILE);
            input && !hidden && !path.to_string_lossy().ends_with('~')
        })
        .collect()
}

async fn events(State(served): State<Arc<Served>>) -> impl IntoResponse {
    let stream = BroadcastStream::new(served.changes.subscribe()).filter_map(|change| {
        let name = match change.ok()? {
            Change::Reload => "reload",
            Change::Styles => "styles",
        };
        Some(Ok::<Event, std::convert::Infallible>(
            Event::default().event(name).data(name),
        ))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn page(State(served): State<Arc<Served>>, uri: Uri) -> Response {
    let base_path = read(&served.base_path);
    let raw_path = uri.path();
    // The site lives under the base path; send the root there.
    if raw_path == "/" && base_path != "/" {
        return (StatusCode::FOUND, [(header::LOCATION, base_path)]).into_response();
    }
    let Some(relative) = raw_path
        .strip_prefix(base_path.as_str())
        .or((base_path == "/").then_some(raw_path))
    else {
        return not_found(&served).await;
    };
    let Some(relative) = safe_path(relative) else {
        return (
            StatusCode::BAD_REQUEST,
            "Bad request: that path is not allowed\n",
        )
            .into_response();
    };
    let mut file = served.output.join(&relative);
    if relative.as_os_str().is_empty() || raw_path.ends_with('/') || file.is_dir() {
        if !raw_path.ends_with('/') && file.is_dir() {
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, format!("{raw_path}/"))],
            )
                .into_response();
        }
        file = file.join("index.html");
    }
    let is_html = file.extension().is_some_and(|e| e == "html");
    if is_html && let Some(failure) = read_failure(&served) {
        return html_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            with_reload_script(failure),
        );
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) if is_html => html_response(
            StatusCode::OK,
            with_reload_script(String::from_utf8_lossy(&bytes).into_owned()),
        ),
        Ok(bytes) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            let mut response = (StatusCode::OK, bytes).into_response();
            if let Ok(value) = HeaderValue::from_str(mime.essence_str()) {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(_) => not_found(&served).await,
    }
}

async fn not_found(served: &Served) -> Response {
    let body = match tokio::fs::read(served.output.join("404.html")).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_string(),
    };
    html_response(StatusCode::NOT_FOUND, with_reload_script(body))
}

fn html_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A request path as a relative path inside the served folder, or `None`
/// when it could leave it: `..`, `.`, empty inner segments are fine to
/// skip, but traversal, encoded slashes or backslashes, NUL bytes and
/// absolute or drive paths are refused.
pub(crate) fn safe_path(path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for segment in path.split('/') {
        let decoded = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .ok()?;
        if decoded.is_empty() {
            continue;
        }
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0', ':']) {
            return None;
        }
        relative.push(decoded.as_ref());
    }
    Some(relative)
}

/// The page with the live-reload script before `</body>`: a full reload on
/// `reload`, fresh stylesheets (no reload) on `styles`.
fn with_reload_script(mut html: String) -> String {
    const SCRIPT: &str = concat!(
        "<script>(function(){var s=new EventSource(\"",
        events_path!(),
        "\");",
        "s.addEventListener(\"reload\",function(){location.reload();});",
        "s.addEventListener(\"styles\",function(){document.querySelectorAll('link[rel=\"stylesheet\"]').forEach(",
        "function(l){var u=new URL(l.href);u.searchParams.set(\"v\",Date.now());l.href=u.toString();});});})();</script>\n"
    );
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, SCRIPT),
        None => html.push_str(SCRIPT),
    }
    html
}

/// The page every tab shows while the site does not build: each problem
/// with its file, line, column, the source line and the message.
fn error_page(root: &Path, failed: &BuildFailed) -> String {
    let mut items = String::new();
    for problem in &failed.problems {
        items.push_str(&problem_html(root, problem));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Build failed · newsgen</title>\n<style>\
body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}}\
h1{{color:#a3141b}}li{{margin:0 0 1.5rem}}.where{{font-family:monospace;font-weight:bold}}\
pre{{background:#f4f1ea;padding:.75rem;overflow-x:auto}}.help{{color:#444}}</style>\n</head>\n<body>\n\
<h1 class=\"newsgen-error\">The site does not build</h1>\n<p>Fix the file and save: this page reloads by itself.</p>\n<ol>\n{items}</ol>\n</body>\n</html>\n"
    )
}

fn problem_html(root: &Path, problem: &Problem) -> String {
    let mut html = format!(
        "<li><p class=\"where\">{}</p><p class=\"message\">{}</p>",
        escape_html(&problem.location()),
        escape_html(&problem.message)
    );
    let excerpt = problem.detail.clone().or_else(|| {
        let line = problem.line?;
        let text = std::fs::read_to_string(root.join(&problem.file)).ok()?;
        let source = text.lines().nth(line.checked_sub(1)?)?;
        let marker = problem
            .column
            .map(|c| {
                format!(
                    "\n{}^",
                    " ".repeat(c.saturating_sub(1) + line.to_string().len() + 3)
                )
            })
            .unwrap_or_default();
        Some(format!("{line} | {source}{marker}"))
    });
    if let Some(excerpt) = excerpt {
        html.push_str(&format!(
            "<pre class=\"source\">{}</pre>",
            escape_html(&excerpt)
        ));
    }
    if let Some(help) = &problem.help {
        html.push_str(&format!(
            "<p class=\"help\">help: {}</p>",
            escape_html(help)
        ));
    }
    html.push_str("</li>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_never_leave_the_site() {
        assert_eq!(
            safe_path("tags/nato/index.html"),
            Some(PathBuf::from("tags/nato/index.html"))
        );
        assert_eq!(safe_path("caf%C3%A9/"), Some(PathBuf::from("café")));
        for bad in [
            "../etc/passwd",
            "a/../../x",
            "%2e%2e/secret",
            "a%2fb",
            "a%5cb",
            "a%00b",
            "C:/x",
            "%2E%2E%2Fetc",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_body() {
        let html = with_reload_script("<html><body><p>x</p></body></html>".into());
        assert!(html.contains("<p>x</p><script>") && html.ends_with("</script>\n</body></html>"));
    }
}
