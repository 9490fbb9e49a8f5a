//! Pagination: the item flow onto pages, honouring keep-with-next chains (headings, widows,
//! orphans), page breaks before posts, and table headers repeated at the top of a page.
//!
//! Incremental: items are pushed as layout makes them and each page is handed on as soon as
//! it is full, so a post of any length holds only a page and a short look-ahead in memory.
//!
//! Footnotes go to the foot of the page of their reference, under a short rule: a line is
//! only placed if at least the first line of its notes fits under it; note lines that do not
//! fit are carried to the foot of the next page, ahead of that page's own notes.

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
    /// Note lines set at this page's foot, in order.
    foot: Vec<Item>,
    /// Height of the foot: its lines and the rule's gap (zero without notes).
    foot_h: f32,
    /// Note lines that did not fit on their page.
    carry: VecDeque<Item>,
    rule: FootRule,
}

/// The rule above a page's notes.
#[derive(Debug, Clone, Copy, Default)]
pub struct FootRule {
    pub x: f32,
    pub w: f32,
    /// Space between the text and the first note; the rule sits in it.
    pub gap: f32,
}

/// Share of a page that notes carried over from the page before may take: the rest stays for
/// the text, so a very long note cannot hold the text back page after page.
const CARRY_SHARE: f32 = 0.5;

impl Paginator {
    pub fn new(top: f32, bottom: f32) -> Paginator {
        Paginator {
            top,
            bottom,
            page: Page::default(),
            y: top,
            empty: true,
            ahead: VecDeque::new(),
            foot: Vec::new(),
            foot_h: 0.0,
            carry: VecDeque::new(),
            rule: FootRule::default(),
        }
    }

    /// Where the rule over footnotes goes, and the space it takes.
    pub fn set_foot_rule(&mut self, rule: FootRule) {
        self.rule = rule;
    }

    /// Adds an item; `done` receives every page this completes.
    pub fn push(&mut self, item: Item, done: &mut impl FnMut(Page)) {
        self.ahead.push_back(item);
        while let Some(need) = self.chain_height(false) {
            self.place_first(need, done);
        }
    }

    /// Places what is left and hands on the last page, and pages of notes still carried.
    pub fn finish(mut self, done: &mut impl FnMut(Page)) {
        while let Some(need) = self.chain_height(true) {
            self.place_first(need, done);
        }
        while !self.carry.is_empty() {
            self.flush_foot();
            done(std::mem::take(&mut self.page));
            self.foot_h = 0.0;
            self.take_carry(self.bottom - self.top);
        }
        self.flush_foot();
        done(self.page);
    }

    /// The height `line` adds to the foot.
    fn foot_add(&self, line: &Item) -> f32 {
        if self.foot.is_empty() {
            self.rule.gap + line.height
        } else {
            line.space_before + line.height
        }
    }

    /// Sets carried note lines at the top of the new page's foot, up to `cap` high (always
    /// one, so they move on).
    fn take_carry(&mut self, cap: f32) {
        while let Some(line) = self.carry.front() {
            let add = self.foot_add(line);
            if !self.foot.is_empty() && self.foot_h + add > cap {
                break;
            }
            self.foot_h += add;
            if let Some(line) = self.carry.pop_front() {
                self.foot.push(line);
            }
        }
    }

    /// Draws the foot's rule and note lines at the bottom of the text area.
    fn flush_foot(&mut self) {
        if self.foot.is_empty() {
            return;
        }
        let mut y = self.bottom - self.foot_h;
        let rule_y = y + self.rule.gap * 0.45;
        self.page.front.push(Draw::Tag(None));
        self.page.front.push(Draw::Stroke {
            x1: self.rule.x,
            y1: rule_y,
            x2: self.rule.x + self.rule.w,
            y2: rule_y,
            width: 0.5,
            color: super::text::Color(0x99, 0x99, 0x99),
        });
        y += self.rule.gap;
        for (i, line) in std::mem::take(&mut self.foot).into_iter().enumerate() {
            if i > 0 {
                y += line.space_before;
            }
            let height = line.height;
            place(&mut self.page, line, y, true);
            y += height;
        }
        self.foot_h = 0.0;
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
        self.flush_foot();
        done(std::mem::take(&mut self.page));
        self.y = self.top;
        self.empty = true;
        self.take_carry((self.bottom - self.top) * CARRY_SHARE);
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
            // The line must leave room for the first line of its first note.
            let note = item.foot.first().map_or(0.0, |n| self.foot_add(n));
            let bottom = self.bottom - self.foot_h - note;
            let chain_fits_a_page = need - gap <= body;
            let overflows = if chain_fits_a_page {
                self.y + need > bottom
            } else {
                self.y + gap + item.height > bottom
            };
            if overflows {
                self.new_page(done);
            }
        }
        if self.empty {
            if let Some(header) = &item.repeat_header {
                // Repeated by pagination, not content: read once, where it first stands.
                let mut repeat = Item::clone(header);
                repeat.foot.clear();
                repeat.tag = None;
                repeat.draws.retain(|d| !matches!(d, Draw::Tag(_)));
                let height = repeat.height;
                place(&mut self.page, repeat, self.y, true);
                self.y += height;
                self.empty = false;
            }
        }
        let gap = if self.empty { 0.0 } else { item.space_before };
        self.y += gap;
        let height = item.height;
        let mut item = item;
        let notes = std::mem::take(&mut item.foot);
        place(&mut self.page, item, self.y, self.empty);
        self.y += height;
        self.empty = false;
        for line in notes {
            let add = self.foot_add(&line);
            if self.carry.is_empty() && self.y + self.foot_h + add <= self.bottom {
                self.foot_h += add;
                self.foot.push(line);
            } else {
                self.carry.push_back(line);
            }
        }
    }
}

/// All pages of a short flow at once (the tests' way: the writer pushes items to a
/// [`Paginator`] and writes each page as it fills).
#[cfg(test)]
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
    fn notes_go_to_the_foot_and_carry_on_when_they_do_not_fit() {
        // A line with a 12-line note on a 10-line page: the first lines stay under it, the
        // rest goes to the next page's foot, and none is lost.
        let mut first = line(false, "ref");
        first.foot = (0..12).map(|i| line(false, &format!("n{i}"))).collect();
        let mut pager = Paginator::new(0.0, 100.0);
        pager.set_foot_rule(FootRule {
            x: 0.0,
            w: 10.0,
            gap: 5.0,
        });
        let mut pages = Vec::new();
        pager.push(first, &mut |p| pages.push(p));
        pager.push(line(false, "after"), &mut |p| pages.push(p));
        pager.finish(&mut |p| pages.push(p));
        let all: Vec<String> = pages.iter().flat_map(names).collect();
        assert_eq!(all.iter().filter(|n| n.starts_with('n')).count(), 12);
        assert_eq!(names(&pages[0]).first().map(String::as_str), Some("ref"));
        assert!(names(&pages[0]).contains(&"n0".to_string()));
        assert!(names(&pages[1]).contains(&"after".to_string()));
        assert!(names(&pages[1]).contains(&"n11".to_string()));
    }

    #[test]
    fn break_before_starts_a_new_page() {
        let mut second = line(false, "post2");
        second.break_before = true;
        let pages = paginate(vec![line(false, "post1"), second], 0.0, 100.0);
        assert_eq!(pages.len(), 2);
    }
}
