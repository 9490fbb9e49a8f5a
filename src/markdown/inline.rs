//! Inline content: text, emphasis, code, links, images.

use std::cell::RefCell;
use std::collections::HashSet;

use super::escape::{escape_text, is_punct, is_space, Around};
use crate::tree::{push_merged, Image, Inline};

thread_local! {
    /// The ids of the footnotes of the document being written (a reference to one is
    /// written `[^1]`).
    static NOTES: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// The footnotes of the document being written on this thread, until dropped.
pub struct Notes(());

impl Notes {
    pub fn set(ids: HashSet<String>) -> Notes {
        NOTES.with(|n| *n.borrow_mut() = ids);
        Notes(())
    }
}

impl Drop for Notes {
    fn drop(&mut self) {
        NOTES.with(|n| n.borrow_mut().clear());
    }
}

/// `[^label]` if `inline` is a reference to a footnote of the document being written.
fn note_ref(inline: &Inline) -> Option<String> {
    if !matches!(inline, Inline::Superscript(_)) {
        return None;
    }
    NOTES.with(|n| {
        let notes = n.borrow();
        let (_, content) = crate::tree::note_ref(inline, &notes)?;
        let mut label = String::new();
        crate::tree::inline_text(content, &mut label);
        let label: String = label
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '^' | '\\'))
            .collect();
        (!label.is_empty()).then(|| format!("[^{label}]"))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Paragraph,
    /// One line: breaks become `<br>`, a trailing `#` run is escaped.
    Heading,
    /// A GFM table cell: one line, `|` escaped.
    Cell,
}

pub fn write(inlines: &[Inline], ctx: Context) -> String {
    let mut w = Writer::new(ctx);
    let moved;
    let inlines = if edges_inside(inlines) {
        moved = edges_outside(inlines);
        &moved
    } else {
        inlines
    };
    // Sized once: grown by doubling, a paragraph was copied to new memory up to ten times.
    let len = written_len(inlines);
    w.out.reserve(len + len / 8);
    w.inlines(inlines, None);
    let mut out = w.out;
    if ctx == Context::Heading {
        escape_closing_hashes(&mut out);
        escape_attribute_block(&mut out);
    }
    out
}

/// About how long `inlines` are in Markdown: their text, and a little for their markup.
fn written_len(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Kbd(t) => t.len(),
            Inline::Math(m) => m.tex.len() + 2,
            Inline::Image(img) => img.src.len() + img.alt.len() + 5,
            Inline::Link { href, content, .. } => href.len() + 4 + written_len(content),
            other => 4 + other.children().map_or(0, written_len),
        })
        .sum()
}

pub fn image(img: &Image) -> String {
    let mut w = Writer::new(Context::Paragraph);
    w.image(img);
    w.out
}

struct Writer {
    out: String,
    ctx: Context,
    in_brackets: usize,
    /// Links never nest in Markdown (the inner one wins and the outer becomes text), so a
    /// link inside a link keeps only its text.
    in_link: usize,
    /// The HTML tags of the emphasis-like inlines being written around the current one: a
    /// nested one of the same kind written with the same delimiter would pair with its
    /// parent's (`*A*B*C*`).
    open: Vec<&'static str>,
    /// Some inline written so far in the current parent wrote `_` or `__` emphasis, so that
    /// parent must not use `_` too.
    used_underscore: bool,
}

impl Writer {
    fn new(ctx: Context) -> Self {
        Writer {
            out: String::new(),
            ctx,
            in_brackets: 0,
            in_link: 0,
            open: Vec::new(),
            used_underscore: false,
        }
    }

    /// `after` is the character the output continues with once these inlines are written.
    fn inlines(&mut self, list: &[Inline], after: Option<char>) {
        let mut prev_code = false;
        for (i, inline) in list.iter().enumerate() {
            let next = list.get(i + 1).map_or(after, |n| first_char(n, self.ctx));
            let code = matches!(inline, Inline::Code(_));
            if code && prev_code {
                // Two code spans side by side would read as one span holding the backticks
                // between them. An empty comment separates them, shows nothing, and reads
                // back as two spans; `<code>` would need its content HTML-escaped and would
                // still be parsed as Markdown inside.
                self.out.push_str("<!-- -->");
            }
            prev_code = code;
            self.inline(inline, next);
        }
    }

