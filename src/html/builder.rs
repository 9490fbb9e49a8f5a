//! Turns a stream of open/text/close events into the tree, with a bounded stack of frames.

use std::borrow::Cow;
use std::collections::HashSet;
use std::mem::take;

use super::whitespace;
use crate::tree::{
    Align, Block, Callout, CalloutKind, Cell, Definition, Figure, Footnote, Image, Inline, List,
    Math, Row, Table,
};

/// Looks up an attribute of the element being opened: borrowed from the element, so looking
/// costs no copy (most lookups only test the value).
pub type Attrs<'a> = &'a dyn Fn(&str) -> Option<Cow<'a, str>>;

/// What [`Builder::open`] did with an element, so [`Builder::close`] can finish it.
#[derive(Debug, Clone, Copy)]
pub enum Opened {
    /// A frame was pushed; the id finds it again (it may no longer be on top).
    Frame(u32),
    /// A block-level element unwrapped: its edges still separate paragraphs.
    Boundary,
    Inline,
    /// A block-level element inside preformatted text ends its line.
    RawLine,
    TableHeadEnd,
}

#[derive(Debug, Clone)]
enum Span {
    Strong,
    Emphasis,
    Strike,
    Sup,
    Sub,
    Underline,
    Mark,
    Small,
    Link { href: String, title: Option<String> },
    Lang(String),
}

#[derive(Debug)]
enum Kind {
    Root,
    Quote,
    Item {
        task: Option<bool>,
    },
    Callout {
        kind: CalloutKind,
        title: Vec<Inline>,
    },
    CalloutTitle,
    /// A footnotes section (pandoc, markdown-it, kramdown, Hexo plugins).
    Notes,
    /// One footnote, by the id its references point at.
    Note {
        id: String,
    },
    Definitions(Vec<Definition>),
    Term,
    Detail,
    Cell(Cell),
    Figure {
        caption: Vec<Inline>,
    },
    List {
        list: List,
        loose: bool,
    },
    Table {
        table: Table,
        in_head: bool,
    },
    Row(Row),
    Para,
    Heading {
        level: u8,
        id: Option<String>,
    },
    Caption,
    Span(Span),
    /// Finished base/annotation pairs; the frame's inlines hold the base being read.
    Ruby {
        pairs: Vec<Inline>,
    },
    Pre {
        lang: Option<String>,
        text: String,
    },
    Code(String),
    Kbd(String),
    Rt(String),
    /// A formula's TeX source (MathJax's `<script type="math/tex">`, a `$$` block).
    Math {
        display: bool,
        tex: String,
    },
}

