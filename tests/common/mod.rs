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

/// Internal links: (page of the link, page of its destination, its y from the bottom).
pub fn gotos(bytes: &[u8]) -> Vec<(usize, usize, f32)> {
    use lopdf::{Document as Pdf, Object};
    let pdf = Pdf::load_mem(bytes).expect("parse PDF");
    let ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let mut out = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let page = pdf.get_dictionary(*id).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let a = match a {
                Object::Reference(r) => pdf.get_dictionary(*r).expect("annotation"),
                Object::Dictionary(d) => d,
                _ => continue,
            };
            let Ok(action) = a.get(b"A").and_then(Object::as_dict) else {
                continue;
            };
            let Ok(dest) = action.get(b"D").and_then(Object::as_array) else {
                continue;
            };
            let target = dest.first().and_then(|o| o.as_reference().ok());
            let y = dest.get(3).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
            if let Some(to) = ids.iter().position(|i| Some(*i) == target) {
                out.push((n, to, y));
            }
        }
    }
    out
}
