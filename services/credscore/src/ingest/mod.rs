//! Getting items in: the HTTP service (`http`), files and stdin (`file`), both parsing with
//! `body` into records and publishing with `publish`.

pub mod body;
pub mod file;
pub mod http;
pub mod publish;

pub use file::ingest_reader;
pub use http::run;
pub use publish::publish;