impl Kind {
    fn holds_blocks(&self) -> bool {
        matches!(
            self,
            Kind::Root
                | Kind::Quote
                | Kind::Item { .. }
                | Kind::Cell(_)
                | Kind::Figure { .. }
                | Kind::Callout { .. }
                | Kind::Notes
                | Kind::Note { .. }
                | Kind::Detail
        )
    }
    fn is_inline(&self) -> bool {
        matches!(
            self,
            Kind::Para
                | Kind::Heading { .. }
                | Kind::Caption
                | Kind::Span(_)
                | Kind::Ruby { .. }
                | Kind::CalloutTitle
                | Kind::Term
        )
    }
    fn starts_block(&self) -> bool {
        matches!(
            self,
            Kind::Para
                | Kind::Heading { .. }
                | Kind::Quote
                | Kind::List { .. }
                | Kind::Pre { .. }
                | Kind::Table { .. }
                | Kind::Figure { .. }
                | Kind::Callout { .. }
                | Kind::Notes
                | Kind::Note { .. }
                | Kind::Definitions(_)
        )
    }
    fn raw_text(&mut self) -> Option<&mut String> {
        match self {
            Kind::Pre { text, .. }
            | Kind::Code(text)
            | Kind::Kbd(text)
            | Kind::Rt(text)
            | Kind::Math { tex: text, .. } => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Frame {
    id: u32,
    kind: Kind,
    blocks: Vec<Block>,
    /// Inline content not yet closed into a paragraph (or the content of an inline frame).
    inlines: Vec<Inline>,
    /// A `<p>` closed directly inside this frame (makes a list loose).
    had_p: bool,
    /// `lang` of a paragraph or heading in another language than the post's.
    lang: Option<String>,
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame {
            id: 0,
            kind,
            blocks: Vec::new(),
            inlines: Vec::new(),
            had_p: false,
            lang: None,
        }
    }

    /// Closes the pending inline run into a paragraph.
    fn flush(&mut self) {
        if self.inlines.is_empty() {
            return;
        }
        if let Some(block) = paragraph(take(&mut self.inlines)) {
            self.blocks.push(block);
        }
    }

    fn into_blocks(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

pub struct Builder {
    frames: Vec<Frame>,
    next_id: u32,
    /// Inline elements (`<b>`, `<a>`) interrupted by a block inside them, outermost first:
    /// like a browser, we close them before the block and open them again for the content
    /// that follows, so `<a><div>card</div></a>` stays a link and the div a paragraph.
    suspended: Vec<(u32, Span)>,
    max_depth: usize,
    ids: HashSet<String>,
    flattened: usize,
    /// A footnote was read: references are matched with notes when the tree is finished.
    saw_notes: bool,
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg",
    "select", "option", "datalist", "input", "rp", "colgroup", "col", "param", "source", "track",
    "object", "canvas", "map", "dialog",
];

const BLOCK_UNWRAPPED: &[&str] = &[
    "div",
    "section",
    "article",
    "center",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "address",
    "details",
    "summary",
    "fieldset",
    "form",
    "hgroup",
    "dl",
    "dt",
    "dd",
    "legend",
    "body",
    "html",
    "search",
    "frameset",
    "frame",
    "noframes",
    "marquee",
    "listing",
    "xmp",
    "plaintext",
];

/// A paragraph's or heading's content marked with its own language (an image alone stays bare,
/// so it still becomes a figure).
fn with_lang(inlines: Vec<Inline>, lang: Option<String>) -> Vec<Inline> {
    match lang {
        Some(lang)
            if !whitespace::is_blank_run(&inlines)
                && !matches!(inlines.as_slice(), [Inline::Image(_)]) =>
        {
            vec![Inline::Lang {
                lang,
                content: inlines,
            }]
        }
        _ => inlines,
    }
}

/// Blocks that become blocks of their own (the others are unwrapped: [`BLOCK_UNWRAPPED`]).
const BLOCK_KEPT: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "menu",
    "dir",
    "li",
    "pre",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "hr",
];

fn is_block_tag(tag: &str) -> bool {
    static BLOCK: std::sync::LazyLock<TagSet> =
        std::sync::LazyLock::new(|| TagSet::new(&[BLOCK_UNWRAPPED, BLOCK_KEPT].concat()));
    BLOCK.contains(tag)
}

fn is_skipped(tag: &str) -> bool {
    static SKIP: std::sync::LazyLock<TagSet> = std::sync::LazyLock::new(|| TagSet::new(SKIPPED));
    SKIP.contains(tag)
}

/// Tag names looked up for every element: names of up to seven bytes are one word each
/// (bytes and length), searched in order; longer ones are compared as strings.
struct TagSet {
    words: Vec<u64>,
    long: Vec<&'static str>,
}

impl TagSet {
    fn new(names: &[&'static str]) -> TagSet {
        let (short, long): (Vec<&str>, Vec<&str>) = names.iter().partition(|n| n.len() < 8);
        let mut words: Vec<u64> = short.into_iter().filter_map(tag_word).collect();
        words.sort_unstable();
        TagSet { words, long }
    }

    fn contains(&self, tag: &str) -> bool {
        match tag_word(tag) {
            Some(word) => self.words.binary_search(&word).is_ok(),
            None => self.long.contains(&tag),
        }
    }
}

fn tag_word(tag: &str) -> Option<u64> {
    let mut bytes = [0u8; 8];
    bytes.get_mut(..tag.len())?.copy_from_slice(tag.as_bytes());
    let [.., length] = &mut bytes;
    if *length != 0 {
        return None;
    }
    *length = tag.len() as u8;
    Some(u64::from_le_bytes(bytes))
}

impl Builder {
    pub fn new(max_depth: usize) -> Builder {
        Builder {
            frames: vec![Frame::new(Kind::Root)],
            next_id: 1,
            suspended: Vec::new(),
            max_depth: max_depth.max(2),
            ids: HashSet::new(),
            flattened: 0,
            saw_notes: false,
        }
    }

    pub fn flattened(&self) -> usize {
        self.flattened
    }

    fn top(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::new(Kind::Root));
        }
        let last = self.frames.len() - 1;
        // Not empty: a frame was pushed above if there was none.
        #[allow(clippy::indexing_slicing)]
        &mut self.frames[last]
    }

    pub fn text(&mut self, s: &str) {
        if !self.suspended.is_empty() && !whitespace::is_blank(s) {
            self.resume_spans();
        }
        let top = self.top();
        if let Some(raw) = top.kind.raw_text() {
            raw.push_str(s);
        } else if top.kind.holds_blocks() || top.kind.is_inline() || !whitespace::is_blank(s) {
            push_text(&mut top.inlines, s);
        }
    }

    /// Opens an element; `None` means skip it and everything inside.
    pub fn open(&mut self, tag: &str, attr: Attrs) -> Option<Opened> {
        if tag == "input" && attr("type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) {
            // A task list's box, as GFM writes it: the item's, or a box in the text.
            let checked = attr("checked").is_some();
            if !self.set_task(checked) {
                self.text(if checked { "☑ " } else { "☐ " });
            }
            return None;
        }
        if self.is_note_apparatus(tag, attr) {
            return None;
        }
        // KaTeX draws a formula twice: as MathML (read for its TeX) and as hidden HTML.
        if tag == "span"
            && has_class(attr, "katex-html")
            && attr("aria-hidden").is_some_and(|v| v == "true")
        {
            return None;
        }
        if tag == "script" && self.top().kind.raw_text().is_none() {
            let kind = attr("type").unwrap_or_default().to_ascii_lowercase();
            if kind.starts_with("math/tex") {
                let id = self.next_id;
                self.next_id = self.next_id.wrapping_add(1);
                let mut frame = Frame::new(Kind::Math {
                    display: kind.contains("mode=display"),
                    tex: String::new(),
                });
                frame.id = id;
                self.frames.push(frame);
                return Some(Opened::Frame(id));
            }
        }
        if is_skipped(tag) {
            return None;
        }
        let top = self.top();
        if let Kind::Pre {
            lang: lang @ None, ..
        } = &mut top.kind
        {
            if tag == "code" {
                *lang = code_language(attr);
            }
        }
        if let Some(raw) = top.kind.raw_text() {
            // Line-number gutters and file-name captions of highlighters are not the code.
            let class = attr("class").unwrap_or_default();
            if tag == "figcaption"
                || class.split_whitespace().any(|c| {
                    matches!(
                        c,
                        "gutter" | "line-numbers-rows" | "hljs-ln-numbers" | "lineno" | "linenos"
                    )
                })
            {
                return None;
            }
            return match tag {
                "br" => {
                    raw.push('\n');
                    None
                }
                "img" | "iframe" | "video" | "audio" | "embed" => None,
                t if is_block_tag(t) => Some(Opened::RawLine),
                _ => Some(Opened::Inline),
            };
        }
        if is_block_tag(tag) {
            self.suspend_spans();
        } else if !self.suspended.is_empty() {
            self.resume_spans();
        }
        match tag {
            "img" => {
                self.image(attr);
                return None;
            }
            "br" => {
                self.line_break();
                return None;
            }
            "hr" => {
                if self.top().kind.is_inline() {
                    self.line_break();
                } else {
                    self.push_block(Block::ThematicBreak);
                }
                return None;
            }
            "iframe" | "embed" => {
                self.media(attr);
                return None;
            }
            // The text inside a player is what a reader shows when it cannot play the source
            // (a transcript, a download link): kept after the link to the source.
            "video" | "audio" => {
                self.media(attr);
                // Inside a paragraph the link and the text stay apart, as blocks would.
                self.push_inline(Inline::Text(" ".to_string()));
                return Some(Opened::Inline);
            }
            _ => {}
        }
        let block_ok = !self.top().kind.is_inline();
        let deep = self.frames.len() >= self.max_depth;
        let kind = match tag {
            "div" | "span" if has_class(attr, "math") && has_class(attr, "display") => Kind::Math {
                display: true,
                tex: String::new(),
            },
            // pandoc's and the Markdown reader's inline formulas.
            "span" if has_class(attr, "math") && has_class(attr, "inline") => Kind::Math {
                display: false,
                tex: String::new(),
            },
            "blockquote" | "div" | "aside" if block_ok && callout_kind(attr).is_some() => {
                Kind::Callout {
                    kind: callout_kind(attr).unwrap_or_default(),
                    title: Vec::new(),
                }
            }
            "p" | "div" | "summary"
                if block_ok
                    && is_callout_title(attr)
                    && matches!(&self.top().kind, Kind::Callout { title, .. } if title.is_empty())
                    && self.top().blocks.is_empty() =>
            {
                Kind::CalloutTitle
            }
            "section" | "div" | "aside" | "ol"
                if block_ok && !matches!(self.top().kind, Kind::Notes) && is_notes(attr) =>
            {
                self.saw_notes = true;
                Kind::Notes
            }
            "ol" | "ul" | "hr" if matches!(self.top().kind, Kind::Notes) => {
                return Some(Opened::Boundary)
            }
            "li" if matches!(self.top().kind, Kind::Notes) => Kind::Note {
                id: attr("id").unwrap_or_default().into_owned(),
            },
            "div" if block_ok && has_class(attr, "footnote-definition") => {
                self.saw_notes = true;
                Kind::Note {
                    id: attr("id").unwrap_or_default().into_owned(),
                }
            }
            "dl" if block_ok => Kind::Definitions(Vec::new()),
            "dt" if matches!(self.top().kind, Kind::Definitions(_)) => Kind::Term,
            "dd" if matches!(self.top().kind, Kind::Definitions(_)) => Kind::Detail,
            "p" if block_ok => Kind::Para,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if block_ok => Kind::Heading {
                level: tag.as_bytes().get(1).map_or(1, |d| d - b'0'),
                id: attr("id")
                    .filter(|i| !i.trim().is_empty())
                    .map(Cow::into_owned),
            },
            "blockquote" if block_ok => Kind::Quote,
            "ul" | "ol" | "menu" | "dir" if block_ok => Kind::List {
                list: List {
                    ordered: tag == "ol",
                    start: attr("start")
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(1),
                    tight: true,
                    items: Vec::new(),
                    tasks: Vec::new(),
                },
                loose: false,
            },
            "li" if matches!(self.top().kind, Kind::List { .. }) => {
                self.stray_into_item();
                Kind::Item { task: None }
            }
            "pre" if block_ok => Kind::Pre {
                lang: code_language(attr),
                text: String::new(),
            },
            // A key combination nests keys (`<kbd><kbd>Ctrl</kbd>+<kbd>C</kbd></kbd>`): the
            // outer element keeps the text.
            "kbd" if !matches!(self.top().kind, Kind::Kbd(_)) => Kind::Kbd(String::new()),
            "pre" | "code" | "samp" | "tt" => Kind::Code(String::new()),
            "table" if block_ok => Kind::Table {
                table: Table::default(),
                in_head: false,
            },
            "caption" | "figcaption"
                if matches!(self.top().kind, Kind::Table { .. } | Kind::Figure { .. }) =>
            {
                Kind::Caption
            }
            "thead" | "tbody" | "tfoot" => {
                if let Kind::Table { in_head, .. } = &mut self.top().kind {
                    *in_head = tag == "thead";
                    if tag == "thead" {
                        return Some(Opened::TableHeadEnd);
                    }
                }
                return Some(Opened::Boundary);
            }
            "tr" if matches!(self.top().kind, Kind::Table { .. }) => Kind::Row(Row::default()),
            "td" | "th" if matches!(self.top().kind, Kind::Row(_)) => Kind::Cell(Cell {
                header: tag == "th",
                colspan: span_attr(attr("colspan")),
                rowspan: span_attr(attr("rowspan")),
                align: align_attr(attr),
                blocks: Vec::new(),
            }),
            // Hexo's highlighter: <figure class="highlight js"><table>… gutter … code …
            "figure" if block_ok && has_class(attr, "highlight") => Kind::Pre {
                lang: attr("class").and_then(|c| {
                    c.split_whitespace()
                        .find(|t| *t != "highlight" && *t != "plain" && *t != "plaintext")
                        .map(str::to_string)
                }),
                text: String::new(),
            },
            "figure" if block_ok => Kind::Figure {
                caption: Vec::new(),
            },
            "strong" | "b" => Kind::Span(Span::Strong),
            "em" | "i" | "cite" | "dfn" | "var" => Kind::Span(Span::Emphasis),
            "s" | "strike" | "del" => Kind::Span(Span::Strike),
            "sup" => Kind::Span(Span::Sup),
            "sub" => Kind::Span(Span::Sub),
            "u" | "ins" => Kind::Span(Span::Underline),
            "mark" => Kind::Span(Span::Mark),
            "small" => Kind::Span(Span::Small),
            "a" => match attr("href").and_then(|h| safe_url(&h)) {
                Some(href) => Kind::Span(Span::Link {
                    href,
                    title: attr("title")
                        .map(|t| whitespace::collapse(&t))
                        .filter(|t| !t.is_empty()),
                }),
                None => return Some(Opened::Inline),
            },
            "ruby" => Kind::Ruby { pairs: Vec::new() },
            "rt" if matches!(self.top().kind, Kind::Ruby { .. }) => Kind::Rt(String::new()),
            t if is_block_tag(t) => {
                self.boundary();
                return Some(Opened::Boundary);
            }
            _ => match attr("lang").and_then(|l| crate::lang::normalize(&l)) {
                Some(lang) => Kind::Span(Span::Lang(lang)),
                None => return Some(Opened::Inline),
            },
        };
        if deep {
            self.flattened += 1;
            return Some(if is_block_tag(tag) {
                self.boundary();
                Opened::Boundary
            } else {
                Opened::Inline
            });
        }
        if kind.starts_block() {
            // The inline run before a block is a paragraph of its own.
            self.top().flush();
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        let mut frame = Frame::new(kind);
        frame.id = id;
        if matches!(frame.kind, Kind::Para | Kind::Heading { .. }) {
            frame.lang = attr("lang").and_then(|l| crate::lang::normalize(&l));
        }
        self.frames.push(frame);
        Some(Opened::Frame(id))
    }

    /// Closes the inline elements open over a block container before a block starts in them.
    fn suspend_spans(&mut self) {
        let spans = self
            .frames
            .iter()
            .rev()
            .take_while(|f| matches!(f.kind, Kind::Span(_)))
            .count();
        let below = self.frames.len().saturating_sub(spans + 1);
        if spans == 0
            || !self
                .frames
                .get(below)
                .is_some_and(|f| f.kind.holds_blocks())
        {
            return;
        }
        let mut closed = Vec::with_capacity(spans);
        for _ in 0..spans {
            if let Some(frame) = self.frames.pop() {
                if let Kind::Span(span) = &frame.kind {
                    closed.push((frame.id, span.clone()));
                }
                self.fold(frame);
            }
        }
        closed.reverse();
        closed.append(&mut self.suspended);
        self.suspended = closed;
    }

    /// Opens the suspended inline elements again around content that follows the block.
    fn resume_spans(&mut self) {
        let top = self.top();
        if top.kind.raw_text().is_some() || !(top.kind.holds_blocks() || top.kind.is_inline()) {
            return;
        }
        if self.frames.len() + self.suspended.len() > self.max_depth {
            self.suspended.clear();
            return;
        }
        for (id, span) in take(&mut self.suspended) {
            let mut frame = Frame::new(Kind::Span(span));
            frame.id = id;
            self.frames.push(frame);
        }
    }

    pub fn close(&mut self, opened: Opened) {
        match opened {
            Opened::Inline => {}
            Opened::Boundary => self.boundary(),
            Opened::RawLine => {
                if let Some(raw) = self.top().kind.raw_text() {
                    if !raw.is_empty() && !raw.ends_with('\n') {
                        raw.push('\n');
                    }
                }
            }
            Opened::TableHeadEnd => {
                if let Kind::Table { in_head, .. } = &mut self.top().kind {
                    *in_head = false;
                }
            }
            Opened::Frame(id) => {
                let Some(pos) = self.frames.iter().rposition(|f| f.id == id) else {
                    self.suspended.retain(|(s, _)| *s != id);
                    return;
                };
                // Above it can only be suspended elements opened again inside it: close them
                // here and keep them suspended for what follows.
                let mut resumed = Vec::new();
                while self.frames.len() > pos + 1 {
                    if let Some(frame) = self.frames.pop() {
                        if let Kind::Span(span) = &frame.kind {
                            resumed.push((frame.id, span.clone()));
                        }
                        self.fold(frame);
                    }
                }
                if pos > 0 {
                    if let Some(frame) = self.frames.pop() {
                        self.fold(frame);
                    }
                }
                resumed.reverse();
                resumed.append(&mut self.suspended);
                self.suspended = resumed;
            }
        }
    }

    /// Closes every open frame and returns the document's blocks.
    pub fn finish(mut self) -> Vec<Block> {
        while self.frames.len() > 1 {
            if let Some(frame) = self.frames.pop() {
                self.fold(frame);
            }
        }
        let mut blocks = self
            .frames
            .pop()
            .map(Frame::into_blocks)
            .unwrap_or_default();
        if self.saw_notes {
            super::notes::gather(&mut blocks, &mut self.ids);
        }
        blocks
    }

    /// A formula: a block of its own where blocks may stand and it is displayed, otherwise
    /// a formula in the text.
    pub fn math(&mut self, tex: &str, display: bool) {
        let tex = strip_math_delimiters(tex);
        if tex.is_empty() {
            return;
        }
        if display && self.top().kind.holds_blocks() {
            self.push_block(Block::Math(Math {
                tex: tex.to_string(),
                display: true,
            }));
        } else {
            self.push_inline(Inline::Math(Math {
                tex: tex.to_string(),
                display,
            }));
        }
    }

    /// Gives the list item being read its task box; false if no item is open here.
    fn set_task(&mut self, checked: bool) -> bool {
        for frame in self.frames.iter_mut().rev() {
            match &mut frame.kind {
                Kind::Item { task } => {
                    if task.is_some() || !frame.blocks.is_empty() {
                        return false;
                    }
                    *task = Some(checked);
                    return true;
                }
                Kind::Para | Kind::Span(_) => {}
                _ => return false,
            }
        }
        false
    }

    /// Parts of a footnote section that are not the notes: the back links (the writers make
    /// their own), the number a definition shows, the rule markdown-it draws before them.
    fn is_note_apparatus(&self, tag: &str, attr: Attrs) -> bool {
        match tag {
            "sup" | "span" => has_class(attr, "footnote-definition-label"),
            "hr" => {
                has_class(attr, "footnotes-sep")
                    || matches!(self.frames.last().map(|f| &f.kind), Some(Kind::Notes))
            }
            "a" => {
                let in_note = self
                    .frames
                    .iter()
                    .any(|f| matches!(f.kind, Kind::Note { .. }));
                in_note
                    && (attr("href").is_some_and(|h| h.starts_with("#fnref"))
                        || attr("role").is_some_and(|r| r == "doc-backlink")
                        || attr("rev").is_some_and(|r| r == "footnote")
                        || [
                            "footnote-back",
                            "footnote-backref",
                            "reversefootnote",
                            "footnote-return",
                        ]
                        .iter()
                        .any(|c| has_class(attr, c)))
            }
            _ => false,
        }
    }

    fn fold(&mut self, mut frame: Frame) {
        match frame.kind {
            Kind::Root => {
                let blocks = frame.into_blocks();
                self.push_blocks(blocks);
            }
            Kind::Para => {
                let inlines = with_lang(take(&mut frame.inlines), frame.lang.take());
                if let Some(block) = paragraph(inlines) {
                    self.push_block(block);
                    self.top().had_p = true;
                }
            }
            Kind::Heading { level, ref id } => {
                let content = with_lang(
                    whitespace::normalize(take(&mut frame.inlines)),
                    frame.lang.take(),
                );
                if !whitespace::is_blank_run(&content) {
                    let id = self.unique_id(id.as_deref(), &content);
                    self.push_block(Block::Heading { level, id, content });
                }
            }
            Kind::Quote => {
                let blocks = frame.into_blocks();
                if !blocks.is_empty() {
                    self.push_block(Block::BlockQuote(blocks));
                }
            }
            Kind::Callout { .. } => {
                frame.flush();
                let blocks = take(&mut frame.blocks);
                if let Kind::Callout { kind, title } = frame.kind {
                    if !blocks.is_empty() || !title.is_empty() {
                        self.push_block(Block::Callout(Callout {
                            kind,
                            title,
                            blocks,
                        }));
                    }
                }
            }
            Kind::CalloutTitle => {
                let content = whitespace::normalize(take(&mut frame.inlines));
                match &mut self.top().kind {
                    Kind::Callout { title, .. } if !whitespace::is_blank_run(&content) => {
                        *title = content;
                    }
                    _ => {
                        if let Some(b) = paragraph(content) {
                            self.push_block(b);
                        }
                    }
                }
            }
            Kind::Notes => {
                let blocks = frame.into_blocks();
                self.push_blocks(blocks);
            }
            Kind::Note { .. } => {
                frame.flush();
                let blocks = take(&mut frame.blocks);
                if let Kind::Note { id } = frame.kind {
                    self.saw_notes = true;
                    self.push_block(Block::Footnote(Footnote {
                        id,
                        label: String::new(),
                        blocks,
                    }));
                }
            }
            Kind::Definitions(_) => {
                frame.flush();
                let stray = take(&mut frame.blocks);
                if let Kind::Definitions(mut defs) = frame.kind {
                    if !stray.is_empty() {
                        match defs.last_mut() {
                            Some(d) => d.details.push(stray),
                            None => defs.push(Definition {
                                term: Vec::new(),
                                details: vec![stray],
                            }),
                        }
                    }
                    if !defs.is_empty() {
                        self.push_block(Block::Definitions(defs));
                    }
                }
            }
            Kind::Term => {
                let term = whitespace::normalize(take(&mut frame.inlines));
                if let Kind::Definitions(defs) = &mut self.top().kind {
                    if !whitespace::is_blank_run(&term) {
                        defs.push(Definition {
                            term,
                            details: Vec::new(),
                        });
                    }
                }
            }
            Kind::Detail => {
                let blocks = frame.into_blocks();
                if let Kind::Definitions(defs) = &mut self.top().kind {
                    if !blocks.is_empty() {
                        match defs.last_mut() {
                            Some(d) => d.details.push(blocks),
                            None => defs.push(Definition {
                                term: Vec::new(),
                                details: vec![blocks],
                            }),
                        }
                    }
                }
            }
            Kind::Item { task } => {
                let loose = frame.had_p;
                let blocks = frame.into_blocks();
                if let Kind::List { list, loose: l } = &mut self.top().kind {
                    if task.is_some() {
                        list.tasks.resize(list.items.len(), None);
                        list.tasks.push(task);
                    }
                    list.items.push(blocks);
                    *l |= loose;
                } else {
                    self.push_blocks(blocks);
                }
            }
            Kind::List { .. } => {
                frame.flush();
                let stray = take(&mut frame.blocks);
                if let Kind::List { mut list, loose } = frame.kind {
                    if !stray.is_empty() {
                        list.items.push(stray);
                    }
                    list.tight = !loose;
                    if !list.items.is_empty() {
                        self.push_block(Block::List(list));
                    }
                }
            }
            Kind::Cell(_) => {
                frame.flush();
                if let Kind::Cell(mut cell) = frame.kind {
                    cell.blocks = frame.blocks;
                    if let Kind::Row(row) = &mut self.top().kind {
                        row.cells.push(cell);
                    } else {
                        self.push_blocks(cell.blocks);
                    }
                }
            }
            Kind::Row(_) => {
                frame.flush();
                let stray = take(&mut frame.blocks);
                let Kind::Row(row) = frame.kind else { return };
                if let Kind::Table { table, in_head } = &mut self.top().kind {
                    if !row.cells.is_empty() {
                        let all_th = row.cells.iter().all(|c| c.header);
                        if *in_head || (all_th && table.head.is_empty() && table.body.is_empty()) {
                            table.head.push(row);
                        } else {
                            table.body.push(row);
                        }
                    }
                }
                self.push_blocks(stray);
            }
            Kind::Table { .. } => {
                frame.flush();
                let stray = take(&mut frame.blocks);
                if let Kind::Table { mut table, .. } = frame.kind {
                    if !table.head.is_empty() || !table.body.is_empty() {
                        table.align = column_alignment(&table);
                        self.push_block(Block::Table(table));
                    } else if !table.caption.is_empty() {
                        self.push_block(Block::Paragraph(table.caption));
                    }
                }
                self.push_blocks(stray);
            }
            Kind::Figure { .. } => {
                frame.flush();
                let blocks = take(&mut frame.blocks);
                if let Kind::Figure { caption } = frame.kind {
                    self.figure(blocks, caption);
                }
            }
            Kind::Caption => {
                let content = whitespace::normalize(take(&mut frame.inlines));
                match &mut self.top().kind {
                    Kind::Figure { caption } => caption.extend(content),
                    Kind::Table { table, .. } => table.caption.extend(content),
                    _ => {
                        if let Some(b) = paragraph(content) {
                            self.push_block(b);
                        }
                    }
                }
            }
            Kind::Span(span) => {
                let content = take(&mut frame.inlines);
                if !content.is_empty() {
                    self.push_inline(match span {
                        Span::Strong => Inline::Strong(content),
                        Span::Emphasis => Inline::Emphasis(content),
                        Span::Strike => Inline::Strikethrough(content),
                        Span::Sup => Inline::Superscript(content),
                        Span::Sub => Inline::Subscript(content),
                        Span::Underline => Inline::Underline(content),
                        Span::Mark => Inline::Mark(content),
                        Span::Small => Inline::Small(content),
                        Span::Link { href, title } => Inline::Link {
                            href,
                            title,
                            content,
                        },
                        Span::Lang(lang) => Inline::Lang { lang, content },
                    });
                }
            }
            Kind::Ruby { pairs } => {
                let rest = take(&mut frame.inlines);
                pairs
                    .into_iter()
                    .chain(rest)
                    .for_each(|i| self.push_inline(i));
            }
            Kind::Rt(text) => {
                // Each <rt> annotates the base read since the previous one.
                let annotation = whitespace::collapse(&text);
                let top = self.top();
                let base = take(&mut top.inlines);
                if let Kind::Ruby { pairs } = &mut top.kind {
                    if annotation.is_empty() {
                        pairs.extend(base);
                    } else {
                        pairs.push(Inline::Ruby { base, annotation });
                    }
                }
            }
            Kind::Code(text) => {
                if !text.is_empty() {
                    self.push_inline(Inline::Code(text));
                }
            }
            Kind::Kbd(text) => {
                if !text.is_empty() {
                    self.push_inline(Inline::Kbd(text));
                }
            }
            Kind::Math { display, tex } => self.math(&tex, display),
            Kind::Pre { lang, mut text } => {
                // The line feed that ends the last line is not part of the code.
                if text.ends_with('\n') {
                    text.pop();
                }
                if !text.trim().is_empty() {
                    self.push_block(Block::CodeBlock { lang, code: text });
                }
            }
        }
    }

    fn figure(&mut self, mut blocks: Vec<Block>, caption: Vec<Inline>) {
        let caption = whitespace::normalize(caption);
        if let [Block::Figure(f)] = blocks.as_mut_slice() {
            if f.caption.is_empty() {
                let image = take(&mut f.image);
                self.push_block(Block::Figure(Figure { image, caption }));
                return;
            }
        }
        self.push_blocks(blocks);
        if let Some(p) = paragraph(caption) {
            self.push_block(p);
        }
    }

    fn push_block(&mut self, block: Block) {
        let top = self.top();
        if top.kind.is_inline() {
            // Only reached when content is flattened into an inline run: keep its text.
            let mut text = String::new();
            crate::tree::block_text(std::slice::from_ref(&block), &mut text);
            let text = text.trim_end_matches('\n');
            if !text.is_empty() {
                line_break_into(&mut top.inlines);
                push_text(&mut top.inlines, text);
                line_break_into(&mut top.inlines);
            }
            return;
        }
        top.flush();
        top.blocks.push(block);
    }

    fn push_blocks(&mut self, blocks: Vec<Block>) {
        blocks.into_iter().for_each(|b| self.push_block(b));
    }

    fn push_inline(&mut self, inline: Inline) {
        let top = self.top();
        if let Some(raw) = top.kind.raw_text() {
            crate::tree::inline_text(std::slice::from_ref(&inline), raw);
        } else {
            top.inlines.push(inline);
        }
    }

    fn boundary(&mut self) {
        let top = self.top();
        if top.kind.is_inline() {
            line_break_into(&mut top.inlines);
        } else {
            top.flush();
        }
    }

    fn line_break(&mut self) {
        let top = self.top();
        if top.kind.holds_blocks() || top.kind.is_inline() {
            top.inlines.push(Inline::LineBreak);
        }
    }

    /// Content that sat directly in a list (broken HTML) becomes an item of its own.
    fn stray_into_item(&mut self) {
        let top = self.top();
        top.flush();
        let stray = take(&mut top.blocks);
        if let Kind::List { list, .. } = &mut top.kind {
            if !stray.is_empty() {
                list.items.push(stray);
            }
        }
    }

    fn image(&mut self, attr: Attrs) {
        let alt = whitespace::collapse(&attr("alt").unwrap_or_default());
        // A script URL is no image: it goes the way of a missing source. An image carried in
        // a `data:` URI is kept when no other source is given (the writers decode it).
        let source = image_source(attr)
            .and_then(|s| safe_url(&s))
            .or_else(|| data_image(attr));
        match source {
            Some(src) => {
                let title = attr("title")
                    .map(|t| whitespace::collapse(&t))
                    .filter(|t| !t.is_empty());
                let size = |k: &str| {
                    attr(k)
                        .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
                        .filter(|n| (1..=20_000).contains(n))
                };
                self.push_inline(Inline::Image(Image {
                    src,
                    alt,
                    title,
                    width: size("width"),
                    height: size("height"),
                }));
            }
            // No usable source: keep what a reader would have been told instead.
            None if !alt.is_empty() => self.push_inline(Inline::Text(alt)),
            None => {}
        }
    }

    /// An embedded player becomes a link to what it plays, a paragraph of its own where it
    /// stands between blocks.
    fn media(&mut self, attr: Attrs) {
        let Some(href) = attr("src").and_then(|s| safe_url(&s)) else {
            return;
        };
        self.boundary_between_blocks();
        let label = attr("title")
            .map(|t| whitespace::collapse(&t))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| href.clone());
        self.push_inline(Inline::Link {
            href,
            title: None,
            content: vec![Inline::Text(label)],
        });
        self.boundary_between_blocks();
    }

    fn boundary_between_blocks(&mut self) {
        if self.top().kind.holds_blocks() {
            self.top().flush();
        }
    }

    fn unique_id(&mut self, id: Option<&str>, content: &[Inline]) -> String {
        let base = match id {
            Some(id) => id.trim().to_string(),
            None => {
                let mut text = String::new();
                crate::tree::inline_text(content, &mut text);
                slug(&text)
            }
        };
        let mut candidate = base.clone();
        let mut n = 1;
        while !self.ids.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

/// A formula's TeX without the `$$…$$`, `\\[…\\]` or `\\(…\\)` around it.
fn strip_math_delimiters(tex: &str) -> &str {
    let t = tex.trim();
    for (open, close) in [("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)")] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    t
}

/// A paragraph that is nothing but a displayed formula (`$$…$$` or `\\[…\\]`, as MathJax
/// reads them in a page).
fn display_math(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t
        .strip_prefix("$$")
        .and_then(|r| r.strip_suffix("$$"))
        .or_else(|| t.strip_prefix("\\[").and_then(|r| r.strip_suffix("\\]")))?;
    let inner = inner.trim();
    (!inner.is_empty() && !inner.contains("$$")).then_some(inner)
}

/// A finished inline run as a block: a lone image stands as a figure.
fn paragraph(inlines: Vec<Inline>) -> Option<Block> {
    let inlines = whitespace::normalize(inlines);
    if whitespace::is_blank_run(&inlines) {
        return None;
    }
    if let [Inline::Text(t)] = inlines.as_slice() {
        if let Some(tex) = display_math(t) {
            return Some(Block::Math(Math {
                tex: tex.to_string(),
                display: true,
            }));
        }
    }
    let mut inlines = split_inline_math(inlines);
    match inlines.as_mut_slice() {
        [Inline::Image(img)] => Some(Block::Figure(Figure {
            image: take(img),
            caption: Vec::new(),
        })),
        _ => Some(Block::Paragraph(inlines)),
    }
}

/// MathJax's inline delimiters `\\(…\\)` in the text of a page become formulas (the tree is
/// depth-bounded, so the walk into containers is too).
fn split_inline_math(inlines: Vec<Inline>) -> Vec<Inline> {
    if !inlines.iter().any(has_inline_delimiters) {
        return inlines;
    }
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text(t) if t.contains("\\(") => {
                let mut rest = t.as_str();
                while let Some(open) = rest.find("\\(") {
                    let after = rest.get(open + 2..).unwrap_or("");
                    let Some(close) = after.find("\\)") else {
                        break;
                    };
                    let tex = after.get(..close).unwrap_or("").trim();
                    if tex.is_empty() {
                        break;
                    }
                    push_text(&mut out, rest.get(..open).unwrap_or(""));
                    out.push(Inline::Math(Math {
                        tex: tex.to_string(),
                        display: false,
                    }));
                    rest = after.get(close + 2..).unwrap_or("");
                }
                if !rest.is_empty() {
                    push_text(&mut out, rest);
                }
            }
            mut other => {
                if let Some(children) = other.children_mut() {
                    let taken = take(children);
                    *children = split_inline_math(taken);
                }
                out.push(other);
            }
        }
    }
    out
}

fn has_inline_delimiters(inline: &Inline) -> bool {
    match inline {
        Inline::Text(t) => {
            // Backslashes are rare in prose: find them, not the two-byte strings.
            let b = t.as_bytes();
            let after_backslash =
                |c: u8| memchr::memchr_iter(b'\\', b).any(|i| b.get(i + 1) == Some(&c));
            after_backslash(b'(') && after_backslash(b')')
        }
        other => other
            .children()
            .is_some_and(|c| c.iter().any(has_inline_delimiters)),
    }
}

fn push_text(inlines: &mut Vec<Inline>, s: &str) {
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(s);
    } else {
        inlines.push(Inline::Text(s.to_string()));
    }
}

fn line_break_into(inlines: &mut Vec<Inline>) {
    if !inlines.is_empty() && !matches!(inlines.last(), Some(Inline::LineBreak)) {
        inlines.push(Inline::LineBreak);
    }
}

/// GitHub-style anchor: lower-case, letters and digits of any script kept, spaces to `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if crate::text::is_cjk_letter(c) {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "section".to_string()
    } else {
        out.to_string()
    }
}

