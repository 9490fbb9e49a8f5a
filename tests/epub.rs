//! EPUB output on the sample, every fixture, hand-built documents and a book: epubcheck clean,
//! well-formed, deterministic, with subset fonts and every character kept.

mod epub_common;

use std::collections::HashSet;

use epub_common::*;
use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::epub::{write_book, write_epub, EpubOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::{block_text, Block, Document, Inline};

fn load(name: &str) -> Document {
    load_post(&root().join("fixtures").join(name), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .doc
}

fn sample() -> Document {
    load("zaker-news-post.txt")
}

fn fixtures() -> Vec<(String, Document)> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file() && is_post(&e.path()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.into_iter().map(|n| (n.clone(), load(&n))).collect()
}

/// Posts, not the scripts that made some of them.
fn is_post(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "markdown" | "html" | "htm")
    )
}

fn cjk(s: &str) -> Vec<char> {
    s.chars().filter(|c| is_cjk(*c)).collect()
}

fn ids_unique(xml: &str) {
    let doc = parse_xml(xml);
    let mut seen = HashSet::new();
    for n in doc.descendants() {
        if let Some(id) = n.attribute("id") {
            assert!(seen.insert(id.to_string()), "duplicate id {id:?} in\n{xml}");
        }
    }
}

/// Everything a valid, self-contained EPUB from this writer must satisfy.
fn check_package(bytes: &[u8], lang: &str) -> Unzipped {
    let z = unzip(bytes);
    let (first, mime, method) = &z.files[0];
    assert_eq!(first, "mimetype");
    assert_eq!(mime, b"application/epub+zip");
    assert_eq!(*method, zip::CompressionMethod::Stored);
    let opf = z.text("OEBPS/content.opf");
    // epub-builder 0.8.3 gives dc:language and dc:creator the same id (RSC-005).
    ids_unique(&opf);
    assert!(opf.contains(&format!(">{lang}</dc:language>")), "{opf}");
    assert!(opf.contains("properties=\"nav\""));
    assert!(z.get("OEBPS/nav.xhtml").is_some() && z.get("OEBPS/toc.ncx").is_some());
    assert!(z.text("OEBPS/toc.ncx").contains("dtb:uid"));
    let mut all_text = String::new();
    for (name, data, _) in z.with_suffix(".xhtml") {
        let x = String::from_utf8(data.clone()).unwrap();
        assert!(
            x.contains(&format!("xml:lang=\"{lang}\"")),
            "{name} lacks xml:lang"
        );
        assert!(
            !x.contains("src=\"http") && !x.contains("src=\"//"),
            "{name} has a remote image"
        );
        ids_unique(&x);
        all_text.push_str(&xhtml_text(&x));
    }
    assert!(
        !opf.contains("href=\"http"),
        "remote resource in the manifest"
    );
    // Fonts are subsets: a cmap, and only characters the book shows.
    let shown: HashSet<char> = all_text.chars().chain("0123456789.•◦▪()".chars()).collect();
    let fonts = z.with_suffix(".ttf");
    assert!(!fonts.is_empty());
    for (name, data, _) in fonts {
        // Reading systems built on Chromium or Firefox drop what OTS refuses.
        if let Some((clean, report)) = ots(data, name) {
            assert!(clean, "OTS on {name}:\n{report}");
        }
        let face = ttf_parser::Face::parse(data, 0).unwrap();
        let cmap = face.tables().cmap.expect("subset has a cmap");
        // (code point, glyph) pairs; characters sharing a glyph with a shown one (U+00A0 and
        // space, say) are mapped too, but no glyph may serve only unshown characters.
        let mut pairs: Vec<(char, u16)> = Vec::new();
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|cp| {
                if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                    pairs.push((c, g.0));
                }
            });
        }
        let used: HashSet<u16> = pairs
            .iter()
            .filter(|(c, _)| shown.contains(c))
            .map(|p| p.1)
            .collect();
        for (c, g) in &pairs {
            assert!(used.contains(g), "{name} keeps glyph {g} for unshown {c:?}");
        }
        let mapped = pairs.len();
        assert!(mapped > 0, "{name} maps nothing");
        // Vertical subsets too are renumbered (their vmtx with them).
        assert!(
            usize::from(face.number_of_glyphs()) <= shown.len() + 64,
            "{name} is not a subset"
        );
    }
    z
}

