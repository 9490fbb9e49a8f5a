//! Visual regression: pages rendered with `pdftoppm -r 50` must match the reference PNGs in
//! tests/visual/ within a tolerance. A failure writes a diff image (differing pixels in red) to
//! target/tmp/visual-diff/. `UPDATE_VISUAL=1 cargo test --test pdf_visual` rewrites the references
//! after an intended layout change (look at them before committing).

use std::path::{Path, PathBuf};
use std::process::Command;

use image::{Rgb, RgbImage};
use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::pdf::{write_book_pdf, write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

/// A pixel differs when a channel moves by more than this (anti-aliasing noise stays under).
const CHANNEL_TOLERANCE: u8 = 64;
/// A page differs when more than this share of its pixels do.
const PAGE_TOLERANCE: f64 = 0.004;

fn load(path: &str) -> Document {
    load_post(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .doc
}

fn tmp(sub: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(sub);
    std::fs::create_dir_all(&dir).expect("create folder");
    dir
}

/// Renders the PDF's pages at 50 dpi, in page order.
fn rasterize(name: &str, pdf: &[u8]) -> Vec<PathBuf> {
    let dir = tmp("visual").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create render folder");
    let pdf_path = dir.join("out.pdf");
    std::fs::write(&pdf_path, pdf).expect("write PDF");
    let status = Command::new("pdftoppm")
        .args(["-r", "50", "-gray", "-png"])
        .arg(&pdf_path)
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm is needed (apt-get install poppler-utils)");
    assert!(status.success(), "pdftoppm failed on {name}");
    let mut pages: Vec<(u32, PathBuf)> = std::fs::read_dir(&dir)
        .expect("read render folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_string();
            let n = stem.strip_prefix("page-")?.parse().ok()?;
            Some((n, p))
        })
        .collect();
    pages.sort();
    pages.into_iter().map(|(_, p)| p).collect()
}

/// Share of differing pixels, and an image showing them.
fn compare(a: &RgbImage, b: &RgbImage) -> (f64, RgbImage) {
    let mut diff = RgbImage::new(a.width(), a.height());
    let mut count = 0u64;
    for (x, y, pa) in a.enumerate_pixels() {
        let pb = b.get_pixel(x, y);
        let differs =
            pa.0.iter()
                .zip(pb.0)
                .any(|(p, q)| p.abs_diff(q) > CHANNEL_TOLERANCE);
        let out = if differs {
            count += 1;
            Rgb([255, 0, 0])
        } else {
            // The reference, faded, for orientation.
            let v = 200 + pa.0[0] / 5;
            Rgb([v, v, v])
        };
        diff.put_pixel(x, y, out);
    }
    (
        count as f64 / f64::from(a.width() * a.height()).max(1.0),
        diff,
    )
}

fn check(name: &str, pdf: &[u8]) {
    let pages = rasterize(name, pdf);
    let refs = Path::new("tests/visual");
    if std::env::var_os("UPDATE_VISUAL").is_some() {
        std::fs::create_dir_all(refs).expect("create tests/visual");
        for old in std::fs::read_dir(refs)
            .expect("read tests/visual")
            .filter_map(Result::ok)
        {
            let file = old.file_name().to_string_lossy().into_owned();
            if file.starts_with(&format!("{name}-")) {
                std::fs::remove_file(old.path()).expect("remove old reference");
            }
        }
        for (i, page) in pages.iter().enumerate() {
            std::fs::copy(page, refs.join(format!("{name}-{}.png", i + 1)))
                .expect("write reference");
        }
        return;
    }
    let expected = (1..)
        .map(|i| refs.join(format!("{name}-{i}.png")))
        .take_while(|p| p.exists())
        .count();
    assert_eq!(
        pages.len(),
        expected,
        "{name}: page count changed (references: tests/visual/{name}-N.png)"
    );
    let mut failures = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let reference = refs.join(format!("{name}-{}.png", i + 1));
        let want = image::open(&reference).expect("open reference").to_rgb8();
        let got = image::open(page).expect("open render").to_rgb8();
        if want.dimensions() != got.dimensions() {
            failures.push(format!(
                "page {}: size {:?} != {:?}",
                i + 1,
                got.dimensions(),
                want.dimensions()
            ));
            continue;
        }
        let (share, diff) = compare(&want, &got);
        if share > PAGE_TOLERANCE {
            let out = tmp("visual-diff").join(format!("{name}-{}.png", i + 1));
            diff.save(&out).expect("write diff image");
            failures.push(format!(
                "page {}: {:.2}% of pixels differ, see {}",
                i + 1,
                share * 100.0,
                out.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{name} looks different:\n{}",
        failures.join("\n")
    );
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
    // Footnotes linked both ways under a rule, task boxes, callouts, definition lists,
    // highlighted and wrapped code, formulas as TeX, a sized data: image.
    for (name, path) in [
        ("footnotes-a5", "fixtures/footnotes.md"),
        ("callouts-a5", "fixtures/callouts.md"),
        ("code-a5", "fixtures/code-highlight.md"),
        ("math-a5", "fixtures/math.md"),
        ("images-sized-a5", "fixtures/images-sized.html"),
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
