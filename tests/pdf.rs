//! The PDF writer checked with the real validators: qpdf, pdffonts and pdftotext (poppler-utils),
//! plus the structure printpdf cannot write by itself (Info, /Lang, nested outline, links).

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document as Pdf, Object};
use postbind::book::{BookOptions, GroupBy, SortKey};
use postbind::pdf::{write_book_pdf, write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::{block_text, Block, Document, Inline};

const SAMPLE: &str = "fixtures/zaker-news-post.txt";
const EVERY_BLOCK: &str = "tests/pdf/every-block.md";

fn load(path: &str) -> Document {
    load_post(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .doc
}

fn opts(page_size: PageSize) -> PdfOptions {
    PdfOptions {
        page_size,
        ..PdfOptions::default()
    }
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&dir).expect("create test output folder");
    dir
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, bytes).expect("write test PDF");
    path
}

/// Runs a validator; a missing tool fails the test (CI installs qpdf and poppler-utils).
fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed for this test (apt-get install qpdf poppler-utils): {e}")
    });
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn is_cjk(ch: char) -> bool {
    matches!(u32::from(ch),
        0x3041..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF)
}

fn cjk(s: &str) -> String {
    s.chars().filter(|c| is_cjk(*c)).collect()
}

/// qpdf finds no error; every font is an embedded subset with an `ABCDEF+` name.
fn validate(path: &Path) {
    let p = path.to_str().expect("utf-8 path");
    let (ok, text) = run("qpdf", &["--check", p]);
    assert!(
        ok && text.contains("No syntax or stream encoding errors"),
        "qpdf --check {p}:\n{text}"
    );
    assert!(!text.contains("WARNING"), "qpdf warnings for {p}:\n{text}");
    xref_is_consistent(&std::fs::read(path).expect("read the PDF"));
    let (ok, text) = run("pdffonts", &[p]);
    assert!(ok, "pdffonts {p}: {text}");
    let rows: Vec<&str> = text
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts in {p}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols.first().copied().unwrap_or_default();
        let tag_ok = name.len() > 7
            && name.as_bytes().get(6) == Some(&b'+')
            && name.bytes().take(6).all(|b| b.is_ascii_uppercase());
        assert!(tag_ok, "font without a subset tag in {p}: {row}");
        // name, type (two words), encoding, emb, sub, uni, object, gen
        let n = cols.len();
        let flags = cols
            .get(n.saturating_sub(5)..n.saturating_sub(2))
            .unwrap_or_default();
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "font not embedded/subset/unicode in {p}: {row}"
        );
    }
}

/// The file is written in one pass (pages as they are made, the rest after them): one
/// cross-reference table, at `startxref`, whose every entry points at its object's header, and
/// a `/Size` that counts them all.
fn xref_is_consistent(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(text.starts_with("%PDF-1.7\n"), "header");
    assert_eq!(text.matches("\nxref\n").count(), 1, "one xref table");
    let start: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|t| t.lines().next())
        .and_then(|n| n.trim().parse().ok())
        .expect("startxref");
    // Offsets count bytes: the table is read from the bytes, not from the lossy text.
    let table = String::from_utf8_lossy(bytes.get(start..).expect("startxref in the file"));
    assert!(
        table.starts_with("xref\n0 "),
        "startxref points at the table"
    );
    let mut lines = table.lines().skip(1);
    let count: usize = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .expect("subsection");
    let entries: Vec<&str> = lines.by_ref().take(count).collect();
    assert_eq!(
        lines.next(),
        Some("trailer"),
        "one subsection, then the trailer"
    );
    assert!(
        table.contains(&format!("/Size {count}")),
        "/Size is {count}"
    );
    for (n, entry) in entries.iter().enumerate().skip(1) {
        assert!(entry.ends_with(" n "), "object {n} in use: {entry}");
        let offset: usize = entry
            .get(..10)
            .and_then(|o| o.parse().ok())
            .expect("offset");
        let head = format!("{n} 0 obj");
        assert_eq!(
            bytes.get(offset..offset + head.len()),
            Some(head.as_bytes()),
            "object {n} at {offset}"
        );
    }
    let pdf = Pdf::load_mem(bytes).expect("lopdf reads it");
    assert_eq!(pdf.objects.len(), count - 1, "every object is in the table");
}

