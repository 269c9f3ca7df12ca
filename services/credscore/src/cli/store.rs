//! `credscore migrate`, `credscore check` and `credscore practitioners`: the database itself.

use std::process::ExitCode;

use clap::Args;

use crate::cli::common::{connect, runtime};
use crate::config::DatabaseConfig;
use crate::standing::WhenBusy;
use crate::store::{check, erasure, read};

/// Arguments of `credscore practitioners`.
#[derive(Debug, Args)]
pub struct PractitionersArgs {
    /// How many practitioners to list.
    #[arg(long, default_value_t = 20)]
    limit: i64,
    /// List the least credible first.
    #[arg(long)]
    least_credible: bool,
    #[command(flatten)]
    database: DatabaseConfig,
}

/// Arguments of `credscore forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The author (practitioner id) to erase, exactly as stored.
    #[arg(long)]
    author: String,
    /// Who asks, for the audit row.
    #[arg(long = "by", env = "USER", default_value = "cli")]
    requested_by: String,
    #[command(flatten)]
    database: DatabaseConfig,
}

/// Erases an author and says what was removed.
pub fn forget(args: ForgetArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !args.author.trim().is_empty(),
        "--author needs an author id"
    );
    runtime()?.block_on(async {
        let pool = connect(&args.database).await?;
        let erased =
            erasure::forget_author(&pool, &args.author, &args.requested_by, "cli").await?;
        if erased.found() {
            println!(
                "erased {}: {} items, {} scores, {} practitioner row; audit row written (by {})",
                args.author, erased.items, erased.scores, erased.practitioners, args.requested_by
            );
        } else {
            println!(
                "nothing is stored about {:?} (ids are case-sensitive; `credscore practitioners` lists them); audit row written",
                args.author
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Applies the migrations.
pub fn migrate(database: DatabaseConfig) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        connect(&database).await?;
        eprintln!("migrations applied to {}", database.redacted());
        Ok(ExitCode::SUCCESS)
    })
}

/// Recomputes every practitioner's peer standing from the reply graph once, now (the scorer
/// also does it periodically); prints what the run read and how long it took.
pub fn standing(database: DatabaseConfig) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        let stance = std::sync::Arc::new(credscore_model::stance::StanceModel::builtin()?);
        eprintln!("computing peer standing from the reply graph…");
        // A scorer computing it at this moment is waited for, then the graph is read again.
        let run = crate::standing::run_locked(&pool, &stance, WhenBusy::Wait)
            .await?
            .expect("waiting for the lock always runs");
        println!(
            "peer standing of {} practitioners from {} engaged pairs: {} iterations, {:.2} s ({})",
            run.practitioners, run.edges, run.iterations, run.seconds, run.version
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// Counts dangling references; exits 1 when there are any.
pub fn check(database: DatabaseConfig) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let pool = crate::store::connect(&database).await?;
        let mut broken = false;
        for (reference, count) in check::dangling_references(&pool).await? {
            println!("{reference:<32} {count:>10} dangling");
            broken |= count > 0;
        }
        if broken {
            eprintln!("error: some stored rows reference rows that do not exist");
            return Ok(ExitCode::FAILURE);
        }
        println!("all references resolve");
        Ok(ExitCode::SUCCESS)
    })
}

/// Prints the practitioner ranking.
pub fn practitioners(args: PractitionersArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let pool = crate::store::connect(&args.database).await?;
        let rows = read::ranked_practitioners(&pool, args.limit, args.least_credible).await?;
        println!(
            "{:<32} {:>5} {:>11} {:>15} {:>6}  cue rates (promo/claims/writing)",
            "practitioner", "items", "credibility", "95% interval", "peers"
        );
        for r in rows {
            let cue = |name: &str| r.cue_profile[name].as_f64().unwrap_or(0.0);
            let peers = r
                .peer_standing
                .map_or_else(|| "–".to_string(), |s| format!("{s:.2}"));
            println!(
                "{:<32} {:>5} {:>11.3} {:>7.3}–{:<7.3} {:>6}  {:.2} / {:.2} / {:.2}",
                r.id,
                r.items,
                r.credibility,
                r.low,
                r.high,
                peers,
                cue("self_promotion"),
                cue("unverifiable_claims"),
                cue("writing_errors")
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Judges the stored items the copy index has not seen, oldest first, in batches like the
/// scorer's; prints progress and what it found.
pub fn copies(database: DatabaseConfig) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let pool = connect(&database).await?;
        let started = std::time::Instant::now();
        let (judged, found) = crate::store::copies::backfill(&pool, |judged, found| {
            eprintln!("… {judged} items judged, {found} copies found");
        })
        .await?;
        println!(
            "judged {judged} stored items the copy index had not seen: {found} copies found ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
        Ok(ExitCode::SUCCESS)
    })
}
