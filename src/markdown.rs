//! Markdown writer: GitHub Flavored Markdown with a YAML front matter block.
//!
//! Written the way a person would write it by hand: no hard wrapping, escapes only where the
//! text would otherwise turn into markup, and raw HTML only where Markdown cannot say it
//! (emphasis that CommonMark's flanking rules would not close next to CJK punctuation, tables
//! with spans or block content, superscripts, ruby).

mod escape;
mod front_matter;
mod inline;
mod table;

use crate::tree::{Block, Callout, Definition, Document, Figure, Footnote, List};

pub use escape::escape_text;

/// The Markdown writer as a [`crate::format::Writer`]: it has no options and binds no books.
pub struct Markdown;

impl crate::format::Writer for Markdown {
    fn render(&self, doc: &Document) -> Result<crate::Rendered, crate::RenderError> {
        Ok(crate::Rendered {
            bytes: write(doc).into_bytes(),
            warnings: Vec::new(),
        })
    }
}

/// The whole post: front matter (when the source had metadata) and body.
pub fn write(doc: &Document) -> String {
    let _notes = inline::Notes::set(crate::tree::note_ids(&doc.blocks));
    let mut out = String::new();
    if doc.meta.from_source {
        front_matter::write(&doc.meta, &mut out);
        out.push('\n');
        write_blocks_into(&doc.blocks, &mut out);
    } else {
        write_blocks_into(&doc.blocks, &mut out);
        defuse_front_matter_fence(&mut out, doc.blocks.first());
    }
    out.push('\n');
    out
}

/// A file without front matter must not open with a line that postbind, Jekyll, Hugo or Hexo
/// would take for a front matter fence (`---`, `+++`, or a JSON object's `{"`).
fn defuse_front_matter_fence(body: &mut String, first: Option<&Block>) {
    if matches!(first, Some(Block::ThematicBreak)) {
        if let Some(rest) = body.strip_prefix("---") {
            *body = format!("***{rest}");
        }
        return;
    }
    let line = body.lines().next().unwrap_or_default().trim_end();
    let dashes = line.len() >= 3 && line.bytes().all(|b| b == b'-');
    let json = line
        .strip_prefix('{')
        .is_some_and(|rest| matches!(rest.trim_start().bytes().next(), None | Some(b'"' | b'}')));
    if dashes || line == "+++" || json {
        body.insert(0, '\\');
    }
}

/// The body alone, without a trailing newline.
pub fn write_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    write_blocks_into(blocks, &mut out);
    out
}

/// Appends the blocks to `out`, a blank line between two, without a trailing newline.
fn write_blocks_into(blocks: &[Block], out: &mut String) {
    let parts = render_each(blocks);
    out.reserve(parts.iter().map(|(_, text)| text.len() + 2).sum());
    let mut first = true;
    for (_, text) in parts {
        if text.is_empty() {
            continue;
        }
        if !first {
            out.push_str("\n\n");
        }
        first = false;
        out.push_str(&text);
    }
}

/// Each block rendered on its own. Two lists in a row would merge into one in Markdown, so
/// the second switches to the other marker (`*`, `1)`).
fn render_each(blocks: &[Block]) -> Vec<(&Block, String)> {
    let mut prev_list: Option<(bool, usize)> = None;
    blocks
        .iter()
        .map(|block| {
            let text = match block {
                Block::List(list) => {
                    let variant = match prev_list {
                        Some((ordered, v)) if ordered == list.ordered => 1 - v,
                        _ => 0,
                    };
                    prev_list = Some((list.ordered, variant));
                    write_list(list, variant)
                }
                other => {
                    prev_list = None;
                    write_block(other)
                }
            };
            (block, text)
        })
        .collect()
}

