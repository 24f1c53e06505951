//! newsgen: a static news website generator.
//!
//! `site` is the orchestrator; every other module is one newsroom concept:
//! `config` (site.toml), `ingest` (seed files), `article` (the model),
//! `dates`, `permalink`, `text`, `library` (order, tags, archives),
//! `paginate`, `copydesk` (wire text read like an editor), `tagging`
//! (auto-tags), `feeds` (RSS, Atom, JSON Feed), `sitemap` (sitemaps,
//! robots.txt), `render` (Tera and views), `theme` (embedded defaults),
//! `output` (the one writer), `problem` (errors with file and line), `init`,
//! `serve` (the live-reloading local server).

mod article;
mod config;
mod file_time;
mod ingest;
mod init;
mod library;
mod output;
mod problem;
mod render;
mod serve;
mod site;
mod timings;

pub use article::Article;
pub use config::Config;
pub use config::Numbering;
pub use ingest::read_article;
pub use init::init;
pub use library::paginate::Pages;
pub use library::tagging::tag_corpus;
pub use problem::{BuildFailed, Problem};
pub use render::Renderer;
pub use serve::{DEFAULT_PORT, ServeOptions, run as serve};
pub use site::{BuildOptions, BuildSummary, Site};
