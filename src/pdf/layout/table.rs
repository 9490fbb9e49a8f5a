//! Tables: column widths from the cells' content, rows that repeat their header on a new page,
//! cells stacked into one unbreakable row.

use std::rc::Rc;

use super::{deco_draw, shift, Draw, Item, Layout};
use crate::pdf::linebreak::min_max_width;
use crate::pdf::text::{Color, Style};
use crate::tree::{Block, Inline, Table};

const TABLE_HEAD_BG: Color = Color(0xee, 0xee, 0xee);
const TABLE_BORDER: Color = Color(0x99, 0x99, 0x99);

impl Layout<'_, '_> {
    pub(super) fn table(&mut self, table: &Table, x: f32, w: f32) -> Vec<Item> {
        let pad = self.size * 0.4;
        let columns = table
            .head
            .iter()
            .chain(&table.body)
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.colspan.max(1) as usize)
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0)
            .clamp(1, 64);
        // Content widths per column: the longest unbreakable piece and the whole text.
        let mut min = vec![self.size; columns];
        let mut max = vec![self.size; columns];
        let rows: Vec<&crate::tree::Row> = table.head.iter().chain(&table.body).collect();
        let grid = grid(&rows, columns);
        for (r, (row, slots)) in rows.iter().zip(&grid).enumerate() {
            for (cell, &(col, span)) in row.cells.iter().zip(slots) {
                let mut glyphs = Vec::new();
                // Header rows are set in bold (`bolden`): measured so, short words fit whole.
                let style = Style {
                    bold: cell.header || r < table.head.len(),
                    ..self.style()
                };
                for b in &cell.blocks {
                    let mut text = String::new();
                    crate::tree::block_text(std::slice::from_ref(b), &mut text);
                    self.shaper.push_str(text.trim_end(), style, &mut glyphs);
                    self.shaper.push_str("\n", style, &mut glyphs);
                }
                let (lo, hi) = min_max_width(&glyphs);
                // CJK may break between any two characters, but a column a character or two
                // wide is unreadable: short cells keep their whole width, longer ones four ems.
                let lo = lo.max(hi.min(self.size * 4.0));
                let share = span as f32;
                for c in col..(col + span).min(columns) {
                    if let (Some(mn), Some(mx)) = (min.get_mut(c), max.get_mut(c)) {
                        *mn = mn.max(lo / share + 2.0 * pad);
                        *mx = mx.max(hi / share + 2.0 * pad);
                    }
                }
            }
        }
        let widths = column_widths(&min, &max, w);
        let table_w: f32 = widths.iter().sum();
        let mut items = Vec::new();
        if !table.caption.is_empty() {
            let mut caption = self.caption(&table.caption, x, table_w);
            let mark = self.tags.leaf("Caption", None);
            caption.iter_mut().for_each(|i| {
                i.keep_with_next = true;
                i.tag = Some(mark);
            });
            items.extend(caption);
        }
        let mut header: Option<Rc<Item>> = None;
        for (i, (row, slots)) in rows.iter().zip(&grid).enumerate() {
            let ctx = RowContext {
                widths: &widths,
                align: &table.align,
                slots,
                x,
                pad,
                head: i < table.head.len(),
            };
            self.tags.open("TR", None);
            let mut item = self.row(row, &ctx);
            self.tags.close();
            if item.height > self.max_height {
                // A row taller than a page cannot be drawn as one: its cells' content flows
                // on, one cell after another, under a rule.
                items.push(self.rule(x, w));
                for cell in &row.cells {
                    self.blocks(&cell.blocks, x, w, &mut items);
                }
                continue;
            }
            if ctx.head {
                // Repeated on later pages with a closing border of its own.
                let mut repeated = item.clone();
                repeated
                    .draws
                    .push(stroke(x, item.height, x + table_w, item.height));
                header = Some(Rc::new(repeated));
                item.keep_with_next = true;
            } else {
                item.repeat_header = header.clone();
            }
            items.push(item);
        }
        items
    }

    fn row(&mut self, row: &crate::tree::Row, ctx: &RowContext) -> Item {
        let mut draws = Vec::new();
        let mut cells = Vec::new();
        let mut note_ids = Vec::new();
        let mut height: f32 = 0.0;
        let pad = ctx.pad;
        for (cell, &(col, span)) in row.cells.iter().zip(ctx.slots) {
            let cx = ctx.x + ctx.widths.iter().take(col).sum::<f32>();
            let cw: f32 = ctx.widths.iter().skip(col).take(span).sum();
            if cw <= 0.0 {
                continue;
            }
            let saved = self.in_cell;
            self.in_cell = true;
            let head = cell.header || ctx.head;
            let mut inner = Vec::new();
            self.tags.open(if head { "TH" } else { "TD" }, None);
            if head {
                self.blocks(&bolden(&cell.blocks), cx + pad, cw - 2.0 * pad, &mut inner);
            } else {
                self.blocks(&cell.blocks, cx + pad, cw - 2.0 * pad, &mut inner);
            }
            self.tags.close();
            self.in_cell = saved;
            for it in &mut inner {
                note_ids.append(&mut it.note_ids);
            }
            let (h, flat) = stack(inner);
            height = height.max(h);
            let align = match cell.align {
                crate::tree::Align::None => ctx.align.get(col).copied().unwrap_or_default(),
                a => a,
            };
            cells.push((cx, cw, flat, head, align));
        }
        let height = height + 2.0 * pad;
        let right = ctx.x + ctx.widths.iter().sum::<f32>();
        for (cx, cw, flat, head, align) in cells {
            if head {
                draws.push(Draw::Fill {
                    x: cx,
                    y: 0.0,
                    w: cw,
                    h: height,
                    color: TABLE_HEAD_BG,
                });
            }
            let dx = align_offset(&flat, cx + pad, cw - 2.0 * pad, align);
            for mut d in flat {
                shift(std::slice::from_mut(&mut d), pad);
                move_x(&mut d, dx);
                draws.push(d);
            }
            draws.push(Draw::Tag(None));
            // Top border per cell: none across a cell spanning down from the row above.
            draws.push(stroke(cx, 0.0, cx + cw, 0.0));
        }
        let mut edge = ctx.x;
        draws.push(stroke(edge, 0.0, edge, height));
        for w in ctx.widths {
            edge += w;
            draws.push(stroke(edge, 0.0, edge, height));
        }
        // Every row closes its bottom: a table broken across pages is closed on each.
        draws.push(stroke(ctx.x, height, right, height));
        Item {
            height,
            draws,
            note_ids,
            ..Item::default()
        }
    }
}

