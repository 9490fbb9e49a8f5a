//! The tagged PDF: a structure tree that holds every piece of content once, in reading order,
//! with the types, alternative texts and languages assistive technology needs; XMP metadata;
//! page labels. Walked with lopdf, and checked with pdfinfo.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};
use postbind::book::BookOptions;
use postbind::pdf::{write_book_pdf, write_pdf, PageSize, PdfOptions};
use postbind::pipeline::{load_post, LoadOptions};
use postbind::tree::{Block, Document, Inline};

fn load(path: &str) -> Document {
    load_post(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .doc
}

fn a5() -> PdfOptions {
    PdfOptions {
        page_size: PageSize::A5,
        ..PdfOptions::default()
    }
}

fn dict<'a>(pdf: &'a Pdf, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => pdf.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    d.get(key)
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// The structure tree walked in order (without recursion): each element's type, its /Alt and
/// /Lang present, and the (page, MCID) pairs and annotations it holds.
struct Walk {
    roles: Vec<String>,
    with_alt: HashSet<String>,
    langs: Vec<String>,
    mcids: Vec<(ObjectId, i64, ObjectId)>,
    annots: Vec<ObjectId>,
}

fn walk(pdf: &Pdf) -> Walk {
    let catalog = pdf.catalog().expect("catalog");
    let marked = catalog
        .get(b"MarkInfo")
        .map(|m| dict(pdf, m))
        .and_then(|m| m.get(b"Marked"))
        .and_then(Object::as_bool);
    assert_eq!(marked.ok(), Some(true));
    let root = dict(
        pdf,
        catalog.get(b"StructTreeRoot").expect("a structure tree"),
    );
    let mut w = Walk {
        roles: Vec::new(),
        with_alt: HashSet::new(),
        langs: Vec::new(),
        mcids: Vec::new(),
        annots: Vec::new(),
    };
    let mut stack: Vec<(Object, Option<ObjectId>)> =
        vec![(root.get(b"K").expect("K").clone(), None)];
    while let Some((kid, elem)) = stack.pop() {
        match kid {
            Object::Array(items) => stack.extend(items.into_iter().rev().map(|k| (k, elem))),
            Object::Reference(id) => {
                let d = pdf.get_dictionary(id).expect("element");
                if name(d, b"Type") == "OBJR" || d.has(b"Obj") {
                    w.annots
                        .push(d.get(b"Obj").and_then(Object::as_reference).expect("Obj"));
                    continue;
                }
                let role = name(d, b"S");
                if d.has(b"Alt") {
                    w.with_alt.insert(role.clone());
                }
                if let Ok(Object::String(l, _)) = d.get(b"Lang") {
                    w.langs.push(String::from_utf8_lossy(l).into_owned());
                }
                w.roles.push(role);
                if let Ok(k) = d.get(b"K") {
                    stack.push((k.clone(), Some(id)));
                }
            }
            Object::Dictionary(d) => match name(&d, b"Type").as_str() {
                "MCR" => w.mcids.push((
                    d.get(b"Pg").and_then(Object::as_reference).expect("Pg"),
                    d.get(b"MCID").and_then(Object::as_i64).expect("MCID"),
                    elem.expect("an MCR is in an element"),
                )),
                "OBJR" => w
                    .annots
                    .push(d.get(b"Obj").and_then(Object::as_reference).expect("Obj")),
                other => panic!("unexpected kid {other}"),
            },
            other => panic!("unexpected kid {other:?}"),
        }
    }
    w
}

/// Each page's content: every text operator inside a marked-content sequence, sequences
/// balanced; the MCIDs it marks.
fn marked_content(pdf: &Pdf, page: ObjectId) -> Vec<i64> {
    let content = Content::decode(&pdf.get_page_content(page)).expect("parses");
    let mut depth = 0i32;
    let mut mcids = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                depth += 1;
                if let Some(Object::Dictionary(d)) = op.operands.get(1) {
                    mcids.push(d.get(b"MCID").and_then(Object::as_i64).expect("MCID"));
                }
            }
            "BMC" => depth += 1,
            "EMC" => depth -= 1,
            "TJ" | "Tj" | "Do" | "re" | "S" => {
                assert!(depth > 0, "{} outside marked content", op.operator)
            }
            _ => {}
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0);
    mcids
}

