//! The connection pool, migrations, and the errors every query can return, told apart into
//! transient ones (retry) and permanent ones about the data (isolate the item).

use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::config::DatabaseConfig;

/// Why a database operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database could not be reached at start.
    #[error("cannot connect to PostgreSQL at {url}: {source} (is it running? `make up` starts a local one)")]
    Connect {
        /// The URL, password redacted.
        url: String,
        /// What the driver said.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("applying migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The registry has no such model.
    #[error("model {0} is not registered (see `credscore model list`)")]
    UnknownModel(String),
    /// A registered model this build cannot load.
    #[error("stored model {version} cannot be used: {message}")]
    BadModel {
        /// The model version.
        version: String,
        /// Why it cannot be loaded.
        message: String,
    },
    /// Any other query error.
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

/// What to do about a failed write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The database is unavailable, busy or shutting down: the same write will succeed later.
    Transient,
    /// The data itself cannot be stored (a data exception, a constraint violation, a value
    /// over a limit): retrying never helps, so the items at fault are isolated.
    Permanent,
}

/// SQLSTATE classes that are about the rows written, not the database: 22 data exception,
/// 23 integrity constraint violation, 54 program limit exceeded (a row or index entry too
/// large).
const DATA_CLASSES: [&str; 3] = ["22", "23", "54"];

impl DbError {
    /// Whether retrying the same operation can succeed. Errors with no SQLSTATE (I/O, pool
    /// time-outs, a closed connection) and every other class (40 serialization failure and
    /// deadlock, 53 insufficient resources, 57 operator intervention, 08 connection, and even
    /// 42 schema errors, which an operator fixes without any item being at fault) are
    /// transient: progress stops and the stall shows, but no item is blamed for them.
    pub fn failure(&self) -> Failure {
        let code = match self {
            DbError::Sql(sqlx::Error::Database(error)) => error.code(),
            _ => None,
        };
        match code {
            Some(code) if DATA_CLASSES.iter().any(|class| code.starts_with(class)) => {
                Failure::Permanent
            }
            _ => Failure::Transient,
        }
    }
}

/// A pool of connections to the configured database.
pub async fn connect(config: &DatabaseConfig) -> Result<PgPool, DbError> {
    PgPoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(std::time::Duration::from_secs(5))
        .connect(&config.url)
        .await
        .map_err(|source| DbError::Connect {
            url: config.redacted(),
            source,
        })
}

/// A pool as [`connect`], with the migrations applied: what every command that reads or
/// writes needs first.
pub async fn connect_and_migrate(config: &DatabaseConfig) -> Result<PgPool, DbError> {
    let pool = connect(config).await?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Applies the migrations in `migrations/` (embedded at build time).
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    sqlx::migrate!("../../migrations").run(pool).await?;
    Ok(())
}
