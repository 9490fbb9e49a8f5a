//! Pagination: the item flow onto pages, honouring keep-with-next chains (headings, widows,
//! orphans), page breaks before posts, and table headers repeated at the top of a page.

use super::layout::{deco_draw, shift, Anchor, Draw, Item};

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
        page.back.push(deco_draw(deco, top - up, item.height + up));
    }
    let mut draws = item.draws.clone();
    shift(&mut draws, top);
    for d in draws {
        match d {
            Draw::Fill { .. } => page.back.push(d),
            _ => page.front.push(d),
        }
    }
    if let Some(anchor) = &item.anchor {
        page.anchors.push((anchor.clone(), top));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::Anchor;
    use std::rc::Rc;

    fn line(keep: bool, name: &str) -> Item {
        Item {
            height: 10.0,
            keep_with_next: keep,
            anchor: Some(Anchor {
                id: name.into(),
                title: name.into(),
                level: 1,
            }),
            ..Item::default()
        }
    }

    fn names(page: &Page) -> Vec<String> {
        page.anchors.iter().map(|(a, _)| a.id.clone()).collect()
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        // Room for 10 lines: 8 of filler, then a heading kept with a two-line paragraph.
        let mut items: Vec<Item> = (0..8).map(|i| line(false, &format!("f{i}"))).collect();
        items.push(line(true, "heading"));
        items.push(line(true, "p1"));
        items.push(line(false, "p2"));
        let pages = paginate(&items, 0.0, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(names(&pages[1]), ["heading", "p1", "p2"]);
    }

    #[test]
    fn no_widow_or_orphan_lines() {
        // A five-line paragraph (keep on the first and the next-to-last line) after 9 lines:
        // its first line alone would be an orphan, so the paragraph starts on page two.
        let mut items: Vec<Item> = (0..9).map(|i| line(false, &format!("f{i}"))).collect();
        for (i, keep) in [true, false, false, true, false].iter().enumerate() {
            items.push(line(*keep, &format!("l{i}")));
        }
        let pages = paginate(&items, 0.0, 100.0);
        assert_eq!(names(&pages[1]).first().map(String::as_str), Some("l0"));
        // After 6 lines, the paragraph's last line alone would be a widow: two lines move.
        let mut items: Vec<Item> = (0..6).map(|i| line(false, &format!("f{i}"))).collect();
        for (i, keep) in [true, false, false, true, false].iter().enumerate() {
            items.push(line(*keep, &format!("l{i}")));
        }
        let pages = paginate(&items, 0.0, 100.0);
        assert_eq!(names(&pages[1]), ["l3", "l4"]);
    }

    #[test]
    fn table_header_repeats_after_a_page_break() {
        let header = Rc::new(line(false, "header"));
        let mut items = vec![line(true, "header")];
        for i in 0..15 {
            let mut row = line(false, &format!("r{i}"));
            row.repeat_header = Some(header.clone());
            items.push(row);
        }
        let pages = paginate(&items, 0.0, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(names(&pages[1]).first().map(String::as_str), Some("header"));
    }

    #[test]
    fn break_before_starts_a_new_page() {
        let mut second = line(false, "post2");
        second.break_before = true;
        let pages = paginate(&[line(false, "post1"), second], 0.0, 100.0);
        assert_eq!(pages.len(), 2);
    }
}
