//! Everything PostgreSQL: the pool and error classes, the model registry, the scorer's batch
//! write, practitioner aggregates, the reply graph and peer standing, stored items and
//! re-scoring jobs, the read queries of the
//! API and dashboard, the feeds and what they published, and the integrity check. No SQL lives outside this folder but the
//! model comparison's statistics (`compare`).

pub mod batch;
pub mod check;
pub mod columns;
pub mod copies;
pub mod erasure;
pub mod feeds;
pub mod graph;
pub mod items;
pub mod jobs;
pub mod labels;
pub mod models;
pub mod pool;
pub mod practitioners;
pub mod read;
pub mod review;
pub mod reviewed;

pub use pool::{connect, connect_and_migrate, migrate, DbError, Failure};
