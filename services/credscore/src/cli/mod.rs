//! The `credscore` command line: offline scoring, training, evaluation, file ingest, the
//! database, re-scoring, the model registry and the feeds. `app` holds the command and dispatches to one
//! file per subcommand family; `common` holds what they share.

pub mod app;
pub mod common;
pub mod export;
pub mod feeds;
pub mod model;
pub mod rescore;
pub mod score;
pub mod store;
pub mod train;

pub use app::main;
