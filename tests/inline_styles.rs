//! Underline, mark, small and kbd: read from HTML into their own nodes, written back as the
//! same elements in Markdown, and read back from that Markdown unchanged.

use postbind::pipeline::{load_bytes, LoadOptions};
use postbind::read::BodyFormat;
use postbind::tree::{Block, Inline};

fn load(text: &str, body: BodyFormat) -> Vec<Block> {
    let opts = LoadOptions {
        body,
        ..LoadOptions::default()
    };
    load_bytes(text.as_bytes(), None, None, &opts)
        .expect("always loads")
        .doc
        .blocks
}

fn paragraph(blocks: &[Block]) -> &[Inline] {
    match blocks.first() {
        Some(Block::Paragraph(p)) => p,
        other => panic!("not a paragraph: {other:?}"),
    }
}

#[test]
fn each_element_has_its_node() {
    let blocks = load(
        "<p><u>司马迁</u> <ins>new</ins> <mark>hit</mark> <small>aside</small> \
         <kbd><kbd>Ctrl</kbd>+<kbd>C</kbd></kbd></p>",
        BodyFormat::Html,
    );
    let t = |s: &str| vec![Inline::Text(s.into())];
    assert_eq!(
        paragraph(&blocks),
        [
            Inline::Underline(t("司马迁")),
            Inline::Text(" ".into()),
            Inline::Underline(t("new")),
            Inline::Text(" ".into()),
            Inline::Mark(t("hit")),
            Inline::Text(" ".into()),
            Inline::Small(t("aside")),
            Inline::Text(" ".into()),
            Inline::Kbd("Ctrl+C".into()),
        ]
    );
}

#[test]
fn markdown_keeps_them_as_inline_html_and_reads_them_back() {
    let html = "<p>A <u>name</u>, <mark>a *hit*</mark>, <small>fine</small> and \
                <kbd>a*b&lt;c</kbd>.</p>";
    let first = load(html, BodyFormat::Html);
    let doc = postbind::tree::Document {
        blocks: first.clone(),
        ..Default::default()
    };
    let markdown = postbind::markdown::write(&doc);
    assert!(
        markdown.contains("<u>name</u>") && markdown.contains("<kbd>"),
        "{markdown}"
    );
    let again = load(&markdown, BodyFormat::Markdown);
    assert_eq!(again, first, "{markdown}");
}