fn pdftotext(path: &Path) -> String {
    let (ok, text) = run("pdftotext", &[path.to_str().expect("utf-8 path"), "-"]);
    assert!(ok, "pdftotext failed: {text}");
    text
}

/// Every CJK character of the post comes back from the PDF, in order, after its title.
fn assert_text_in_order(doc: &Document, path: &Path) {
    let mut body = String::new();
    block_text(&doc.blocks, &mut body);
    let expected = cjk(&body);
    let got = cjk(&pdftotext(path));
    let title = cjk(doc.meta.title.as_deref().unwrap_or_default());
    assert!(
        got.starts_with(&title),
        "title missing from {}",
        path.display()
    );
    if !got.ends_with(&expected) {
        let common = got
            .chars()
            .rev()
            .zip(expected.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        panic!(
            "{}: text differs {} characters before the end (got {} CJK characters, expected {} after the title)",
            path.display(),
            common,
            got.chars().count(),
            expected.chars().count()
        );
    }
}

#[test]
fn sample_passes_the_validators_and_keeps_every_cjk_character() {
    let doc = load(SAMPLE);
    for (size, name) in [(PageSize::A4, "a4"), (PageSize::Ereader, "ereader")] {
        let rendered = write_pdf(&doc, &opts(size)).expect("render sample");
        assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
        let path = write(&format!("sample-{name}.pdf"), &rendered.bytes);
        validate(&path);
        assert_text_in_order(&doc, &path);
        if size == PageSize::A4 {
            assert!(
                rendered.bytes.len() < 300 * 1024,
                "sample is {} bytes",
                rendered.bytes.len()
            );
        }
    }
}

#[test]
fn every_fixture_passes_the_validators() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.push(PathBuf::from(EVERY_BLOCK));
    paths.sort();
    for path in paths {
        let Ok(post) = load_post(&path, &LoadOptions::default()) else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("post")
            .to_string();
        for (size, name) in [(PageSize::A4, "a4"), (PageSize::Ereader, "ereader")] {
            let rendered =
                write_pdf(&post.doc, &opts(size)).unwrap_or_else(|e| panic!("{stem}: {e}"));
            let out = write(&format!("fixture-{stem}-{name}.pdf"), &rendered.bytes);
            validate(&out);
            assert_blocks_in_order(&post.doc, &pdftotext(&out));
        }
    }
}

/// Block by block, each block's CJK text appears after the previous block's (tables are read
/// row by row across cells and images show no text, so those are checked separately; notes
/// sit at the foot of the page of their reference, so they are only checked to be there).
fn assert_blocks_in_order(doc: &Document, text: &str) {
    let got = cjk(text);
    let mut from = 0;
    for block in &doc.blocks {
        if let Block::Footnote(_) = block {
            let mut s = String::new();
            block_text(std::slice::from_ref(block), &mut s);
            assert!(got.contains(&cjk(&s)), "note {s} missing from:\n{text}");
            continue;
        }
        if matches!(block, Block::Table(_) | Block::Figure(_)) {
            continue;
        }
        let mut s = String::new();
        block_text(std::slice::from_ref(block), &mut s);
        let want = cjk(&s);
        if want.is_empty() {
            continue;
        }
        let rest = got.get(from..).unwrap_or_default();
        let at = rest
            .find(&want)
            .unwrap_or_else(|| panic!("{want} not found in order in:\n{text}"));
        from += at + want.len();
    }
}

#[test]
fn every_block_type_keeps_its_text_in_order() {
    let doc = load(EVERY_BLOCK);
    let rendered = write_pdf(&doc, &opts(PageSize::A4)).expect("render");
    let path = write("every-block-order.pdf", &rendered.bytes);
    let text = pdftotext(&path);
    assert_blocks_in_order(&doc, &text);
    for word in [
        "苹果",
        "一种水果，红色或者绿色，口感脆甜",
        "Cherry",
        "typically",
    ] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
    // The byline's middle dot and the list bullets share a glyph in Noto Sans SC; each still
    // copies as itself.
    assert!(text.contains('·') && text.contains('•'), "{text}");
    // The missing image is shown by its alt text, with a warning.
    assert!(text.contains("不存在的图片"));
    assert!(
        rendered.warnings.iter().any(|w| w.contains("missing.png")),
        "{:?}",
        rendered.warnings
    );
}

