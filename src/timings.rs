//! `NEWSGEN_TIMINGS=1`: the time since the start, the CPU time used and the
//! memory in use at each phase of a build, on stderr. For measuring, never for tests.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("NEWSGEN_TIMINGS").map(|_| Instant::now()))
}

/// Marks the end of a phase (a no-op unless `NEWSGEN_TIMINGS` is set).
pub(crate) fn phase(name: &str) {
    let Some(start) = start() else {
        return;
    };
    // Resident memory, from /proc (Linux); 0 elsewhere.
    let rss_mb = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split(' ').nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1 << 20));
    // CPU time of all threads so far: next to the wall time, how parallel
    // each phase was.
    let cpu = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let cpu = cpu.tv_sec as f64 + cpu.tv_nsec as f64 / 1e9;
    crate::console::tell(&format!(
        "timings: {:>8.3} s {:>8.3} s CPU {:>6} MB  {name}",
        start.elapsed().as_secs_f64(),
        cpu,
        rss_mb
    ));
}
