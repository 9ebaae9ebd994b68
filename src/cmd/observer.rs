//! What the command line shows while the library works: a progress line on a
//! terminal, and under `--timings` the time each stage took.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use policy_themes::plural::count;
use policy_themes::progress::{Progress, Stage};

/// A [`Progress`] that draws on stderr (when `draw`) and keeps every stage's
/// time for [`Observer::throughput`].
pub struct Observer {
    bar: ProgressBar,
    times: Mutex<Times>,
}

#[derive(Default)]
struct Times {
    stages: Vec<(Stage, Duration)>,
    articles: usize,
    bytes: usize,
}

impl Observer {
    /// Draws only on a terminal, and never with `-q`.
    pub fn for_stderr(quiet: bool) -> Observer {
        let bar = if !quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Observer {
            bar,
            times: Mutex::new(Times::default()),
        }
    }

    /// Clears the progress line, before the command prints its own.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    /// The line `--timings` prints: `N articles, M MB in T s: R articles/s,
    /// S MB/s; read files t s, …, write report t s; jieba segmentation P% of
    /// the wall time; after segmentation t s: P% of the segmentation time, P%
    /// of the wall time`. Everything from the fit to the written report is
    /// what segmentation, the floor of a run, leaves to the rest.
    /// bench/scale.sh reads it.
    /// `writing` is the time the report took to write, which the command
    /// measures itself.
    pub fn throughput(&self, wall: Duration, writing: Duration) -> String {
        let t = self.times.lock().unwrap_or_else(|e| e.into_inner());
        let secs = wall.as_secs_f64().max(1e-9);
        let mb = t.bytes as f64 / 1e6;
        let mut stages: Vec<String> = t
            .stages
            .iter()
            .map(|(stage, d)| format!("{} {:.2} s", stage.label(), d.as_secs_f64()))
            .collect();
        stages.push(format!("write report {:.2} s", writing.as_secs_f64()));
        let of = |wanted: Stage| -> Duration {
            t.stages
                .iter()
                .filter(|(s, _)| *s == wanted)
                .map(|(_, d)| *d)
                .sum()
        };
        let segmenting = of(Stage::Segment).as_secs_f64();
        let after = writing
            + t.stages
                .iter()
                .filter(|(s, _)| s.after_segmentation())
                .map(|(_, d)| *d)
                .sum::<Duration>();
        format!(
            "{}, {mb:.1} MB in {secs:.1} s: {:.0} articles/s, {:.1} MB/s; {}; jieba segmentation {:.0}% of the wall time; after segmentation {:.2} s: {:.0}% of the segmentation time, {:.0}% of the wall time",
            count(t.articles, "article"),
            t.articles as f64 / secs,
            mb / secs,
            stages.join(", "),
            100.0 * segmenting / secs,
            after.as_secs_f64(),
            100.0 * after.as_secs_f64() / segmenting.max(1e-9),
            100.0 * after.as_secs_f64() / secs
        )
    }
}

impl Progress for Observer {
    fn begin(&self, stage: Stage) {
        let template = if stage == Stage::ReadFiles {
            "{spinner} {msg} {human_pos} articles ({per_sec})"
        } else {
            "{spinner} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
        self.bar.set_message(match stage {
            // The fit's steps follow each other quickly: one message for all.
            Stage::Vocabulary | Stage::Reduce | Stage::Cluster | Stage::NameThemes => {
                "fitting themes"
            }
            other => other.label(),
        });
    }

    fn read(&self, articles: usize, bytes: usize) {
        self.bar.inc(articles as u64);
        let mut t = self.times.lock().unwrap_or_else(|e| e.into_inner());
        t.articles += articles;
        t.bytes += bytes;
    }

    fn finished(&self, stage: Stage, time: Duration) {
        let mut t = self.times.lock().unwrap_or_else(|e| e.into_inner());
        t.stages.push((stage, time));
    }
}
