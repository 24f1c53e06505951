//! File modification times as nanoseconds since the Unix epoch: how the
//! build cache (`output::cache`) and the output manifest (`output::manifest`)
//! record them, and how ingest reads a seed file's.

use std::time::{SystemTime, UNIX_EPOCH};

/// A time as nanoseconds since the Unix epoch (0 before it).
pub(crate) fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// A file's modification time from `stat`, as [`nanos`] gives it from the
/// standard library's metadata (0 before the epoch).
pub(crate) fn stat_nanos(stat: &rustix::fs::Stat) -> u128 {
    u64::try_from(stat.st_mtime).map_or(0, |seconds| {
        u128::from(seconds) * 1_000_000_000 + u128::from(stat.st_mtime_nsec as u32)
    })
}
