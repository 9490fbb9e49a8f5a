//! Time and size of EPUB output: `cargo bench --bench epub` (release build).
//! Prints per-EPUB wall time (median of runs) and sizes for the sample, each fixture and a
//! book of all fixtures.

use std::path::Path;
use std::time::{Duration, Instant};

use postbind::book::{BookOptions, GroupBy};
use postbind::epub::{write_book, write_epub, EpubOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

fn median(mut f: impl FnMut() -> usize, runs: usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        size = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], size)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("txt" | "md" | "markdown" | "html" | "htm")
                )
        })
        .collect();
    names.sort();
    let opts = EpubOptions::default();
    // Parse the fonts once, as a real run does.
    let _ = postbind::fonts::FontSet::builtin();
    let mut docs: Vec<Document> = Vec::new();
    for path in &names {
        let doc = load_post(path, &LoadOptions::default())
            .expect("fixture loads")
            .doc;
        let (t, size) = median(|| write_epub(&doc, &opts).expect("epub").bytes.len(), 21);
        println!(
            "{:<36} {:>9} bytes  {:>8.2} ms",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            size,
            t.as_secs_f64() * 1000.0
        );
        docs.push(doc);
    }
    let book = BookOptions {
        group_by: GroupBy::Category,
        ..Default::default()
    };
    let (t, size) = median(
        || write_book(&docs, &book, &opts).expect("book").bytes.len(),
        11,
    );
    println!(
        "{:<36} {:>9} bytes  {:>8.2} ms",
        format!("book of {} posts", docs.len()),
        size,
        t.as_secs_f64() * 1000.0
    );
    // A long post: the sample's body fifty times over.
    if let Some(sample) = names
        .iter()
        .position(|p| p.ends_with("zaker-news-post.txt"))
    {
        let mut long = docs[sample].clone();
        let body = long.blocks.clone();
        for _ in 1..50 {
            long.blocks.extend(body.iter().cloned());
        }
        let (t, size) = median(|| write_epub(&long, &opts).expect("epub").bytes.len(), 5);
        println!(
            "{:<36} {:>9} bytes  {:>8.2} ms",
            "sample body x50",
            size,
            t.as_secs_f64() * 1000.0
        );
    }
    let vertical = EpubOptions {
        vertical: true,
        ..Default::default()
    };
    if let Some(sample) = names
        .iter()
        .position(|p| p.ends_with("zaker-news-post.txt"))
    {
        let (t, size) = median(
            || {
                write_epub(&docs[sample], &vertical)
                    .expect("epub")
                    .bytes
                    .len()
            },
            21,
        );
        println!(
            "{:<36} {:>9} bytes  {:>8.2} ms",
            "sample --vertical",
            size,
            t.as_secs_f64() * 1000.0
        );
    }
}