    fn inline(&mut self, inline: &Inline, next: Option<char>) {
        match inline {
            Inline::Text(t) => escape_text(
                t,
                &mut self.out,
                Around {
                    next,
                    in_brackets: self.in_brackets > 0,
                    in_cell: self.ctx == Context::Cell,
                },
            ),
            Inline::Strong(c) => self.delimited(c, "**", "strong", next),
            Inline::Emphasis(c) => self.delimited(c, "*", "em", next),
            Inline::Strikethrough(c) => self.delimited(c, "~~", "del", next),
            Inline::Superscript(_) if self.in_link == 0 && note_ref(inline).is_some() => {
                if let Some(r) = note_ref(inline) {
                    self.out.push_str(&r);
                }
            }
            Inline::Superscript(c) => self.tagged(c, "sup"),
            Inline::Subscript(c) => self.tagged(c, "sub"),
            // GFM has no syntax for these: inline HTML, as pandoc and turndown keep them.
            Inline::Underline(c) => self.tagged(c, "u"),
            Inline::Mark(c) => self.tagged(c, "mark"),
            Inline::Small(c) => self.tagged(c, "small"),
            Inline::Kbd(keys) => self.tagged(&[Inline::Text(keys.clone())], "kbd"),
            Inline::Code(code) => self.code_span(code),
            Inline::Math(m) => self.math(&m.tex, m.display),
            Inline::Link { content, .. } if self.in_link > 0 => self.inlines(content, next),
            Inline::Link {
                href,
                title,
                content,
            } => {
                let start = self.out.len();
                self.out.push('[');
                self.in_brackets += 1;
                self.in_link += 1;
                self.inlines(content, Some(']'));
                self.in_link -= 1;
                self.in_brackets -= 1;
                self.out.push_str("](");
                push_destination(&mut self.out, href);
                push_title(&mut self.out, title.as_deref());
                self.out.push(')');
                // A paragraph opening with `[label]:` is a link reference definition, whatever
                // the label holds (a code span's `]`): such a link is written as HTML.
                if start == 0 && self.ctx == Context::Paragraph && label_then_colon(&self.out) {
                    self.out.clear();
                    self.out.push_str("<a href=\"");
                    let href: String = href
                        .chars()
                        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                        .collect();
                    push_attribute(&mut self.out, &href);
                    if let Some(t) = title.as_deref().filter(|t| !t.is_empty()) {
                        self.out.push_str("\" title=\"");
                        push_attribute(&mut self.out, t);
                    }
                    self.out.push_str("\">");
                    self.in_link += 1;
                    self.inlines(content, Some('<'));
                    self.in_link -= 1;
                    self.out.push_str("</a>");
                }
            }
            Inline::Image(img) => self.image(img),
            Inline::LineBreak => match self.ctx {
                Context::Paragraph => self.out.push_str("\\\n"),
                Context::Heading | Context::Cell => self.out.push_str("<br>"),
            },
            // Markdown has no language markup; the text is kept.
            Inline::Lang { content, .. } => self.inlines(content, next),
            Inline::Ruby { base, annotation } => {
                self.out.push_str("<ruby>");
                self.inlines(base, Some('<'));
                self.out.push_str("<rt>");
                push_html_escaped(&mut self.out, annotation);
                self.out.push_str("</rt></ruby>");
            }
        }
    }

    fn image(&mut self, img: &Image) {
        // Markdown has no size for an image: one with a size is written as HTML.
        if img.width.is_some() || img.height.is_some() {
            self.out.push_str("<img src=\"");
            push_attribute(&mut self.out, &img.src);
            self.out.push_str("\" alt=\"");
            push_attribute(&mut self.out, &img.alt);
            self.out.push('"');
            if let Some(t) = img.title.as_deref().filter(|t| !t.is_empty()) {
                self.out.push_str(" title=\"");
                push_attribute(&mut self.out, t);
                self.out.push('"');
            }
            for (k, v) in [("width", img.width), ("height", img.height)] {
                if let Some(v) = v {
                    self.out.push_str(&format!(" {k}=\"{v}\""));
                }
            }
            self.out.push('>');
            return;
        }
        self.out.push_str("![");
        self.in_brackets += 1;
        escape_text(
            &img.alt,
            &mut self.out,
            Around {
                next: Some(']'),
                in_brackets: true,
                in_cell: self.ctx == Context::Cell,
            },
        );
        self.in_brackets -= 1;
        self.out.push_str("](");
        push_destination(&mut self.out, &img.src);
        push_title(&mut self.out, img.title.as_deref());
        self.out.push(')');
    }