/// A link target a reader can follow; script and inline-data URLs are dropped.
fn safe_url(href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    // Browsers ignore tabs and newlines inside a scheme: "java\nscript:" still runs.
    let scheme: String = href
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take_while(|&c| c != ':' && c != '/' && c != '?' && c != '#')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = href.contains(':') && !scheme.is_empty();
    if has_scheme && matches!(scheme.as_str(), "javascript" | "data" | "vbscript") {
        return None;
    }
    Some(href.to_string())
}

fn image_source(attr: Attrs) -> Option<String> {
    if let Some(best) = attr("srcset")
        .or_else(|| attr("data-srcset"))
        .and_then(|s| widest_candidate(&s))
    {
        return Some(best);
    }
    [
        "src",
        "data-src",
        "data-original",
        "data-actualsrc",
        "data-lazy-src",
    ]
    .iter()
    .filter_map(|k| attr(k))
    .map(|s| s.trim().to_string())
    .find(|s| !is_placeholder(s))
}

/// A `src` that is a `data:image/…` URI larger than a spacer pixel.
fn data_image(attr: Attrs) -> Option<String> {
    let src = attr("src")?;
    let src = src.trim();
    let head = src.get(..11)?;
    (head.eq_ignore_ascii_case("data:image/") && src.len() > 200).then(|| src.to_string())
}

