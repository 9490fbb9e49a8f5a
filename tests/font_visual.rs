//! Glyph forms and coverage, rendered and compared with the references in tests/visual/:
//! the same Han characters in Japanese, Traditional and Simplified Chinese posts, an English
//! post's quotes, emoji, symbols and other scripts; PDFs through pdftoppm, EPUBs through
//! headless Chromium with no fonts installed (so every glyph comes from the book).
//! `UPDATE_VISUAL=1 cargo test --test font_visual` rewrites the references.

mod visual_support;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use postbind::epub::{write_epub, EpubOptions};
use postbind::fonts::FontSet;
use postbind::pdf::{write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;
use visual_support::{check, check_pages, tmp};

fn load(name: &str) -> Document {
    let path = format!("fixtures/fonts/{name}.md");
    load_post(Path::new(&path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .doc
}

/// The shipped faces only: what the machine has installed must not change the pages.
fn shipped() -> &'static FontSet {
    Box::leak(Box::new(
        FontSet::with_user_fonts(None, Vec::new(), false).expect("shipped faces"),
    ))
}

fn pdf(doc: &Document) -> postbind::pdf::Rendered {
    let opts = PdfOptions {
        page_size: PageSize::Ereader,
        fonts: Some(shipped()),
        ..PdfOptions::default()
    };
    write_pdf(doc, &opts).expect("render")
}

/// What a poppler tool (`pdftotext -`, `pdffonts`) says of `bytes`.
fn poppler(tool: &str, bytes: &[u8], name: &str) -> String {
    let path = tmp("font-visual").join(format!("{name}-{tool}.pdf"));
    std::fs::write(&path, bytes).expect("write PDF");
    let mut cmd = Command::new(tool);
    cmd.arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (apt-get install poppler-utils): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftotext(bytes: &[u8], name: &str) -> String {
    poppler("pdftotext", bytes, name)
}

fn pdffonts(bytes: &[u8], name: &str) -> String {
    poppler("pdffonts", bytes, name)
}

#[test]
fn han_in_each_language_has_its_own_forms_in_pdf() {
    for (name, face) in [
        ("ja", "NotoSansJP"),
        ("zh-tw", "NotoSansTC"),
        ("zh-cn", "NotoSansSC"),
    ] {
        let out = pdf(&load(name));
        let fonts = pdffonts(&out.bytes, name);
        assert!(fonts.contains(face), "{name}: {fonts}");
        for other in ["NotoSansJP", "NotoSansTC", "NotoSansSC"] {
            assert!(other == face || !fonts.contains(other), "{name}: {fonts}");
        }
        check(&format!("fonts-{name}"), &out.bytes);
    }
}

#[test]
fn english_quotes_are_proportional_and_ligatures_keep_their_letters() {
    let out = pdf(&load("en"));
    let fonts = pdffonts(&out.bytes, "en");
    assert!(!fonts.contains("NotoSansSC"), "{fonts}");
    let text = pdftotext(&out.bytes, "en");
    for word in [
        "It’s",
        "reader’s",
        "“own”",
        "don’t",
        "offices",
        "affirm",
        "flourish",
    ] {
        assert!(text.contains(word), "{word} missing from {text}");
    }
    check("fonts-en", &out.bytes);
}

#[test]
fn emoji_symbols_and_scripts_keep_every_character() {
    let out = pdf(&load("symbols"));
    let text = pdftotext(&out.bytes, "symbols");
    for piece in [
        "😃✨✅",
        "👍🏽",
        "👨\u{200d}👩\u{200d}👧",
        "𝑎𝑖=𝑡𝑖|𝑡𝑖+1",
        "⌊x⌋",
        "⌘⌥",
        "✗ ➜",
        "שלום",
        "नमस्ते",
        "สวัสดีชาวโลก",
        "\u{e000}",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from {text}");
    }
    // Only the two characters no shipped font has are boxes, and one warning says so.
    let boxes: Vec<&String> = out
        .warnings
        .iter()
        .filter(|w| w.contains("empty boxes"))
        .collect();
    assert_eq!(boxes.len(), 1, "{:?}", out.warnings);
    assert!(boxes[0].starts_with("2 character(s)"), "{}", boxes[0]);
    check("fonts-symbols", &out.bytes);
}

/// A headless Chromium, if installed (CI installs chromium-headless-shell).
fn chromium() -> Option<&'static str> {
    ["chromium-headless-shell", "chromium", "chromium-browser"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The chapter of an EPUB as Chromium draws it, with no font installed to fall back on.
fn screenshot(name: &str, epub: &[u8], size: (u32, u32)) -> Option<PathBuf> {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no headless Chromium (apt-get install chromium-headless-shell)");
        return None;
    };
    let dir = tmp("font-visual-epub").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create folder");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("EPUB is a zip");
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("zip entry");
        let Some(rel) = file.enclosed_name() else {
            continue;
        };
        let path = dir.join(rel);
        if file.is_dir() {
            continue;
        }
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read entry");
        std::fs::write(&path, data).expect("write entry");
    }
    // A fontconfig that knows one Latin font and no CJK one: every CJK glyph drawn comes from
    // the book. (Chromium draws nothing at all when it finds no font.)
    let fc_fonts = dir.join("fc-fonts");
    std::fs::create_dir_all(&fc_fonts).expect("create folder");
    std::fs::copy("fonts/NotoSans-Regular.ttf", fc_fonts.join("latin.ttf")).expect("copy font");
    let fc = dir.join("fonts.conf");
    std::fs::write(
        &fc,
        format!(
            "<?xml version=\"1.0\"?><fontconfig><dir>{}</dir><cachedir>{}</cachedir></fontconfig>",
            fc_fonts.display(),
            dir.join("fc-cache").display()
        ),
    )
    .expect("write fonts.conf");
    let png = dir.join("page.png");
    let status = Command::new(browser)
        .env("FONTCONFIG_FILE", &fc)
        .args([
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            // Web fonts load before the picture is taken.
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--window-size={},{}", size.0, size.1))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!(
            "file://{}",
            dir.join("OEBPS/chapter.xhtml").display()
        ))
        .output()
        .expect("run Chromium");
    assert!(status.status.success() && png.exists(), "Chromium failed");
    Some(png)
}

fn epub(doc: &Document, vertical: bool) -> Vec<u8> {
    let opts = EpubOptions {
        fonts: Some(shipped()),
        vertical,
        no_cover: true,
        ..EpubOptions::default()
    };
    write_epub(doc, &opts).expect("EPUB").bytes
}

#[test]
fn han_in_each_language_has_its_own_forms_in_epub() {
    for name in ["ja", "zh-tw", "zh-cn"] {
        let bytes = epub(&load(name), false);
        if let Some(png) = screenshot(name, &bytes, (480, 260)) {
            check_pages(&format!("fonts-epub-{name}"), &[png]);
        }
    }
}

#[test]
fn vertical_epub_sets_brackets_and_long_vowels_upright_in_one_em() {
    let bytes = epub(&load("ja"), true);
    if let Some(png) = screenshot("ja-vertical", &bytes, (420, 460)) {
        check_pages("fonts-epub-ja-vertical", &[png]);
    }
}

#[test]
fn an_element_in_another_language_takes_its_forms() {
    let html = "---\ntitle: 混排\nlang: zh-CN\n---\n<p>直角</p>\n<p lang=\"ja\">直角の骨</p>\n<p>中文 <span lang=\"zh-TW\">黃色</span></p>\n";
    let doc = postbind::pipeline::load_bytes(
        html.as_bytes(),
        Some("mixed.html"),
        None,
        &LoadOptions::default(),
    )
    .expect("load")
    .doc;
    let fonts = pdffonts(&pdf(&doc).bytes, "mixed");
    for face in ["NotoSansSC", "NotoSansJP", "NotoSansTC"] {
        assert!(fonts.contains(face), "{face} missing: {fonts}");
    }
    let bytes = epub(&doc, false);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .expect("entry")
            .read_to_string(&mut s)
            .expect("text");
        s
    };
    let xhtml = read("OEBPS/chapter.xhtml");
    assert!(
        xhtml.contains("<span xml:lang=\"ja\" lang=\"ja\">直角の骨</span>"),
        "{xhtml}"
    );
    assert!(xhtml.contains("lang=\"zh-TW\">黃色</span>"), "{xhtml}");
    let css = read("OEBPS/stylesheet.css");
    assert!(
        css.contains(":lang(ja) { font-family: \"pb-NotoSansJP\""),
        "{css}"
    );
    assert!(
        css.contains(":lang(zh-tw) { font-family: \"pb-NotoSansTC\""),
        "{css}"
    );
}
