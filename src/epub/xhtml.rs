//! The document tree as XHTML content documents, noting every character shown for the fonts.
//!
//! The tree's depth is bounded when it is built, so the writer recurses over it.

use std::collections::{HashMap, HashSet};

use super::glyphs::{Glyphs, Style};
pub(crate) use crate::text::{push_attr, xml_char};
use crate::tree::{Align, Block, Cell, Figure, Image, Inline, List, Row, Table};

/// Append `s` as XML character data: markup characters escaped, characters XML forbids dropped.
pub(crate) fn push_text(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `s` with characters XML forbids removed (for titles handed to epub-builder).
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| xml_char(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What became of an image source.
#[derive(Debug, Clone)]
pub(crate) enum ImageRef {
    /// Packaged at this href.
    Packaged(String),
    /// A remote image not packaged: shown as its alt text linking to the URL.
    Link(String),
    /// Unavailable: shown as its alt text.
    Missing,
}

/// A heading as the navigation lists it.
#[derive(Debug, Clone)]
pub(crate) struct NavHeading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub part: usize,
}

/// Writes one document's blocks.
pub(crate) struct Writer<'a, 'f> {
    pub glyphs: &'a mut Glyphs<'f>,
    pub images: &'a HashMap<String, ImageRef>,
    /// Source id → id written, for headings; internal links resolve through it.
    ids: HashMap<String, String>,
    used_ids: HashSet<String>,
    /// Ids already written (a repeated source id gets a fresh one the second time).
    emitted: HashSet<String>,
    pub headings: Vec<NavHeading>,
    pub out: String,
    /// The file (part of a long chapter) being written; ids note where they landed.
    pub part: usize,
    /// Part of every id written, for links from other parts.
    pub id_parts: HashMap<String, usize>,
    /// Internal link targets, written as `\0n\0` placeholders until the parts are known.
    pub links: Vec<String>,
    /// Inside an `<a>`: XHTML forbids another in it, so an inner link is its text alone.
    pub(super) in_link: bool,
    /// The ids of the document's footnotes, and those whose first reference was written.
    pub(super) notes: HashSet<String>,
    pub(super) noted: HashSet<String>,
    /// The post's language (labels of callouts).
    pub lang: String,
}

impl<'a, 'f> Writer<'a, 'f> {
    /// A writer for `blocks`; ids already taken in the page (e.g. the title's) are `reserved`.
    pub fn new(
        glyphs: &'a mut Glyphs<'f>,
        images: &'a HashMap<String, ImageRef>,
        blocks: &[Block],
        reserved: &[&str],
    ) -> Self {
        let mut used_ids: HashSet<String> = reserved.iter().map(|s| s.to_string()).collect();
        let mut ids = HashMap::new();
        let mut headings = Vec::new();
        heading_ids(blocks, &mut headings);
        for id in headings {
            if !ids.contains_key(id) {
                let new = unique_id(&mut used_ids, id);
                ids.insert(id.to_string(), new);
            }
        }
        Writer {
            glyphs,
            images,
            ids,
            used_ids,
            emitted: HashSet::new(),
            headings: Vec::new(),
            out: String::new(),
            part: 0,
            id_parts: HashMap::new(),
            links: Vec::new(),
            in_link: false,
            notes: crate::tree::note_ids(blocks),
            noted: HashSet::new(),
            lang: String::new(),
        }
    }

    /// Text shown to the reader: escaped into the output and noted for the fonts.
    pub fn text(&mut self, s: &str, style: Style) {
        self.glyphs.write(&mut self.out, s, style);
    }

    pub(super) fn tag(&mut self, s: &str) {
        self.out.push_str(s);
    }

    pub fn blocks(&mut self, blocks: &[Block], style: Style) {
        for b in blocks {
            self.block(b, style);
        }
    }

    /// Writes one block (the chapter writer hands them over one at a time).
    pub fn block_at(&mut self, blocks: &[Block], i: usize, style: Style) {
        let Some(b) = blocks.get(i) else { return };
        // A rule above the first of the notes at the end.
        if matches!(b, Block::Footnote(_))
            && !matches!(
                i.checked_sub(1).and_then(|p| blocks.get(p)),
                Some(Block::Footnote(_))
            )
        {
            self.tag("<hr class=\"notes\"/>\n");
        }
        self.block(b, style);
    }

    fn block(&mut self, b: &Block, style: Style) {
        match b {
            // An empty heading would be announced as one by screen readers; it is dropped.
            Block::Heading { content, .. } if is_blank(content) => {}
            Block::Heading { level, id, content } => {
                let level = (*level).clamp(1, 6);
                let new_id = match self.ids.get(id) {
                    Some(n) if !self.emitted.contains(n) => n.clone(),
                    _ => unique_id(&mut self.used_ids, id),
                };
                self.emitted.insert(new_id.clone());
                self.id_parts.insert(new_id.clone(), self.part);
                self.tag(&format!("<h{level} id=\""));
                push_attr(&mut self.out, &new_id);
                self.tag("\">");
                self.inlines(content, style.bold());
                self.tag(&format!("</h{level}>\n"));
                let mut text = String::new();
                crate::tree::inline_text(content, &mut text);
                let text = clean(&text);
                if !text.is_empty() {
                    self.headings.push(NavHeading {
                        level,
                        id: new_id,
                        text,
                        part: self.part,
                    });
                }
            }
            Block::Paragraph(content) => {
                self.tag("<p>");
                self.inlines(content, style);
                self.tag("</p>\n");
            }
            Block::List(list) => self.list(list, style),
            Block::BlockQuote(inner) => {
                self.tag("<blockquote>\n");
                self.blocks(inner, style);
                self.tag("</blockquote>\n");
            }
            Block::CodeBlock { lang, code } => {
                self.tag("<pre><code");
                if let Some(lang) = lang.as_deref().map(class_token).filter(|l| !l.is_empty()) {
                    self.tag(&format!(" class=\"language-{lang}\""));
                }
                self.tag(">");
                self.code_text(lang.as_deref(), code.trim_end_matches('\n'), style.mono());
                self.tag("</code></pre>\n");
            }
            Block::Table(t) => self.table(t, style),
            Block::Figure(f) => self.figure(f, style),
            Block::ThematicBreak => self.tag("<hr/>\n"),
            Block::Footnote(note) => self.footnote(note, style),
            Block::Callout(callout) => self.callout(callout, style),
            Block::Definitions(defs) => self.definitions(defs, style),
            Block::Math(m) => self.math(&m.tex, style),
        }
    }

    fn list(&mut self, list: &List, style: Style) {
        if list.ordered {
            self.tag("<ol");
            if list.start != 1 {
                self.tag(&format!(" start=\"{}\"", list.start));
            }
            self.tag(">\n");
            self.glyphs.note("0123456789.", style);
        } else {
            self.tag("<ul>\n");
            self.glyphs.note("•◦▪", style);
        }
        for (n, item) in list.items.iter().enumerate() {
            match list.task(n) {
                Some(done) => {
                    self.tag("<li class=\"task\"><span class=\"task-box\">");
                    self.text(if done { "☑" } else { "☐" }, style);
                    self.tag("</span> ");
                }
                None => self.tag("<li>"),
            }
            match item.as_slice() {
                [Block::Paragraph(content)] if list.tight => self.inlines(content, style),
                blocks => {
                    self.tag("\n");
                    self.blocks(blocks, style);
                }
            }
            self.tag("</li>\n");
        }
        self.tag(if list.ordered { "</ol>\n" } else { "</ul>\n" });
    }

    fn table(&mut self, t: &Table, style: Style) {
        let cols = t.align.len();
        if cols >= ROWS_FROM && is_simple(t) {
            return self.table_as_rows(t, style);
        }
        self.tag(if cols >= WIDE_FROM {
            "<table class=\"wide\">\n"
        } else {
            "<table>\n"
        });
        if !t.caption.is_empty() {
            self.tag("<caption>");
            self.inlines(&t.caption, style);
            self.tag("</caption>\n");
        }
        for (rows, tag) in [(&t.head, "thead"), (&t.body, "tbody")] {
            if rows.is_empty() {
                continue;
            }
            self.tag(&format!("<{tag}>\n"));
            for row in rows {
                self.row(row, &t.align, style);
            }
            self.tag(&format!("</{tag}>\n"));
        }
        self.tag("</table>\n");
    }

    /// A table too wide for a small screen, as a list of its rows: each cell under its
    /// column's heading, which e-readers show well at any width.
    fn table_as_rows(&mut self, t: &Table, style: Style) {
        if !t.caption.is_empty() {
            self.tag("<p class=\"caption\">");
            self.inlines(&t.caption, style);
            self.tag("</p>\n");
        }
        let heads: &[Cell] = t.head.first().map_or(&[], |r| r.cells.as_slice());
        self.tag("<ul class=\"table-rows\">\n");
        for row in &t.body {
            self.tag("<li>");
            if heads.is_empty() {
                for cell in &row.cells {
                    self.tag("<p>");
                    self.cell_content(cell, style);
                    self.tag("</p>");
                }
            } else {
                self.tag("<dl>");
                for (i, cell) in row.cells.iter().enumerate() {
                    self.tag("<dt>");
                    if let Some(h) = heads.get(i) {
                        self.cell_content(h, style.bold());
                    }
                    self.tag("</dt><dd>");
                    self.cell_content(cell, style);
                    self.tag("</dd>");
                }
                self.tag("</dl>");
            }
            self.tag("</li>\n");
        }
        self.tag("</ul>\n");
    }

    fn cell_content(&mut self, cell: &Cell, style: Style) {
        match cell.blocks.as_slice() {
            [Block::Paragraph(content)] => self.inlines(content, style),
            blocks => self.blocks(blocks, style),
        }
    }

    fn row(&mut self, row: &Row, align: &[Align], style: Style) {
        self.tag("<tr>");
        let mut col = 0usize;
        for cell in &row.cells {
            self.cell(cell, align.get(col).copied().unwrap_or_default(), style);
            col = col.saturating_add(cell.colspan.max(1) as usize);
        }
        self.tag("</tr>\n");
    }

    fn cell(&mut self, cell: &Cell, column: Align, style: Style) {
        let tag = if cell.header { "th" } else { "td" };
        self.tag(&format!("<{tag}"));
        if cell.colspan > 1 {
            self.tag(&format!(" colspan=\"{}\"", cell.colspan.min(1000)));
        }
        if cell.rowspan > 1 {
            self.tag(&format!(" rowspan=\"{}\"", cell.rowspan.min(65534)));
        }
        let align = if cell.align == Align::None {
            column
        } else {
            cell.align
        };
        match align {
            Align::None => {}
            Align::Left => self.tag(" style=\"text-align: left\""),
            Align::Center => self.tag(" style=\"text-align: center\""),
            Align::Right => self.tag(" style=\"text-align: right\""),
        }
        self.tag(">");
        let style = if cell.header { style.bold() } else { style };
        self.cell_content(cell, style);
        self.tag(&format!("</{tag}>"));
    }

    fn figure(&mut self, f: &Figure, style: Style) {
        self.tag("<figure>\n");
        self.image(&f.image, style);
        if !f.caption.is_empty() {
            self.tag("\n<figcaption>");
            self.inlines(&f.caption, style);
            self.tag("</figcaption>");
        }
        self.tag("\n</figure>\n");
    }

    fn image(&mut self, img: &Image, style: Style) {
        let alt = clean(&img.alt);
        match self.images.get(&img.src) {
            Some(ImageRef::Packaged(href)) => {
                self.tag("<img src=\"");
                push_attr(&mut self.out, href);
                self.tag("\" alt=\"");
                push_attr(&mut self.out, &alt);
                self.tag("\"");
                if let Some(title) = img.title.as_deref().filter(|t| !t.is_empty()) {
                    self.tag(" title=\"");
                    push_attr(&mut self.out, title);
                    self.tag("\"");
                }
                // The author's size, never wider than the column (the stylesheet's max-width).
                match (img.width, img.height) {
                    (Some(w), _) => self.tag(&format!(" style=\"width: {w}px\"")),
                    (None, Some(h)) => self.tag(&format!(" style=\"height: {h}px\"")),
                    (None, None) => {}
                }
                self.tag("/>");
            }
            // Inside a link the image's own link would nest: its text stands in the outer one.
            Some(ImageRef::Link(url)) if !self.in_link => {
                let url = url.clone();
                self.tag("<a class=\"image-link\" href=\"");
                push_attr(&mut self.out, &url);
                self.tag("\">");
                let label = if alt.is_empty() { "[image]" } else { &alt };
                self.text(label, style);
                self.tag("</a>");
            }
            Some(ImageRef::Link(_) | ImageRef::Missing) | None => {
                if !alt.is_empty() {
                    self.tag("<span class=\"image-alt\">");
                    self.text(&alt, style);
                    self.tag("</span>");
                }
            }
        }
    }

    pub fn inlines(&mut self, inlines: &[Inline], style: Style) {
        for i in inlines {
            self.inline(i, style);
        }
    }

    fn wrap(&mut self, tag: &str, children: &[Inline], style: Style) {
        self.tag(&format!("<{tag}>"));
        self.inlines(children, style);
        self.tag(&format!("</{tag}>"));
    }

    fn inline(&mut self, i: &Inline, style: Style) {
        match i {
            Inline::Text(t) => self.text(t, style),
            Inline::Strong(c) => self.wrap("strong", c, style.bold()),
            Inline::Emphasis(c) => self.wrap("em", c, style),
            Inline::Strikethrough(c) => self.wrap("s", c, style),
            Inline::Superscript(_) if self.note_ref(i, style) => {}
            Inline::Superscript(c) => self.wrap("sup", c, style),
            Inline::Subscript(c) => self.wrap("sub", c, style),
            Inline::Underline(c) => self.wrap("u", c, style),
            Inline::Mark(c) => self.wrap("mark", c, style),
            Inline::Small(c) => self.wrap("small", c, style),
            Inline::Kbd(keys) => {
                self.tag("<kbd>");
                self.text(keys, style.mono());
                self.tag("</kbd>");
            }
            Inline::Math(m) => self.inline_math(&m.tex, style),
            Inline::Code(code) => {
                self.tag("<code>");
                self.text(code, style.mono());
                self.tag("</code>");
            }
            Inline::Link {
                href,
                title,
                content,
            } => match self.link_target(href).filter(|_| !self.in_link) {
                Some(target) => {
                    self.tag("<a href=\"");
                    match target {
                        Target::Web(url) => push_attr(&mut self.out, &url),
                        Target::Heading(id) => {
                            let n = self.links.len();
                            self.links.push(id);
                            self.tag(&format!("\0{n}\0"));
                        }
                        // Resolved once every chapter is written (`resolve_chapter_links`).
                        Target::Chapter(n, frag) => {
                            self.tag(&format!("\u{1}{n}\u{2}{frag}\u{1}"));
                        }
                    }
                    self.tag("\"");
                    if let Some(title) = title.as_deref().filter(|t| !t.is_empty()) {
                        self.tag(" title=\"");
                        push_attr(&mut self.out, title);
                        self.tag("\"");
                    }
                    self.tag(">");
                    self.in_link = true;
                    self.inlines(content, style);
                    self.in_link = false;
                    self.tag("</a>");
                }
                None => self.inlines(content, style),
            },
            Inline::Image(img) => self.image(img, style),
            Inline::LineBreak => self.tag("<br/>"),
            Inline::Ruby { base, annotation } => {
                self.tag("<ruby>");
                self.inlines(base, style);
                self.tag("<rp>(</rp><rt>");
                self.text(annotation, style);
                self.tag("</rt><rp>)</rp></ruby>");
                self.glyphs.note("()", style);
            }
            Inline::Lang { lang, content } => {
                let inner = Style {
                    lang: Some(self.glyphs.lang_of(lang)),
                    ..style
                };
                self.tag("<span xml:lang=\"");
                push_attr(&mut self.out, lang);
                self.tag("\" lang=\"");
                push_attr(&mut self.out, lang);
                self.tag("\">");
                self.inlines(content, inner);
                self.tag("</span>");
            }
        }
    }

    /// Where a link may point inside an EPUB: web and mail addresses, and headings of this
    /// document. Anything else (other files, scripts) would break the book, so the text stays
    /// without a link.
    fn link_target(&self, href: &str) -> Option<Target> {
        let href = href.trim();
        if let Some(frag) = href.strip_prefix('#') {
            // Markdown renderers percent-encode a link to a CJK heading (`#%E8%83%8C`).
            return match self.ids.get(frag) {
                Some(id) => Some(Target::Heading(id.clone())),
                None => self
                    .ids
                    .get(&crate::text::percent_decode(frag))
                    .cloned()
                    .map(Target::Heading),
            };
        }
        if let Some((n, frag)) = crate::book::links::chapter_link(href) {
            return Some(Target::Chapter(n, frag.unwrap_or_default().to_string()));
        }
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("mailto:") && href.len() > 7 {
            return Some(Target::Web(escape_url(href)));
        }
        web_url(href).map(Target::Web)
    }

    /// Where each heading (by its source id) landed: `file#id`, files named by `hrefs`.
    pub(super) fn heading_targets(&self, hrefs: &[String]) -> HashMap<String, String> {
        self.ids
            .iter()
            .filter_map(|(source, id)| {
                let file = hrefs.get(*self.id_parts.get(id)?)?;
                Some((source.clone(), format!("{file}#{id}")))
            })
            .collect()
    }

    /// `part` (written as part `own` of the files `hrefs`) with its internal links pointing
    /// into whichever part holds their heading.
    pub fn resolve_links(&self, part: String, own: usize, hrefs: &[String]) -> String {
        if !part.contains('\0') {
            return part;
        }
        let mut out = String::with_capacity(part.len() + 64);
        let mut pieces = part.split('\0');
        out.push_str(pieces.next().unwrap_or_default());
        while let (Some(n), Some(rest)) = (pieces.next(), pieces.next()) {
            if let Some(id) = n.parse::<usize>().ok().and_then(|n| self.links.get(n)) {
                let file = match self.id_parts.get(id) {
                    Some(&p) if p != own => hrefs.get(p).map_or("", String::as_str),
                    _ => "",
                };
                push_attr(&mut out, &format!("{file}#{id}"));
            }
            out.push_str(rest);
        }
        out
    }
}

/// From this many columns a table is set in smaller type with cells that wrap anywhere.
const WIDE_FROM: usize = 6;
/// From this many columns a table becomes a list of its rows: no e-reader screen holds it.
const ROWS_FROM: usize = 9;

/// One header row at most and no spanning cells: each cell has one column heading.
fn is_simple(t: &Table) -> bool {
    t.head.len() <= 1
        && t.head
            .iter()
            .chain(&t.body)
            .flat_map(|r| &r.cells)
            .all(|c| c.colspan <= 1 && c.rowspan <= 1)
}

enum Target {
    Web(String),
    /// The id of a heading of this document.
    Heading(String),
    /// Another post of the book (its document index), at a heading of it or its start.
    Chapter(usize, String),
}

/// Points the links to other chapters in `xhtml` at their files: `targets` gives, by
/// document, its first file and each heading's `file#id`.
pub(super) fn resolve_chapter_links(
    xhtml: String,
    targets: &[(String, HashMap<String, String>)],
) -> String {
    if !xhtml.contains('\u{1}') {
        return xhtml;
    }
    let mut out = String::with_capacity(xhtml.len() + 64);
    let mut pieces = xhtml.split('\u{1}');
    out.push_str(pieces.next().unwrap_or_default());
    while let (Some(link), Some(rest)) = (pieces.next(), pieces.next()) {
        let (n, frag) = link.split_once('\u{2}').unwrap_or((link, ""));
        let target = n.parse::<usize>().ok().and_then(|n| targets.get(n));
        if let Some((file, ids)) = target {
            match ids.get(frag) {
                Some(at) => push_attr(&mut out, at),
                None => push_attr(&mut out, file),
            }
        }
        out.push_str(rest);
    }
    out
}

/// Whether every post `xhtml` links to is written already (`written(n)`), so its links can
/// be resolved now.
pub(super) fn chapter_links_ready(xhtml: &str, written: impl Fn(usize) -> bool) -> bool {
    xhtml.split('\u{1}').skip(1).step_by(2).all(|link| {
        let n = link.split_once('\u{2}').map_or(link, |(n, _)| n);
        n.parse::<usize>().map_or(true, &written)
    })
}

/// Ids of the headings with text, anywhere in `blocks`, in document order.
fn heading_ids<'b>(blocks: &'b [Block], out: &mut Vec<&'b str>) {
    for b in blocks {
        match b {
            Block::Heading { id, content, .. } if !is_blank(content) => out.push(id),
            Block::List(l) => l.items.iter().for_each(|i| heading_ids(i, out)),
            Block::BlockQuote(inner) => heading_ids(inner, out),
            Block::Callout(c) => heading_ids(&c.blocks, out),
            Block::Footnote(n) => heading_ids(&n.blocks, out),
            Block::Definitions(defs) => defs
                .iter()
                .flat_map(|d| &d.details)
                .for_each(|d| heading_ids(d, out)),
            Block::Table(t) => t
                .head
                .iter()
                .chain(&t.body)
                .flat_map(|r| &r.cells)
                .for_each(|c| heading_ids(&c.blocks, out)),
            _ => {}
        }
    }
}

