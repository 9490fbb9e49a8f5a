//! PDF footnotes at the foot of the page of their reference, linked both ways, in a post
//! and in a book.

mod common;
use common::gotos;
use std::path::{Path, PathBuf};
use std::process::Command;

use postbind::book::BookOptions;
use postbind::pdf::{write_book_pdf, write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

fn load(path: &Path) -> Document {
    load_post(path, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .doc
}

fn a5() -> PdfOptions {
    PdfOptions {
        page_size: PageSize::A5,
        ..PdfOptions::default()
    }
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_notes");
    std::fs::create_dir_all(&dir).expect("create test folder");
    dir.join(name)
}

/// The text of each page, in order (pdftotext, form feeds between pages).
fn pages_text(bytes: &[u8], name: &str) -> Vec<String> {
    let path = tmp(name);
    std::fs::write(&path, bytes).expect("write PDF");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is needed (apt-get install poppler-utils)");
    assert!(out.status.success());
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is needed");
    assert!(check.status.success(), "qpdf --check {}", path.display());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<String>())
        .collect()
}

#[test]
fn notes_sit_at_the_foot_of_their_page_linked_both_ways() {
    let doc = load(Path::new("fixtures/footnotes.md"));
    let bytes = write_pdf(&doc, &a5()).expect("render").bytes;
    let pages = pages_text(&bytes, "footnotes.pdf");
    let first = pages.first().expect("a page");
    // The notes follow the text, on the page of their references.
    let body = first.find("多写测试").expect("the text");
    let note = first.find("所有权（ownership）是").expect("note 1");
    assert!(body < note, "{first}");
    assert!(first.contains("第二段注释"), "{first}");
    // Three references and the #背景 link go down, two numbers go back up.
    let links = gotos(&bytes);
    assert_eq!(links.len(), 6, "{links:?}");
    let downs = links.iter().filter(|(_, _, y)| *y < 150.0).count();
    assert_eq!(downs, 3, "references lead to the foot: {links:?}");
    assert!(links.iter().all(|(from, to, _)| from == to && *from == 0));
}

/// A post with many notes, some longer than a page's foot can hold.
fn many_notes() -> String {
    let mut s = String::from("---\ntitle: Notes\ndate: 2024-01-01\n---\n\n");
    for i in 1..40 {
        for _ in 0..2 {
            s.push_str(&format!(
                "Paragraph {i} with a reference[^n{i}] and words to fill the line further on. "
            ));
        }
        s.push_str("\n\n");
    }
    for i in 1..40 {
        let times = if i % 7 == 0 { 120 } else { 3 };
        s.push_str(&format!(
            "[^n{i}]: {}\n\n",
            format!("Note{i} text. ").repeat(times)
        ));
    }
    s
}

#[test]
fn a_note_starts_on_the_page_of_its_reference_and_long_ones_carry_on() {
    let path = tmp("many.md");
    std::fs::write(&path, many_notes()).expect("write post");
    let bytes = write_pdf(&load(&path), &a5()).expect("render").bytes;
    let pages = pages_text(&bytes, "many.pdf");
    let raw = Command::new("pdftotext")
        .arg(tmp("many.pdf"))
        .arg("-")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .expect("pdftotext");
    for i in 1..40 {
        let times = if i % 7 == 0 { 120 } else { 3 };
        // Counted word by word: a line carried to the next page's foot may part a word from
        // the one after it, and a page number may follow it.
        let note = format!("Note{i}");
        let whole = raw.split_whitespace().filter(|w| *w == note).count();
        assert_eq!(whole, times, "note {i} kept whole");
        // The page with the reference's paragraph holds the note's first words.
        let start = pages
            .iter()
            .position(|p| p.contains(&format!("Paragraph{i}with")))
            .expect("paragraph");
        assert!(
            pages.iter().skip(start).take(2).any(|p| p.contains(&note)),
            "note {i} near its reference"
        );
        let first_note = pages.iter().position(|p| p.contains(&note));
        let refs: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains(&format!("Paragraph{i}with")))
            .map(|(n, _)| n)
            .collect();
        assert!(
            first_note.is_some_and(|n| refs.contains(&n)),
            "note {i} starts on a page of its paragraph: {refs:?} {first_note:?}"
        );
    }
    // The long notes run on to the next page's foot.
    assert!(pages.iter().filter(|p| p.contains("Note7text.")).count() >= 1);
}

#[test]
fn a_book_numbers_and_links_notes_per_post() {
    let doc = load(Path::new("fixtures/footnotes.md"));
    let mut second = doc.clone();
    second.meta.title = Some("第二篇".into());
    let book = BookOptions {
        title: Some("书".into()),
        ..BookOptions::default()
    };
    let bytes = write_book_pdf(&[doc, second], &book, &a5())
        .expect("render")
        .bytes;
    let pages = pages_text(&bytes, "book.pdf");
    let with_notes: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.contains("所有权（ownership）是"))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(with_notes.len(), 2, "{pages:?}");
    // Each post's links stay on its own page.
    let links = gotos(&bytes);
    for page in with_notes {
        let own = links
            .iter()
            .filter(|(from, to, _)| *from == page && *to == page)
            .count();
        assert_eq!(own, 6, "page {page}: {links:?}");
    }
}
