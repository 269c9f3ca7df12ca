//! The scorer service: items topic → model → PostgreSQL and the scores topic.

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "credscore-scorer",
    version,
    about = "credscore scorer: consumes items, stores scores"
)]
struct Args {
    #[command(flatten)]
    config: credscore::config::ScorerConfig,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    credscore::serve(Args::parse().config, credscore::scorer::run).await
}