fn write_block(block: &Block) -> String {
    match block {
        Block::Heading { level, content, .. } => {
            let text = inline::write(content, inline::Context::Heading);
            format!("{} {}", "#".repeat(usize::from((*level).clamp(1, 6))), text)
        }
        Block::Paragraph(content) => inline::write(content, inline::Context::Paragraph),
        Block::List(list) => write_list(list, 0),
        Block::BlockQuote(inner) => prefix_lines(&write_blocks(inner), "> ", ">"),
        Block::CodeBlock { lang, code } => code_block(lang.as_deref(), code),
        Block::Table(table) => table::write(table),
        Block::Figure(figure) => write_figure(figure),
        Block::ThematicBreak => "---".to_string(),
        Block::Footnote(note) => write_footnote(note),
        Block::Callout(callout) => write_callout(callout),
        Block::Definitions(defs) => write_definitions(defs),
        // The TeX as written: Markdown escapes do not apply inside `$$`.
        Block::Math(m) => format!("$$\n{}\n$$", m.tex.trim()),
    }
}

/// `[^1]: text`, later blocks indented under it.
fn write_footnote(note: &Footnote) -> String {
    let label: String = note
        .label
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '^' | '\\'))
        .collect();
    let body = write_blocks(&note.blocks);
    let mut out = format!("[^{label}]:");
    for (i, line) in body.split('\n').enumerate() {
        if i == 0 {
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
        } else {
            out.push('\n');
            if !line.is_empty() {
                out.push_str("    ");
                out.push_str(line);
            }
        }
    }
    out
}

/// A GitHub alert: `> [!NOTE]`, the author's title in bold on the next line.
fn write_callout(callout: &Callout) -> String {
    let mut body = String::new();
    if !callout.title.is_empty() {
        let title = inline::write(&callout.title, inline::Context::Paragraph);
        if !title.trim().is_empty() {
            body.push_str("**");
            body.push_str(title.trim());
            body.push_str("**");
        }
    }
    let inner = write_blocks(&callout.blocks);
    if !inner.is_empty() {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&inner);
    }
    let mut out = format!("> [!{}]", callout.kind.alert());
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&prefix_lines(&body, "> ", ">"));
    }
    out
}

/// A definition list as HTML (GFM has none); its content rendered from our Markdown.
fn write_definitions(defs: &[Definition]) -> String {
    let mut out = String::from("<dl>\n");
    for d in defs {
        if !d.term.is_empty() {
            let term = inline::write(&d.term, inline::Context::Paragraph);
            out.push_str("<dt>");
            out.push_str(table::strip_paragraph(&table::to_html(&term)));
            out.push_str("</dt>\n");
        }
        for detail in &d.details {
            let html = table::to_html(&write_blocks(detail));
            out.push_str("<dd>");
            out.push_str(table::strip_paragraph(&html));
            out.push_str("</dd>\n");
        }
    }
    out.push_str("</dl>");
    out
}

/// A caption of nothing but spaces would be a blank paragraph, which readers drop.
fn has_caption(figure: &Figure) -> bool {
    let mut text = String::new();
    crate::tree::inline_text(&figure.caption, &mut text);
    !text.chars().all(char::is_whitespace)
        || figure
            .caption
            .iter()
            .any(|i| matches!(i, crate::tree::Inline::Image(_)))
}

fn write_figure(figure: &Figure) -> String {
    let mut out = inline::image(&figure.image);
    if has_caption(figure) {
        out.push_str("\n\n");
        out.push_str(&inline::write(&figure.caption, inline::Context::Paragraph));
    }
    out
}

