//! Footnotes: every note gathered at the end of the document, numbered in the order of its
//! first reference, and each reference made one shape the writers know
//! (`Superscript([Link { href: "#<id>", content: [Text(label)] }])`).
//!
//! The tree's depth is bounded when it is built, so these walks recurse over it.

use std::collections::{HashMap, HashSet};
use std::mem::take;

use crate::tree::{Block, Footnote, Inline};

/// Gathers the notes among `blocks` (anywhere) at their end and rewrites the references to
/// them. Ids taken by headings are in `ids`; the notes' new ids join them.
pub fn gather(blocks: &mut Vec<Block>, ids: &mut HashSet<String>) {
    let mut notes = Vec::new();
    take_notes(blocks, &mut notes);
    if notes.is_empty() {
        return;
    }
    // The id a reference names → the note's index. A repeated id keeps its first note.
    let mut by_source: HashMap<String, usize> = HashMap::new();
    for (i, n) in notes.iter().enumerate() {
        if !n.id.is_empty() {
            by_source.entry(n.id.clone()).or_insert(i);
        }
    }
    let mut order: Vec<usize> = Vec::new();
    let mut number: Vec<Option<usize>> = vec![None; notes.len()];
    let mut refs = Refs {
        by_source: &by_source,
        order: &mut order,
        number: &mut number,
    };
    refs.blocks(blocks);
    // Notes referred to from notes, then those never referred to, come after.
    let mut k = 0;
    while let Some(&i) = refs.order.get(k) {
        if let Some(note) = notes.get_mut(i) {
            let mut inner = take(&mut note.blocks);
            refs.blocks(&mut inner);
            note.blocks = inner;
        }
        k += 1;
    }
    for i in 0..notes.len() {
        if let Some(slot @ None) = refs.number.get_mut(i) {
            *slot = Some(refs.order.len());
            refs.order.push(i);
        }
    }
    let final_ids: Vec<String> = (1..=order.len())
        .map(|n| {
            let base = format!("fn-{n}");
            let mut id = base.clone();
            let mut k = 1;
            while !ids.insert(id.clone()) {
                id = format!("{base}-{k}");
                k += 1;
            }
            id
        })
        .collect();
    // References were written with the note's index; now they get its id and number.
    let finish = |b: &mut Vec<Block>| finish_refs(b, &final_ids, &number);
    finish(blocks);
    let mut slots: Vec<Option<Footnote>> = notes.into_iter().map(Some).collect();
    for (n, &i) in order.iter().enumerate() {
        if let Some(mut note) = slots.get_mut(i).and_then(Option::take) {
            finish(&mut note.blocks);
            note.id = final_ids.get(n).cloned().unwrap_or_default();
            note.label = (n + 1).to_string();
            blocks.push(Block::Footnote(note));
        }
    }
}

/// Moves every note out of `blocks` (and the containers in them) into `out`, in order.
fn take_notes(blocks: &mut Vec<Block>, out: &mut Vec<Footnote>) {
    let mut kept = Vec::with_capacity(blocks.len());
    for mut b in take(blocks) {
        match &mut b {
            Block::Footnote(_) => {
                if let Block::Footnote(mut n) = b {
                    take_notes(&mut n.blocks, out);
                    out.push(n);
                }
                continue;
            }
            Block::List(l) => l.items.iter_mut().for_each(|i| take_notes(i, out)),
            Block::BlockQuote(inner) => take_notes(inner, out),
            Block::Callout(c) => take_notes(&mut c.blocks, out),
            Block::Definitions(defs) => defs
                .iter_mut()
                .flat_map(|d| d.details.iter_mut())
                .for_each(|d| take_notes(d, out)),
            Block::Table(t) => t
                .head
                .iter_mut()
                .chain(t.body.iter_mut())
                .flat_map(|r| r.cells.iter_mut())
                .for_each(|c| take_notes(&mut c.blocks, out)),
            _ => {}
        }
        kept.push(b);
    }
    *blocks = kept;
}

struct Refs<'a> {
    by_source: &'a HashMap<String, usize>,
    order: &'a mut Vec<usize>,
    number: &'a mut Vec<Option<usize>>,
}

/// A placeholder href for the note at an index, until ids are final.
const PENDING: &str = "\0note:";

