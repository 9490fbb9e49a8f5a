//! The typed document tree: the single source every writer reads.
//!
//! The tree is built with bounded depth (see [`crate::html::ParseOptions::max_depth`]), so
//! writers may recurse over it without risking the stack, and dropping it is shallow too.

use crate::meta::Metadata;

/// One post: its metadata and its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub meta: Metadata,
    pub blocks: Vec<Block>,
    /// The folder local images are read from, and nothing outside it: the post's folder, or
    /// the root of the site (or INPUT folder) it belongs to. `None` for standard input (no
    /// local file is read).
    pub base_dir: Option<std::path::PathBuf>,
    /// Where the site's engine finds a local image: the source as written → its path under
    /// `base_dir`. A source not listed resolves against `base_dir` itself.
    pub image_paths: std::collections::HashMap<String, String>,
    /// The post's language as resolved when it was read (declared, `--lang`, the site's, or
    /// detected from its prose); `None` for documents built otherwise.
    pub lang: Option<String>,
    /// What identifies the post across edits (its `id`/`uuid`/permalink, or its site and
    /// path), so a corrected post replaces the old one in a reader's library; `None`: its
    /// content identifies it.
    pub identity: Option<String>,
}

impl Document {
    /// The blocks the EPUB and PDF writers print under the title they set themselves: without
    /// a first heading that says the title again. (The reader removes such a heading from
    /// posts with front matter; a bare fragment keeps it, as its Markdown has no other title.)
    pub fn body(&self) -> &[Block] {
        match self.blocks.split_first() {
            Some((first, rest)) if opens_with_title(first, self.meta.title.as_deref()) => rest,
            _ => &self.blocks,
        }
    }

    /// The path to read a local image source from, under `base_dir`.
    pub fn image_path<'a>(&'a self, src: &'a str) -> &'a str {
        self.image_paths.get(src).map_or(src, String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        /// The element's `id`, or a slug made from its text; unique within the document.
        id: String,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List(List),
    BlockQuote(Vec<Block>),
    CodeBlock {
        lang: Option<String>,
        code: String,
    },
    Table(Table),
    Figure(Figure),
    ThematicBreak,
    /// A footnote's text. The reader gathers every note at the end of the document, numbered
    /// in the order of their first reference; a reference is
    /// `Superscript([Link { href: "#<id>", content: [Text(label)] }])` (see [`note_ref`]).
    Footnote(Footnote),
    /// A boxed aside: `:::info`, `> [!NOTE]`, Hexo's `{% note %}`.
    Callout(Callout),
    /// `<dl>`: terms, each with its descriptions.
    Definitions(Vec<Definition>),
    /// A displayed formula: `$$…$$`, `\\[…\\]`, MathJax's `math/tex; mode=display`, KaTeX.
    Math(Math),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Math {
    /// The TeX source, without its delimiters.
    pub tex: String,
    /// Set apart from the text (`Block::Math`), or in it (`Inline::Math`).
    pub display: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Footnote {
    /// Unique within the document (headings included).
    pub id: String,
    /// What the reference shows: "1", "2", …
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CalloutKind {
    #[default]
    Note,
    Info,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    /// The kind a class name or alert word stands for (`info`, `NOTE`, `danger`, `success`…).
    pub fn from_name(name: &str) -> Option<CalloutKind> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "note" | "default" | "primary" | "abstract" | "summary" | "quote" | "details" => {
                CalloutKind::Note
            }
            "info" | "information" | "todo" | "example" => CalloutKind::Info,
            "tip" | "hint" | "success" | "check" | "done" => CalloutKind::Tip,
            "important" | "question" | "help" => CalloutKind::Important,
            "warning" | "warn" | "attention" => CalloutKind::Warning,
            "caution" | "danger" | "error" | "failure" | "fail" | "bug" => CalloutKind::Caution,
            _ => return None,
        })
    }

    /// The GitHub alert word (GitHub has no `INFO`: it is a note there).
    pub fn alert(self) -> &'static str {
        match self {
            CalloutKind::Note | CalloutKind::Info => "NOTE",
            CalloutKind::Tip => "TIP",
            CalloutKind::Important => "IMPORTANT",
            CalloutKind::Warning => "WARNING",
            CalloutKind::Caution => "CAUTION",
        }
    }

    /// A lower-case name for classes.
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Info => "info",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Callout {
    pub kind: CalloutKind,
    /// The title the author gave; empty: writers show the kind's label in the post's language.
    pub title: Vec<Inline>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub details: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub ordered: bool,
    /// First number of an ordered list (1 unless the source said otherwise).
    pub start: u64,
    /// Items hold a single paragraph each and no blank line separates them.
    pub tight: bool,
    pub items: Vec<Vec<Block>>,
    /// Task list boxes, by item: `Some(true)` ticked, `Some(false)` open, `None` (or no
    /// entry) no box.
    pub tasks: Vec<Option<bool>>,
}

impl List {
    /// The task box of item `i`, if it has one.
    pub fn task(&self, i: usize) -> Option<bool> {
        self.tasks.get(i).copied().flatten()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub caption: Vec<Inline>,
    /// Alignment per column, as wide as the widest row (in columns, spans counted).
    pub align: Vec<Align>,
    pub head: Vec<Row>,
    pub body: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub header: bool,
    pub colspan: u32,
    pub rowspan: u32,
    pub align: Align,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Image {
    /// As written in the post (relative sources stay relative to the post's file).
    pub src: String,
    pub alt: String,
    pub title: Option<String>,
    /// The size the author asked for (`<img width height>`), in CSS pixels; writers keep it
    /// within the column.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// An image standing as a block, with an optional caption (`<figure>`/`<figcaption>`, or an
/// `<img>` alone in its paragraph).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub image: Image,
    pub caption: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with HTML whitespace already collapsed; U+00A0 kept as is.
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Superscript(Vec<Inline>),
    Subscript(Vec<Inline>),
    Code(String),
    Link {
        href: String,
        title: Option<String>,
        content: Vec<Inline>,
    },
    Image(Image),
    LineBreak,
    Ruby {
        base: Vec<Inline>,
        annotation: String,
    },
    /// Text in another language than the post's (`<span lang="ja">`): it picks the fonts.
    Lang {
        lang: String,
        content: Vec<Inline>,
    },
    /// `<u>`/`<ins>`: underlined (in Chinese, the proper-name mark 专名号).
    Underline(Vec<Inline>),
    /// `<mark>`: highlighted.
    Mark(Vec<Inline>),
    /// `<small>`: fine print.
    Small(Vec<Inline>),
    /// `<kbd>`: keys as typed.
    Kbd(String),
    /// A formula in the text: `$…$`, `\\(…\\)`, MathJax's `math/tex`, KaTeX, MathML.
    Math(Math),
}

impl Inline {
    /// Children of a container inline, if it is one.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Strong(c)
            | Inline::Emphasis(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Ruby { base: c, .. }
            | Inline::Lang { content: c, .. }
            | Inline::Underline(c)
            | Inline::Mark(c)
            | Inline::Small(c) => Some(c),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::Kbd(_)
            | Inline::Image(_)
            | Inline::LineBreak
            | Inline::Math(_) => None,
        }
    }
}

impl Inline {
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Strong(c)
            | Inline::Emphasis(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Ruby { base: c, .. }
            | Inline::Lang { content: c, .. }
            | Inline::Underline(c)
            | Inline::Mark(c)
            | Inline::Small(c) => Some(c),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::Kbd(_)
            | Inline::Image(_)
            | Inline::LineBreak
            | Inline::Math(_) => None,
        }
    }
}

/// Whether `block` is a heading that says `title` (white space, case and a final stop aside).
/// Pushes `piece` onto a run of inlines, joining text to the text before it.
pub(crate) fn push_merged(out: &mut Vec<Inline>, piece: Inline) {
    match (piece, out.last_mut()) {
        (Inline::Text(t), Some(Inline::Text(last))) => last.push_str(&t),
        (piece, _) => out.push(piece),
    }
}

pub fn opens_with_title(block: &Block, title: Option<&str>) -> bool {
    let (Block::Heading { content, .. }, Some(title)) = (block, title) else {
        return false;
    };
    let mut text = String::new();
    inline_text(content, &mut text);
    let squash = |s: &str| -> String {
        s.split_whitespace()
            .collect::<String>()
            .trim_end_matches(['.', '。', ':', '：'])
            .to_lowercase()
    };
    !text.trim().is_empty() && squash(&text) == squash(title)
}

/// The text a reader sees, in order: what "every character kept" is checked against.
pub fn inline_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) | Inline::Kbd(t) => out.push_str(t),
            Inline::Math(m) => out.push_str(&m.tex),
            Inline::Image(img) => out.push_str(&img.alt),
            Inline::LineBreak => out.push('\n'),
            Inline::Ruby { base, annotation } => {
                inline_text(base, out);
                out.push_str(annotation);
            }
            other => inline_text(other.children().unwrap_or_default(), out),
        }
    }
}

