//! What the user sees while a run goes: a progress bar on a terminal, every failure with its
//! reason, warnings, and a summary at the end.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Reporter {
    quiet: bool,
    /// Standard error is a terminal and not --quiet: a progress bar may be shown (asked once).
    terminal: bool,
    /// The run keeps a manifest: after an interrupt, a rerun with --changed-only resumes it.
    pub resumable: bool,
    summary: bool,
    /// Made once a second post is found (a single post shows no bar).
    bar: OnceLock<ProgressBar>,
    /// Posts settled (converted, skipped, drafts, failed): the bar's position.
    done: AtomicUsize,
    converted: AtomicUsize,
    files: AtomicUsize,
    skipped: AtomicUsize,
    drafts: AtomicUsize,
    not_started: AtomicUsize,
    failures: Mutex<Vec<(String, String)>>,
}

impl Reporter {
    pub fn new(quiet: bool) -> Reporter {
        Reporter {
            quiet,
            terminal: !quiet && std::io::stderr().is_terminal(),
            resumable: false,
            summary: true,
            bar: OnceLock::new(),
            done: AtomicUsize::new(0),
            converted: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            skipped: AtomicUsize::new(0),
            drafts: AtomicUsize::new(0),
            not_started: AtomicUsize::new(0),
            failures: Mutex::new(Vec::new()),
        }
    }

    /// No closing summary line (the caller says what it made).
    pub fn without_summary(mut self) -> Reporter {
        self.summary = false;
        self
    }

    fn wants_bar(&self) -> bool {
        self.terminal
    }

    /// The walk has found `count` posts so far (a bar only on a terminal, never with --quiet): the bar appears with the second, and its
    /// length grows with the walk until [`Reporter::walk_done`] gives the total.
    pub fn found(&self, count: usize) {
        if count < 2 || !self.wants_bar() {
            return;
        }
        if let Some(bar) = self.bar.get() {
            // Cheap enough per post, and the walk runs ahead of the workers anyway.
            if count.is_multiple_of(64) {
                bar.set_length(count as u64);
            }
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar =
                ProgressBar::with_draw_target(Some(count as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len}+ posts (finding more)  {per_sec}  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        bar.set_position(self.done.load(Ordering::Relaxed) as u64);
    }

    /// The walk is over: `total` posts in all.
    pub fn walk_done(&self, total: usize) {
        let Some(bar) = self.bar.get() else {
            return;
        };
        bar.set_length(total as u64);
        let style = ProgressStyle::with_template(
            "{bar:30.cyan/blue} {pos}/{len} posts  {per_sec}  ETA {eta}  {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
    }

    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn say(&self, line: &str) {
        let line = one_line(line);
        let line = line.as_str();
        match self.bar.get() {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub fn converted(&self, name: &str, warnings: &[String], files: usize) {
        self.converted.fetch_add(1, Ordering::Relaxed);
        self.files.fetch_add(files, Ordering::Relaxed);
        if !self.quiet {
            // Each writer reports what it met; a problem is told once per post.
            let mut seen = std::collections::HashSet::new();
            for w in warnings.iter().filter(|w| seen.insert(w.as_str())) {
                self.say(&format!("warning: {name}: {w}"));
            }
        }
        self.tick();
    }

    /// Unchanged since the last run (`--changed-only`).
    pub fn skipped(&self) {
        self.skipped.fetch_add(1, Ordering::Relaxed);
        self.tick();
    }

    /// A draft, left out without `--drafts`.
    pub fn draft(&self) {
        self.drafts.fetch_add(1, Ordering::Relaxed);
        self.tick();
    }

    /// Left for the next run after Ctrl-C.
    pub fn not_started(&self) {
        self.not_started.fetch_add(1, Ordering::Relaxed);
    }

    /// An INPUT or a folder that could not be read: a failure, not a post of the bar.
    pub fn problem(&self, name: &str, why: &str) {
        self.record_failure(name, why);
    }

    pub fn failed(&self, name: &str, why: &str) {
        let count = self.record_failure(name, why);
        self.tick();
        if let Some(bar) = self.bar.get() {
            bar.set_message(format!("{count} failed"));
        }
    }

    fn record_failure(&self, name: &str, why: &str) -> usize {
        self.say(&format!("error: {name}: {why}"));
        match self.failures.lock() {
            Ok(mut f) => {
                f.push((name.to_string(), why.to_string()));
                f.len()
            }
            Err(_) => 0,
        }
    }

    /// Prints the summary; true when nothing failed.
    pub fn finish(self, elapsed: Duration, interrupted: bool) -> bool {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
        let failures = self.failures.into_inner().unwrap_or_default();
        let converted = self.converted.load(Ordering::Relaxed);
        let skipped = self.skipped.load(Ordering::Relaxed);
        let not_started = self.not_started.load(Ordering::Relaxed);
        let drafts = self.drafts.load(Ordering::Relaxed);
        if interrupted {
            let rerun = if self.resumable {
                "rerun the same command to do the rest"
            } else {
                "this run kept no manifest, so a rerun converts every post again (with \
                 --changed-only, a rerun skips what is done)"
            };
            eprintln!(
                "interrupted: {not_started} posts not started; finished outputs are complete; {rerun}"
            );
        }
        if self.summary && !self.quiet && (converted + failures.len() + skipped > 1 || interrupted)
        {
            eprintln!(
                "converted {converted} posts ({} files), failed {}, skipped {skipped} unchanged, in {:.1}s",
                self.files.load(Ordering::Relaxed),
                failures.len(),
                elapsed.as_secs_f64()
            );
            for (name, why) in &failures {
                eprintln!("{}", one_line(&format!("  failed: {name}: {why}")));
            }
        }
        if drafts > 0 && !self.quiet {
            eprintln!("left out {drafts} drafts (--drafts includes them)");
        }
        failures.is_empty()
    }
}

/// A report line stays one line: control characters in file names or messages (a newline in
/// a name could forge an `error:` line) are shown escaped.
pub fn one_line(line: &str) -> String {
    if !line.chars().any(char::is_control) {
        return line.to_string();
    }
    line.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
