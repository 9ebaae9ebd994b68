//! What a run tells its caller while it works. The library draws nothing and
//! keeps no clock for anyone but the observer: the command line supplies a
//! [`Progress`] that shows bars on a terminal and, when asked, the time each
//! stage took.

use std::time::{Duration, Instant};

/// A stage of a run, in the order a run goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    ReadFiles,
    SplitAndDate,
    Segment,
    ChooseK,
    Vocabulary,
    Reduce,
    Cluster,
    NameThemes,
    AssignThemes,
    Aggregate,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::ReadFiles => "read files",
            Stage::SplitAndDate => "split and date pages",
            Stage::Segment => "segment",
            Stage::ChooseK => "choose k",
            Stage::Vocabulary => "vocabulary",
            Stage::Reduce => "reduce (LSA)",
            Stage::Cluster => "cluster",
            Stage::NameThemes => "name themes",
            Stage::AssignThemes => "assign themes",
            Stage::Aggregate => "aggregate",
        }
    }

    /// Whether the stage comes after segmentation, the floor of a run's
    /// cost: what the throughput line weighs against it.
    pub fn after_segmentation(self) -> bool {
        match self {
            Stage::ReadFiles | Stage::SplitAndDate | Stage::Segment => false,
            Stage::ChooseK
            | Stage::Vocabulary
            | Stage::Reduce
            | Stage::Cluster
            | Stage::NameThemes
            | Stage::AssignThemes
            | Stage::Aggregate => true,
        }
    }
}

/// Told what a run is doing. Every method does nothing unless overridden.
pub trait Progress: Sync {
    /// Work on `stage` begins.
    fn begin(&self, _stage: Stage) {}
    /// `articles` more articles were read, from `bytes` bytes of decoded text.
    fn read(&self, _articles: usize, _bytes: usize) {}
    /// `stage`, or one more part of it, took `time`.
    fn finished(&self, _stage: Stage, _time: Duration) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// Runs `work` as `stage`: says it begins, and how long it took.
pub fn timed<T>(progress: &dyn Progress, stage: Stage, work: impl FnOnce() -> T) -> T {
    progress.begin(stage);
    let started = Instant::now();
    let out = work();
    progress.finished(stage, started.elapsed());
    out
}

/// Times stages that follow one another, for a step such as the fit whose
/// stages share their data and so cannot each be one closure.
pub struct Laps<'p> {
    progress: &'p dyn Progress,
    since: Instant,
}

impl<'p> Laps<'p> {
    /// Says `first` begins and starts its clock.
    pub fn begin(progress: &'p dyn Progress, first: Stage) -> Laps<'p> {
        progress.begin(first);
        Laps {
            progress,
            since: Instant::now(),
        }
    }

    /// Reports `done` as finished and says `next` begins.
    pub fn next(&mut self, done: Stage, next: Stage) {
        self.lap(done);
        self.progress.begin(next);
    }

    /// Reports `done` as finished, and starts timing whatever follows.
    pub fn lap(&mut self, done: Stage) {
        self.progress.finished(done, self.since.elapsed());
        self.since = Instant::now();
    }
}