fn check(bytes: &[u8], name: &str) -> Walk {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tagged-{name}.pdf"));
    std::fs::write(&path, bytes).expect("write PDF");
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo is needed for this test (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Metadata Stream: yes"), "{info}");
    let pdf = Pdf::load_mem(bytes).expect("PDF parses");
    let w = walk(&pdf);
    // Every marked sequence of every page is in the tree once, and the parent tree maps it
    // back to the element that holds it.
    let in_tree: HashMap<(ObjectId, i64), ObjectId> =
        w.mcids.iter().map(|(p, m, e)| ((*p, *m), *e)).collect();
    assert_eq!(in_tree.len(), w.mcids.len(), "an MCID is in the tree twice");
    let catalog = pdf.catalog().expect("catalog");
    let root = dict(&pdf, catalog.get(b"StructTreeRoot").expect("root"));
    let nums = dict(&pdf, root.get(b"ParentTree").expect("parent tree"))
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("Nums");
    let parents: HashMap<i64, &Object> = nums
        .chunks(2)
        .map(|p| (p[0].as_i64().expect("key"), &p[1]))
        .collect();
    for (_, page) in pdf.get_pages() {
        let marks = marked_content(&pdf, page);
        let key = pdf
            .get_dictionary(page)
            .and_then(|d| d.get(b"StructParents"))
            .and_then(Object::as_i64)
            .expect("StructParents");
        let list = parents
            .get(&key)
            .and_then(|o| o.as_array().ok())
            .expect("parent list");
        for m in marks {
            let elem = in_tree
                .get(&(page, m))
                .unwrap_or_else(|| panic!("MCID {m} not in the tree"));
            let listed = list.get(m as usize).and_then(|o| o.as_reference().ok());
            assert_eq!(listed, Some(*elem), "parent tree of MCID {m}");
        }
        // Each link annotation is in the tree, under a Link element.
        let annots = pdf
            .get_dictionary(page)
            .and_then(|d| d.get(b"Annots"))
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        for a in annots {
            let id = a.as_reference().expect("annotation object");
            assert!(w.annots.contains(&id), "annotation not in the tree");
            let d = pdf.get_dictionary(id).expect("annotation");
            assert!(d.has(b"StructParent") && d.has(b"Contents"));
        }
    }
    w
}

#[test]
fn every_block_is_tagged_with_its_type() {
    let doc = load("tests/pdf/every-block.md");
    let rendered = write_pdf(&doc, &a5()).expect("render");
    let w = check(&rendered.bytes, "every-block");
    let roles: HashSet<&str> = w.roles.iter().map(String::as_str).collect();
    for role in [
        "Document",
        "Art",
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Link",
        "Code",
        "BlockQuote",
    ] {
        assert!(roles.contains(role), "no {role} in {roles:?}");
    }
    assert!(w.with_alt.contains("Figure"));
    // The title comes first, then the body in order.
    assert_eq!(
        w.roles.get(..3).map(|r| r.join(" ")),
        Some("Document Art H1".into())
    );
}

#[test]
fn a_formula_has_its_tex_as_alternative_text() {
    let doc = Document {
        blocks: vec![Block::Math(postbind::tree::Math {
            tex: "a^2+b^2=c^2".into(),
            display: true,
        })],
        ..Document::default()
    };
    let rendered = write_pdf(&doc, &a5()).expect("render");
    let w = check(&rendered.bytes, "formula");
    assert!(w.with_alt.contains("Formula"), "{:?}", w.roles);
}

#[test]
fn a_book_tags_its_contents_labels_its_pages_and_gives_each_post_its_language() {
    let post = |title: &str, lang: &str, text: &str| {
        let mut d = Document {
            blocks: vec![Block::Paragraph(vec![Inline::Text(text.into())])],
            ..Document::default()
        };
        d.meta.title = Some(title.into());
        d.meta.lang = Some(lang.into());
        d.lang = Some(lang.into());
        d
    };
    let docs = vec![
        post("第一篇", "zh-CN", "中文的正文。"),
        post("Second", "en", "An English post."),
        post("第三篇", "zh-CN", "又是中文。"),
    ];
    let book = BookOptions {
        title: Some("文集".into()),
        ..BookOptions::default()
    };
    let rendered = write_book_pdf(&docs, &book, &a5()).expect("render");
    let w = check(&rendered.bytes, "book");
    for role in ["Title", "TOC", "TOCI"] {
        assert!(
            w.roles.iter().any(|r| r == role),
            "no {role} in {:?}",
            w.roles
        );
    }
    assert_eq!(w.langs, ["en"]);
    let pdf = Pdf::load_mem(&rendered.bytes).expect("PDF parses");
    let labels = dict(
        &pdf,
        pdf.catalog()
            .expect("catalog")
            .get(b"PageLabels")
            .expect("labels"),
    );
    let nums = labels
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("Nums");
    let styles: Vec<(i64, String)> = nums
        .chunks(2)
        .map(|p| (p[0].as_i64().expect("index"), name(dict(&pdf, &p[1]), b"S")))
        .collect();
    assert_eq!(styles, [(0, "r".to_string()), (2, "D".to_string())]);
}

#[test]
fn the_archival_standard_adds_an_output_intent_and_claims_pdf_a_2u() {
    let doc = load("fixtures/zaker-news-post.txt");
    for archival in [false, true] {
        let opts = PdfOptions { archival, ..a5() };
        let rendered = write_pdf(&doc, &opts).expect("render");
        check(&rendered.bytes, if archival { "pdfa" } else { "plain" });
        let pdf = Pdf::load_mem(&rendered.bytes).expect("PDF parses");
        let catalog = pdf.catalog().expect("catalog");
        let xmp = catalog
            .get(b"Metadata")
            .and_then(Object::as_reference)
            .and_then(|id| pdf.get_object(id))
            .and_then(Object::as_stream)
            .map(|s| String::from_utf8_lossy(&s.content).into_owned())
            .expect("XMP stream");
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
        assert_eq!(
            xmp.contains("<pdfaid:conformance>U</pdfaid:conformance>"),
            archival
        );
        let intents = catalog.get(b"OutputIntents").and_then(Object::as_array);
        assert_eq!(intents.is_ok(), archival);
        if let Ok(intents) = intents {
            let intent = dict(&pdf, intents.first().expect("one intent"));
            assert_eq!(name(intent, b"S"), "GTS_PDFA1");
            let profile = intent
                .get(b"DestOutputProfile")
                .and_then(Object::as_reference)
                .and_then(|id| pdf.get_object(id))
                .and_then(Object::as_stream)
                .expect("ICC profile");
            assert_eq!(
                profile.dict.get(b"N").and_then(Object::as_i64).ok(),
                Some(3)
            );
        }
    }
}

#[test]
fn a_link_to_a_missing_heading_is_still_described_and_in_the_tree() {
    let link = |href: &str, text: &str| Inline::Link {
        href: href.into(),
        title: None,
        content: vec![Inline::Text(text.into())],
    };
    let doc = Document {
        blocks: vec![Block::Paragraph(vec![
            link("#nowhere", "a fragment no heading has"),
            Inline::Text(" and ".into()),
            link("https://example.com/", "a web page"),
        ])],
        ..Document::default()
    };
    let rendered = write_pdf(&doc, &a5()).expect("render");
    let w = check(&rendered.bytes, "missing-fragment");
    assert_eq!(w.annots.len(), 2, "{:?}", w.roles);
}