/// `data:` URIs and the usual 1×1 spacer files stand in for lazily loaded images.
fn is_placeholder(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    if lower.is_empty() || lower.starts_with("data:") {
        return true;
    }
    let file = lower.rsplit('/').next().unwrap_or_default();
    let stem = file.split(['?', '#']).next().unwrap_or_default();
    matches!(
        stem,
        "blank.gif"
            | "spacer.gif"
            | "pixel.gif"
            | "1x1.gif"
            | "1x1.png"
            | "transparent.gif"
            | "transparent.png"
            | "placeholder.gif"
            | "placeholder.png"
            | "grey.gif"
            | "gray.gif"
            | "loading.gif"
            | "lazy.gif"
    )
}

/// The candidate of a `srcset` with the largest width (or density) descriptor.
fn widest_candidate(srcset: &str) -> Option<String> {
    let mut best: Option<(f64, String)> = None;
    for candidate in srcset.split(',') {
        let mut parts = candidate.split_whitespace();
        let Some(url) = parts.next() else { continue };
        if is_placeholder(url) {
            continue;
        }
        let size = parts
            .next()
            .and_then(|d| {
                d.strip_suffix(['w', 'x', 'W', 'X'])
                    .and_then(|n| n.parse::<f64>().ok())
            })
            .unwrap_or(1.0);
        if best.as_ref().is_none_or(|(s, _)| size > *s) {
            best = Some((size, url.to_string()));
        }
    }
    best.map(|(_, url)| url)
}

