//! Tables: GFM pipe tables where they can say it, HTML where they cannot.

use super::inline::{self, Context};
use crate::tree::{Align, Block, Cell, Inline, Row, Table};

pub fn write(table: &Table) -> String {
    let caption = if table.caption.is_empty() {
        String::new()
    } else {
        inline::write(&table.caption, Context::Paragraph) + "\n\n"
    };
    match pipe_table(table) {
        Some(t) => caption + &t,
        None => html_table(table),
    }
}

/// A cell's content as one line of inlines, if it is no more than that.
fn cell_inlines(cell: &Cell) -> Option<Vec<Inline>> {
    match cell.blocks.as_slice() {
        [] => Some(Vec::new()),
        [Block::Paragraph(inlines)] => Some(inlines.clone()),
        [Block::Figure(f)] if f.caption.is_empty() => Some(vec![Inline::Image(f.image.clone())]),
        _ => None,
    }
}

fn pipe_table(table: &Table) -> Option<String> {
    let rows: Vec<&Row> = table.head.iter().chain(&table.body).collect();
    if table.head.len() > 1 {
        return None;
    }
    let mut lines: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut cells = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            if cell.colspan != 1 || cell.rowspan != 1 {
                return None;
            }
            cells.push(inline::write(&cell_inlines(cell)?, Context::Cell));
        }
        lines.push(cells);
    }
    let width = lines
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(table.align.len());
    if width == 0 {
        return None;
    }
    let mut out = String::new();
    let mut lines = lines.into_iter();
    // GFM needs a header row: a table without one promotes its first row.
    let header = lines.next().unwrap_or_default();
    push_row(&mut out, header, width);
    out.push_str("\n|");
    for col in 0..width {
        out.push_str(match table.align.get(col).copied().unwrap_or_default() {
            Align::None => " --- |",
            Align::Left => " :-- |",
            Align::Center => " :-: |",
            Align::Right => " --: |",
        });
    }
    for line in lines {
        out.push('\n');
        push_row(&mut out, line, width);
    }
    Some(out)
}

fn push_row(out: &mut String, mut cells: Vec<String>, width: usize) {
    cells.resize(width, String::new());
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(&cell);
        out.push_str(if cell.is_empty() { "|" } else { " |" });
    }
}

/// An HTML table keeps spans and block content. Markdown is not read inside an HTML block, so
/// each cell's content is rendered to HTML here.
fn html_table(table: &Table) -> String {
    let mut out = String::from("<table>\n");
    if !table.caption.is_empty() {
        let caption = super::inline::write(&table.caption, Context::Paragraph);
        out.push_str("<caption>");
        out.push_str(strip_paragraph(&to_html(&caption)));
        out.push_str("</caption>\n");
    }
    for (section, rows) in [("thead", &table.head), ("tbody", &table.body)] {
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("<{section}>\n"));
        for row in rows {
            out.push_str("<tr>\n");
            for cell in &row.cells {
                let tag = if cell.header { "th" } else { "td" };
                out.push('<');
                out.push_str(tag);
                if cell.colspan > 1 {
                    out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if cell.rowspan > 1 {
                    out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                if let Some(a) = align_name(cell.align) {
                    out.push_str(&format!(" style=\"text-align: {a}\""));
                }
                out.push('>');
                let html = to_html(&super::write_blocks(&cell.blocks));
                out.push_str(strip_paragraph(&html));
                out.push_str(&format!("</{tag}>\n"));
            }
            out.push_str("</tr>\n");
        }
        out.push_str(&format!("</{section}>\n"));
    }
    out.push_str("</table>");
    out
}

fn align_name(a: Align) -> Option<&'static str> {
    match a {
        Align::None => None,
        Align::Left => Some("left"),
        Align::Center => Some("center"),
        Align::Right => Some("right"),
    }
}

/// Renders Markdown we wrote to HTML that can sit inside an HTML block: a blank line would
/// end the block, so line feeds that would leave one (inside `<pre>`) become `&#10;`.
pub(super) fn to_html(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut out = String::new();
    html::push_html(&mut out, parser);
    let out = out.trim_end_matches('\n');
    // `*` and `` ` `` are plain characters in HTML, but text-level passes that run before
    // a Markdown parser (postbind's own CJK `**` reading among them) do not know an HTML
    // block from a paragraph: as references they are the same characters to a browser.
    out.replace("\n\n", "\n&#10;")
        .replace('*', "&#42;")
        .replace('`', "&#96;")
}

/// A cell holding one paragraph needs no `<p>` around it.
pub(super) fn strip_paragraph(html: &str) -> &str {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}