#[test]
fn output_is_byte_identical_for_identical_input() {
    let doc = load(EVERY_BLOCK);
    let a = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    let b = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    assert!(a.bytes == b.bytes, "two renders differ");
}

fn pdf(bytes: &[u8]) -> Pdf {
    Pdf::load_mem(bytes).expect("lopdf reads our PDF")
}

fn catalog(doc: &Pdf) -> &lopdf::Dictionary {
    doc.catalog().expect("catalog")
}

fn text_string(obj: &Object) -> String {
    let bytes = obj.as_str().expect("a string");
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn metadata_language_and_no_empty_pdfx_version() {
    let doc = load(SAMPLE);
    let rendered = write_pdf(&doc, &opts(PageSize::A4)).expect("render");
    let pdf = pdf(&rendered.bytes);
    let lang = catalog(&pdf).get(b"Lang").expect("/Lang");
    assert_eq!(text_string(lang), "zh-Hans");
    let info_ref = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("Info");
    let info = pdf.get_dictionary(info_ref).expect("Info dictionary");
    assert_eq!(
        text_string(info.get(b"Title").expect("Title")),
        "习近平主席中亚之旅成果务实丰硕"
    );
    assert_eq!(text_string(info.get(b"Author").expect("Author")), "ZAKER");
    assert!(text_string(info.get(b"Keywords").expect("Keywords")).contains("新媒体"));
    // Sun, 18 Sep 2022 23:33:47 GMT
    assert_eq!(
        text_string(info.get(b"CreationDate").expect("date")),
        "D:20220918233347Z"
    );
    assert!(!info.has(b"GTS_PDFXVersion"));
    let raw = String::from_utf8_lossy(&rendered.bytes);
    assert!(!raw.contains("GTS_PDFX"));
}

/// Titles of the outline, depth-first, with their depth.
fn outline(pdf: &Pdf) -> Vec<(usize, String)> {
    fn walk(
        pdf: &Pdf,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let d = pdf.get_dictionary(id).expect("outline item");
            out.push((depth, text_string(d.get(b"Title").expect("Title"))));
            let dest = d.get(b"Dest").and_then(Object::as_array).expect("Dest");
            assert_eq!(dest.len(), 5, "Dest is [page /XYZ left top zoom]");
            assert!(
                dest.get(3).and_then(|o| o.as_float().ok()).is_some(),
                "Dest has a y position"
            );
            walk(
                pdf,
                d.get(b"First").and_then(Object::as_reference).ok(),
                depth + 1,
                out,
            );
            next = d.get(b"Next").and_then(Object::as_reference).ok();
        }
    }
    let root = catalog(pdf)
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .expect("Outlines");
    let first = pdf
        .get_dictionary(root)
        .expect("outline root")
        .get(b"First")
        .and_then(Object::as_reference)
        .ok();
    let mut out = Vec::new();
    walk(pdf, first, 0, &mut out);
    out
}

#[test]
fn outline_nests_headings_by_level() {
    let doc = load(EVERY_BLOCK);
    let rendered = write_pdf(&doc, &opts(PageSize::A4)).expect("render");
    let got = outline(&pdf(&rendered.bytes));
    let want = vec![
        (0, "每一种块：排版测试 Every block type".to_string()),
        (1, "第一节 一级标题".to_string()),
        (2, "第二节".to_string()),
        (3, "三级标题".to_string()),
        (4, "四级标题".to_string()),
    ];
    assert_eq!(got, want);
}