fn code_language(attr: Attrs) -> Option<String> {
    let class = attr("class").unwrap_or_default();
    let lang = attr("lang").or_else(|| attr("data-lang"));
    class
        .split_whitespace()
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
                .map(str::to_string)
        })
        .or_else(|| {
            // SyntaxHighlighter: class="brush: js; gutter: false"
            let rest = class.split("brush:").nth(1)?;
            let name = rest.split(';').next()?.trim();
            (!name.is_empty()).then(|| name.to_string())
        })
        .or(lang.map(Cow::into_owned))
        .filter(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_alphanumeric() || "+-#._".contains(c))
        })
}

/// The kind of a callout box, from its classes: `callout warning` (ours),
/// `markdown-alert markdown-alert-note` (GitHub), `admonition tip` (Python-Markdown, MkDocs,
/// Docusaurus), `note info` (Hexo NexT), `custom-block tip` (VuePress), `notices info` (Hugo).
fn callout_kind(attr: Attrs) -> Option<CalloutKind> {
    let class = attr("class")?.to_ascii_lowercase();
    let tokens: Vec<&str> = class.split_whitespace().collect();
    let boxed = tokens.iter().any(|t| {
        matches!(
            *t,
            "callout" | "markdown-alert" | "admonition" | "custom-block" | "notices" | "note"
        )
    });
    if !boxed {
        return None;
    }
    let kind = tokens.iter().find_map(|t| {
        let t = t
            .strip_prefix("markdown-alert-")
            .or_else(|| t.strip_prefix("admonition-"))
            .or_else(|| t.strip_prefix("callout-"))
            .unwrap_or(t);
        (t != "note").then(|| CalloutKind::from_name(t)).flatten()
    });
    Some(kind.unwrap_or_default())
}

