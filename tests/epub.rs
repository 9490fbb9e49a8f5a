//! EPUB output on the sample, every fixture, hand-built documents and a book: epubcheck clean,
//! well-formed, deterministic, with subset fonts and every character kept.

mod epub_common;

use epub_common::*;
use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::epub::{write_book, write_epub, EpubOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

fn sample() -> Document {
    load_post(&root().join("fixtures/zaker-news-post.txt"), &LoadOptions::default())
        .unwrap()
        .doc
}

#[test]
fn sample_epub_passes_epubcheck() {
    let out = write_epub(&sample(), &EpubOptions::default()).unwrap();
    std::fs::write(std::env::temp_dir().join("postbind-sample.epub"), &out.bytes).unwrap();
    eprintln!("sample EPUB: {} bytes, warnings: {:?}", out.bytes.len(), out.warnings);
    assert_epubcheck(&out.bytes, "sample");
}

#[test]
fn every_type_passes_epubcheck() {
    let dir = image_dir();
    let out = write_epub(&every_type(Some(dir.path().to_path_buf())), &EpubOptions::default()).unwrap();
    std::fs::write(std::env::temp_dir().join("postbind-every.epub"), &out.bytes).unwrap();
    eprintln!("warnings: {:#?}", out.warnings);
    assert_epubcheck(&out.bytes, "every-type");
}
