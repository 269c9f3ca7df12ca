//! Batch re-scoring of stored items with a registered model: locally (`local`), or shared out
//! to the scorers through the re-scoring topic (`distributed` publishes the ranges, `worker`
//! runs inside every scorer). Jobs, their ranges and their progress are stored (`store::jobs`),
//! so an interrupted job resumes where it stopped.

pub mod distributed;
pub mod job;
pub mod local;
pub mod progress;
pub mod worker;

pub use job::{RescoreOptions, RescoreSummary};