/// `variant` picks the alternative marker (`*`, `1)`) for a list right after a list.
fn write_list(list: &List, variant: usize) -> String {
    let mut items: Vec<(String, bool)> = list
        .items
        .iter()
        .map(|item| write_item(item, list.tight))
        .collect();
    // A blank line between an item's own blocks makes the whole list loose to a reader: it
    // is written loose, so that it reads back as what was written.
    let tight = list.tight && !items.iter().any(|(_, blank)| *blank);
    if list.tight && !tight {
        items = list
            .items
            .iter()
            .map(|item| write_item(item, false))
            .collect();
    }
    let mut out = String::with_capacity(items.iter().map(|(body, _)| body.len() + 8).sum());
    let mut marker = String::new();
    for (i, (mut body, _)) in items.into_iter().enumerate() {
        marker.clear();
        if list.ordered {
            let n = list.start.saturating_add(i as u64);
            marker.push_str(itoa::Buffer::new().format(n));
            marker.push_str(if variant == 0 { ". " } else { ") " });
        } else {
            marker.push_str(if variant == 0 { "- " } else { "* " });
        }
        if i > 0 {
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        // `- ---` is a thematic break, not an item holding one: `- ***` is (the characters
        // differ, so the line as a whole is no break).
        let first_line_is_rule =
            body == "---" || body.starts_with("---\n") || body.starts_with("---\r\n");
        if !list.ordered && variant == 0 && first_line_is_rule {
            body.replace_range(..3, "***");
        }
        // A task list item's box: `- [x] done`.
        if let Some(done) = list.task(i) {
            body.insert_str(0, if done { "[x] " } else { "[ ] " });
        }
        if body.is_empty() {
            out.push_str(marker.trim_end());
            continue;
        }
        for (n, line) in body.split('\n').enumerate() {
            if n == 0 {
                out.push_str(&marker);
                out.push_str(line);
            } else {
                out.push('\n');
                if !line.is_empty() {
                    out.extend(std::iter::repeat_n(' ', marker.len()));
                    out.push_str(line);
                }
            }
        }
    }
    out
}

/// An item's blocks; in a tight list, blocks that may interrupt a paragraph follow it on the
/// next line, so the list stays tight. Also whether a blank line stands between two of the
/// item's own blocks (inside one: a figure's caption), which makes a list loose.
fn write_item(blocks: &[Block], tight: bool) -> (String, bool) {
    let mut out = String::new();
    let mut blank = false;
    let mut after_html = false;
    let mut after_quote = false;
    for (i, (block, rendered)) in render_each(blocks).into_iter().enumerate() {
        if i > 0 {
            // An ordered list may interrupt a paragraph only when it starts at 1, and no
            // list whose first item is empty (a bare marker) may; a quote right after a
            // quote would continue it.
            let interrupts = match block {
                Block::List(l) => {
                    (!l.ordered || l.start == 1)
                        && rendered.split('\n').next().is_some_and(|l| l.contains(' '))
                }
                Block::BlockQuote(_) => !after_quote,
                Block::CodeBlock { .. } | Block::Heading { .. } => true,
                _ => false,
            };
            // Only a blank line ends an HTML block (a table written as HTML).
            let joined = tight && interrupts && !after_html;
            out.push_str(if joined { "\n" } else { "\n\n" });
            blank |= !joined;
        }
        after_html =
            matches!(block, Block::Table(_) | Block::Definitions(_)) && rendered.starts_with('<');
        after_quote = matches!(block, Block::BlockQuote(_));
        blank |= match block {
            Block::Figure(f) => has_caption(f),
            Block::Table(t) => !t.caption.is_empty() && !after_html,
            _ => false,
        };
        // The first block's text becomes the item's (most items hold one block).
        if i == 0 {
            out = rendered;
        } else {
            out.push_str(&rendered);
        }
    }
    (out, blank)
}

fn prefix_lines(text: &str, prefix: &str, blank_prefix: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push_str(blank_prefix);
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

/// A fenced block whose fence is longer than any backtick run inside.
fn code_block(lang: Option<&str>, code: &str) -> String {
    let fence = "`".repeat((longest_run(code, '`') + 1).max(3));
    let mut out = String::with_capacity(code.len() + 16);
    out.push_str(&fence);
    out.push_str(lang.unwrap_or_default());
    out.push('\n');
    if !code.is_empty() {
        out.push_str(code);
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}