    fn tagged(&mut self, content: &[Inline], tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        self.inlines(content, Some('<'));
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `**x**` where CommonMark will read it as emphasis; `<strong>x</strong>` where its
    /// flanking rules would not (e.g. `**我想做的事。**所以`: a closer after punctuation must
    /// be followed by space or punctuation).
    fn delimited(
        &mut self,
        content: &[Inline],
        delim: &str,
        tag: &'static str,
        next: Option<char>,
    ) {
        let content = lone_same_kind(content, tag);
        let prev = self.out.chars().next_back();
        let prev = if prev == Some('\n') { None } else { prev };
        let nested = self.open.contains(&tag);
        let start = self.out.len();
        self.out.push_str(delim);
        let body_start = self.out.len();
        let outer_underscore = std::mem::replace(&mut self.used_underscore, false);
        self.open.push(tag);
        self.inlines(content, delim.chars().next());
        self.open.pop();
        let inner_underscore = self.used_underscore;
        // Whatever this one writes, its parent must know of the `_` runs below.
        self.used_underscore = outer_underscore || inner_underscore;
        let body: String = self.out.get(body_start..).unwrap_or_default().to_string();
        self.out.truncate(start);

        let delim_char = delim.chars().next();
        let first = body.chars().next();
        let last = body.chars().next_back();
        let opens = !is_space(first)
            && (!first.is_some_and(is_punct) || is_space(prev) || prev.is_some_and(is_punct));
        let closes = !is_space(last)
            && (!last.is_some_and(is_punct) || is_space(next) || next.is_some_and(is_punct));
        // A delimiter touching another of its kind would merge into one run.
        let touches =
            prev == delim_char || next == delim_char || first == delim_char || last == delim_char;
        let underscore = match delim {
            "*" => Some("_"),
            "**" => Some("__"),
            _ => None,
        };
        if opens && closes && !touches && !nested && !body.contains('\n') {
            self.out.push_str(delim);
            self.out.push_str(&body);
            self.out.push_str(delim);
        } else if let Some(u) = underscore.filter(|_| {
            opens
                && closes
                && !inner_underscore
                && !body.contains('\n')
                && underscore_ok(prev, next, first, last)
        }) {
            self.used_underscore = true;
            self.out.push_str(u);
            self.out.push_str(&body);
            self.out.push_str(u);
        } else {
            self.out.push('<');
            self.out.push_str(tag);
            self.out.push('>');
            self.out.push_str(&body);
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
    }

    /// A formula as written: Markdown escapes do not apply between dollar signs, so `\\` keeps
    /// both backslashes. TeX holding a dollar sign could not be delimited: it stays code.
    fn math(&mut self, tex: &str, display: bool) {
        let tex = tex.trim();
        if tex.contains('$') || tex.is_empty() {
            self.code_span(tex);
            return;
        }
        let fence = if display { "$$" } else { "$" };
        self.out.push_str(fence);
        if self.ctx == Context::Cell {
            // The table is split into cells before the cell's inlines are read.
            self.out.push_str(&tex.replace('|', "\\|"));
        } else {
            self.out.push_str(tex);
        }
        self.out.push_str(fence);
    }

    fn code_span(&mut self, code: &str) {
        let code = if self.ctx == Context::Cell {
            code.replace('|', "\\|")
        } else {
            code.to_string()
        };
        let mut ticks = 1;
        while has_run_of(&code, '`', ticks) {
            ticks += 1;
        }
        let fence = "`".repeat(ticks);
        let pad = code.starts_with('`')
            || code.ends_with('`')
            // CommonMark strips one space from each side unless the span is all spaces (U+0020
            // only: `` ` 　 ` `` loses its spaces).
            || (code.starts_with(' ') && code.ends_with(' ') && !code.chars().all(|c| c == ' '));
        self.out.push_str(&fence);
        if pad {
            self.out.push(' ');
        }
        self.out.push_str(&code);
        if pad {
            self.out.push(' ');
        }
        self.out.push_str(&fence);
    }
}

/// The inlines with spaces and line breaks at the edges of every container moved outside
/// it, as the reader does with what it reads: emphasis cannot start or end with a space in
/// Markdown, and the Markdown we write must read back as itself.
/// Whether [`edges_outside`] would change `list` (most paragraphs it would not, and copying
/// them costs more than writing them): texts side by side, or a container whose content
/// starts or ends with a space or a line break.
fn edges_inside(list: &[Inline]) -> bool {
    let at_edge = |i: Option<&Inline>, space: fn(&str) -> bool| match i {
        Some(Inline::LineBreak) => true,
        Some(Inline::Text(t)) => space(t),
        _ => false,
    };
    list.windows(2)
        .any(|w| matches!(w, [Inline::Text(_), Inline::Text(_)]))
        || list.iter().any(|inline| {
            inline.children().is_some_and(|kids| {
                at_edge(kids.first(), |t| t.starts_with(char::is_whitespace))
                    || at_edge(kids.last(), |t| t.ends_with(char::is_whitespace))
                    || edges_inside(kids)
            })
        })
}

fn edges_outside(list: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(list.len());
    for inline in list {
        let Some(children) = inline.children() else {
            push_merged(&mut out, inline.clone());
            continue;
        };
        let mut kids = edges_outside(children);
        let blank = |i: &Inline| match i {
            Inline::Text(t) => t.chars().all(char::is_whitespace),
            Inline::LineBreak => true,
            _ => false,
        };
        if kids.iter().all(blank) {
            // Nothing would be left inside: kept whole, as it was asked for.
            push_merged(&mut out, with_children(inline, kids));
            continue;
        }
        let mut before = Vec::new();
        let mut after = Vec::new();
        loop {
            match kids.first_mut() {
                Some(Inline::LineBreak) => before.push(kids.remove(0)),
                Some(Inline::Text(t)) if t.starts_with(char::is_whitespace) => {
                    let rest = t.trim_start_matches(char::is_whitespace).len();
                    let tail = t.split_off(t.len() - rest);
                    let space = std::mem::replace(t, tail);
                    if t.is_empty() {
                        kids.remove(0);
                    }
                    before.push(Inline::Text(space));
                }
                _ => break,
            }
        }
        loop {
            match kids.last_mut() {
                Some(Inline::LineBreak) => after.extend(kids.pop()),
                Some(Inline::Text(t)) if t.ends_with(char::is_whitespace) => {
                    let keep = t.trim_end_matches(char::is_whitespace).len();
                    let space = t.split_off(keep);
                    if t.is_empty() {
                        kids.pop();
                    }
                    after.push(Inline::Text(space));
                }
                _ => break,
            }
        }
        for piece in before {
            push_merged(&mut out, piece);
        }
        push_merged(&mut out, with_children(inline, kids));
        for piece in after.into_iter().rev() {
            push_merged(&mut out, piece);
        }
    }
    out
}

/// A copy of container `of` holding `kids` instead of its own children.
fn with_children(of: &Inline, kids: Vec<Inline>) -> Inline {
    match of {
        Inline::Strong(_) => Inline::Strong(kids),
        Inline::Emphasis(_) => Inline::Emphasis(kids),
        Inline::Strikethrough(_) => Inline::Strikethrough(kids),
        Inline::Superscript(_) => Inline::Superscript(kids),
        Inline::Subscript(_) => Inline::Subscript(kids),
        Inline::Underline(_) => Inline::Underline(kids),
        Inline::Mark(_) => Inline::Mark(kids),
        Inline::Small(_) => Inline::Small(kids),
        Inline::Link { href, title, .. } => Inline::Link {
            href: href.clone(),
            title: title.clone(),
            content: kids,
        },
        Inline::Ruby { annotation, .. } => Inline::Ruby {
            base: kids,
            annotation: annotation.clone(),
        },
        Inline::Lang { lang, .. } => Inline::Lang {
            lang: lang.clone(),
            content: kids,
        },
        Inline::Text(_)
        | Inline::Code(_)
        | Inline::Kbd(_)
        | Inline::Image(_)
        | Inline::LineBreak
        | Inline::Math(_) => of.clone(),
    }
}

/// `<b><b>x</b></b>` is bold once, as the reader will take `**__x__**` back: the inner
/// wrapper of a lone child of the same kind is dropped.
fn lone_same_kind<'a>(mut content: &'a [Inline], tag: &str) -> &'a [Inline] {
    loop {
        match (content, tag) {
            ([Inline::Strong(c)], "strong")
            | ([Inline::Emphasis(c)], "em")
            | ([Inline::Strikethrough(c)], "del") => content = c,
            _ => return content,
        }
    }
}

