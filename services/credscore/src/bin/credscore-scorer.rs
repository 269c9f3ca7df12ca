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
    let args = Args::parse();
    credscore::telemetry::init();
    let shutdown = credscore::CancellationToken::new();
    credscore::cancel_on_signal(shutdown.clone());
    credscore::exit_code(credscore::scorer::run(args.config, shutdown, None).await)
}