#[test]
fn sample_epub_is_valid_small_and_keeps_every_cjk_character() {
    let doc = sample();
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    std::fs::write(
        std::env::temp_dir().join("postbind-sample.epub"),
        &out.bytes,
    )
    .unwrap();
    eprintln!(
        "sample EPUB: {} bytes, warnings: {:?}",
        out.bytes.len(),
        out.warnings
    );
    assert!(
        out.bytes.len() < 400_000,
        "sample EPUB is {} bytes",
        out.bytes.len()
    );
    let z = check_package(&out.bytes, "zh-Hans");
    let opf = z.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:date>2022-09-18"), "{opf}");
    assert!(opf.contains("<dc:creator id=\"epub-creator-0\">ZAKER</dc:creator>"));
    let chapter = xhtml_text(&z.text("OEBPS/chapter.xhtml"));
    let mut source = doc.meta.title.clone().unwrap_or_default();
    block_text(&doc.blocks, &mut source);
    assert!(!cjk(&source).is_empty());
    assert_eq!(cjk(&chapter), cjk(&source), "CJK text differs");
    // Its remote cover and images are not fetched: links, and a warning that says so.
    assert!(
        out.warnings.iter().any(|w| w.contains("--fetch-images")),
        "{:?}",
        out.warnings
    );
    assert_epubcheck(&out.bytes, "sample");
}

#[test]
fn sample_package_and_chapter_snapshots() {
    let out = write_epub(&sample(), &EpubOptions::default()).unwrap();
    let z = unzip(&out.bytes);
    insta::assert_snapshot!("sample_content_opf", z.text("OEBPS/content.opf"));
    insta::assert_snapshot!("sample_chapter_xhtml", z.text("OEBPS/chapter.xhtml"));
    insta::assert_snapshot!("sample_nav_xhtml", z.text("OEBPS/nav.xhtml"));
}

#[test]
fn output_is_byte_identical_for_the_same_input() {
    let dir = image_dir();
    let doc = every_type(Some(dir.path().to_path_buf()));
    let a = write_epub(&doc, &EpubOptions::default()).unwrap();
    let b = write_epub(&doc, &EpubOptions::default()).unwrap();
    assert!(a.bytes == b.bytes, "two runs differ");
    let mut changed = doc.clone();
    changed.blocks.push(p("多一段"));
    let c = write_epub(&changed, &EpubOptions::default()).unwrap();
    let id = |bytes: &[u8]| {
        let opf = unzip(bytes).text("OEBPS/content.opf");
        opf.lines()
            .find(|l| l.contains("dc:identifier"))
            .unwrap()
            .to_string()
    };
    assert_eq!(id(&a.bytes), id(&b.bytes));
    assert_ne!(
        id(&a.bytes),
        id(&c.bytes),
        "the identifier follows the content"
    );
}

