//! The `credscore` command line: offline scoring, training, evaluation, file ingest, the
//! database, re-scoring and the model registry. `app` holds the command and dispatches to one
//! file per subcommand family; `common` holds what they share.

pub mod app;
pub mod common;
pub mod model;
pub mod rescore;
pub mod score;
pub mod store;
pub mod train;

pub use app::main;
