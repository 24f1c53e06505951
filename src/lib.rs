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

pub mod article;
pub mod cache;
pub mod config;
pub mod copydesk;
pub mod dates;
pub mod feeds;
pub mod ingest;
pub mod init;
pub mod library;
pub mod manifest;
pub mod output;
pub mod paginate;
pub mod permalink;
pub mod problem;
pub mod related;
pub mod render;
pub mod safety;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod tagging;
pub mod text;
pub mod theme;
pub mod timings;

pub use article::Article;
pub use config::Config;
pub use ingest::read_article;
pub use init::init;
pub use paginate::{Numbering, Pages};
pub use problem::{BuildFailed, Problem};
pub use render::Renderer;
pub use serve::{DEFAULT_PORT, ServeOptions, run as serve};
pub use site::{BuildOptions, BuildSummary, Site};
pub use tagging::tag_corpus;