/// `_` emphasis cannot open or close inside a word, and must not touch another `_` run.
fn underscore_ok(
    prev: Option<char>,
    next: Option<char>,
    first: Option<char>,
    last: Option<char>,
) -> bool {
    let outside_ok = |c: Option<char>| is_space(c) || c.is_some_and(|c| is_punct(c) && c != '_');
    outside_ok(prev) && outside_ok(next) && first != Some('_') && last != Some('_')
}

/// The first character an inline writes (its class is what flanking rules look at).
fn first_char(inline: &Inline, ctx: Context) -> Option<char> {
    match inline {
        Inline::Text(t) => t.chars().next(),
        Inline::Strong(_) | Inline::Emphasis(_) => Some('*'),
        Inline::Strikethrough(_) => Some('~'),
        Inline::Code(_) => Some('`'),
        Inline::Math(_) => Some('$'),
        Inline::Link { .. } => Some('['),
        Inline::Image(_) => Some('!'),
        // A hard break is written `\` and a line feed.
        Inline::LineBreak if ctx == Context::Paragraph => Some('\\'),
        Inline::LineBreak => Some('<'),
        Inline::Superscript(_) if note_ref(inline).is_some() => Some('['),
        Inline::Superscript(_)
        | Inline::Subscript(_)
        | Inline::Ruby { .. }
        | Inline::Underline(_)
        | Inline::Mark(_)
        | Inline::Small(_)
        | Inline::Kbd(_) => Some('<'),
        Inline::Lang { content, .. } => content.first().and_then(|i| first_char(i, ctx)),
    }
}

