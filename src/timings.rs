//! Wall time per stage, for the throughput report on stderr. Never written
//! to the report files, which stay byte-identical between runs.

use std::time::{Duration, Instant};

/// How long each stage took and how much text went through.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// Decoded text read, in bytes of UTF-8.
    pub input_bytes: usize,
}

impl Timings {
    /// Records `stage` as the time since `since`, and restarts the clock.
    pub fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        self.stages.push((stage, since.elapsed()));
        *since = Instant::now();
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    /// Time recorded under `stage`.
    pub fn of(&self, stage: &str) -> Duration {
        self.stages
            .iter()
            .filter(|(name, _)| *name == stage)
            .map(|(_, d)| *d)
            .sum()
    }
}
