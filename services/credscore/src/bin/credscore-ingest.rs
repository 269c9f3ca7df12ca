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
    credscore::serve(Args::parse().config, credscore::ingest::run).await
}