/// All the text of a sequence of blocks, blocks separated by newlines.
pub fn block_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => inline_text(content, out),
            Block::List(l) => l.items.iter().for_each(|item| block_text(item, out)),
            Block::BlockQuote(inner) => block_text(inner, out),
            Block::CodeBlock { code, .. } => out.push_str(code),
            Block::Table(t) => {
                inline_text(&t.caption, out);
                for row in t.head.iter().chain(&t.body) {
                    for cell in &row.cells {
                        block_text(&cell.blocks, out);
                    }
                }
            }
            Block::Figure(f) => {
                out.push_str(&f.image.alt);
                inline_text(&f.caption, out);
            }
            Block::ThematicBreak => {}
            Block::Footnote(n) => {
                out.push_str(&n.label);
                out.push(' ');
                block_text(&n.blocks, out);
            }
            Block::Callout(c) => {
                inline_text(&c.title, out);
                out.push('\n');
                block_text(&c.blocks, out);
            }
            Block::Definitions(defs) => {
                for d in defs {
                    inline_text(&d.term, out);
                    out.push('\n');
                    d.details.iter().for_each(|b| block_text(b, out));
                }
            }
            Block::Math(m) => out.push_str(&m.tex),
        }
        out.push('\n');
    }
}

/// The id of the footnote `inline` refers to, if it is a reference to one of `notes`:
/// a superscript holding nothing but a link to `#<id>`.
pub fn note_ref<'a>(
    inline: &'a Inline,
    notes: &std::collections::HashSet<String>,
) -> Option<(&'a str, &'a [Inline])> {
    let Inline::Superscript(inner) = inline else {
        return None;
    };
    let [Inline::Link { href, content, .. }] = inner.as_slice() else {
        return None;
    };
    let id = href.strip_prefix('#')?;
    notes.contains(id).then_some((id, content.as_slice()))
}

/// The ids of the footnotes among `blocks` (the reader puts them all at the top level).
pub fn note_ids(blocks: &[Block]) -> std::collections::HashSet<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Footnote(n) => Some(n.id.clone()),
            _ => None,
        })
        .collect()
}
