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
    let args = Args::parse();
    credscore::telemetry::init();
    let shutdown = credscore::CancellationToken::new();
    credscore::cancel_on_signal(shutdown.clone());
    credscore::exit_code(credscore::web::run(args.config, shutdown, None).await)
}
