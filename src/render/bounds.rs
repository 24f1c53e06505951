//! The bounds on rendering one page (`[limits]` in site.toml), so that no
//! template, however written, fills the disk or memory or hangs the build:
//!
//! - **size**: pages are rendered through [`CappedPage`], which refuses
//!   bytes past `page_mib` (Tera writes a page straight to it);
//! - **items**: our `range` replaces Tera's and charges every item it makes
//!   to the page being rendered, up to `range_items` (Tera caps one call at
//!   100,000 items, but two nested loops make ten billion);
//! - **time**: [`watch`] registers each render with a watchdog thread that
//!   ends the process, naming the template and the page, when one render
//!   takes longer than `render_seconds` (a component calling itself a few
//!   times per level runs for hours without writing a byte or calling
//!   anything of ours, and Tera cannot be interrupted). Output is staged, so
//!   the previous site stays as it was.
//!
//! `Renderer::render` (in `mod.rs`) uses all three and turns each into a
//! problem that names the template, the page and the setting.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use tera::{Kwargs, State, TeraResult};

use crate::config::limits::setting;
use crate::problem::{BuildFailed, Problem};

/// A page being rendered, in memory, that refuses to grow past its cap.
pub(super) struct CappedPage {
    pub bytes: Vec<u8>,
    cap: u64,
    /// Set when a write would have passed the cap.
    pub overflowed: bool,
}

impl CappedPage {
    pub(super) fn new(cap: u64, hint: usize) -> CappedPage {
        CappedPage {
            bytes: Vec::with_capacity(hint),
            cap,
            overflowed: false,
        }
    }
}

impl Write for CappedPage {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if (self.bytes.len() + buf.len()) as u64 > self.cap {
            self.overflowed = true;
            return Err(io::Error::other("the page is over its size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.write(buf).map(|_| ())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// Items `range` has made for the page this thread renders.
    static RANGE_ITEMS: Cell<u64> = const { Cell::new(0) };
    /// Whether `range` refused to make more for it.
    static RANGE_REFUSED: Cell<bool> = const { Cell::new(false) };
}

/// Starts counting `range` items for a page rendered on this thread.
pub(super) fn start_page() {
    RANGE_ITEMS.set(0);
    RANGE_REFUSED.set(false);
}

/// Whether `range` refused items to the page just rendered on this thread.
pub(super) fn range_refused() -> bool {
    RANGE_REFUSED.get()
}

/// Tera's longest single `range`.
const MAX_ONE_RANGE: i128 = 100_000;

/// `range(end=N, start=0, step_by=1)` as Tera's, that makes at most `limit`
/// items for one page in all.
pub(super) fn range(limit: u64) -> impl Fn(Kwargs, &State) -> TeraResult<Vec<i128>> {
    move |kwargs: Kwargs, _: &State| {
        let start = kwargs.get::<i128>("start")?.unwrap_or_default();
        let end = kwargs.must_get::<i128>("end")?;
        let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
        let len = range_len(start, end, step).map_err(tera::Error::message)?;
        if len > MAX_ONE_RANGE {
            return Err(tera::Error::message(format!(
                "Function `range` would produce {len} elements, which exceeds the limit of {MAX_ONE_RANGE}"
            )));
        }
        // `len` is at most MAX_ONE_RANGE here.
        let made = RANGE_ITEMS.get().saturating_add(len as u64);
        if made > limit {
            RANGE_REFUSED.set(true);
            return Err(tera::Error::message(format!(
                "`range` would make more than {limit} items for this page"
            )));
        }
        RANGE_ITEMS.set(made);
        Ok((0..len).map(|i| start + i * step).collect())
    }
}

/// How many items `range` makes, or why it cannot (Tera's own checks).
fn range_len(start: i128, end: i128, step: i128) -> Result<i128, &'static str> {
    const OVERFLOW: &str = "Function `range` was called with arguments that overflow i128";
    if start > end && step > 0 {
        return Err(
            "Function `range` was called with a `start` argument greater than the `end` one",
        );
    }
    if step == 0 {
        return Err("Function `range` was called with a `step_by` argument of 0");
    }
    if step > 0 {
        let span = end.checked_sub(start).ok_or(OVERFLOW)?;
        Ok(span.checked_add(step - 1).ok_or(OVERFLOW)? / step)
    } else if start <= end {
        Ok(0)
    } else {
        let step = step.checked_neg().ok_or(OVERFLOW)?;
        let span = start.checked_sub(end).ok_or(OVERFLOW)?;
        Ok(span.checked_add(step - 1).ok_or(OVERFLOW)? / step)
    }
}

/// A render in progress, as the watchdog sees it.
struct Running {
    deadline: Instant,
    seconds: u64,
    template: PathBuf,
    page: String,
}

fn running() -> &'static Mutex<HashMap<u64, Running>> {
    static RUNNING: OnceLock<Mutex<HashMap<u64, Running>>> = OnceLock::new();
    RUNNING.get_or_init(|| {
        // The first render starts the watchdog.
        std::thread::Builder::new()
            .name("newsgen-watchdog".into())
            .spawn(watchdog)
            .ok();
        Mutex::new(HashMap::new())
    })
}

/// A render the watchdog watches until this is dropped.
pub(super) struct Watched(u64);

impl Drop for Watched {
    fn drop(&mut self) {
        if let Ok(mut running) = running().lock() {
            running.remove(&self.0);
        }
    }
}

/// Watches the render of `page` with `template` (its file) for at most
/// `seconds`.
pub(super) fn watch(seconds: u64, template: PathBuf, page: &str) -> Watched {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let entry = Running {
        deadline: Instant::now() + Duration::from_secs(seconds),
        seconds,
        template,
        page: page.to_string(),
    };
    if let Ok(mut running) = running().lock() {
        running.insert(id, entry);
    }
    Watched(id)
}

/// How often the watchdog looks.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// Ends the process when a render passes its deadline: Tera cannot be
/// stopped from outside, and the output is staged, so nothing is written.
fn watchdog() {
    loop {
        std::thread::sleep(WATCH_EVERY);
        let now = Instant::now();
        let overdue = running().lock().ok().and_then(|running| {
            running
                .values()
                .filter(|r| r.deadline <= now)
                .min_by_key(|r| r.deadline)
                .map(overdue_problem)
        });
        if let Some(problem) = overdue {
            // Through `console`: a closed standard error must not end this
            // thread with a panic and leave the render running.
            crate::console::tell(&BuildFailed::one(problem).to_string());
            std::process::exit(1);
        }
    }
}

fn overdue_problem(render: &Running) -> Problem {
    Problem::new(
        &render.template,
        format!(
            "rendering {} took longer than {} s; newsgen stopped",
            render.page, render.seconds
        ),
    )
    .help(format!(
        "a loop or a component that calls itself may never end: check them, or raise {}",
        setting("render_seconds")
    ))
}
