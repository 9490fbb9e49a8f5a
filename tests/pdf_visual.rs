//! Visual regression: pages rendered with `pdftoppm -r 50` must match the reference PNGs in
//! tests/visual/ within a tolerance. A failure writes a diff image (differing pixels in red) to
//! target/tmp/visual-diff/. `UPDATE_VISUAL=1 cargo test --test pdf_visual` rewrites the references
//! after an intended layout change (look at them before committing).

use std::path::Path;

mod visual_support;
use visual_support::check;

use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::pdf::{write_book_pdf, write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

fn load(path: &str) -> Document {
    load_post(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .doc
}

fn opts(page_size: PageSize) -> PdfOptions {
    PdfOptions {
        page_size,
        ..PdfOptions::default()
    }
}

fn render(doc: &Document, size: PageSize) -> Vec<u8> {
    write_pdf(doc, &opts(size)).expect("render").bytes
}

#[test]
fn sample_a4_looks_the_same() {
    check(
        "sample-a4",
        &render(&load("fixtures/zaker-news-post.txt"), PageSize::A4),
    );
}

#[test]
fn sample_ereader_looks_the_same() {
    check(
        "sample-ereader",
        &render(&load("fixtures/zaker-news-post.txt"), PageSize::Ereader),
    );
}

#[test]
fn every_block_type_a4_looks_the_same() {
    check(
        "every-block-a4",
        &render(&load("tests/pdf/every-block.md"), PageSize::A4),
    );
}

#[test]
fn every_block_type_ereader_looks_the_same() {
    check(
        "every-block-ereader",
        &render(&load("tests/pdf/every-block.md"), PageSize::Ereader),
    );
}

#[test]
fn technical_content_looks_the_same() {
    // Footnotes linked both ways at the foot of the page, underline/mark/small/kbd, task boxes,
    // callouts, definition lists, highlighted and wrapped code, typeset formulas, a sized data:
    // image, small images and formulas in the line.
    for (name, path) in [
        ("footnotes-a5", "fixtures/footnotes.md"),
        ("inline-styles-a5", "fixtures/inline-styles.html"),
        ("callouts-a5", "fixtures/callouts.md"),
        ("code-a5", "fixtures/code-highlight.md"),
        ("math-a5", "fixtures/math.md"),
        ("images-sized-a5", "fixtures/images-sized.html"),
        ("inline-image-a5", "tests/pdf/inline-image.md"),
    ] {
        check(name, &render(&load(path), PageSize::A5));
    }
}

#[test]
fn indented_a5_looks_the_same() {
    let opts = PdfOptions {
        page_size: PageSize::A5,
        indent: true,
        ..PdfOptions::default()
    };
    let doc = load("fixtures/zaker-news-post.txt");
    check(
        "sample-a5-indent",
        &write_pdf(&doc, &opts).expect("render").bytes,
    );
}

#[test]
fn small_book_looks_the_same() {
    let docs = vec![
        load("tests/pdf/every-block.md"),
        load("fixtures/zaker-news-post.txt"),
    ];
    let book = BookOptions {
        title: Some("测试文集".into()),
        author: Some("编者".into()),
        sort: SortKey::Date,
        group_by: GroupBy::Category,
        ..BookOptions::default()
    };
    check(
        "book-a5",
        &write_book_pdf(&docs, &book, &opts(PageSize::A5))
            .expect("render")
            .bytes,
    );
}
