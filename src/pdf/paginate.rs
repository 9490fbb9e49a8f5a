//! Pagination: the item flow onto pages, honouring keep-with-next chains (headings, widows,
//! orphans), page breaks before posts, and table headers repeated at the top of a page.

use super::layout::{deco_draw, Anchor, Draw, Item};

#[derive(Debug, Default)]
pub struct Page {
    /// Backgrounds and rules, drawn first.
    pub back: Vec<Draw>,
    pub front: Vec<Draw>,
    /// Headings and post starts on this page, with their y (from the page top).
    pub anchors: Vec<(Anchor, f32)>,
}

/// Longest keep-with-next chain that is honoured; longer ones (a heading followed by a long
/// code block kept line by line) would push whole pages.
const MAX_CHAIN: usize = 6;

pub fn paginate(items: &[Item], top: f32, bottom: f32) -> Vec<Page> {
    let body = (bottom - top).max(1.0);
    let mut pages = vec![Page::default()];
    let mut y = top;
    let mut empty = true;
    for (i, item) in items.iter().enumerate() {
        if item.break_before && !empty {
            pages.push(Page::default());
            y = top;
            empty = true;
        }
        let gap = if empty { 0.0 } else { item.space_before };
        let mut need = gap + item.height;
        let mut j = i;
        while let Some(it) = items.get(j) {
            if !it.keep_with_next || j - i >= MAX_CHAIN {
                break;
            }
            let Some(next) = items.get(j + 1) else { break };
            need += next.space_before + next.height;
            j += 1;
        }
        if !empty {
            let chain_fits_a_page = need - gap <= body;
            let overflows = if chain_fits_a_page {
                y + need > bottom
            } else {
                y + gap + item.height > bottom
            };
            if overflows {
                pages.push(Page::default());
                y = top;
                empty = true;
            }
        }
        let Some(page) = pages.last_mut() else { break };
        if empty {
            if let Some(header) = &item.repeat_header {
                place(page, header, y, true);
                y += header.height;
                empty = false;
            }
        }
        let gap = if empty { 0.0 } else { item.space_before };
        y += gap;
        place(page, item, y, empty);
        y += item.height;
        empty = false;
    }
    pages
}

fn place(page: &mut Page, item: &Item, top: f32, first_on_page: bool) {
    for deco in &item.decos {
        let up = if first_on_page { 0.0 } else { deco.extend_up };
        page.back
            .push(moved(deco_draw(deco, top - up, item.height + up), 0.0));
    }
    for d in &item.draws {
        let d = moved(d.clone(), top);
        match d {
            Draw::Fill { .. } => page.back.push(d),
            _ => page.front.push(d),
        }
    }
    if let Some(anchor) = &item.anchor {
        page.anchors.push((anchor.clone(), top));
    }
}

fn moved(mut d: Draw, dy: f32) -> Draw {
    match &mut d {
        Draw::Text { baseline, .. } => *baseline += dy,
        Draw::Fill { y, .. } | Draw::Image { y, .. } | Draw::Link { y, .. } => *y += dy,
        Draw::Stroke { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
    }
    d
}
