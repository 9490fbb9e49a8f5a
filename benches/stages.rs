//! Where a post's time goes, stage by stage: `cargo bench --bench stages`.
//!
//! Two inputs: the real ZAKER sample (8 KB) and a generated 20 KB post
//! (`benches/data/post-20k.txt`, from `gen_corpus.py 1 DIR --size 20480 --seed 7`), the
//! largest body the batch corpus holds. Throughput is in input bytes, so stages compare
//! directly: a stage at 1/10 of `load_bytes`'s rate takes 10% of its time.
//!
//! Writers are found at run time through `postbind::render` (and `render_book`): a format
//! this build does not dispatch yet is skipped with a note. The PDF writer is also measured
//! directly (`pdf-writer`, `book/pdf-writer`) until `render` dispatches to it. Font subsetting
//! is measured on its own for the glyphs one post needs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use postbind::book::BookOptions;
use postbind::fonts::{subset, Family, FontSet};
use postbind::html::{self, ParseOptions};
use postbind::pdf::{write_book_pdf, write_pdf, PdfOptions};
use postbind::pipeline::{load_bytes, LoadOptions};
use postbind::read::{read_post, BodyFormat};
use postbind::tree::block_text;
use postbind::{markdown, render, render_book, Format, RenderOptions};

const INPUTS: [(&str, &[u8]); 2] = [
    (
        "sample-8k",
        include_bytes!("../fixtures/zaker-news-post.txt"),
    ),
    ("generated-20k", include_bytes!("data/post-20k.txt")),
];

fn stages(c: &mut Criterion) {
    let load = LoadOptions::default();
    let parse = ParseOptions::default();
    let render_opts = RenderOptions::default();
    let mut group = c.benchmark_group("stages");
    for (name, bytes) in INPUTS {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let Ok(source) = read_post(bytes, BodyFormat::Auto) else {
            eprintln!("{name}: does not read; skipped");
            continue;
        };
        let Ok(post) = load_bytes(bytes, Some(name), None, &load) else {
            eprintln!("{name}: does not load; skipped");
            continue;
        };

        group.bench_with_input(BenchmarkId::new("read", name), bytes, |b, bytes| {
            b.iter(|| read_post(black_box(bytes), BodyFormat::Auto))
        });
        group.bench_with_input(BenchmarkId::new("parse", name), &source.html, |b, html| {
            b.iter(|| html::parse(black_box(html), &parse))
        });
        group.bench_with_input(BenchmarkId::new("markdown", name), &post.doc, |b, doc| {
            b.iter(|| markdown::write(black_box(doc)))
        });
        group.bench_with_input(BenchmarkId::new("load_bytes", name), bytes, |b, bytes| {
            b.iter(|| load_bytes(black_box(bytes), Some("post"), None, &load))
        });
        // The one subset a post needs most: its CJK characters in the regular Sans face.
        let fonts = FontSet::builtin();
        let mut text = String::new();
        block_text(&post.doc.blocks, &mut text);
        if let Some(id) = fonts.face_for('中', Family::Sans, false) {
            let face = fonts.face(id);
            let mut glyphs: Vec<u16> = text.chars().filter_map(|c| face.glyph_id(c)).collect();
            glyphs.push(0);
            glyphs.sort_unstable();
            glyphs.dedup();
            let id = BenchmarkId::new(format!("subset-{}-glyphs", glyphs.len()), name);
            group.bench_with_input(id, &glyphs, |b, glyphs| {
                b.iter(|| subset(face, black_box(glyphs)))
            });
        }
        let pdf = PdfOptions::default();
        if render(&post.doc, Format::Pdf, &render_opts).is_err() {
            match write_pdf(&post.doc, &pdf) {
                Ok(_) => {
                    let id = BenchmarkId::new("pdf-writer", name);
                    group.bench_with_input(id, &post.doc, |b, doc| {
                        b.iter(|| write_pdf(black_box(doc), &pdf))
                    });
                }
                Err(e) => eprintln!("{name}: pdf::write_pdf skipped: {e}"),
            }
        }
        for format in Format::ALL {
            if let Err(e) = render(&post.doc, format, &render_opts) {
                eprintln!("{name}: {format} skipped: {e}");
                continue;
            }
            let id = BenchmarkId::new(format!("render-{}", format.extension()), name);
            group.bench_with_input(id, &post.doc, |b, doc| {
                b.iter(|| render(black_box(doc), format, &render_opts))
            });
        }
        // What a batch pays per post and format: everything from bytes to output bytes.
        for format in Format::ALL {
            if render(&post.doc, format, &render_opts).is_err() {
                continue;
            }
            let id = BenchmarkId::new(format!("bytes-to-{}", format.extension()), name);
            group.bench_with_input(id, bytes, |b, bytes| {
                b.iter(|| {
                    load_bytes(black_box(bytes), Some("post"), None, &load)
                        .ok()
                        .map(|post| render(&post.doc, format, &render_opts))
                })
            });
        }
    }
    group.finish();
}

/// A book of 50 posts (the two inputs, 25 times): one set of subsets, 50 chapters.
fn book(c: &mut Criterion) {
    let load = LoadOptions::default();
    let opts = RenderOptions::default();
    let book = BookOptions::default();
    let docs: Vec<_> = INPUTS
        .iter()
        .filter_map(|(name, bytes)| load_bytes(bytes, Some(name), None, &load).ok())
        .map(|post| post.doc)
        .cycle()
        .take(50)
        .collect();
    let bytes: usize = INPUTS.iter().map(|(_, b)| b.len()).sum::<usize>() * 25;
    let mut group = c.benchmark_group("book");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for format in [Format::Epub, Format::Pdf] {
        if let Err(e) = render_book(&docs, format, &book, &opts) {
            eprintln!("book: {format} skipped: {e}");
            continue;
        }
        let id = BenchmarkId::new(format.extension(), "50-posts");
        group.bench_with_input(id, &docs, |b, docs| {
            b.iter(|| render_book(black_box(docs), format, &book, &opts))
        });
    }
    let pdf = PdfOptions::default();
    if render_book(&docs, Format::Pdf, &book, &opts).is_err()
        && write_book_pdf(&docs, &book, &pdf).is_ok()
    {
        group.bench_with_input(
            BenchmarkId::new("pdf-writer", "50-posts"),
            &docs,
            |b, docs| b.iter(|| write_book_pdf(black_box(docs), &book, &pdf)),
        );
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Short runs: the machine is shared, and the differences worth seeing are large.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = stages, book
}
criterion_main!(benches);