struct RowContext<'r> {
    widths: &'r [f32],
    align: &'r [crate::tree::Align],
    /// Column and span of each cell of the row.
    slots: &'r [(usize, usize)],
    x: f32,
    pad: f32,
    head: bool,
}

/// The column and span of every cell, skipping columns that cells from rows above still
/// cover (rowspan).
fn grid(rows: &[&crate::tree::Row], columns: usize) -> Vec<Vec<(usize, usize)>> {
    let mut covered = vec![0u32; columns];
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut slots = Vec::with_capacity(row.cells.len());
        let mut col = 0;
        for cell in &row.cells {
            while covered.get(col).is_some_and(|c| *c > 0) {
                col += 1;
            }
            let span = (cell.colspan.max(1) as usize).min(columns.saturating_sub(col));
            slots.push((col, span));
            for c in covered.iter_mut().skip(col).take(span) {
                *c = cell.rowspan.clamp(1, 1000);
            }
            col += span;
        }
        for c in covered.iter_mut() {
            *c = c.saturating_sub(1);
        }
        out.push(slots);
    }
    out
}

fn stroke(x1: f32, y1: f32, x2: f32, y2: f32) -> Draw {
    Draw::Stroke {
        x1,
        y1,
        x2,
        y2,
        width: 0.5,
        color: TABLE_BORDER,
    }
}

/// Column widths between the content minimums and maximums, fitted to `w`.
fn column_widths(min: &[f32], max: &[f32], w: f32) -> Vec<f32> {
    let (sum_min, sum_max): (f32, f32) = (min.iter().sum(), max.iter().sum());
    if sum_max <= w {
        return max.to_vec();
    }
    if sum_min >= w {
        return min.iter().map(|m| m * w / sum_min).collect();
    }
    let t = (w - sum_min) / (sum_max - sum_min).max(0.001);
    min.iter().zip(max).map(|(a, b)| a + (b - a) * t).collect()
}

/// Moves a cell's lines for right or centred alignment.
fn align_offset(draws: &[Draw], x: f32, w: f32, align: crate::tree::Align) -> f32 {
    let right_edge = draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text { glyphs, .. } => glyphs.last().map(|(gx, g)| gx + g.adv),
            _ => None,
        })
        .fold(x, f32::max);
    let slack = (x + w - right_edge).max(0.0);
    match align {
        crate::tree::Align::Right => slack,
        crate::tree::Align::Center => slack / 2.0,
        _ => 0.0,
    }
}

fn move_x(d: &mut Draw, dx: f32) {
    if dx == 0.0 {
        return;
    }
    match d {
        Draw::Text { glyphs, .. } => glyphs.iter_mut().for_each(|(x, _)| *x += dx),
        Draw::Fill { x, .. } | Draw::Image { x, .. } | Draw::Link { x, .. } => *x += dx,
        Draw::Stroke { x1, x2, .. } => {
            *x1 += dx;
            *x2 += dx;
        }
        Draw::Tag(_) => {}
    }
}

/// Table header cells are set in bold.
fn bolden(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(c) => Block::Paragraph(vec![Inline::Strong(c.clone())]),
            other => other.clone(),
        })
        .collect()
}

/// Stacks items into one block of draws (inside a table cell, which does not break).
fn stack(items: Vec<Item>) -> (f32, Vec<Draw>) {
    let mut y = 0.0;
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            y += item.space_before;
        }
        out.push(Draw::Tag(None));
        for deco in &item.decos {
            out.push(deco_draw(
                deco,
                y - if i > 0 { deco.extend_up } else { 0.0 },
                item.height + if i > 0 { deco.extend_up } else { 0.0 },
            ));
        }
        let mut draws = item.draws;
        shift(&mut draws, y);
        out.push(Draw::Tag(item.tag));
        out.extend(draws);
        y += item.height;
    }
    (y, out)
}
