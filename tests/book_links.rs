//! Links between the posts of a book become internal links: by relative file name, by
//! permalink, by Hexo's `{% post_link %}`; a `#fragment` kept when it names a heading.

#[path = "epub_common/mod.rs"]
mod epub_common;

mod common;
use common::gotos;
use std::path::{Path, PathBuf};
use std::process::Command;

use postbind::book::{links::link_posts, BookOptions, SortKey};
use postbind::pdf::{write_book_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::Document;

const POSTS: [&str; 3] = [
    "fixtures/book-links/2020-01-01-first.md",
    "fixtures/book-links/second.md",
    "fixtures/book-links/third/index.md",
];

fn book_docs() -> Vec<Document> {
    let sources: Vec<Option<PathBuf>> = POSTS
        .iter()
        .map(|p| Some(std::path::absolute(p).expect("absolute path")))
        .collect();
    let mut docs: Vec<Document> = POSTS
        .iter()
        .map(|p| {
            load_post(Path::new(p), &LoadOptions::default())
                .expect("load")
                .doc
        })
        .collect();
    link_posts(&mut docs, &sources);
    docs
}

fn book() -> BookOptions {
    BookOptions {
        title: Some("Links".into()),
        sort: SortKey::Date,
        ..BookOptions::default()
    }
}

#[test]
fn epub_chapters_link_to_each_other() {
    let epub = postbind::epub::write_book(&book_docs(), &book(), &Default::default())
        .expect("render")
        .bytes;
    assert_links_between_chapters(&epub);
}

/// The command line reads each post twice (its head for the book, its body for its chapter)
/// and writes chapters as they are made: a link to a heading of a later post is resolved
/// once that post is written, to the same files as a book made in memory.
#[test]
fn a_book_made_post_by_post_links_as_one_made_whole() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-links-cli.epub");
    let status = Command::new(env!("CARGO_BIN_EXE_postbind"))
        .args([
            "book",
            "fixtures/book-links",
            "--title",
            "Links",
            "-q",
            "-o",
        ])
        .arg(&out)
        .status()
        .expect("run postbind");
    assert!(status.success());
    let epub = std::fs::read(&out).expect("book written");
    assert_links_between_chapters(&epub);
    let whole = postbind::epub::write_book(&book_docs(), &book(), &Default::default())
        .expect("render")
        .bytes;
    let (a, b) = (epub_common::unzip(&epub), epub_common::unzip(&whole));
    for name in b.names.iter().filter(|n| n.ends_with(".xhtml")) {
        assert_eq!(a.text(name), b.text(name), "{name}");
    }
}

fn assert_links_between_chapters(epub: &[u8]) {
    epub_common::assert_epubcheck(epub, "book-links");
    let files = epub_common::unzip(epub);
    let first = files.text("OEBPS/chapter-001.xhtml");
    assert!(
        first.contains(r#"<a href="chapter-002.xhtml">second post</a>"#),
        "{first}"
    );
    assert!(
        first.contains(r#"<a href="chapter-002.xhtml#背景">background section</a>"#),
        "{first}"
    );
    assert!(
        first.contains(r#"<a href="chapter-003.xhtml">third post by"#),
        "{first}"
    );
    assert!(
        first.contains(r#"<a href="https://example.com/">"#),
        "{first}"
    );
    // Not a post of the book: as before, its text.
    assert!(first.contains("a missing post."), "{first}");
    let second = files.text("OEBPS/chapter-002.xhtml");
    assert_eq!(second.matches(r#"<a href="chapter-001.xhtml">"#).count(), 2);
    assert!(second.contains(r#"<a href="chapter-003.xhtml">third post</a>"#));
    let third = files.text("OEBPS/chapter-003.xhtml");
    assert!(
        third.contains(r#"<a href="chapter-002.xhtml#背景">"#),
        "{third}"
    );
    // An id the other post does not have: its start.
    assert!(
        third.contains(r#"<a href="chapter-001.xhtml">first post</a>"#),
        "{third}"
    );
}

#[test]
fn pdf_posts_link_to_each_other() {
    let opts = PdfOptions {
        page_size: PageSize::A5,
        ..PdfOptions::default()
    };
    let bytes = write_book_pdf(&book_docs(), &book(), &opts)
        .expect("render")
        .bytes;
    // Title page, contents, then a page a post.
    let (first, second, third) = (2, 3, 4);
    let links = gotos(&bytes);
    let from = |page: usize| -> Vec<usize> {
        links
            .iter()
            .filter(|(f, _, _)| *f == page)
            .map(|(_, t, _)| *t)
            .collect()
    };
    assert_eq!(from(first), [second, second, third], "{links:?}");
    assert_eq!(from(second), [first, first, third], "{links:?}");
    assert_eq!(from(third), [second, first], "{links:?}");
    // `second.html#背景` goes to the heading, below the post's start.
    let ys: Vec<f32> = links
        .iter()
        .filter(|(f, t, _)| *f == first && *t == second)
        .map(|(_, _, y)| *y)
        .collect();
    assert!(
        matches!(ys.as_slice(), [start, heading] if heading < start),
        "{ys:?}"
    );
}

/// The line of the site's book (EPUB) holding `needle`.
fn book_line(site: &str, needle: &str) -> String {
    let name = site.rsplit('/').next().unwrap_or("site");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-links.epub"));
    let status = Command::new(env!("CARGO_BIN_EXE_postbind"))
        .args(["book", site, "-q", "-o"])
        .arg(&out)
        .status()
        .expect("run postbind");
    assert!(status.success());
    let epub = std::fs::read(&out).expect("book written");
    epub_common::assert_epubcheck(&epub, name);
    let files = epub_common::unzip(&epub);
    files
        .names
        .iter()
        .filter(|n| n.starts_with("OEBPS/chapter-"))
        .flat_map(|n| {
            files
                .text(n)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in the {name} book"))
}

#[test]
fn hexo_post_link_becomes_a_chapter_link() {
    let line = book_line("fixtures/sites/hexo", "下一篇");
    assert!(line.contains(r#"<a href="chapter-00"#), "{line}");
}

#[test]
fn jekyll_post_url_becomes_a_chapter_link() {
    let line = book_line("fixtures/sites/jekyll", "下一篇在");
    assert!(line.contains(r#"<a href="chapter-00"#), "{line}");
}
