//! Rendering and comparing pages with the references in tests/visual/: shared by the PDF and
//! the font (PDF and EPUB) visual tests. A failure writes a diff image (differing pixels in red)
//! to target/tmp/visual-diff/.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use image::{Rgb, RgbImage};

/// A pixel differs when a channel moves by more than this (anti-aliasing noise stays under).
const CHANNEL_TOLERANCE: u8 = 64;
/// A page differs when more than this share of its pixels do.
const PAGE_TOLERANCE: f64 = 0.004;

pub fn tmp(sub: &str) -> PathBuf {
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

/// Renders `pdf` and compares its pages with `tests/visual/{name}-N.png`.
pub fn check(name: &str, pdf: &[u8]) {
    let pages = rasterize(name, pdf);
    check_pages(name, &pages);
}

/// Compares rendered pages with `tests/visual/{name}-N.png` (`UPDATE_VISUAL=1` rewrites them).
pub fn check_pages(name: &str, pages: &[PathBuf]) {
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
