//! (moving here from library::tagging)
pub use crate::library::tagging::find_candidates;
