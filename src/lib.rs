//! newsgen: a static news website generator.
//!
//! One folder per stage of the build (see ARCHITECTURE.md, whose layer table
//! `tests/layers.rs` enforces): `article` (the model), `config` (site.toml),
//! `ingest` (seeds to articles), `library` (corpus-wide choices), `render`
//! (templates, feeds, sitemaps), `output` (the one writer, the build cache),
//! `images` (pictures: a source's resized and cropped variants),
//! `site` (the orchestrator), and the commands `serve`, `init` and `new`. Modules
//! are private: this file exports what the binary, tests and examples use.

mod article;
mod config;
mod console;
mod file_time;
// Until the site wires pictures in (issue 18), only the tests call it.
mod images;
mod ingest;
mod init;
mod library;
mod new;
mod output;
mod problem;
mod render;
mod serve;
mod site;
mod timings;

pub use article::{Article, Profile};
pub use config::Config;
pub use config::Numbering;
pub use console::{say, tell};
/// Test images made by code, for the integration tests.
#[doc(hidden)]
pub use images::fixtures as image_fixtures;
pub use ingest::read_article;
pub use init::init;
pub use library::paginate::Pages;
pub use library::tagging::tag_corpus;
pub use new::{NewArticle, new_article};
pub use problem::{BuildFailed, Problem};
pub use render::Renderer;
pub use serve::{
    DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_PORT, MIN_CONNECTIONS, ServeOptions,
    run as serve,
};
pub use site::{BuildOptions, BuildSummary, Site};