fn is_callout_title(attr: Attrs) -> bool {
    [
        "callout-title",
        "markdown-alert-title",
        "admonition-title",
        "custom-block-title",
    ]
    .iter()
    .any(|c| has_class(attr, c))
}

/// A footnotes section, as pandoc, markdown-it, kramdown and Hexo's plugins write it.
fn is_notes(attr: Attrs) -> bool {
    has_class(attr, "footnotes")
        || attr("id").is_some_and(|i| i == "footnotes")
        || attr("role").is_some_and(|r| r == "doc-endnotes" || r == "doc-footnotes")
}

fn has_class(attr: Attrs, class: &str) -> bool {
    attr("class").is_some_and(|c| c.split_whitespace().any(|t| t == class))
}

fn span_attr(v: Option<Cow<str>>) -> u32 {
    v.and_then(|s| s.trim().parse::<u32>().ok())
        .map_or(1, |n| n.clamp(1, 1000))
}

fn align_attr(attr: Attrs) -> Align {
    let style = attr("style").unwrap_or_default().to_ascii_lowercase();
    let from_style = style.split(';').find_map(|decl| {
        let (k, v) = decl.split_once(':')?;
        (k.trim() == "text-align").then(|| v.trim().to_string())
    });
    match from_style
        .or_else(|| attr("align").map(|a| a.to_ascii_lowercase()))
        .as_deref()
        .map(str::trim)
    {
        Some("left" | "start") => Align::Left,
        Some("center") => Align::Center,
        Some("right" | "end") => Align::Right,
        _ => Align::None,
    }
}

