//! Time to write the sample post as an A4 PDF (target: under 100 ms in release, ~20 ms aimed).
//! Run with `cargo bench --bench pdf`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use postbind::pdf::{write_pdf, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};

fn sample_a4(c: &mut Criterion) {
    let post = match load_post(
        Path::new("fixtures/zaker-news-post.txt"),
        &LoadOptions::default(),
    ) {
        Ok(post) => post,
        Err(e) => panic!("sample: {e}"),
    };
    let opts = PdfOptions::default();
    // The fonts are parsed once per process; the first render pays for it outside the timing.
    let first = write_pdf(&post.doc, &opts).map(|r| r.bytes.len());
    eprintln!("sample A4 PDF: {first:?} bytes");
    c.bench_function("write_pdf sample A4", |b| {
        b.iter(|| write_pdf(std::hint::black_box(&post.doc), &opts))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = sample_a4
}
criterion_main!(benches);
