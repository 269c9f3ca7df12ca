//! Logging setup: human-readable by default, JSON lines with `CREDSCORE_LOG_FORMAT=json`.

use std::io::IsTerminal;

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the log subscriber (once; later calls do nothing).
pub fn init() {
    let filter = EnvFilter::try_from_env("CREDSCORE_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,rdkafka=warn,sqlx=warn"));
    let json = std::env::var("CREDSCORE_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    // Colours only on a terminal: log files stay plain text.
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.compact().try_init()
    };
}
