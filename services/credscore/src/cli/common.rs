//! What the subcommands share: the runtime, the database connection, dictionaries, models,
//! input files, time arguments and exit codes.

use std::io::BufRead;
use std::path::Path;

use chrono::{DateTime, Utc};
use credscore_model::{Dictionaries, Model, ModelArtifact};
use sqlx::PgPool;

use crate::config::DatabaseConfig;

/// Exit code when some input lines were bad but the rest was processed.
pub const SOME_LINES_FAILED: u8 = 2;

/// A runtime for the subcommands that talk to the broker or the database.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// The database, with the migrations applied (every subcommand that touches it needs both).
pub async fn connect(database: &DatabaseConfig) -> anyhow::Result<PgPool> {
    Ok(crate::store::connect_and_migrate(database).await?)
}

/// The spelling dictionaries, or none with a warning (writing errors are then
/// under-detected).
pub fn dictionaries() -> Dictionaries {
    Dictionaries::load_default().unwrap_or_else(|error| {
        eprintln!(
            "warning: {error}; spelling is not checked, so writing errors are under-detected"
        );
        Dictionaries::none()
    })
}

/// A model artifact file, or the model built into this binary.
pub fn load_model(path: Option<&Path>) -> anyhow::Result<Model> {
    Ok(match path {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read model {}: {e}", path.display()))?;
            Model::new(ModelArtifact::from_json(&json)?)?
        }
        None => Model::builtin()?,
    })
}

/// A file, or stdin for `-`.
pub fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    Ok(Box::new(std::io::BufReader::new(file)))
}

/// A time given on the command line: RFC 3339, or a date meaning midnight UTC.
pub fn parse_time_arg(raw: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(time) = DateTime::parse_from_rfc3339(raw) {
        return Ok(time.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| format!("expected an RFC 3339 time (2026-03-01T12:00:00Z) or a date (2026-03-01), got {raw:?}"))
}