#[test]
fn links_are_annotations_uri_and_internal() {
    let doc = load(EVERY_BLOCK);
    let rendered = write_pdf(&doc, &opts(PageSize::A4)).expect("render");
    let pdf = pdf(&rendered.bytes);
    let mut uris = Vec::new();
    let mut gotos = 0;
    for (_, page) in pdf.get_pages() {
        let page = pdf.get_dictionary(page).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let a = match a {
                Object::Reference(r) => pdf.get_dictionary(*r).expect("annotation"),
                Object::Dictionary(d) => d,
                _ => continue,
            };
            let action = a.get(b"A").and_then(Object::as_dict).expect("action");
            match action.get(b"S").and_then(Object::as_name).expect("S") {
                b"URI" => uris.push(
                    String::from_utf8_lossy(
                        action.get(b"URI").and_then(Object::as_str).expect("URI"),
                    )
                    .into_owned(),
                ),
                b"GoTo" => gotos += 1,
                other => panic!("unexpected action {other:?}"),
            }
        }
    }
    assert!(
        uris.iter().any(|u| u == "https://example.com/path"),
        "{uris:?}"
    );
    assert_eq!(gotos, 1, "the #第二节 link is a GoTo");
}

fn book_docs() -> Vec<Document> {
    let sample = load(SAMPLE);
    let every = load(EVERY_BLOCK);
    (0..20)
        .map(|i| {
            let mut d = if i % 5 == 0 {
                every.clone()
            } else {
                sample.clone()
            };
            d.meta.title = Some(format!(
                "第{}篇 {}",
                i + 1,
                d.meta.title.clone().unwrap_or_default()
            ));
            d
        })
        .collect()
}

#[test]
fn book_has_title_page_contents_and_a_post_per_chapter() {
    let docs = book_docs();
    let book = BookOptions {
        title: Some("测试文集".into()),
        author: Some("编者".into()),
        sort: SortKey::Path,
        ..BookOptions::default()
    };
    for (size, name) in [(PageSize::A4, "a4"), (PageSize::Ereader, "ereader")] {
        let rendered = write_book_pdf(&docs, &book, &opts(size)).expect("render book");
        let path = write(&format!("book-{name}.pdf"), &rendered.bytes);
        validate(&path);
        let text = pdftotext(&path);
        // Pages are separated by form feeds: title page, then the contents.
        let pages: Vec<&str> = text.split('\u{c}').collect();
        assert!(pages
            .first()
            .is_some_and(|p| p.contains("测试文集") && p.contains("编者")));
        assert!(pages.get(1).is_some_and(|p| p.contains("目录")));
        let pdf = pdf(&rendered.bytes);
        let outline = outline(&pdf);
        let posts: Vec<&(usize, String)> = outline.iter().filter(|(d, _)| *d == 0).collect();
        // The contents, then one entry per post.
        assert_eq!(posts.len(), 21, "{outline:?}");
        assert!(outline
            .iter()
            .any(|(d, t)| *d == 1 && t == "第一节 一级标题"));
        // Each post starts on a new page: its title is the first thing on some page.
        for doc in &docs {
            let title = doc.meta.title.as_deref().unwrap_or_default();
            assert!(
                pages.iter().any(|p| cjk(p).starts_with(&cjk(title))),
                "{title} does not start a page"
            );
        }
        // The contents' page numbers are the pages the posts start on (checked on A4, where
        // every entry fits one line of pdftotext's output).
        if size != PageSize::A4 {
            continue;
        }
        let front: Vec<&str> = pages
            .iter()
            .take_while(|p| !p.contains("央视网消息") && !p.contains("这是第一段"))
            .copied()
            .collect();
        // The title page and contents are numbered i, ii, …; the body from 1.
        assert!(
            front.last().is_some_and(|p| p.trim_end().ends_with("ii")),
            "{front:?}"
        );
        let contents: String = front.concat();
        let mut listed = 0;
        // pdftotext may set a title and its leaders apart: an entry runs to its number.
        let mut entries = Vec::new();
        let mut entry = String::new();
        for line in contents.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.starts_with('第') || !entry.is_empty() {
                entry.push_str(line);
                entry.push(' ');
            }
            if entry.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
                entries.push(entry.trim_end().to_string());
                entry.clear();
            }
        }
        for line in &entries {
            let number: String = line
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            let number: usize = number
                .chars()
                .rev()
                .collect::<String>()
                .parse()
                .expect("page number");
            let title: String = line
                .split(" .")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            let page = pages
                .get(front.len() + number - 1)
                .copied()
                .unwrap_or_default();
            assert!(
                cjk(page).starts_with(&cjk(&title)),
                "{title} is not on page {number}"
            );
            listed += 1;
        }
        assert_eq!(listed, 20, "{contents}");
    }
}

