//! Images in the PDF: stored compressed at the size the page needs, once per picture, and
//! checked with qpdf and pdfimages.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document as Pdf, Object};
use postbind::book::BookOptions;
use postbind::pdf::{write_book_pdf, write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

fn dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pdf-images")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create test folder");
    dir
}

fn post(dir: &Path, body: &str) -> Document {
    let path = dir.join("post.md");
    std::fs::write(&path, format!("---\ntitle: 图片\n---\n\n{body}\n")).expect("write post");
    load_post(&path, &LoadOptions::default())
        .expect("post loads")
        .doc
}

fn render(dir: &Path, doc: &Document, dpi: Option<f32>) -> (Vec<u8>, PathBuf) {
    let opts = PdfOptions {
        page_size: PageSize::A4,
        image_dpi: dpi,
        ..PdfOptions::default()
    };
    let rendered = write_pdf(doc, &opts).expect("render");
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let path = dir.join(format!("out-{}.pdf", dpi.unwrap_or(0.0)));
    std::fs::write(&path, &rendered.bytes).expect("write PDF");
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is needed for this test (apt-get install qpdf)");
    assert!(out.status.success(), "{out:?}");
    (rendered.bytes, path)
}

/// Each image stream: (width, height, filter, colour space name, has a soft mask).
fn images(bytes: &[u8]) -> Vec<(i64, i64, String, String, bool)> {
    let pdf = Pdf::load_mem(bytes).expect("PDF parses");
    let name = |o: Option<&Object>| match o {
        Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        Some(Object::Array(a)) => match a.first() {
            Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let mut masks = std::collections::HashSet::new();
    let mut found = Vec::new();
    for (id, object) in &pdf.objects {
        let Object::Stream(s) = object else { continue };
        if s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) != Some(b"Image") {
            continue;
        }
        if let Ok(Object::Reference(m)) = s.dict.get(b"SMask") {
            masks.insert(*m);
        }
        let int = |k: &[u8]| s.dict.get(k).and_then(Object::as_i64).unwrap_or(0);
        found.push((
            *id,
            (
                int(b"Width"),
                int(b"Height"),
                name(s.dict.get(b"Filter").ok()),
                name(s.dict.get(b"ColorSpace").ok()),
                s.dict.has(b"SMask"),
            ),
        ));
    }
    found
        .into_iter()
        .filter(|(id, _)| !masks.contains(id))
        .map(|(_, i)| i)
        .collect()
}

/// A screenshot as apps make them: a title bar, a sidebar and lines of anti-aliased text.
fn screenshot(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        if y < 40 {
            return image::Rgb([45, 50, 60]);
        }
        if x < 240 {
            return image::Rgb([240, 242, 245]);
        }
        let (line, col) = (y % 26, x % 97);
        if (6..18).contains(&line) && col < 80 && (x / 7 + y / 3) % 3 != 0 {
            // Glyph edges in a few greys, as text rendering leaves them.
            let edge = ((x * 7 + y * 13) % 5) as u8;
            image::Rgb([30 + edge * 40, 30 + edge * 40, 30 + edge * 40])
        } else {
            image::Rgb([255, 255, 255])
        }
    })
}

#[test]
fn a_post_with_a_screenshot_is_a_small_file() {
    let dir = dir("screenshot");
    screenshot(1600, 1000)
        .save(dir.join("shot.png"))
        .expect("write PNG");
    let doc = post(&dir, "前文。\n\n![截图](shot.png)\n\n后文。");
    let (bytes, _) = render(&dir, &doc, None);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let found = images(&bytes);
    assert_eq!(found.len(), 1, "{found:?}");
    // Few colours: a palette, deflated.
    let (w, h, filter, colour, _) = &found[0];
    assert_eq!((*w, *h), (1600, 1000));
    assert_eq!(
        (filter.as_str(), colour.as_str()),
        ("FlateDecode", "Indexed")
    );
}

#[test]
fn large_images_are_kept_at_the_set_resolution_and_never_enlarged() {
    let dir = dir("resolution");
    // Many colours: a photograph-like gradient, stored with PNG row filters.
    let photo = image::RgbImage::from_fn(4000, 2500, |x, y| {
        image::Rgb([(x / 16) as u8, (y / 10) as u8, ((x + y) / 26) as u8])
    });
    photo.save(dir.join("big.png")).expect("write PNG");
    image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 7]))
        .save(dir.join("small.png"))
        .expect("write PNG");
    photo.save(dir.join("big.jpg")).expect("write JPEG");
    let doc = post(
        &dir,
        "![大](big.png)\n\n![小](small.png)\n\n![照片](big.jpg)",
    );
    // The A4 column is 470.55 pt: 1307 pixels at 200 dpi, 654 at 100.
    for (dpi, side) in [(None, 1307), (Some(100.0), 654)] {
        let (bytes, _) = render(&dir, &doc, dpi);
        let found = images(&bytes);
        assert_eq!(found.len(), 3, "{found:?}");
        let big: Vec<_> = found.iter().filter(|i| i.0 > 300).collect();
        assert_eq!(big.len(), 2, "{found:?}");
        for (w, h, filter, _, _) in big {
            assert!(
                (w - side).abs() <= 1 && (h - side * 5 / 8).abs() <= 2,
                "{w}x{h}"
            );
            // A photograph stays a JPEG; the PNG is deflated.
            assert!(filter == "DCTDecode" || filter == "FlateDecode", "{filter}");
        }
        assert!(found.iter().any(|i| (i.0, i.1) == (300, 200)), "{found:?}");
        assert!(found.iter().any(|i| i.2 == "DCTDecode"), "{found:?}");
    }
}

#[test]
fn transparency_becomes_a_soft_mask_only_where_there_is_some() {
    let dir = dir("alpha");
    image::RgbaImage::from_fn(64, 32, |x, _| image::Rgba([200, 10, 10, (x * 4) as u8]))
        .save(dir.join("fade.png"))
        .expect("write PNG");
    image::RgbaImage::from_fn(64, 32, |x, y| image::Rgba([x as u8, y as u8, 10, 255]))
        .save(dir.join("opaque.png"))
        .expect("write PNG");
    let doc = post(&dir, "![淡出](fade.png)\n\n![不透明](opaque.png)");
    let (bytes, _) = render(&dir, &doc, None);
    let mut masks: Vec<bool> = images(&bytes).iter().map(|i| i.4).collect();
    masks.sort();
    assert_eq!(masks, [false, true]);
}

#[test]
fn the_same_picture_in_two_posts_of_a_book_is_stored_once() {
    let (a, b) = (dir("book/a"), dir("book/b"));
    let shot = screenshot(800, 500);
    shot.save(a.join("logo.png")).expect("write PNG");
    shot.save(b.join("banner.png")).expect("write PNG");
    let docs = vec![
        post(&a, "![标志](logo.png)"),
        post(&b, "![横幅](banner.png)\n\n![又一次](banner.png)"),
    ];
    let rendered =
        write_book_pdf(&docs, &BookOptions::default(), &PdfOptions::default()).expect("render");
    assert_eq!(images(&rendered.bytes).len(), 1);
}