#[test]
fn every_block_and_inline_type_is_valid() {
    let dir = image_dir();
    let doc = every_type(Some(dir.path().to_path_buf()));
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    std::fs::write(std::env::temp_dir().join("postbind-every.epub"), &out.bytes).unwrap();
    let z = check_package(&out.bytes, "zh-Hans");
    let x = z.text("OEBPS/chapter.xhtml");
    // Local images packaged with their sniffed types; the cover is packaged once.
    let opf = z.text("OEBPS/content.opf");
    for m in ["image/png", "image/jpeg", "image/svg+xml", "image/gif"] {
        assert!(opf.contains(m), "{m} missing from\n{opf}");
    }
    assert!(opf.contains("properties=\"cover-image\""));
    assert_eq!(
        z.with_suffix(".jpg").len(),
        1,
        "cover and figure share one file"
    );
    // Remote images: alt text plus link; images outside the folder: alt text, a warning.
    assert!(
        x.contains("<a class=\"image-link\" href=\"https://example.com/remote.png\">远程图片</a>")
    );
    assert!(x.contains("href=\"https://cdn.example.com/x.jpg\""));
    assert!(x.contains("<span class=\"image-alt\">越界图片</span>"));
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("outside the post's folder")),
        "{:?}",
        out.warnings
    );
    // Links: only web addresses and anchors that exist.
    assert!(x.contains("href=\"https://example.com/a%20b?q=1&amp;r=%222%22\""));
    assert!(x.contains("<a href=\"#details\">内部链接</a>"));
    for bad in ["javascript:", "other-post.html", "#nowhere"] {
        assert!(!x.contains(bad), "{bad} kept");
    }
    assert!(!x.contains('\u{1}') && !x.contains('\u{B}'));
    assert!(x.contains("<h3 id=\"h-1-bad-id-\">"));
    // Navigation lists every heading, nested; the empty one is left out.
    let nav = z.text("OEBPS/nav.xhtml").replace(" = ", "=");
    for h in ["引言 Intro", "细节 1.2", "坏的 id", "chapter.xhtml#details"] {
        assert!(nav.contains(h), "{h} not in nav:\n{nav}");
    }
    let ncx = z.text("OEBPS/toc.ncx");
    assert!(ncx.contains("chapter.xhtml#intro"));
    assert!(nav.contains("epub:type=\"landmarks\"") && nav.contains("epub:type=\"cover\""));
    // Korean and Latin Extended come from their own faces; code from the mono face.
    let names = z.names.join(" ");
    for f in [
        "NotoSansSC-Regular",
        "NotoSansSC-Bold",
        "NotoSansKR-Regular",
        "NotoSans-Regular",
        "NotoSansMono-Regular",
    ] {
        assert!(names.contains(f), "{f} not embedded: {names}");
    }
    let css = z.text("OEBPS/stylesheet.css");
    assert!(css.contains("@font-face") && css.contains("line-break: strict"));
    assert_epubcheck(&out.bytes, "every-type");
}

