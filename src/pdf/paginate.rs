//! Pagination: the item flow onto pages, honouring keep-with-next chains (headings, widows,
//! orphans), page breaks before posts, and table headers repeated at the top of a page.
//!
//! Incremental: items are pushed as layout makes them and each page is handed on as soon as
//! it is full, so a post of any length holds only a page and a short look-ahead in memory.

use std::collections::VecDeque;

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

pub struct Paginator {
    top: f32,
    bottom: f32,
    page: Page,
    y: f32,
    empty: bool,
    /// Items waiting until their keep-with-next chain is known.
    ahead: VecDeque<Item>,
}

impl Paginator {
    pub fn new(top: f32, bottom: f32) -> Paginator {
        Paginator {
            top,
            bottom,
            page: Page::default(),
            y: top,
            empty: true,
            ahead: VecDeque::new(),
        }
    }

    /// Adds an item; `done` receives every page this completes.
    pub fn push(&mut self, item: Item, done: &mut impl FnMut(Page)) {
        self.ahead.push_back(item);
        while let Some(need) = self.chain_height(false) {
            self.place_first(need, done);
        }
    }

    /// Places what is left and hands on the last page.
    pub fn finish(mut self, done: &mut impl FnMut(Page)) {
        while let Some(need) = self.chain_height(true) {
            self.place_first(need, done);
        }
        done(self.page);
    }

    /// Height the first waiting item needs with the items it is kept with, once they have all
    /// arrived (or at the end of the flow).
    fn chain_height(&self, at_end: bool) -> Option<f32> {
        let first = self.ahead.front()?;
        let mut need = first.height;
        let mut j = 0;
        while let Some(it) = self.ahead.get(j) {
            if !it.keep_with_next || j >= MAX_CHAIN {
                return Some(need);
            }
            let Some(next) = self.ahead.get(j + 1) else {
                return at_end.then_some(need);
            };
            need += next.space_before + next.height;
            j += 1;
        }
        Some(need)
    }

    fn new_page(&mut self, done: &mut impl FnMut(Page)) {
        done(std::mem::take(&mut self.page));
        self.y = self.top;
        self.empty = true;
    }

    /// Places the first waiting item; `chain` is its height with what it is kept with.
    fn place_first(&mut self, chain: f32, done: &mut impl FnMut(Page)) {
        let Some(item) = self.ahead.pop_front() else {
            return;
        };
        let body = (self.bottom - self.top).max(1.0);
        if item.break_before && !self.empty {
            self.new_page(done);
        }
        let gap = if self.empty { 0.0 } else { item.space_before };
        let need = gap + chain;
        if !self.empty {
            let chain_fits_a_page = need - gap <= body;
            let overflows = if chain_fits_a_page {
                self.y + need > self.bottom
            } else {
                self.y + gap + item.height > self.bottom
            };
            if overflows {
                self.new_page(done);
            }
        }
        if self.empty {
            if let Some(header) = &item.repeat_header {
                // Repeated by pagination, not content: read once, where it first stands.
                let mut repeat = Item::clone(header);
                repeat.tag = None;
                repeat.draws.retain(|d| !matches!(d, Draw::Tag(_)));
                place(&mut self.page, repeat, self.y, true);
                self.y += header.height;
                self.empty = false;
            }
        }
        let gap = if self.empty { 0.0 } else { item.space_before };
        self.y += gap;
        let height = item.height;
        place(&mut self.page, item, self.y, self.empty);
        self.y += height;
        self.empty = false;
    }
}

/// All pages of a short flow at once (a book's front matter).
pub fn paginate(items: Vec<Item>, top: f32, bottom: f32) -> Vec<Page> {
    let mut pager = Paginator::new(top, bottom);
    let mut pages = Vec::new();
    let mut done = |p| pages.push(p);
    for item in items {
        pager.push(item, &mut done);
    }
    pager.finish(&mut done);
    pages
}

fn place(page: &mut Page, item: Item, top: f32, first_on_page: bool) {
    for deco in &item.decos {
        let up = if first_on_page { 0.0 } else { deco.extend_up };
        page.back.push(deco_draw(deco, top - up, item.height + up));
    }
    let mut draws = item.draws;
    shift(&mut draws, top);
    page.front.push(Draw::Tag(item.tag));
    for d in draws {
        match d {
            Draw::Fill { .. } => page.back.push(d),
            _ => page.front.push(d),
        }
    }
    if let Some(anchor) = item.anchor {
        page.anchors.push((anchor, top));
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
        let pages = paginate(items, 0.0, 100.0);
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
        let pages = paginate(items, 0.0, 100.0);
        assert_eq!(names(&pages[1]).first().map(String::as_str), Some("l0"));
        // After 6 lines, the paragraph's last line alone would be a widow: two lines move.
        let mut items: Vec<Item> = (0..6).map(|i| line(false, &format!("f{i}"))).collect();
        for (i, keep) in [true, false, false, true, false].iter().enumerate() {
            items.push(line(*keep, &format!("l{i}")));
        }
        let pages = paginate(items, 0.0, 100.0);
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
        let pages = paginate(items, 0.0, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(names(&pages[1]).first().map(String::as_str), Some("header"));
    }

    #[test]
    fn break_before_starts_a_new_page() {
        let mut second = line(false, "post2");
        second.break_before = true;
        let pages = paginate(vec![line(false, "post1"), second], 0.0, 100.0);
        assert_eq!(pages.len(), 2);
    }
}
