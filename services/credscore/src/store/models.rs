//! The model registry: registering, activating and loading model artifacts.

use chrono::{DateTime, Utc};
use credscore_model::{Model, ModelArtifact};
use sqlx::postgres::PgPool;

use crate::store::pool::DbError;

/// Adds a model to the registry; returns false when that version was already there.
pub async fn register_model(pool: &PgPool, artifact: &ModelArtifact) -> Result<bool, DbError> {
    let artifact_json: serde_json::Value =
        serde_json::to_value(artifact).expect("artifact serialises");
    let created_at = DateTime::parse_from_rfc3339(&artifact.training.created_at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now());
    let result = sqlx::query(
        "INSERT INTO models (version, created_at, artifact, metrics) VALUES ($1, $2, $3, $4)
         ON CONFLICT (version) DO NOTHING",
    )
    .bind(&artifact.version)
    .bind(created_at)
    .bind(artifact_json)
    .bind(&artifact.metrics)
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Makes `version` the one active model.
pub async fn activate_model(pool: &PgPool, version: &str) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    let exists: Option<String> =
        sqlx::query_scalar("SELECT version FROM models WHERE version = $1 FOR UPDATE")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(DbError::UnknownModel(version.to_string()));
    }
    sqlx::query("UPDATE models SET active = false WHERE active AND version <> $1")
        .bind(version)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE models SET active = true, activated_at = now() WHERE version = $1 AND NOT active",
    )
    .bind(version)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Registers `artifact` and activates it when the registry has no active model yet.
pub async fn ensure_model(pool: &PgPool, artifact: &ModelArtifact) -> Result<(), DbError> {
    register_model(pool, artifact).await?;
    let active: Option<String> = sqlx::query_scalar("SELECT version FROM models WHERE active")
        .fetch_optional(pool)
        .await?;
    if active.is_none() {
        activate_model(pool, &artifact.version).await?;
    }
    Ok(())
}

/// The version of the active model, if any.
pub async fn active_version(pool: &PgPool) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT version FROM models WHERE active")
            .fetch_optional(pool)
            .await?,
    )
}

/// A registered model's artifact.
pub async fn load_model(pool: &PgPool, version: &str) -> Result<ModelArtifact, DbError> {
    let row: Option<serde_json::Value> =
        sqlx::query_scalar("SELECT artifact FROM models WHERE version = $1")
            .bind(version)
            .fetch_optional(pool)
            .await?;
    let value = row.ok_or_else(|| DbError::UnknownModel(version.to_string()))?;
    ModelArtifact::from_json(&value.to_string()).map_err(|e| DbError::BadModel {
        version: version.to_string(),
        message: e.to_string(),
    })
}

/// The training metrics stored with a registered model (readable whatever its schema).
pub async fn model_metrics(pool: &PgPool, version: &str) -> Result<serde_json::Value, DbError> {
    sqlx::query_scalar("SELECT metrics FROM models WHERE version = $1")
        .bind(version)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| DbError::UnknownModel(version.to_string()))
}

/// Loads a registered model (default: the active one), ready to score.
pub async fn registered_model(pool: &PgPool, version: Option<&str>) -> anyhow::Result<Model> {
    let version = match version {
        Some(v) => v.to_string(),
        None => active_version(pool).await?.ok_or_else(|| {
            anyhow::anyhow!("no active model in the registry; pass --model VERSION (see `credscore model list`)")
        })?,
    };
    let artifact = load_model(pool, &version).await?;
    Ok(Model::new(artifact)?)
}

/// How many stored items have a score under `version`, and how many items are stored.
pub async fn scored_items(pool: &PgPool, version: &str) -> Result<(i64, i64), DbError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT count(*) FROM scores WHERE model_version = $1), (SELECT count(*) FROM items)",
    )
    .bind(version)
    .fetch_one(pool)
    .await?)
}