#[test]
fn hostile_documents_do_not_panic() {
    let long_word = "a".repeat(5000);
    let deep = (0..90).fold(
        vec![Block::Paragraph(vec![Inline::Text("底".into())])],
        |inner, _| vec![Block::BlockQuote(inner)],
    );
    use postbind::tree::{Cell, Row, Table};
    let tall_cell = Cell {
        header: false,
        colspan: 1,
        rowspan: 1,
        align: Default::default(),
        blocks: (0..200)
            .map(|i| Block::Paragraph(vec![Inline::Text(format!("第{i}段"))]))
            .collect(),
    };
    let tall_table = Table {
        body: vec![Row {
            cells: vec![tall_cell],
        }],
        ..Table::default()
    };
    let docs = vec![
        Document {
            blocks: vec![Block::Table(tall_table)],
            ..Document::default()
        },
        Document::default(),
        Document {
            blocks: vec![Block::Paragraph(vec![Inline::Text(long_word)])],
            ..Document::default()
        },
        Document {
            blocks: deep,
            ..Document::default()
        },
        Document {
            blocks: vec![Block::Paragraph(vec![Inline::Text(
                "\u{0}\u{1}\u{fffe}😀\u{10ffff}".into(),
            )])],
            ..Document::default()
        },
    ];
    for doc in docs {
        for size in [PageSize::A4, PageSize::Ereader] {
            let rendered = write_pdf(&doc, &opts(size)).expect("render");
            let path = write("hostile.pdf", &rendered.bytes);
            let (ok, text) = run("qpdf", &["--check", path.to_str().expect("utf-8")]);
            assert!(ok, "{text}");
            let mut all = String::new();
            block_text(&doc.blocks, &mut all);
            assert!(cjk(&pdftotext(&path)).contains(&cjk(&all)), "text lost");
        }
    }
}

#[test]
fn long_table_repeats_its_header_on_every_page() {
    use postbind::tree::{Cell, Row, Table};
    let cell = |text: String, header: bool| Cell {
        header,
        colspan: 1,
        rowspan: 1,
        align: Default::default(),
        blocks: vec![Block::Paragraph(vec![Inline::Text(text)])],
    };
    let table = Table {
        head: vec![Row {
            cells: vec![cell("列一".into(), true), cell("列二".into(), true)],
        }],
        body: (0..80)
            .map(|i| Row {
                cells: vec![
                    cell(format!("行{i}"), false),
                    cell("内容较长的单元格会换行显示".into(), false),
                ],
            })
            .collect(),
        ..Table::default()
    };
    let doc = Document {
        blocks: vec![Block::Table(table)],
        ..Document::default()
    };
    let rendered = write_pdf(&doc, &opts(PageSize::Ereader)).expect("render");
    let path = write("long-table.pdf", &rendered.bytes);
    validate(&path);
    let text = pdftotext(&path);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| p.contains('行')).collect();
    assert!(pages.len() > 2, "the table should span pages");
    for page in pages {
        assert!(
            page.contains("列一"),
            "page without the header row:\n{page}"
        );
    }
}

#[test]
fn grouped_book_nests_group_post_heading_in_the_outline() {
    let docs = vec![load(SAMPLE), load(EVERY_BLOCK), load(SAMPLE)];
    let book = BookOptions {
        group_by: GroupBy::Category,
        ..BookOptions::default()
    };
    let rendered = write_book_pdf(&docs, &book, &opts(PageSize::A5)).expect("render");
    let path = write("book-grouped.pdf", &rendered.bytes);
    validate(&path);
    let got = outline(&pdf(&rendered.bytes));
    let groups: Vec<&str> = got
        .iter()
        .filter(|(d, _)| *d == 0)
        .map(|(_, t)| t.as_str())
        .collect();
    // Sorted by date: the 2022 sample posts (新媒体) before the 2023 one (测试).
    assert_eq!(groups, ["目录", "新媒体", "测试"]);
    assert!(
        got.contains(&(1, "每一种块：排版测试 Every block type".to_string())),
        "{got:?}"
    );
    assert!(got.contains(&(2, "第一节 一级标题".to_string())), "{got:?}");
    // Default title and the shared author are filled in.
    let text = pdftotext(&path);
    assert!(
        text.starts_with("文集") || text.trim_start().starts_with("文集"),
        "{text}"
    );
    assert!(write_book_pdf(&[], &book, &opts(PageSize::A5)).is_err());
}

