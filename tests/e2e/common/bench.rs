//! What the benchmarks share: settings from the environment, a scorer run as its own process
//! (so that its memory can be read and its spelling memo starts cold), offline scoring of the
//! same items, and quantiles from the scorer's lag histogram.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{binary, metric, Env};

/// A count from the environment variable `name`, or `default`.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Writes `items` as NDJSON to `path`.
pub fn write_ndjson(path: &Path, items: &[credscore_model::Item]) {
    let mut body = String::with_capacity(items.len() * 600);
    for item in items {
        body.push_str(&serde_json::to_string(item).unwrap());
        body.push('\n');
    }
    std::fs::write(path, body).unwrap();
}

/// Items per second of `credscore score` over the NDJSON file `path` of `count` items, with
/// `threads` scoring threads (None: every core), scoring only (no copy search, which the
/// pipeline does not do). Output is discarded.
pub fn offline_rate(path: &Path, count: usize, threads: Option<usize>) -> f64 {
    let mut command = Command::new(binary("credscore"));
    command
        .args(["score", "--no-copies", "--input"])
        .arg(path)
        .stdout(Stdio::null());
    if let Some(threads) = threads {
        command.env("RAYON_NUM_THREADS", threads.to_string());
    }
    let started = Instant::now();
    let status = command.status().unwrap();
    assert!(status.success(), "credscore score failed: {status}");
    count as f64 / started.elapsed().as_secs_f64()
}

/// The scorer binary running with `env`'s topics and database, its metrics at `address`.
pub struct ScorerProcess {
    child: Child,
    pub address: SocketAddr,
    log: std::path::PathBuf,
    /// One client for every scrape: a new one per call loads the TLS roots each time, which
    /// cost the machine about a sixth of its CPU at a scrape every 20 ms, beside the run
    /// being measured.
    http: reqwest::Client,
}

impl ScorerProcess {
    /// Starts `credscore-scorer` in consumer group `group` with the service's defaults.
    pub fn start(env: &Env, group: &str, log: &Path) -> ScorerProcess {
        ScorerProcess::start_with(env, group, log, &[])
    }

    /// The same, with `settings` added to its environment.
    pub fn start_with(
        env: &Env,
        group: &str,
        log: &Path,
        settings: &[(&str, &str)],
    ) -> ScorerProcess {
        let address = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let child = Command::new(binary("credscore-scorer"))
            .envs(env.service_env())
            .env("CREDSCORE_GROUP_ID", group)
            .env("CREDSCORE_SCORER_LISTEN", address.to_string())
            .env("CREDSCORE_LOG", "warn")
            .envs(settings.iter().copied())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        ScorerProcess {
            child,
            address,
            log: log.to_path_buf(),
            http: reqwest::Client::new(),
        }
    }

    /// Its metrics page (waits for it to listen).
    pub async fn metrics(&mut self) -> String {
        let started = Instant::now();
        loop {
            let url = format!("http://{}/metrics", self.address);
            if let Ok(response) = self.http.get(url).send().await {
                if let Ok(page) = response.text().await {
                    return page;
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the scorer exited ({status}): {}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "scorer metrics never answered"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Items it has stored so far (its counter moves after each database commit).
    pub async fn stored(&mut self) -> f64 {
        metric(&self.metrics().await, "credscore_items_scored_total", "")
    }

    /// Its resident memory, in MiB.
    pub fn resident_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0.0);
        kib / 1024.0
    }
}

impl Drop for ScorerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `q` quantile of the end-to-end lag observed between two scrapes of the scorer's
/// metrics, interpolated linearly within its histogram bucket (as Prometheus'
/// `histogram_quantile` does).
pub fn lag_quantile(page_before: &str, page_after: &str, q: f64) -> String {
    let buckets = |page: &str| -> Vec<(f64, f64)> {
        page.lines()
            .filter(|l| l.starts_with("credscore_end_to_end_lag_seconds_bucket"))
            .filter_map(|l| {
                let le = l.split("le=\"").nth(1)?.split('"').next()?;
                let le = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().ok()?
                };
                Some((le, l.rsplit(' ').next()?.parse().ok()?))
            })
            .collect()
    };
    let (before, after) = (buckets(page_before), buckets(page_after));
    let counts: Vec<(f64, f64)> = after
        .iter()
        .zip(before.iter())
        .map(|(&(le, a), &(_, b))| (le, a - b))
        .collect();
    let total = counts.last().map_or(0.0, |c| c.1);
    if total == 0.0 {
        return "n/a".into();
    }
    let rank = q * total;
    let mut lower = (0.0, 0.0);
    for &(le, count) in &counts {
        if count >= rank {
            if le.is_infinite() {
                return format!("> {:.3} s", lower.0);
            }
            let share = (rank - lower.1) / (count - lower.1).max(f64::MIN_POSITIVE);
            return format!("{:.3} s", lower.0 + share * (le - lower.0));
        }
        lower = (le, count);
    }
    "n/a".into()
}

/// CPU seconds (user + system) used so far by the running processes whose command name
/// starts with `name` (`postgres`, `tansu`, `credscore-scor`), read from /proc.
pub fn cpu_seconds(name: &str) -> f64 {
    // `getconf CLK_TCK` on Linux.
    const TICKS_PER_SECOND: f64 = 100.0;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    let mut ticks = 0u64;
    for entry in entries.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid … utime stime: fields 14 and 15, counted after the comm.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        if !stat[open + 1..close].starts_with(name) {
            continue;
        }
        let fields: Vec<&str> = stat[close + 2..].split(' ').collect();
        ticks += fields
            .get(11)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            + fields
                .get(12)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
    }
    ticks as f64 / TICKS_PER_SECOND
}
