//! The logical structure the layout records as it goes (headings, paragraphs, lists, tables,
//! figures, notes), so the PDF is tagged: screen readers read it in order, reflowing viewers
//! reflow it, and copied tables keep their cells apart.
//!
//! Containers (a list, a table row) are opened and closed around their content; the leaves
//! (a paragraph, a cell's text) mark the draws that show them. Where each leaf's content lands
//! on the pages is known only when the pages are written (see `emit`), and the tree is built
//! from that at the end (see `structure`).

use std::collections::HashMap;

/// The element a run of draws shows, with its structure type for the `BDC` operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub elem: u32,
    pub role: &'static str,
}

/// An element: a book has one per paragraph, so it is kept to its role and parent; the few
/// with alternative text or a language of their own have it in [`Tags`] beside.
#[derive(Debug, Clone)]
pub struct Elem {
    /// A standard structure type: `P`, `H1`, `L`, `LI`, `Table`, `TD`, `Figure`, …
    pub role: &'static str,
    pub parent: Option<u32>,
}

/// A book has an element per paragraph: the structure tree writes each post's elements once
/// its pages are written, and they are forgotten here (see [`Tags::forget_before`]), so what is
/// held is the elements from `base` on.
#[derive(Debug, Default)]
pub struct Tags {
    base: u32,
    elems: Vec<Elem>,
    open: Vec<u32>,
    /// What a figure or formula shows, for those who cannot see it, by element.
    alts: HashMap<u32, String>,
    /// Languages set where they differ from the document's, by element.
    langs: HashMap<u32, String>,
}

impl Tags {
    /// A leaf in the container open now.
    pub fn leaf(&mut self, role: &'static str, alt: Option<String>) -> Mark {
        let elem = self.push(role, alt, None);
        Mark { elem, role }
    }

    /// Opens a container; what is added until `close` goes inside it.
    pub fn open(&mut self, role: &'static str, lang: Option<String>) -> u32 {
        let elem = self.push(role, None, lang);
        self.open.push(elem);
        elem
    }

    pub fn close(&mut self) {
        self.open.pop();
    }

    fn push(&mut self, role: &'static str, alt: Option<String>, lang: Option<String>) -> u32 {
        let elem = self.next();
        self.elems.push(Elem {
            role,
            parent: self.open.last().copied(),
        });
        if let Some(alt) = alt {
            self.alts.insert(elem, alt);
        }
        if let Some(lang) = lang {
            self.langs.insert(elem, lang);
        }
        elem
    }

    /// The number the next element will have.
    pub fn next(&self) -> u32 {
        let held = u32::try_from(self.elems.len()).unwrap_or(u32::MAX);
        self.base.saturating_add(held)
    }

    /// Element `elem`, unless it was forgotten.
    pub fn get(&self, elem: u32) -> Option<&Elem> {
        self.elems.get(elem.checked_sub(self.base)? as usize)
    }

    /// Drops the elements numbered below `elem` (written already).
    pub fn forget_before(&mut self, elem: u32) {
        let elem = elem.min(self.next());
        if elem <= self.base {
            return;
        }
        self.elems.drain(..(elem - self.base) as usize);
        self.base = elem;
        self.alts.retain(|&e, _| e >= elem);
        self.langs.retain(|&e, _| e >= elem);
    }

    pub fn alt(&self, elem: u32) -> Option<&str> {
        self.alts.get(&elem).map(String::as_str)
    }

    pub fn lang(&self, elem: u32) -> Option<&str> {
        self.langs.get(&elem).map(String::as_str)
    }
}

/// The structure type of a heading (a post's title is `H1`; its headings follow below it).
pub fn heading(level: u8) -> &'static str {
    match level {
        0 | 1 => "H1",
        2 => "H2",
        3 => "H3",
        4 => "H4",
        5 => "H5",
        _ => "H6",
    }
}