#[test]
fn photos_are_embedded_as_the_original_jpeg_scaled_to_the_text_width() {
    let dir = out_dir().join("photo-post");
    std::fs::create_dir_all(&dir).expect("create post folder");
    let photo = image::RgbImage::from_fn(1600, 1000, |x, y| {
        image::Rgb([(x / 7) as u8, (y / 4) as u8, ((x + y) / 11) as u8])
    });
    photo.save(dir.join("big.jpg")).expect("write JPEG");
    let jpeg_len = std::fs::metadata(dir.join("big.jpg")).expect("jpeg").len();
    std::fs::write(
        dir.join("post.md"),
        "---\ntitle: 照片\n---\n\n前文。\n\n![大照片](big.jpg)\n\n后文。\n",
    )
    .expect("write post");
    let doc = load(dir.join("post.md").to_str().expect("utf-8 path"));
    let rendered = write_pdf(&doc, &opts(PageSize::A4)).expect("render");
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let path = write("photo.pdf", &rendered.bytes);
    validate(&path);
    let (ok, list) = run("pdfimages", &["-list", path.to_str().expect("utf-8 path")]);
    assert!(ok, "{list}");
    let row = list.lines().nth(2).expect("one image listed");
    let cols: Vec<&str> = row.split_whitespace().collect();
    // page num type width height color comp bpc enc
    assert_eq!(cols.get(3..6), Some(&["1600", "1000", "rgb"][..]), "{list}");
    assert_eq!(cols.get(8), Some(&"jpeg"), "{list}");
    // The file is the photo plus fonts, not megabytes of pixels.
    assert!((rendered.bytes.len() as u64) < jpeg_len + 200_000);
    // Drawn at the text width (A4 with 22 mm margins: 470.55 pt): the `cm` before `Do`.
    let pdf = pdf(&rendered.bytes);
    let page = pdf.get_pages().into_values().next().expect("a page");
    let content = pdf.get_page_content(page);
    let ops = lopdf::content::Content::decode(&content)
        .expect("content parses")
        .operations;
    let draw = ops
        .iter()
        .position(|op| op.operator == "Do")
        .expect("image drawn");
    let cm = ops
        .get(..draw)
        .and_then(|o| o.iter().rev().find(|op| op.operator == "cm"))
        .expect("cm");
    let width = cm
        .operands
        .first()
        .and_then(|o| o.as_float().ok())
        .expect("scale");
    assert!((width - 470.55).abs() < 0.5, "image drawn {width} pt wide");
}

#[test]
fn a_user_font_comes_first() {
    let bytes = std::fs::read("fonts/NotoSansMono-Regular.ttf").expect("shipped font file");
    let set = postbind::fonts::FontSet::with_user_font(bytes).expect("font parses");
    let options = PdfOptions {
        fonts: Some(Box::leak(Box::new(set))),
        ..PdfOptions::default()
    };
    let doc = Document {
        blocks: vec![Block::Paragraph(vec![Inline::Text("Latin 和中文".into())])],
        ..Document::default()
    };
    let rendered = write_pdf(&doc, &options).expect("render");
    let path = write("user-font.pdf", &rendered.bytes);
    validate(&path);
    let (_, fonts) = run("pdffonts", &[path.to_str().expect("utf-8 path")]);
    // Latin from the user's font, Chinese from the fallback.
    assert!(fonts.contains("+NotoSansMono-Regular"), "{fonts}");
    assert!(fonts.contains("+NotoSansSC-Regular"), "{fonts}");
}