fn column_alignment(table: &Table) -> Vec<Align> {
    let first = table.head.first().or_else(|| table.body.first());
    let mut align = Vec::new();
    if let Some(row) = first {
        for cell in &row.cells {
            for _ in 0..cell.colspan {
                align.push(cell.align);
            }
        }
    }
    let width = table
        .head
        .iter()
        .chain(&table.body)
        .map(|r| r.cells.iter().map(|c| c.colspan as usize).sum::<usize>())
        .max()
        .unwrap_or(0);
    align.resize(width, Align::None);
    align
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_sets_match_whole_names() {
        for tag in [
            "p",
            "h6",
            "pre",
            "div",
            "section",
            "frameset",
            "blockquote",
            "figcaption",
        ] {
            assert!(is_block_tag(tag), "{tag}");
        }
        for tag in [
            "",
            "a",
            "span",
            "strong",
            "pp",
            "p\0",
            "sectionx",
            "blockquotes",
            "h7",
        ] {
            assert!(!is_block_tag(tag), "{tag}");
        }
        assert!(is_skipped("script") && is_skipped("rp") && is_skipped("datalist"));
        assert!(!is_skipped("scripts") && !is_skipped("r"));
    }

    #[test]
    fn slugs_keep_cjk() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("第一章 开始"), "第一章-开始");
        assert_eq!(slug("!!!"), "section");
    }

    #[test]
    fn script_urls_are_dropped() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JaVa\tScript:alert(1)"), None);
        assert_eq!(safe_url(" JaVa\nScRiPt:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
        assert_eq!(safe_url("/a:b"), Some("/a:b".into()));
        assert_eq!(safe_url("https://x.cn/"), Some("https://x.cn/".into()));
    }

    fn blocks(html: &str) -> Vec<Block> {
        crate::html::parse(html, &Default::default()).blocks
    }

    #[test]
    fn footnotes_are_gathered_and_numbered_by_first_reference() {
        let b = blocks(
            "<p>a<sup><a href=\"#fn:2\">x</a></sup> b<a href=\"#fn1\" class=\"footnote-ref\"><sup>1</sup></a></p>\
             <div class=\"footnotes\"><hr><ol><li id=\"fn1\"><p>one<a href=\"#fnref1\" class=\"footnote-back\">↩</a></p></li>\
             <li id=\"fn:2\"><p>two</p></li><li id=\"fn3\"><p>unused</p></li></ol></div>",
        );
        let notes: Vec<(&str, &str)> = b
            .iter()
            .filter_map(|x| match x {
                Block::Footnote(n) => Some((n.id.as_str(), n.label.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(notes, [("fn-1", "1"), ("fn-2", "2"), ("fn-3", "3")]);
        let ids = crate::tree::note_ids(&b);
        let Some(Block::Paragraph(p)) = b.first() else {
            panic!("{b:?}")
        };
        let refs: Vec<&str> = p
            .iter()
            .filter_map(|i| crate::tree::note_ref(i, &ids).map(|(id, _)| id))
            .collect();
        assert_eq!(refs, ["fn-1", "fn-2"]);
        // The back link and the rule are gone; the note keeps its text.
        let mut text = String::new();
        crate::tree::block_text(&b, &mut text);
        assert!(!text.contains('↩') && text.contains("one"), "{text}");
        assert!(
            !b.iter().any(|x| matches!(x, Block::ThematicBreak)),
            "{b:?}"
        );
    }

    #[test]
    fn callouts_definitions_tasks_and_math() {
        let b = blocks(
            "<div class=\"admonition warning\"><p class=\"admonition-title\">Careful</p><p>x</p></div>\
             <dl><dt>T</dt><dd>D</dd></dl><ul><li><input type=checkbox checked> done</li><li>plain</li></ul>\
             <script type=\"math/tex; mode=display\">a^2</script><p>$$b$$</p>",
        );
        assert!(
            matches!(b.first(), Some(Block::Callout(c)) if c.kind == CalloutKind::Warning && c.title == [Inline::Text("Careful".into())]),
            "{b:?}"
        );
        assert!(
            matches!(b.get(1), Some(Block::Definitions(d)) if d.len() == 1),
            "{b:?}"
        );
        assert!(
            matches!(b.get(2), Some(Block::List(l)) if l.task(0) == Some(true) && l.task(1).is_none()),
            "{b:?}"
        );
        assert!(
            matches!(b.get(3), Some(Block::Math(m)) if m.tex == "a^2"),
            "{b:?}"
        );
        assert!(
            matches!(b.get(4), Some(Block::Math(m)) if m.tex == "b"),
            "{b:?}"
        );
    }

    #[test]
    fn inline_formulas_stay_in_the_text_as_math() {
        let b = blocks(
            "<p>a <script type=\"math/tex\">x^2</script> b <span class=\"math inline\">\\(y\\)</span> \
             c \\(\\frac{1}{2}\\) d \\(open</p>",
        );
        let Some(Block::Paragraph(p)) = b.first() else {
            panic!("{b:?}")
        };
        let tex: Vec<&str> = p
            .iter()
            .filter_map(|i| match i {
                Inline::Math(m) if !m.display => Some(m.tex.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(tex, ["x^2", "y", "\\frac{1}{2}"], "{p:?}");
        // An unclosed delimiter is text.
        assert!(
            matches!(p.last(), Some(Inline::Text(t)) if t.ends_with("d \\(open")),
            "{p:?}"
        );
    }

    #[test]
    fn srcset_picks_widest() {
        assert_eq!(
            widest_candidate("a.jpg 320w, b.jpg 1280w, c.jpg 640w"),
            Some("b.jpg".into())
        );
        assert_eq!(widest_candidate("a.jpg, b.jpg 2x"), Some("b.jpg".into()));
    }
}
