//! Progress of long jobs on stderr.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Progress on stderr: a bar with rate and ETA on a terminal, a line every few seconds
/// otherwise (logs, CI).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: u64,
    done: u64,
    started_at: u64,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    /// A progress report of `total` items, `done` of them already done.
    pub fn new(total: u64, done: u64, what: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:30}] {human_pos}/{human_len} items, {per_sec}, ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar.set_message(what.to_string());
            bar.set_position(done);
            bar.reset_eta();
            bar
        });
        Progress {
            bar,
            total,
            done,
            started_at: done,
            started: Instant::now(),
            last_line: Instant::now(),
        }
    }

    /// Items per second since the start.
    pub fn rate(&self) -> f64 {
        (self.done - self.started_at) as f64 / self.started.elapsed().as_secs_f64().max(1e-9)
    }

    /// Moves to `done` items.
    pub fn set(&mut self, done: u64) {
        self.done = done;
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        } else if self.last_line.elapsed() >= Duration::from_secs(5) {
            self.last_line = Instant::now();
            let rate = self.rate();
            let left = self.total.saturating_sub(done) as f64 / rate.max(1e-9);
            eprintln!(
                "  {done}/{} items ({rate:.0} items/s, ETA {:.0} s)",
                self.total, left
            );
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
