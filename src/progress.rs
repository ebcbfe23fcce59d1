//! What the terminal shows while a merge runs (SPEC §1): one bar on stderr
//! that advances stage by stage and names the stage under way, in the run's
//! language. Drawn only when stderr is a terminal and `--quiet` is off: a
//! redirected or piped run, and every test, writes nothing.

use crate::i18n::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// The stages of a merge in the order they run; the names are those of
/// `run.json`'s timings, `write` being the outputs.
pub const STAGES: [(&str, &str, &str); 8] = [
    ("read", "Đọc tệp", "Reading files"),
    ("normalize", "Chuẩn hoá dữ liệu", "Normalising values"),
    ("decisions", "Đọc quyết định", "Reading decisions"),
    ("match", "Đối chiếu hồ sơ", "Matching records"),
    ("organise", "Sắp xếp đơn vị", "Placing units"),
    ("merge", "Gộp hồ sơ", "Merging records"),
    ("conflicts", "Tổng hợp xung đột", "Collecting conflicts"),
    ("write", "Ghi kết quả", "Writing outputs"),
];

pub struct Progress {
    bar: ProgressBar,
    lang: Lang,
}

impl Progress {
    /// Counts stages but draws nothing.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::with_draw_target(
                Some(STAGES.len() as u64),
                ProgressDrawTarget::hidden(),
            ),
            lang: Lang::Vi,
        }
    }

    /// On stderr when it is a terminal; hidden otherwise.
    pub fn on_stderr(lang: Lang) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                lang,
                ..Progress::hidden()
            };
        }
        let bar =
            ProgressBar::with_draw_target(Some(STAGES.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{bar:16}] {pos}/{len} {msg} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        // A stage of a province runs for seconds with nothing to report: the
        // spinner and the clock show the run is alive.
        bar.enable_steady_tick(Duration::from_millis(120));
        let progress = Progress { bar, lang };
        progress.show(0);
        progress
    }

    /// `stage` (a name of [`STAGES`]) is done: advance and name the next one.
    pub fn done(&self, stage: &str) {
        if let Some(i) = STAGES.iter().position(|s| s.0 == stage) {
            self.bar.set_position(i as u64 + 1);
            self.show(i + 1);
        }
    }

    fn show(&self, i: usize) {
        if let Some(&(_, vi, en)) = STAGES.get(i) {
            self.bar.set_message(format!("{}…", self.lang.pick(vi, en)));
        }
    }

    /// Stages finished so far.
    pub fn position(&self) -> u64 {
        self.bar.position()
    }

    /// Remove the bar before the summary is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_advance_in_order_and_unknown_names_are_ignored() {
        let p = Progress::hidden();
        p.done("read");
        assert_eq!(p.position(), 1);
        p.done("match");
        assert_eq!(p.position(), 4);
        p.done("no such stage");
        assert_eq!(p.position(), 4);
        p.done("write");
        assert_eq!(p.position(), STAGES.len() as u64);
    }
}
