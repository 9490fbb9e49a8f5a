//! Whatever text a post holds, every document in the EPUB stays well-formed XML and the text
//! survives (less the characters XML cannot hold).

mod epub_common;

use epub_common::*;
use postbind::epub::{write_epub, EpubOptions};
use postbind::tree::{Block, Document, Image, Inline};
use proptest::prelude::*;

fn xml_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn words(s: &str) -> String {
    s.chars()
        .filter(|c| xml_ok(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_well_formed_documents(
        title in "\\PC{0,20}",
        text in any::<String>(),
        attr in "[<>&\"'\\x00-\\x1F a-z中文]{0,20}",
        code in any::<String>(),
    ) {
        let doc = Document {
            blocks: vec![
                Block::Heading { level: 2, id: attr.clone(), content: vec![Inline::Text(title.clone())] },
                Block::Paragraph(vec![
                    Inline::Text(text.clone()),
                    Inline::Link { href: format!("https://x.test/{attr}"), title: Some(attr.clone()), content: vec![Inline::Text(attr.clone())] },
                    Inline::Image(Image { src: format!("https://x.test/{attr}.png"), alt: attr.clone(), title: Some(attr.clone()), ..Default::default() }),
                ]),
                Block::CodeBlock { lang: Some(attr.clone()), code: code.clone() },
            ],
            meta: postbind::meta::Metadata { title: Some(title.clone()), author: Some(attr.clone()), ..Default::default() },
            ..Default::default()
        };
        let out = write_epub(&doc, &EpubOptions::default()).unwrap();
        let z = unzip(&out.bytes);
        for (name, data, _) in &z.files {
            if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
                parse_xml(std::str::from_utf8(data).unwrap());
            }
        }
        let shown = xhtml_text(&z.text("OEBPS/chapter.xhtml"));
        let shown_words = words(&shown);
        for part in [&text, &code] {
            let w = words(part);
            prop_assert!(shown_words.contains(&w), "{:?} lost in {:?}", w, shown_words);
        }
    }
}
