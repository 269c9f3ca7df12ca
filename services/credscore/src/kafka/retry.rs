//! Backoff between retries of transient failures, interrupted by shutdown.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// Longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Why work was not finished: shutdown came first. What was not committed is redelivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

/// The wait before retry number `attempt` (0-based): 100 ms doubling, at most [`MAX_BACKOFF`].
pub fn delay(attempt: u32) -> Duration {
    Duration::from_millis(100u64.saturating_mul(2u64.saturating_pow(attempt))).min(MAX_BACKOFF)
}

/// Sleeps before the next attempt and counts it; returns Err when shutdown comes first.
pub async fn backoff(attempt: &mut u32, shutdown: &CancellationToken) -> Result<(), Interrupted> {
    let wait = delay(*attempt);
    *attempt = attempt.saturating_add(1);
    tokio::select! {
        _ = tokio::time::sleep(wait) => Ok(()),
        _ = shutdown.cancelled() => Err(Interrupted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        assert_eq!(delay(0), Duration::from_millis(100));
        assert_eq!(delay(3), Duration::from_millis(800));
        assert_eq!(delay(20), MAX_BACKOFF);
        assert_eq!(delay(u32::MAX), MAX_BACKOFF);
    }

    #[tokio::test]
    async fn shutdown_interrupts_a_backoff() {
        let shutdown = CancellationToken::new();
        shutdown.cancel();
        // Attempt 10 would wait the full 30 s: shutdown ends it at once.
        let mut attempt = 10;
        assert_eq!(backoff(&mut attempt, &shutdown).await, Err(Interrupted));
        assert_eq!(attempt, 11);
    }
}
