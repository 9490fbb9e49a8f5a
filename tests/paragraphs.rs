//! Paragraphs as a typesetter sets them, measured on the rendered PDF with pdftotext's word
//! boxes: even word spacing in justified English on the e-reader page, and CJK lines that
//! never letter-space a Latin word.

use std::path::{Path, PathBuf};
use std::process::Command;

use postbind::pdf::{write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};

fn render(path: &str, name: &str) -> PathBuf {
    let doc = load_post(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .doc;
    let opts = PdfOptions {
        page_size: PageSize::Ereader,
        ..PdfOptions::default()
    };
    let rendered = write_pdf(&doc, &opts).expect("render");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("paragraphs-{name}.pdf"));
    std::fs::write(&out, rendered.bytes).expect("write PDF");
    out
}

/// Each line's words as (text, xMin, xMax), from `pdftotext -bbox-layout`.
fn lines(pdf: &Path) -> Vec<Vec<(String, f32, f32)>> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test (apt-get install poppler-utils)");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).expect("pdftotext XML");
    let num =
        |n: roxmltree::Node, k: &str| n.attribute(k).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    doc.descendants()
        .filter(|n| n.tag_name().name() == "line")
        .map(|line| {
            line.children()
                .filter(|w| w.tag_name().name() == "word")
                .map(|w| {
                    (
                        w.text().unwrap_or_default().to_string(),
                        num(w, "xMin"),
                        num(w, "xMax"),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn justified_english_on_the_ereader_page_has_even_word_spacing() {
    let pdf = render("fixtures/typesetting/essay-en.md", "essay");
    let all = lines(&pdf);
    let right = all
        .iter()
        .filter_map(|l| l.last().map(|w| w.2))
        .fold(0.0f32, f32::max);
    let size = 9.0; // the e-reader page's body size
                    // Lines that reach the right edge: justified ones (a paragraph's last line does not).
    let justified: Vec<_> = all
        .iter()
        .filter(|l| l.len() > 1 && l.last().is_some_and(|w| w.2 >= right - 1.5 - size))
        .collect();
    assert!(justified.len() > 40, "{} justified lines", justified.len());
    let loose = justified
        .iter()
        .filter(|l| l.windows(2).any(|p| p[1].1 - p[0].2 > 0.5 * size))
        .count();
    let share = loose as f32 / justified.len() as f32;
    assert!(
        share <= 0.15,
        "{loose} of {} lines have a gap over 0.5 em",
        justified.len()
    );
    // Hyphenation is what makes that possible at 40 characters a line.
    assert!(all.iter().flatten().any(|w| w.0.ends_with('-')));
}

#[test]
fn cjk_lines_never_letter_space_latin_words() {
    let pdf = render("fixtures/typesetting/mixed-zh.md", "mixed");
    let words: Vec<String> = lines(&pdf).into_iter().flatten().map(|w| w.0).collect();
    let text = words.join(" ");
    for word in ["JavaScript", "Rust", "WebAssembly", "PostgreSQL"] {
        assert!(text.contains(word), "{word} split apart: {text}");
    }
}
