//! What a folder walk could not take: every error, unreadable folder, symbolic link and special
//! file is reported by name (as a failure, so the run exits 1), never skipped in silence.
//!
//! `walk_dir` hands each entry to [`entry`]; `find_posts` collects the problems with [`take`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PROBLEMS: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

fn record(path: PathBuf, why: String) {
    if let Ok(mut p) = PROBLEMS.lock() {
        p.push((path, why));
    }
}

/// The problems found since the last call, in the order found.
pub fn take() -> Vec<(PathBuf, String)> {
    PROBLEMS
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default()
}

fn is_post_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| crate::convert::POST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The entry when the walk may use it; otherwise records why not (when it matters) and
/// returns `None`.
pub fn entry(result: walkdir::Result<walkdir::DirEntry>) -> Option<walkdir::DirEntry> {
    let entry = match result {
        Ok(e) => e,
        Err(e) => {
            let path = e.path().map(Path::to_path_buf).unwrap_or_default();
            let why = match e.io_error() {
                Some(io) => io.to_string(),
                None => e.to_string(),
            };
            record(
                path,
                format!("cannot read: {why}; the posts in it were not converted"),
            );
            return None;
        }
    };
    let kind = entry.file_type();
    if kind.is_symlink() {
        let to_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
        if to_dir || is_post_name(entry.path()) {
            record(
                entry.path().to_path_buf(),
                "is a symbolic link, which is not followed inside a folder; not converted \
                 (give its target as an INPUT)"
                    .into(),
            );
        }
        return None;
    }
    if !kind.is_file() && !kind.is_dir() {
        if is_post_name(entry.path()) {
            record(
                entry.path().to_path_buf(),
                "is not a regular file (a FIFO, socket or device); not converted".into(),
            );
        }
        return None;
    }
    Some(entry)
}