impl Refs<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) => self.inlines(content),
                Block::List(l) => l.items.iter_mut().for_each(|i| self.blocks(i)),
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::Callout(c) => {
                    self.inlines(&mut c.title);
                    self.blocks(&mut c.blocks);
                }
                Block::Definitions(defs) => {
                    for d in defs {
                        self.inlines(&mut d.term);
                        d.details.iter_mut().for_each(|x| self.blocks(x));
                    }
                }
                Block::Table(t) => {
                    for row in t.head.iter_mut().chain(t.body.iter_mut()) {
                        for cell in &mut row.cells {
                            self.blocks(&mut cell.blocks);
                        }
                    }
                }
                Block::Footnote(n) => self.blocks(&mut n.blocks),
                Block::Figure(f) => self.inlines(&mut f.caption),
                Block::CodeBlock { .. } | Block::ThematicBreak | Block::Math(_) => {}
            }
        }
    }

    /// The note a link points at, numbered on its first reference.
    fn target(&mut self, href: &str) -> Option<usize> {
        let id = href.trim().strip_prefix('#')?;
        let i = match self.by_source.get(id) {
            Some(i) => *i,
            None => *self.by_source.get(&crate::text::percent_decode(id))?,
        };
        if let Some(slot) = self.number.get_mut(i) {
            if slot.is_none() {
                *slot = Some(self.order.len());
                self.order.push(i);
            }
        }
        Some(i)
    }

    fn inlines(&mut self, inlines: &mut [Inline]) {
        for inline in inlines.iter_mut() {
            if let Some(i) = self.reference(inline) {
                *inline = Inline::Superscript(vec![Inline::Link {
                    href: format!("{PENDING}{i}"),
                    title: None,
                    content: Vec::new(),
                }]);
                continue;
            }
            if let Some(kids) = inline.children_mut() {
                self.inlines(kids);
            }
        }
    }

    /// The note `inline` refers to: a link to it, alone or in a superscript (around or inside
    /// the link).
    fn reference(&mut self, inline: &Inline) -> Option<usize> {
        match inline {
            Inline::Link { href, .. } => self.target(href),
            Inline::Superscript(kids) => {
                let mut solid = kids.iter().filter(|k| !is_blank(k));
                match (solid.next(), solid.next()) {
                    (Some(Inline::Link { href, .. }), None) => self.target(href),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

fn is_blank(inline: &Inline) -> bool {
    matches!(inline, Inline::Text(t) if t.trim().is_empty())
}

fn finish_refs(blocks: &mut [Block], ids: &[String], number: &[Option<usize>]) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                finish_inlines(content, ids, number)
            }
            Block::List(l) => l.items.iter_mut().for_each(|i| finish_refs(i, ids, number)),
            Block::BlockQuote(inner) => finish_refs(inner, ids, number),
            Block::Callout(c) => {
                finish_inlines(&mut c.title, ids, number);
                finish_refs(&mut c.blocks, ids, number);
            }
            Block::Definitions(defs) => {
                for d in defs {
                    finish_inlines(&mut d.term, ids, number);
                    d.details
                        .iter_mut()
                        .for_each(|x| finish_refs(x, ids, number));
                }
            }
            Block::Table(t) => {
                for row in t.head.iter_mut().chain(t.body.iter_mut()) {
                    for cell in &mut row.cells {
                        finish_refs(&mut cell.blocks, ids, number);
                    }
                }
            }
            Block::Footnote(n) => finish_refs(&mut n.blocks, ids, number),
            Block::Figure(f) => finish_inlines(&mut f.caption, ids, number),
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Math(_) => {}
        }
    }
}

fn finish_inlines(inlines: &mut [Inline], ids: &[String], number: &[Option<usize>]) {
    for inline in inlines {
        if let Inline::Link { href, content, .. } = inline {
            if let Some(i) = href
                .strip_prefix(PENDING)
                .and_then(|i| i.parse::<usize>().ok())
            {
                let n = number.get(i).copied().flatten().unwrap_or(0);
                *href = format!("#{}", ids.get(n).map_or("", String::as_str));
                *content = vec![Inline::Text((n + 1).to_string())];
                continue;
            }
        }
        if let Some(kids) = inline.children_mut() {
            finish_inlines(kids, ids, number);
        }
    }
}
