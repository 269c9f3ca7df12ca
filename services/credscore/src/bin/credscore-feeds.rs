//! The feeds service: polls the feeds stored in PostgreSQL and publishes their entries to
//! the items topic.

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "credscore-feeds",
    version,
    about = "credscore feeds: polls RSS, Atom and JSON feeds (and their comment feeds) into the items topic"
)]
struct Args {
    #[command(flatten)]
    config: credscore::config::FeedsConfig,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    credscore::serve(Args::parse().config, credscore::feeds::run).await
}
