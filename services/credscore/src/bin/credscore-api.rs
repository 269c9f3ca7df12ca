//! The read API and dashboard over stored scores.

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "credscore-api",
    version,
    about = "credscore api: read API (/v1/) and dashboard (/) over stored scores"
)]
struct Args {
    #[command(flatten)]
    config: credscore::config::ApiConfig,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    credscore::serve(Args::parse().config, credscore::web::run).await
}
