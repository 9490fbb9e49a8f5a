//! What the user sees while a run goes: a progress bar on a terminal, every failure with its
//! reason, warnings, and a summary at the end.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Reporter {
    quiet: bool,
    /// The run keeps a manifest: after an interrupt, a rerun with --changed-only resumes it.
    pub resumable: bool,
    summary: bool,
    bar: Option<ProgressBar>,
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
            resumable: false,
            summary: true,
            bar: None,
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

    /// Shows a progress bar for batches, only on a terminal and never with --quiet.
    pub fn start(&mut self, total: usize) {
        if self.quiet || total < 2 || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30.cyan/blue} {pos}/{len} posts  {per_sec}  ETA {eta}  {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
    }

    fn say(&self, line: &str) {
        let line = one_line(line);
        let line = line.as_str();
        match &self.bar {
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
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Unchanged since the last run (`--changed-only`).
    pub fn skipped(&self) {
        self.skipped.fetch_add(1, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// A draft, left out without `--drafts`.
    pub fn draft(&self) {
        self.drafts.fetch_add(1, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Left for the next run after Ctrl-C.
    pub fn not_started(&self) {
        self.not_started.fetch_add(1, Ordering::Relaxed);
    }

    pub fn failed(&self, name: &str, why: &str) {
        self.say(&format!("error: {name}: {why}"));
        let count = match self.failures.lock() {
            Ok(mut f) => {
                f.push((name.to_string(), why.to_string()));
                f.len()
            }
            Err(_) => 0,
        };
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(format!("{count} failed"));
        }
    }

    /// Prints the summary; true when nothing failed.
    pub fn finish(self, elapsed: Duration, interrupted: bool) -> bool {
        if let Some(bar) = &self.bar {
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
