//! Snapshots of every writer's output for every fixture: the Markdown itself, the EPUB's
//! chapter XHTML, and the PDF's text as laid out on its pages (pdftotext -layout).

mod common;
#[path = "epub_common/mod.rs"]
mod epub_common;

use std::io::Write;
use std::path::Path;

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn settings(dir: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("snapshots/{dir}"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

#[test]
fn markdown_of_every_fixture() {
    settings("markdown").bind(|| {
        for path in common::post_fixtures() {
            let post = common::load(&path);
            insta::assert_snapshot!(name(&path), postbind::markdown::write(&post.doc));
        }
    });
}

#[test]
fn epub_chapter_of_every_fixture() {
    settings("epub").bind(|| {
        for path in common::post_fixtures() {
            let post = common::load(&path);
            let epub = postbind::epub::write_epub(&post.doc, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let files = epub_common::unzip(&epub.bytes);
            insta::assert_snapshot!(name(&path), files.text("OEBPS/chapter.xhtml"));
        }
    });
}

#[test]
fn pdf_text_layout_of_every_fixture() {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: pdftotext not installed (apt-get install poppler-utils)");
        return;
    }
    settings("pdf").bind(|| {
        for path in common::post_fixtures() {
            let post = common::load(&path);
            let pdf = postbind::pdf::write_pdf(&post.doc, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut file = tempfile::NamedTempFile::new().expect("temp file");
            file.write_all(&pdf.bytes).expect("write pdf");
            let out = std::process::Command::new("pdftotext")
                .args(["-layout", "-enc", "UTF-8"])
                .arg(file.path())
                .arg("-")
                .output()
                .expect("pdftotext runs");
            let text = String::from_utf8_lossy(&out.stdout);
            let text: String = text
                .lines()
                .map(|l| l.trim_end().to_string() + "\n")
                .collect();
            insta::assert_snapshot!(name(&path), text);
        }
    });
}