fn has_run_of(s: &str, ch: char, n: usize) -> bool {
    let mut run = 0;
    for c in s.chars().chain(std::iter::once('\0')) {
        if c == ch {
            run += 1;
        } else {
            if run == n {
                return true;
            }
            run = 0;
        }
    }
    false
}

/// A link destination: `<…>` when it holds spaces, else bare with parentheses escaped.
fn push_destination(out: &mut String, url: &str) {
    // Most URLs hold nothing to drop, bracket or escape (`C2` leads the C1 controls).
    let plain = !url.is_empty()
        && !url
            .bytes()
            .any(|b| b <= b' ' || matches!(b, 0x7F | 0xC2 | b'(' | b')' | b'<' | b'>' | b'\\'));
    if plain {
        out.push_str(url);
        return;
    }
    // Browsers drop tabs and line breaks from a URL (they come from wrapped attributes), so
    // they are dropped here rather than encoded into a different address.
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.is_empty() || url.chars().any(|c| c == ' ' || c.is_control()) {
        out.push('<');
        for c in url.chars() {
            match c {
                '<' => out.push_str("%3C"),
                '>' => out.push_str("%3E"),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        out.push('>');
    } else {
        for c in url.chars() {
            if matches!(c, '(' | ')' | '<' | '>') || (c == '\\') {
                out.push('\\');
            }
            out.push(c);
        }
    }
}

fn push_title(out: &mut String, title: Option<&str>) {
    let Some(title) = title else { return };
    if title.is_empty() {
        return;
    }
    out.push_str(" \"");
    for c in title.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// Whether the text, read from its `[`, has its first unescaped `]` followed by `:`.
fn label_then_colon(text: &str) -> bool {
    let mut chars = text.chars().skip(1);
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            ']' => return chars.next() == Some(':'),
            _ => {}
        }
    }
    false
}

/// An HTML attribute value between double quotes.
fn push_attribute(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn push_html_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// A heading ending in `{…}` gives that text to heading attributes (`## Title {#id}`) in
/// the readers that have them, postbind's among them; a backslash before the `}` stops them.
fn escape_attribute_block(out: &mut String) {
    let trimmed = out.trim_end();
    if trimmed.ends_with('}') && !trimmed.ends_with("\\}") && trimmed.contains('{') {
        let at = trimmed.len() - 1;
        out.insert(at, '\\');
    }
}

/// An ATX heading drops a closing `#` run preceded by a space: escape it so it stays text.
fn escape_closing_hashes(out: &mut String) {
    let trimmed = out.trim_end_matches('#');
    if trimmed.len() == out.len() {
        return;
    }
    if trimmed.is_empty() || trimmed.ends_with(' ') {
        let at = trimmed.len();
        out.insert(at, '\\');
    }
}