/// A valid id from `source` that is not yet in `used` (which it joins).
pub(super) fn unique_id(used: &mut HashSet<String>, source: &str) -> String {
    let base = xml_id(source);
    let mut new = base.clone();
    let mut n = 1;
    while used.contains(&new) {
        n += 1;
        new = format!("{base}-{n}");
    }
    used.insert(new.clone());
    new
}

fn is_blank(content: &[Inline]) -> bool {
    let mut s = String::new();
    crate::tree::inline_text(content, &mut s);
    clean(&s).is_empty() && !content.iter().any(|i| matches!(i, Inline::Image(_)))
}

/// Percent-encode what URLs may not hold raw (spaces, quotes, brackets, controls).
/// An `http(s)` address as a valid URL, or `None` when it has no valid host (a reader could not
/// follow it, and epubcheck refuses it): characters URLs may not hold are percent-encoded, a
/// stray `%` too, and every `#` after the first.
pub(crate) fn web_url(href: &str) -> Option<String> {
    let lower = href.get(..8)?.to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let rest = href.get(scheme_len..)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => {
            let (addr, after) = v6.split_once(']')?;
            let port_ok = after.is_empty()
                || after
                    .strip_prefix(':')
                    .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
            return (port_ok && addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':')).then(
                || {
                    format!(
                        "{}{}",
                        href.get(..scheme_len + authority_end).unwrap_or_default(),
                        encode_rest(rest.get(authority_end..).unwrap_or_default())
                    )
                },
            );
        }
        None => match host_port.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => host_port,
        },
    };
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'));
    host_ok.then(|| {
        format!(
            "{}{}",
            escape_url(href.get(..scheme_len + authority_end).unwrap_or_default()),
            encode_rest(rest.get(authority_end..).unwrap_or_default())
        )
    })
}

