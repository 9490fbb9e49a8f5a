//! Helpers shared by the EPUB tests: unzipping, epubcheck, hand-built documents.
#![allow(dead_code)]

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use postbind::meta::{Metadata, PostDate};
use postbind::tree::*;

pub const EPUBCHECK: &str = "/usr/share/java/epubcheck.jar";

/// Runs epubcheck and returns its report, or `None` (after saying so loudly) when it is absent.
pub fn epubcheck(bytes: &[u8], name: &str) -> Option<(bool, String)> {
    if !Path::new(EPUBCHECK).exists() {
        eprintln!(
            "\n!!!!!!!! epubcheck not installed ({EPUBCHECK}): SKIPPING validation of {name}; \
             CI installs it with `apt-get install -y epubcheck` !!!!!!!!\n"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.epub"));
    std::fs::write(&path, bytes).unwrap();
    // One short check a JVM: the quick compiler alone and the serial collector halve its CPU.
    let out = Command::new("java")
        .args([
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            EPUBCHECK,
        ])
        .arg(&path)
        .output()
        .expect("run java");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = out.status.success() && report.contains("No errors or warnings detected");
    Some((clean, report))
}

/// Runs OTS, the font sanitiser of Chromium and Firefox (`pip install opentype-sanitizer`), on
/// a font and returns whether it passed without a message, and its messages; `None` (after
/// saying so loudly) when it is absent.
pub fn ots(font: &[u8], name: &str) -> Option<(bool, String)> {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let available = *AVAILABLE.get_or_init(|| {
        Command::new("python3")
            .args(["-m", "ots", "--version"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !available {
        eprintln!(
            "\n!!!!!!!! OTS not installed: SKIPPING the font check of {name}; CI installs it \
             with `pip install opentype-sanitizer` !!!!!!!!\n"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("font");
    std::fs::write(&path, font).unwrap();
    let out = Command::new("python3")
        .args(["-m", "ots"])
        .arg(&path)
        .arg(dir.path().join("sanitised"))
        .output()
        .expect("run OTS");
    // Its warnings and errors go to stderr; stdout says "File sanitized successfully!".
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    Some((out.status.success() && report.trim().is_empty(), report))
}

/// Asserts epubcheck passes with no errors and no warnings (when it is installed).
pub fn assert_epubcheck(bytes: &[u8], name: &str) {
    if let Some((clean, report)) = epubcheck(bytes, name) {
        assert!(clean, "epubcheck on {name}:\n{report}");
    }
}

pub struct Unzipped {
    pub names: Vec<String>,
    pub files: Vec<(String, Vec<u8>, zip::CompressionMethod)>,
}

impl Unzipped {
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, b, _)| b.as_slice())
    }
    pub fn text(&self, name: &str) -> String {
        String::from_utf8(
            self.get(name)
                .unwrap_or_else(|| panic!("{name} missing"))
                .to_vec(),
        )
        .unwrap()
    }
    pub fn with_suffix(&self, suffix: &str) -> Vec<&(String, Vec<u8>, zip::CompressionMethod)> {
        self.files
            .iter()
            .filter(|(n, _, _)| n.ends_with(suffix))
            .collect()
    }
}

pub fn unzip(bytes: &[u8]) -> Unzipped {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut files = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        files.push((f.name().to_string(), b, f.compression()));
    }
    Unzipped {
        names: files.iter().map(|(n, _, _)| n.clone()).collect(),
        files,
    }
}

/// The text of an XHTML document as a reader meets it: text nodes and image alt texts, in
/// document order (parsed, so it is also a well-formedness check).
pub fn xhtml_text(x: &str) -> String {
    let doc = parse_xml(x);
    let mut out = String::new();
    let Some(body) = doc.descendants().find(|n| n.has_tag_name("body")) else {
        return out;
    };
    for n in body.descendants() {
        if n.is_text() {
            out.push_str(n.text().unwrap_or(""));
        } else if n.has_tag_name("img") {
            out.push_str(n.attribute("alt").unwrap_or(""));
        }
    }
    out
}

/// Parses XML (the HTML5 doctype allowed), panicking with the document when it is not well-formed.
pub fn parse_xml(x: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(x, opts)
        .unwrap_or_else(|e| panic!("not well-formed: {e}\n{x}"))
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}')
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

pub fn p(s: &str) -> Block {
    Block::Paragraph(vec![t(s)])
}

/// A document using every block and inline type, with local, remote and hostile images.
pub fn every_type(base_dir: Option<PathBuf>) -> Document {
    let cell = |header: bool, s: &str| Cell {
        header,
        colspan: 1,
        rowspan: 1,
        align: Align::None,
        blocks: vec![p(s)],
    };
    let img = |src: &str, alt: &str| Image {
        src: src.into(),
        alt: alt.into(),
        title: None,
        ..Default::default()
    };
    Document {
        meta: Metadata {
            title: Some("全部类型 <测试> & \"引号\"".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 29).map(PostDate::Date),
            author: Some("作者 A&B".into()),
            categories: vec!["测试".into()],
            tags: vec!["EPUB".into(), "排版".into()],
            cover: Some("photo.jpg".into()),
            description: Some("每一种块与行内元素。".into()),
            ..Default::default()
        },
        base_dir,
        blocks: vec![
            Block::Heading {
                level: 2,
                id: "intro".into(),
                content: vec![t("引言 Intro")],
            },
            Block::Paragraph(vec![
                t("普通文字，"),
                Inline::Strong(vec![t("粗体"), Inline::Emphasis(vec![t("粗斜体")])]),
                Inline::Emphasis(vec![t("斜体")]),
                Inline::Strikethrough(vec![t("删除线")]),
                t(" x"),
                Inline::Superscript(vec![t("2")]),
                t(" H"),
                Inline::Subscript(vec![t("2")]),
                t("O "),
                Inline::Code("let x = \"<tag>\" && y;".into()),
                Inline::LineBreak,
                Inline::Link {
                    href: "https://example.com/a b?q=1&r=\"2\"".into(),
                    title: Some("标题 \"t\"".into()),
                    content: vec![t("外部链接")],
                },
                t(" "),
                Inline::Link {
                    href: "#details".into(),
                    title: None,
                    content: vec![t("内部链接")],
                },
                t(" "),
                Inline::Link {
                    href: "#nowhere".into(),
                    title: None,
                    content: vec![t("失效锚点")],
                },
                t(" "),
                Inline::Link {
                    href: "javascript:alert(1)".into(),
                    title: None,
                    content: vec![t("脚本")],
                },
                t(" "),
                Inline::Link {
                    href: "other-post.html".into(),
                    title: None,
                    content: vec![t("相对链接")],
                },
                t(" "),
                Inline::Ruby {
                    base: vec![t("漢字")],
                    annotation: "かんじ".into(),
                },
                t(" 控制字符\u{0001}\u{000B}被删去 Zażółć gęślą jaźń 한국어 ΑΒΓ"),
                Inline::Image(img("img/pixel.png", "行内图")),
                Inline::Image(img("https://example.com/remote.png", "远程图片")),
                Inline::Image(img("../../../etc/passwd", "越界图片")),
                Inline::Image(img("missing.png", "")),
            ]),
            Block::Heading {
                level: 3,
                id: "details".into(),
                content: vec![t("细节 1.2")],
            },
            Block::Heading {
                level: 3,
                id: "1 bad id!".into(),
                content: vec![t("坏的 id")],
            },
            Block::Heading {
                level: 2,
                id: "empty".into(),
                content: vec![],
            },
            Block::List(List {
                ordered: false,
                start: 1,
                tight: true,
                tasks: vec![],
                items: vec![vec![p("项目一")], vec![p("项目二")]],
            }),
            Block::List(List {
                ordered: true,
                start: 3,
                tight: false,
                tasks: vec![],
                items: vec![
                    vec![
                        p("第三"),
                        Block::List(List {
                            ordered: false,
                            start: 1,
                            tight: true,
                            tasks: vec![],
                            items: vec![vec![p("嵌套")]],
                        }),
                    ],
                    vec![],
                ],
            }),
            Block::BlockQuote(vec![
                p("引用的话。"),
                Block::Heading {
                    level: 4,
                    id: "intro".into(),
                    content: vec![t("引用里的标题，id 重复")],
                },
                Block::BlockQuote(vec![p("再引用")]),
            ]),
            Block::CodeBlock {
                lang: Some("rust\" onload=\"x".into()),
                code: "fn main() {\n    println!(\"你好 <世界> & more\");\n}\n".into(),
            },
            Block::CodeBlock {
                lang: None,
                code: "plain".into(),
            },
            Block::Table(Table {
                caption: vec![t("表格标题")],
                align: vec![Align::Left, Align::Center, Align::Right],
                head: vec![Row {
                    cells: vec![cell(true, "甲"), cell(true, "乙"), cell(true, "丙")],
                }],
                body: vec![
                    Row {
                        cells: vec![
                            Cell {
                                colspan: 2,
                                ..cell(false, "合并")
                            },
                            cell(false, "3"),
                        ],
                    },
                    Row {
                        cells: vec![
                            Cell {
                                rowspan: 2,
                                ..cell(false, "竖")
                            },
                            cell(false, "x"),
                            Cell {
                                blocks: vec![p("a"), p("b")],
                                ..cell(false, "")
                            },
                        ],
                    },
                    Row {
                        cells: vec![cell(false, "y"), cell(false, "z")],
                    },
                ],
            }),
            Block::Figure(Figure {
                image: img("photo.jpg", "照片"),
                caption: vec![t("图注 "), Inline::Strong(vec![t("一")])],
            }),
            Block::Figure(Figure {
                image: img("shape.svg", "矢量图"),
                caption: vec![],
            }),
            Block::Figure(Figure {
                image: img("dot.gif", "点"),
                caption: vec![],
            }),
            Block::Figure(Figure {
                image: img("//cdn.example.com/x.jpg", "协议相对"),
                caption: vec![],
            }),
            Block::ThematicBreak,
            p("结束。"),
        ],
        ..Default::default()
    }
}

/// A folder holding the test images, as a post's folder would.
pub fn image_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("img")).unwrap();
    let data = root().join("tests/data");
    std::fs::copy(data.join("pixel.png"), dir.path().join("img/pixel.png")).unwrap();
    for f in ["photo.jpg", "shape.svg", "dot.gif"] {
        std::fs::copy(data.join(f), dir.path().join(f)).unwrap();
    }
    dir
}
