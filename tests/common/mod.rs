//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every post fixture (top level of fixtures/), sorted: the invalid and hostile sets live in
/// subfolders and have tests of their own.
pub fn post_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ["md", "markdown", "html", "htm", "txt"].contains(&e))
        })
        .collect();
    files.sort();
    files
}

pub fn load(path: &Path) -> postbind::pipeline::Post {
    postbind::pipeline::load_post(path, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Han characters and full-width punctuation of a text, in order.
pub fn cjk_sequence(text: &str) -> String {
    text.chars()
        .filter(|&c| postbind::text::is_cjk(c))
        .collect()
}
