//! The scorer service: items topic → model → PostgreSQL, the scores topic and the
//! dead-letter topic. `service` runs the loop; `batch` holds each batch's stages.

pub mod batch;
pub mod service;

pub use service::run;
