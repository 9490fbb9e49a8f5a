//! HTML → document tree, the way a browser would show the page.
//!
//! html5ever builds the DOM; we walk it with an explicit stack (hostile pages nest 100,000
//! levels deep) and feed a [`Builder`] whose own stack of open frames is capped at
//! [`ParseOptions::max_depth`]: deeper containers are flattened into their parent, text kept.

mod attr_guard;
mod builder;
mod depth_guard;
mod notes;
mod whitespace;

use html5ever::tendril::TendrilSink;
use html5ever::{ns, parse_document, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::borrow::Cow;

pub use builder::Builder;

use crate::tree::Block;

/// Containers nest at most this deep by default; deeper content is flattened.
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// The most `--max-depth` may ask for: writers recurse over the tree, so depth stays bounded.
pub const MAX_DEPTH_LIMIT: usize = 512;

#[derive(Debug, Clone)]
pub struct ParseOptions {
    pub max_depth: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// What an HTML page's `<head>` (and `<html lang>`) says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeadMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub keywords: Vec<String>,
    pub description: Option<String>,
    pub lang: Option<String>,
}

impl HeadMeta {
    pub fn is_empty(&self) -> bool {
        *self == HeadMeta::default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub blocks: Vec<Block>,
    pub head: HeadMeta,
    /// Containers flattened because they nested deeper than `max_depth`.
    pub flattened: usize,
}

pub fn parse(html: &str, opts: &ParseOptions) -> Parsed {
    let html = attr_guard::limit_attributes(html, attr_guard::ATTRIBUTE_CAP);
    let html = depth_guard::limit_depth(&html, depth_guard::DOM_DEPTH_CAP);
    let dom = parse_document(RcDom::default(), ParseOpts::default()).one(&*html);
    let mut head = HeadMeta::default();
    let mut body = None;
    for html_el in children(&dom.document) {
        if !is_element(&html_el, "html") {
            continue;
        }
        head.lang = attr(&html_el, "lang").filter(|l| !l.is_empty());
        for part in children(&html_el) {
            if is_element(&part, "head") {
                read_head(&part, &mut head);
            } else if is_element(&part, "body") || is_element(&part, "frameset") {
                body = Some(part);
            }
        }
    }
    let mut builder = Builder::new(opts.max_depth.min(MAX_DEPTH_LIMIT));
    if let Some(body) = body {
        walk(&body, &mut builder);
    }
    let flattened = builder.flattened();
    Parsed {
        blocks: builder.finish(),
        head,
        flattened,
    }
}

enum Step {
    Enter(Handle),
    Leave(builder::Opened),
}

/// Depth-first walk with an explicit stack, so DOM depth costs heap, not call stack.
fn walk(root: &Handle, b: &mut Builder) {
    let mut stack: Vec<Step> = Vec::new();
    push_children(&mut stack, root);
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(opened) => b.close(opened),
            Step::Enter(node) => match &node.data {
                NodeData::Text { contents } => b.text(&contents.borrow()),
                NodeData::Element { name, attrs, .. } if name.ns == ns!(html) => {
                    let attrs = attrs.borrow();
                    let is_player = matches!(&*name.local, "video" | "audio");
                    let get = |n: &str| {
                        let own = attrs
                            .iter()
                            .find(|a| &*a.name.local == n)
                            .map(|a| Cow::Borrowed(&*a.value));
                        // A player without src plays its first <source>.
                        match own {
                            None if is_player && n == "src" => first_source(&node).map(Cow::Owned),
                            own => own,
                        }
                    };
                    if let Some(opened) = b.open(&name.local, &get) {
                        stack.push(Step::Leave(opened));
                        push_children(&mut stack, &node);
                    }
                }
                // MathML with its TeX (KaTeX, MathJax) becomes a formula; other MathML keeps
                // its text. SVG is a picture, not prose.
                NodeData::Element { name, .. } if name.ns == ns!(mathml) => {
                    let tex = (&*name.local == "math")
                        .then(|| tex_annotation(&node))
                        .flatten();
                    match tex {
                        Some(tex) => {
                            let display = attr(&node, "display").is_some_and(|d| d == "block");
                            b.math(&tex, display);
                        }
                        None => push_children(&mut stack, &node),
                    }
                }
                _ => {}
            },
        }
    }
}

/// Children go on the stack last first, straight from the node (no copy of its child list).
fn push_children(stack: &mut Vec<Step>, node: &Handle) {
    stack.extend(
        node.children
            .borrow()
            .iter()
            .rev()
            .cloned()
            .map(Step::Enter),
    );
}

/// The TeX source a MathML formula carries (`<annotation encoding="application/x-tex">`).
fn tex_annotation(math: &Handle) -> Option<String> {
    let mut stack = children(math);
    let mut seen = 0usize;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        if is_element(&node, "annotation")
            && attr(&node, "encoding").is_some_and(|e| e.eq_ignore_ascii_case("application/x-tex"))
        {
            let tex = text_of(&node);
            return (!tex.trim().is_empty()).then(|| tex.trim().to_string());
        }
        stack.extend(children(&node));
    }
    None
}

fn first_source(player: &Handle) -> Option<String> {
    children(player)
        .iter()
        .find(|c| is_element(c, "source"))
        .and_then(|s| attr(s, "src"))
}

fn read_head(head: &Handle, meta: &mut HeadMeta) {
    for el in children(head) {
        if is_element(&el, "title") {
            let t = whitespace::collapse(&text_of(&el));
            if !t.is_empty() {
                meta.title = Some(t);
            }
        } else if is_element(&el, "meta") {
            let key = attr(&el, "name")
                .or_else(|| attr(&el, "property"))
                .or_else(|| attr(&el, "itemprop"))
                .unwrap_or_default()
                .to_ascii_lowercase();
            let Some(content) = attr(&el, "content").map(|c| c.trim().to_string()) else {
                continue;
            };
            if content.is_empty() {
                continue;
            }
            match key.as_str() {
                "author" | "article:author" | "dc.creator" => {
                    meta.author.get_or_insert(content);
                }
                "date" | "article:published_time" | "datepublished" | "dc.date" | "pubdate" => {
                    meta.date.get_or_insert(content);
                }
                "keywords" | "news_keywords" => meta.keywords.extend(
                    content
                        .split([',', '，', '、', ';'])
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(String::from),
                ),
                "description" | "og:description" => {
                    meta.description.get_or_insert(content);
                }
                _ => {}
            }
        }
    }
}

fn children(node: &Handle) -> Vec<Handle> {
    node.children.borrow().clone()
}

fn is_element(node: &Handle, local: &str) -> bool {
    matches!(&node.data, NodeData::Element { name, .. } if &*name.local == local)
}

fn attr(node: &Handle, key: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == key)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// The text directly inside an element (a `<title>` holds nothing else).
fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    for c in node.children.borrow().iter() {
        if let NodeData::Text { contents } = &c.data {
            out.push_str(&contents.borrow());
        }
    }
    out
}
