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

/// Times stages that follow one another: each [`Laps::lap`] reports the time
/// since the previous one.
pub struct Laps<'p> {
    progress: &'p dyn Progress,
    since: Instant,
}

impl<'p> Laps<'p> {
    pub fn start(progress: &'p dyn Progress) -> Laps<'p> {
        Laps {
            progress,
            since: Instant::now(),
        }
    }

    /// Reports `stage` as done, and starts timing the next.
    pub fn lap(&mut self, stage: Stage) {
        self.progress.finished(stage, self.since.elapsed());
        self.since = Instant::now();
    }

    /// Says `stage` begins and restarts the clock, for a stage whose start
    /// was not the end of the previous one.
    pub fn begin(&mut self, stage: Stage) {
        self.progress.begin(stage);
        self.since = Instant::now();
    }
}
