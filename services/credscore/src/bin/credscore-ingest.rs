//! The ingest service: HTTP API → items topic.

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "credscore-ingest",
    version,
    about = "credscore ingest: POST /v1/items to the items topic"
)]
struct Args {
    #[command(flatten)]
    config: credscore::config::IngestConfig,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    credscore::telemetry::init();
    let shutdown = credscore::CancellationToken::new();
    credscore::cancel_on_signal(shutdown.clone());
    credscore::exit_code(credscore::ingest::run(args.config, shutdown, None).await)
}
