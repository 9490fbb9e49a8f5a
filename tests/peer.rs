//! The peer suite: turndown's 147 HTML → Markdown cases and 10 CJK cases, judged by meaning:
//! our Markdown and the expected Markdown, rendered by a CommonMark renderer, must give the
//! same HTML (canonicalised as `../shared/peer/run_cases.py` does).

use std::path::Path;

use markup5ever_rcdom::{Handle, NodeData, RcDom};
use postbind::pipeline::{load_bytes, LoadOptions};
use postbind::read::BodyFormat;
use serde_json::Value;

const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn to_markdown(html: &str) -> String {
    let opts = LoadOptions {
        body: BodyFormat::Html,
        ..LoadOptions::default()
    };
    let post = load_bytes(html.as_bytes(), None, None, &opts).expect("HTML always loads");
    postbind::markdown::write(&post.doc)
}

fn render(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut out = String::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Files end with a line feed; pulldown-cmark drops the last one of an indented code block
    // at the very end of input without it.
    html::push_html(&mut out, Parser::new_ext(&format!("{markdown}\n"), opts));
    out
}

fn collapse(s: &str) -> String {
    let re = regex::Regex::new(r"[ \t\n\r\x0c]+").expect("valid regex");
    re.replace_all(s, " ").into_owned()
}

fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

fn canon_node(node: &Handle, out: &mut String, in_pre: bool) {
    for child in node.children.borrow().iter() {
        match &child.data {
            NodeData::Text { contents } => {
                let t = contents.borrow();
                if in_pre {
                    out.push_str(&t);
                } else {
                    out.push_str(&collapse(&t));
                }
            }
            NodeData::Element { name, attrs, .. } => {
                let tag = name.local.to_string();
                let mut attrs: Vec<(String, String)> = attrs
                    .borrow()
                    .iter()
                    .map(|a| {
                        let k = a.name.local.to_string();
                        let v = a.value.to_string();
                        let v = if k == "alt" || k == "title" {
                            collapse(&v).trim().to_string()
                        } else {
                            v
                        };
                        (k, v)
                    })
                    .collect();
                attrs.sort();
                out.push('<');
                out.push_str(&tag);
                for (k, v) in &attrs {
                    out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
                }
                out.push('>');
                let pre = in_pre || matches!(tag.as_str(), "pre" | "code" | "textarea");
                canon_node(child, out, pre);
                if !VOID.contains(&tag.as_str()) {
                    out.push_str(&format!("</{tag}>"));
                }
            }
            _ => {}
        }
    }
}

fn canon_html(fragment: &str) -> String {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(fragment);
    let mut out = String::new();
    // document > html > (head, body)
    for html in dom.document.children.borrow().iter() {
        for part in html.children.borrow().iter() {
            if let NodeData::Element { name, .. } = &part.data {
                if &*name.local == "body" {
                    canon_node(part, &mut out, false);
                }
            }
        }
    }
    let blocks = BLOCK.join("|");
    let around_block =
        regex::Regex::new(&format!(r" *(</?(?:{blocks})(?: [^>]*)?>) *")).expect("valid regex");
    let s = around_block.replace_all(&out, "$1");
    let around_br = regex::Regex::new(r" *<br> *").expect("valid regex");
    around_br.replace_all(&s, "<br>").trim().to_string()
}

fn norm_exact(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

struct Score {
    total: usize,
    exact: usize,
    semantic: usize,
    failures: Vec<String>,
}

fn run(file: &str) -> Score {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peer")
        .join(file);
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("cases file")).expect("JSON");
    let mut score = Score {
        total: cases.len(),
        exact: 0,
        semantic: 0,
        failures: Vec::new(),
    };
    for case in &cases {
        let html = case["html"].as_str().unwrap_or_default();
        let expected = case["expected_markdown"].as_str().unwrap_or_default();
        let actual = to_markdown(html);
        let exact = norm_exact(&actual) == norm_exact(expected);
        let semantic = exact || canon_html(&render(expected)) == canon_html(&render(&actual));
        score.exact += usize::from(exact);
        score.semantic += usize::from(semantic);
        if !semantic {
            score.failures.push(format!(
                "{}\n  expected: {expected:?}\n  actual:   {actual:?}",
                case["name"]
            ));
        }
    }
    score
}

fn report(name: &str, s: &Score) {
    println!(
        "{name}: semantic {}/{}, exact {}/{}",
        s.semantic, s.total, s.exact, s.total
    );
    for f in &s.failures {
        println!("  miss: {f}");
    }
}

#[test]
fn turndown_cases() {
    let s = run("turndown_cases.json");
    report("turndown", &s);
    assert_eq!(s.total, 147);
    assert!(
        s.semantic >= 140,
        "only {} of 147 semantically equal",
        s.semantic
    );
}

#[test]
fn cjk_cases() {
    let s = run("cjk_cases.json");
    report("cjk", &s);
    assert_eq!(s.semantic, s.total, "every CJK case must pass");
}
