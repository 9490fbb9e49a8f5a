//! Reading-stage throughput on a 10,000-post batch built from the fixtures.
//!
//! `cargo run --release --example read_throughput`

use std::time::Instant;

use postbind::read::{read_post, BodyFormat};

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut posts = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e != "py") {
            posts.push((
                path.file_name().map(|n| n.to_string_lossy().into_owned()),
                std::fs::read(&path)?,
            ));
        }
    }
    let batch: Vec<&[u8]> = posts
        .iter()
        .map(|(_, b)| b.as_slice())
        .cycle()
        .take(10_000)
        .collect();
    let bytes: usize = batch.iter().map(|b| b.len()).sum();

    let start = Instant::now();
    let mut html = 0;
    for post in &batch {
        if let Ok(source) = read_post(post, BodyFormat::Auto) {
            html += source.html.len();
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{} posts ({} fixtures, {:.1} MB) read in {:.1} ms: {:.1} µs/post, {:.0} MB/s; {html} bytes of HTML",
        batch.len(),
        posts.len(),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / batch.len() as f64,
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );

    for (name, post) in &posts {
        let start = Instant::now();
        for _ in 0..1000 {
            let _ = read_post(post, BodyFormat::Auto);
        }
        println!(
            "{:>40}: {:.1} µs",
            name.as_deref().unwrap_or("?"),
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}