/// Path, query and fragment with what a URL may not hold percent-encoded.
fn encode_rest(rest: &str) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut seen_hash = false;
    let bytes = rest.as_bytes();
    for (i, ch) in rest.char_indices() {
        match ch {
            '#' if seen_hash => out.push_str("%23"),
            '#' => {
                seen_hash = true;
                out.push('#');
            }
            '%' if !bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
            {
                out.push_str("%25")
            }
            '[' | ']' => out.push_str(if ch == '[' { "%5B" } else { "%5D" }),
            _ => out.push_str(&escape_url(ch.encode_utf8(&mut [0u8; 4]))),
        }
    }
    out
}

pub(crate) fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for ch in url.chars() {
        if ch.is_ascii_control()
            || matches!(
                ch,
                ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'
            )
            || ch.is_whitespace()
        {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else if xml_char(ch) {
            out.push(ch);
        }
    }
    out
}

/// A valid XML id (NCName) made from `s`.
pub(crate) fn xml_id(s: &str) -> String {
    let mut id: String = s
        .chars()
        .map(|c| if name_char(c) { c } else { '-' })
        .take(80)
        .collect();
    if !id.starts_with(name_start_char) {
        id.insert_str(0, "h-");
    }
    id
}

/// XML 1.0 (fifth edition) NameStartChar, without ':'.
fn name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 NameChar, without ':'.
fn name_char(c: char) -> bool {
    name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// A class name token: letters, digits and `-_+#.` only.
fn class_token(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
        .take(32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls_are_valid_or_refused() {
        assert_eq!(
            web_url("https://x.org/a b#!#id=1").as_deref(),
            Some("https://x.org/a%20b#!%23id=1")
        );
        assert_eq!(
            web_url("http://x.org/100%/[1]").as_deref(),
            Some("http://x.org/100%25/%5B1%5D")
        );
        assert_eq!(
            web_url("http://[::1]:80/x").as_deref(),
            Some("http://[::1]:80/x")
        );
        assert_eq!(web_url("http://ip:port"), None);
        assert_eq!(web_url("http://easyb.org%20easyb/"), None);
        assert_eq!(web_url("http://"), None);
        assert_eq!(
            web_url("https://例子.测试/路径").as_deref(),
            Some("https://例子.测试/路径")
        );
    }
}