#[test]
fn vertical_writing_turns_pages_right_to_left() {
    let opts = EpubOptions {
        vertical: true,
        ..Default::default()
    };
    let out = write_epub(&sample(), &opts).unwrap();
    std::fs::write(
        std::env::temp_dir().join("postbind-vertical.epub"),
        &out.bytes,
    )
    .unwrap();
    let z = check_package(&out.bytes, "zh-Hans");
    let opf = z.text("OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""));
    assert!(opf.contains("primary-writing-mode"));
    assert!(z
        .text("OEBPS/stylesheet.css")
        .contains("writing-mode: vertical-rl"));
    assert_epubcheck(&out.bytes, "vertical");
}

#[test]
fn language_comes_from_front_matter_or_the_text() {
    let mut doc = Document {
        blocks: vec![p("這是一個關於國家的新聞報導。")],
        ..Default::default()
    };
    let z = unzip(&write_epub(&doc, &EpubOptions::default()).unwrap().bytes);
    assert!(z
        .text("OEBPS/content.opf")
        .contains(">zh-Hant</dc:language>"));
    doc.meta.lang = Some("ja_jp".into());
    let z = unzip(&write_epub(&doc, &EpubOptions::default()).unwrap().bytes);
    assert!(z.text("OEBPS/content.opf").contains(">ja-JP</dc:language>"));
    assert!(z.text("OEBPS/chapter.xhtml").contains("xml:lang=\"ja-JP\""));
}

#[test]
fn a_character_no_font_has_is_reported_once() {
    let doc = Document {
        blocks: vec![p("私用区 \u{E000}\u{E000} 和 \u{10FFFD}")],
        ..Default::default()
    };
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    let w: Vec<_> = out
        .warnings
        .iter()
        .filter(|w| w.contains("empty boxes"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", out.warnings);
    assert!(
        w[0].contains("U+E000") && w[0].starts_with("3 "),
        "{}",
        w[0]
    );
}

#[test]
fn every_fixture_passes_epubcheck() {
    let mut outputs = Vec::new();
    for (name, doc) in fixtures() {
        let out =
            write_epub(&doc, &EpubOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let lang = unzip(&out.bytes)
            .text("OEBPS/content.opf")
            .split("</dc:language>")
            .next()
            .and_then(|s| s.rsplit('>').next())
            .unwrap()
            .to_string();
        check_package(&out.bytes, &lang);
        outputs.push((name, out.bytes));
    }
    // epubcheck starts a JVM per file: two at a time.
    let (a, b) = outputs.split_at(outputs.len() / 2);
    std::thread::scope(|s| {
        for half in [a, b] {
            s.spawn(move || {
                for (name, bytes) in half {
                    assert_epubcheck(bytes, name);
                }
            });
        }
    });
}

#[test]
fn a_book_of_every_fixture_is_valid_and_grouped() {
    let dir = image_dir();
    let mut docs: Vec<Document> = fixtures().into_iter().map(|(_, d)| d).collect();
    docs.push(every_type(Some(dir.path().to_path_buf())));
    let book = BookOptions {
        title: Some("文集：全部样例".into()),
        author: Some("编者".into()),
        lang: None,
        sort: SortKey::Date,
        group_by: GroupBy::Category,
    };
    let out = write_book(&docs, &book, &EpubOptions::default()).unwrap();
    std::fs::write(std::env::temp_dir().join("postbind-book.epub"), &out.bytes).unwrap();
    eprintln!(
        "book: {} bytes, warnings {:?}",
        out.bytes.len(),
        out.warnings
    );
    let z = check_package(&out.bytes, "zh-Hans");
    let opf = z.text("OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title>文集：全部样例</dc:title>") && opf.contains(">编者</dc:creator>")
    );
    assert_eq!(z.with_suffix("chapter-001.xhtml").len(), 1);
    assert!(z.get("OEBPS/titlepage.xhtml").is_some() && z.get("OEBPS/contents.xhtml").is_some());
    let nav = z.text("OEBPS/nav.xhtml");
    assert!(
        nav.contains("part-01.xhtml") && nav.contains(">新媒体</a>"),
        "{nav}"
    );
    // One subset per face for the whole book.
    let fonts: Vec<_> = z
        .with_suffix(".ttf")
        .iter()
        .map(|(n, _, _)| n.clone())
        .collect();
    let unique: HashSet<_> = fonts.iter().collect();
    assert_eq!(fonts.len(), unique.len());
    // The fixtures are in Chinese (both scripts), Japanese and English, with code: at most
    // one subset per shipped face.
    assert!(fonts.len() <= 23, "{fonts:?}");
    assert_epubcheck(&out.bytes, "book");
}

#[test]
fn a_user_font_comes_first_in_the_stylesheet() {
    let data = std::fs::read(root().join("fonts/NotoSans-Regular.ttf")).unwrap();
    let fonts = postbind::fonts::FontSet::with_user_font(data).unwrap();
    let opts = EpubOptions {
        fonts: Some(Box::leak(Box::new(fonts))),
        ..Default::default()
    };
    let doc = Document {
        blocks: vec![p("Hello 你好")],
        ..Default::default()
    };
    let out = write_epub(&doc, &opts).unwrap();
    let z = check_package(&out.bytes, "zh-Hans");
    let css = z.text("OEBPS/stylesheet.css");
    assert!(
        css.contains("html { font-family: \"pb-NotoSans-u0\", \"pb-NotoSansSC\""),
        "{css}"
    );
    assert!(z.get("OEBPS/fonts/f0-NotoSans-Regular.ttf").is_some());
}

/// A long post is cut into parts e-readers can open, at block boundaries; links and the
/// contents find headings in whichever part holds them.
#[test]
fn a_long_post_is_split_into_parts_with_links_across_them() {
    use postbind::tree::{Block, Inline};
    let para = "长文的一段，用来把章节撑大。".repeat(40);
    let mut blocks = vec![Block::Paragraph(vec![Inline::Link {
        href: "#end".into(),
        title: None,
        content: vec![t("跳到结尾")],
    }])];
    for i in 0..600 {
        if i % 100 == 99 {
            blocks.push(Block::Heading {
                level: 2,
                id: format!("s{i}"),
                content: vec![t(&format!("第{i}节"))],
            });
        }
        blocks.push(p(&para));
    }
    blocks.push(Block::Heading {
        level: 2,
        id: "end".into(),
        content: vec![t("结尾")],
    });
    blocks.push(p("最后一段。"));
    let mut doc = Document {
        blocks,
        ..Document::default()
    };
    doc.meta.title = Some("长文".into());
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    let z = check_package(&out.bytes, "zh-Hans");
    let parts: Vec<&String> = z
        .names
        .iter()
        .filter(|n| n.starts_with("OEBPS/chapter"))
        .collect();
    assert!(parts.len() >= 4, "{parts:?}");
    let mut text = String::new();
    for name in &parts {
        let x = z.text(name);
        assert!(x.len() < 300 * 1024, "{name} is {} bytes", x.len());
        text.push_str(&xhtml_text(&x));
    }
    // Every paragraph kept, in order (file names sort in part order below ten).
    assert_eq!(text.matches("长文的一段").count(), 600 * 40);
    assert!(text.trim_end().ends_with("最后一段。"));
    let last = parts.last().unwrap().trim_start_matches("OEBPS/");
    let first = z.text("OEBPS/chapter.xhtml");
    assert!(
        first.contains(&format!("<a href=\"{last}#end\">跳到结尾</a>")),
        "link not resolved to {last}"
    );
    let opf = z.text("OEBPS/content.opf");
    // The parts, and the generated cover before them.
    assert_eq!(opf.matches("<itemref").count(), parts.len() + 1, "{opf}");
    let nav = z.text("OEBPS/nav.xhtml");
    assert!(nav.contains(&format!("{last}#end")), "{nav}");
    // Each section heading points into the part that holds it.
    assert_eq!(nav.matches("<a href=\"chapter-").count(), 7, "{nav}");
    assert_epubcheck(&out.bytes, "long");
}

#[test]
fn links_never_nest_and_every_href_is_valid() {
    let link = |href: &str, content: Vec<Inline>| Inline::Link {
        href: href.into(),
        title: None,
        content,
    };
    let doc = Document {
        blocks: vec![Block::Paragraph(vec![
            link(
                "https://a.org/outer",
                vec![t("外"), link("https://b.org/inner", vec![t("内")])],
            ),
            link("https://c.org/p#!#id=1", vec![t("井号")]),
            link("http://ip:port", vec![t("无效主机")]),
            link(
                "https://e.org/",
                vec![Inline::Image(postbind::tree::Image {
                    src: "https://e.org/remote.png".into(),
                    alt: "远程图".into(),
                    title: None,
                    ..Default::default()
                })],
            ),
            link("https://d.org/100%/[x] y", vec![t("百分号")]),
        ])],
        ..Default::default()
    };
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    let z = unzip(&out.bytes);
    let x = z.text("OEBPS/chapter.xhtml");
    assert_eq!(x.matches("<a ").count(), 4, "{x}");
    assert!(x.contains("远程图"), "{x}");
    assert!(x.contains("href=\"https://c.org/p#!%23id=1\""), "{x}");
    assert!(
        x.contains("href=\"https://d.org/100%25/%5Bx%5D%20y\""),
        "{x}"
    );
    assert!(x.contains("无效主机") && !x.contains("ip:port"), "{x}");
    assert_epubcheck(&out.bytes, "links");
}

fn table(cols: usize, rows: usize) -> Block {
    use postbind::tree::{Align, Cell, Row, Table};
    let cell = |s: String, header: bool| Cell {
        header,
        colspan: 1,
        rowspan: 1,
        align: Align::None,
        blocks: vec![p(&s)],
    };
    Block::Table(Table {
        caption: vec![],
        align: vec![Align::None; cols],
        head: vec![Row {
            cells: (0..cols).map(|c| cell(format!("列{c}"), true)).collect(),
        }],
        body: (0..rows)
            .map(|r| Row {
                cells: (0..cols)
                    .map(|c| cell(format!("值{r}-{c}"), false))
                    .collect(),
            })
            .collect(),
    })
}

#[test]
fn wide_tables_fit_a_small_screen() {
    let doc = Document {
        blocks: vec![table(4, 2), table(6, 2), table(11, 3)],
        ..Default::default()
    };
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    let x = unzip(&out.bytes).text("OEBPS/chapter.xhtml");
    assert_eq!(x.matches("<table>").count(), 1, "{x}");
    assert_eq!(x.matches("<table class=\"wide\">").count(), 1, "{x}");
    assert_eq!(x.matches("<ul class=\"table-rows\">").count(), 1, "{x}");
    assert!(x.contains("<dt>列10</dt><dd>值2-10</dd>"), "{x}");
    assert_eq!(x.matches("<li><dl>").count(), 3, "{x}");
    assert_epubcheck(&out.bytes, "wide-tables");
}

#[test]
fn ncx_names_the_book_and_its_depth() {
    let h = |level: u8, s: &str| Block::Heading {
        level,
        id: s.into(),
        content: vec![t(s)],
    };
    let doc = |title: &str| Document {
        meta: postbind::meta::Metadata {
            title: Some(title.into()),
            ..Default::default()
        },
        blocks: vec![h(2, "一"), h(3, "二"), p("正文")],
        ..Default::default()
    };
    let book = BookOptions {
        title: Some("我的书".into()),
        ..Default::default()
    };
    let out = write_book(&[doc("甲"), doc("乙")], &book, &EpubOptions::default()).unwrap();
    let ncx = unzip(&out.bytes).text("OEBPS/toc.ncx");
    assert!(ncx.contains("<docTitle>\n    <text>我的书</text>"), "{ncx}");
    assert!(
        ncx.contains("<meta name=\"dtb:depth\" content=\"3\" />"),
        "{ncx}"
    );
    assert_epubcheck(&out.bytes, "ncx");
}

#[test]
fn a_post_without_a_cover_gets_one_made_unless_asked_not_to() {
    let out = write_epub(&sample(), &EpubOptions::default()).unwrap();
    let z = unzip(&out.bytes);
    let png = z.get("OEBPS/images/cover.png").expect("generated cover");
    assert!(png.starts_with(b"\x89PNG") && png.len() < 60_000);
    assert!(z
        .text("OEBPS/content.opf")
        .contains("properties=\"cover-image\""));
    assert_epubcheck(&out.bytes, "generated-cover");
    let opts = EpubOptions {
        no_cover: true,
        ..Default::default()
    };
    let z = unzip(&write_epub(&sample(), &opts).unwrap().bytes);
    assert!(z.get("OEBPS/images/cover.png").is_none());
    assert!(z.get("OEBPS/cover.xhtml").is_none());
}

#[test]
fn webp_images_are_packaged_as_png() {
    let dir = tempfile::tempdir().unwrap();
    let art = image::RgbaImage::from_fn(40, 30, |x, y| {
        image::Rgba([x as u8 * 6, y as u8 * 8, 90, 255])
    });
    art.save(dir.path().join("art.webp")).expect("write WebP");
    let doc = Document {
        blocks: vec![Block::Paragraph(vec![Inline::Image(
            postbind::tree::Image {
                src: "art.webp".into(),
                alt: "插画".into(),
                title: None,
                ..Default::default()
            },
        )])],
        base_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let z = unzip(&out.bytes);
    let png = z.get("OEBPS/images/img-001.png").expect("packaged as PNG");
    let decoded = image::load_from_memory(png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (40, 30));
    assert_epubcheck(&out.bytes, "webp");
}

/// A drawing as draw.io exports it: SVG 1.1's doctype, HTML labels in `foreignObject` beside
/// a `<text>` fallback, a link out, ids that are not XML names, an SVG 2 line join.
#[test]
fn drawio_svgs_are_packaged_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.svg"),
        r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="120px" height="60px" viewBox="-0.5 -0.5 120 60"><defs><linearGradient id="1"><stop offset="0"/></linearGradient></defs><g><rect x="0" y="0" width="120" height="60" fill="url(#1)" stroke="#000" stroke-linejoin="miter-clip"/><switch><foreignObject x="0" y="0" width="120" height="60"><div xmlns="http://www.w3.org/1999/xhtml">标签</div></foreignObject><text x="60" y="34">标签</text></switch></g><switch><g/><a transform="translate(0,-5)" xlink:href="https://www.drawio.com/doc/faq/svg-export-text-problems" target="_blank"><text x="50%" y="100%">Text is not SVG - cannot display</text></a></switch></svg>"##,
    )
    .unwrap();
    let doc = Document {
        blocks: vec![p("图："), {
            Block::Paragraph(vec![Inline::Image(postbind::tree::Image {
                src: "d.svg".into(),
                alt: "架构图".into(),
                title: None,
                ..Default::default()
            })])
        }],
        base_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let out = write_epub(&doc, &EpubOptions::default()).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let z = unzip(&out.bytes);
    let svg = z.text("OEBPS/images/img-001.svg");
    for gone in [
        "DOCTYPE",
        "foreignObject",
        "drawio.com",
        "miter-clip",
        "id=\"1\"",
    ] {
        assert!(!svg.contains(gone), "{gone} kept: {svg}");
    }
    assert!(svg.contains("<text x=\"60\" y=\"34\">标签</text>"), "{svg}");
    assert_epubcheck(&out.bytes, "drawio-svg");
}