#[test]
fn gif_and_webp_images_are_embedded() {
    let dir = out_dir().join("gif-webp-post");
    std::fs::create_dir_all(&dir).expect("create post folder");
    std::fs::copy("tests/data/dot.gif", dir.join("dot.gif")).expect("copy GIF");
    let art = image::RgbaImage::from_fn(40, 30, |x, y| {
        image::Rgba([x as u8 * 6, y as u8 * 8, 90, 255])
    });
    art.save(dir.join("art.webp")).expect("write WebP");
    let path = render_in(
        &dir,
        "post.md",
        "---\ntitle: 动图\n---\n\n![动图](dot.gif)\n\n![插画](art.webp)\n",
    );
    let sizes = image_sizes(&path);
    assert!(sizes.contains(&"40x30".to_string()), "{sizes:?}");
    assert_eq!(sizes.len(), 2, "{sizes:?}");
}

#[test]
fn images_in_running_text_are_drawn_between_its_lines() {
    let dir = out_dir().join("inline-image-post");
    std::fs::create_dir_all(&dir).expect("create post folder");
    std::fs::copy("tests/data/photo.jpg", dir.join("photo.jpg")).expect("copy JPEG");
    std::fs::copy("tests/data/pixel.png", dir.join("pixel.png")).expect("copy PNG");
    let path = render_in(
        &dir,
        "post.html",
        "<p>照片之前的文字。<img src=\"photo.jpg\" alt=\"照片\">照片之后的文字。\
         <a href=\"https://example.com/\"><img src=\"pixel.png\" alt=\"像素\"></a>最后。</p>",
    );
    assert_eq!(image_sizes(&path).len(), 2);
    let text = pdftotext(&path);
    let order: Vec<usize> = ["照片之前的文字。", "照片之后的文字。", "最后。"]
        .iter()
        .map(|t| text.find(t).unwrap_or_else(|| panic!("{t} lost:\n{text}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(!text.contains("[照片]"), "{text}");
}

#[test]
fn characters_sharing_a_glyph_each_copy_as_themselves() {
    // Noto Sans SC draws U+00B7 and U+2022 with one glyph, and each radical with its ideograph.
    let text = "A·B•C ⼈人 ⺠民";
    let doc = Document {
        blocks: vec![Block::Paragraph(vec![Inline::Text(text.into())])],
        ..Document::default()
    };
    let rendered = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    let path = write("shared-glyphs.pdf", &rendered.bytes);
    validate(&path);
    assert!(pdftotext(&path).contains(text), "{}", pdftotext(&path));
}

/// `text` written as `name` in `dir` (beside the images the caller put there), rendered on A5
/// with no warning, and validated.
fn render_in(dir: &Path, name: &str, text: &str) -> PathBuf {
    std::fs::write(dir.join(name), text).expect("write post");
    let doc = load(dir.join(name).to_str().expect("utf-8 path"));
    let rendered = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let file = format!(
        "{}.pdf",
        dir.file_name().expect("a folder").to_string_lossy()
    );
    let path = write(&file, &rendered.bytes);
    validate(&path);
    path
}

/// `WxH` of each image pdfimages lists (soft masks left out).
fn image_sizes(path: &Path) -> Vec<String> {
    let (ok, list) = run("pdfimages", &["-list", path.to_str().expect("utf-8 path")]);
    assert!(ok, "{list}");
    list.lines()
        .skip(2)
        .filter(|row| row.split_whitespace().nth(2) == Some("image"))
        .map(|row| {
            row.split_whitespace()
                .skip(3)
                .take(2)
                .collect::<Vec<_>>()
                .join("x")
        })
        .collect()
}

#[test]
fn formulas_are_typeset_in_the_math_face() {
    let doc = load("fixtures/math.md");
    let rendered = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    // `$a \\ b$` (a line break in an inline formula) is the one construct shown as TeX.
    assert_eq!(rendered.warnings.len(), 1, "{:?}", rendered.warnings);
    let path = write("math.pdf", &rendered.bytes);
    validate(&path);
    let (_, fonts) = run("pdffonts", &[path.to_str().expect("utf-8 path")]);
    assert!(fonts.contains("+NotoSansMath-Regular"), "{fonts}");
    let text = pdftotext(&path);
    for shown in [
        "∑",
        "∫",
        "√",
        "π",
        "∞",
        "θ",
        "∏",
        "≤",
        "cos",
        "lim",
        "otherwise",
    ] {
        assert!(text.contains(shown), "{shown} missing:\n{text}");
    }
    for source in ["\\frac", "\\sum", "\\begin", "\\sqrt"] {
        assert!(!text.contains(source), "{source} shown as TeX:\n{text}");
    }
    // The formula that could not be set keeps its source.
    assert!(text.contains("a \\\\ b"), "{text}");
}

#[test]
fn small_images_and_formulas_stay_in_the_line() {
    let doc = load("tests/pdf/inline-image.md");
    let rendered = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let path = write("inline-image.pdf", &rendered.bytes);
    validate(&path);
    // Without -layout pdftotext starts a new line at the gap an image leaves.
    let (ok, text) = run(
        "pdftotext",
        &["-layout", path.to_str().expect("utf-8 path"), "-"],
    );
    assert!(ok, "{text}");
    let line_of = |words: &str| {
        text.lines()
            .position(|l| l.contains(words))
            .unwrap_or_else(|| panic!("{words} lost:\n{text}"))
    };
    assert_eq!(line_of("A status icon"), line_of("sits in the"), "{text}");
    assert_eq!(
        line_of("A taller badge"),
        line_of("moves its line"),
        "{text}"
    );
    assert!(
        line_of("too big for a line") < line_of("still stands"),
        "{text}"
    );
    assert_eq!(image_sizes(&path).len(), 3);
}

#[test]
fn formulas_that_cannot_be_set_keep_their_source_with_one_warning() {
    let doc = Document {
        blocks: vec![
            Block::Paragraph(vec![
                Inline::Text("bad ".into()),
                Inline::Math(postbind::tree::Math {
                    tex: r"\frac{a}".into(),
                    display: false,
                }),
                Inline::Text(" good ".into()),
                Inline::Math(postbind::tree::Math {
                    tex: r"\frac{a}{b}".into(),
                    display: false,
                }),
            ]),
            Block::Math(postbind::tree::Math {
                tex: r"\nosuchcommand{x}".into(),
                display: true,
            }),
        ],
        ..Document::default()
    };
    let rendered = write_pdf(&doc, &opts(PageSize::A5)).expect("render");
    assert_eq!(rendered.warnings.len(), 1, "{:?}", rendered.warnings);
    let path = write("math-fallback.pdf", &rendered.bytes);
    validate(&path);
    let text = pdftotext(&path);
    assert!(
        text.contains(r"\frac{a}") && text.contains(r"\nosuchcommand{x}"),
        "{text}"
    );
    assert!(!text.contains(r"\frac{a}{b}"), "{text}");
}

/// A book whose posts are read again one at a time (as the CLI binds them) is the same file as
/// one made from posts held whole; a post that can no longer be read keeps its title, with a
/// warning.
#[test]
fn a_book_read_post_by_post_is_the_same_file() {
    use postbind::book::posts::{head, Loader};
    use postbind::book::Posts;
    let docs = book_docs();
    let book = BookOptions {
        title: Some("测试文集".into()),
        sort: SortKey::Path,
        ..BookOptions::default()
    };
    let whole = write_book_pdf(&docs, &book, &opts(PageSize::A5)).expect("render");
    let heads: Vec<Document> = docs.iter().cloned().map(head).collect();
    let again = |i: usize| docs.get(i).cloned().ok_or_else(|| "gone".to_string());
    let loader: &Loader = &again;
    let mut bytes = Vec::new();
    let warnings = postbind::pdf::write_book_pdf_to(
        &Posts::loaded(heads.clone(), loader),
        &book,
        &opts(PageSize::A5),
        &mut bytes,
    )
    .expect("render");
    assert_eq!(warnings, whole.warnings);
    assert!(bytes == whole.bytes, "the two books differ");

    let broken = |i: usize| match i {
        0 => Err("changed since the book began".to_string()),
        _ => docs.get(i).cloned().ok_or_else(|| "gone".to_string()),
    };
    let loader: &Loader = &broken;
    let mut bytes = Vec::new();
    let warnings = postbind::pdf::write_book_pdf_to(
        &Posts::loaded(heads, loader),
        &book,
        &opts(PageSize::A5),
        &mut bytes,
    )
    .expect("render");
    assert!(
        warnings.iter().any(|w| w.contains("changed since")),
        "{warnings:?}"
    );
    let path = write("book-post-gone.pdf", &bytes);
    validate(&path);
}
