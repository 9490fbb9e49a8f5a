//! Footnotes, callouts and definition lists.
//!
//! A note is laid out when the line of its first reference is, in smaller type, and rides
//! on that line to the foot of its page (see `paginate`); a note never referred to is set
//! after the post's text under a short rule. Each note's number links back to the line of its
//! first reference, and the reference (a superscript number in the text) links to the note.

use super::{bracket, shift, Anchor, Item, Layout};
use crate::pdf::linebreak::Line;
use crate::pdf::text::Color;
use crate::tree::{Block, Callout, CalloutKind, Definition, Footnote, Inline};

const NOTE_RULE: Color = Color(0x99, 0x99, 0x99);

/// A callout's tint and the colour of its rule and label.
fn callout_colors(kind: CalloutKind) -> (Color, Color) {
    match kind {
        CalloutKind::Note | CalloutKind::Info => (Color(0xe9, 0xf1, 0xfb), Color(0x2f, 0x62, 0xab)),
        CalloutKind::Tip => (Color(0xe8, 0xf5, 0xe9), Color(0x2e, 0x7d, 0x32)),
        CalloutKind::Important => (Color(0xf1, 0xea, 0xf8), Color(0x6a, 0x3d, 0xb0)),
        CalloutKind::Warning => (Color(0xfd, 0xf4, 0xdc), Color(0x9a, 0x5b, 0x00)),
        CalloutKind::Caution => (Color(0xfb, 0xe9, 0xe7), Color(0xb7, 0x1c, 0x1c)),
    }
}

impl Layout<'_, '_> {
    /// The footnotes of the post about to be laid out.
    pub fn set_notes(&mut self, blocks: &[Block]) {
        self.note_bodies = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Footnote(n) => Some((n.id.clone(), n.clone())),
                _ => None,
            })
            .collect();
        self.notes = self.note_bodies.keys().cloned().collect();
        self.noted.clear();
        self.placed.clear();
        self.endnotes_started = false;
        self.warned_math = false;
    }

    /// Gives the line holding the first reference to a note an anchor the note links back to.
    pub(super) fn anchor_note_refs(&mut self, lines: &[Line], items: &mut [Item]) {
        for (line, item) in lines.iter().zip(items.iter_mut()) {
            let mut last = None;
            for (_, g) in &line.glyphs {
                let Some(link) = g.style.link.filter(|l| Some(*l) != last) else {
                    continue;
                };
                last = Some(link);
                let Some(target) = self.shaper.links.get(link as usize) else {
                    continue;
                };
                let Some(id) = target
                    .strip_prefix('#')
                    .and_then(|t| t.strip_prefix(self.shaper.scope.as_str()))
                else {
                    continue;
                };
                if !self.notes.contains(id) || self.noted.contains_key(id) {
                    continue;
                }
                // One anchor a line: a note referred to on a line that has one already links
                // back to that one.
                let own = format!("ref-{id}");
                let back = match &item.anchor {
                    None => {
                        item.anchor = Some(Anchor {
                            id: format!("{}{own}", self.shaper.scope),
                            title: String::new(),
                            level: 0,
                        });
                        own
                    }
                    Some(a) => {
                        a.id.strip_prefix(self.shaper.scope.as_str())
                            .unwrap_or(&a.id)
                            .to_string()
                    }
                };
                item.note_ids.push(id.to_string());
                self.noted.insert(id.to_string(), back);
            }
        }
    }

    /// Lays out the notes first referred to on `items` and hangs their lines on the item of
    /// the reference. Notes referred to inside notes join the same foot: a work list, not
    /// recursion, however long a chain of notes the post has.
    pub(super) fn attach_notes(&mut self, items: &mut [Item], x: f32, w: f32) {
        for item in items.iter_mut() {
            let mut queue: std::collections::VecDeque<String> =
                std::mem::take(&mut item.note_ids).into();
            while let Some(id) = queue.pop_front() {
                let Some(note) = self.note_bodies.get(&id).cloned() else {
                    continue;
                };
                if !self.placed.insert(id) {
                    continue;
                }
                self.tags.open("Note", None);
                let mut lines = self.footnote(&note, false, x, w);
                self.tags.close();
                for line in &mut lines {
                    queue.extend(std::mem::take(&mut line.note_ids));
                }
                item.foot.extend(lines);
            }
        }
    }

    /// A note: its number (linking back to the reference) and text in smaller type, after a
    /// short rule if it is the first of the notes.
    pub(super) fn footnote(&mut self, note: &Footnote, first: bool, x: f32, w: f32) -> Vec<Item> {
        let mut items = Vec::new();
        if first {
            items.push(Item {
                height: self.size,
                space_before: self.size * 1.2,
                keep_with_next: true,
                draws: vec![super::Draw::Stroke {
                    x1: x,
                    y1: self.size * 0.5,
                    x2: x + (w * 0.3).min(self.size * 10.0),
                    y2: self.size * 0.5,
                    width: 0.5,
                    color: NOTE_RULE,
                }],
                ..Item::default()
            });
        }
        let number: Vec<Inline> = match self.noted.get(&note.id) {
            Some(back) => vec![
                Inline::Link {
                    href: format!("#{back}"),
                    title: None,
                    content: vec![Inline::Strong(vec![Inline::Text(note.label.clone())])],
                },
                Inline::Text(". ".to_string()),
            ],
            None => vec![Inline::Text(format!("{}. ", note.label))],
        };
        let blocks: Vec<Block> = match note.blocks.split_first() {
            Some((Block::Paragraph(content), rest)) => {
                let mut first = number;
                first.extend(content.iter().cloned());
                std::iter::once(Block::Paragraph(first))
                    .chain(rest.iter().cloned())
                    .collect()
            }
            _ => std::iter::once(Block::Paragraph(number))
                .chain(note.blocks.iter().cloned())
                .collect(),
        };
        let (size, indent, leading) = (self.size, self.indent, self.leading);
        self.size = size * 0.85;
        self.indent = false;
        self.leading = 1.45;
        let mut body = Vec::new();
        self.blocks(&blocks, x, w, &mut body);
        self.size = size;
        self.indent = indent;
        self.leading = leading;
        if let Some(head) = body.first_mut() {
            head.space_before = if first { 0.0 } else { size * 0.3 };
            head.anchor = Some(Anchor {
                id: format!("{}{}", self.shaper.scope, note.id),
                title: String::new(),
                level: 0,
            });
        }
        items.extend(body);
        items
    }

    /// A tinted box with a rule down its left side, its label (or the author's title) first.
    pub(super) fn callout(&mut self, callout: &Callout, x: f32, w: f32) -> Vec<Item> {
        let (tint, ink) = callout_colors(callout.kind);
        let pad = self.size * 0.6;
        let inset = self.inset(w, pad * 2.0);
        let title: Vec<Inline> = if callout.title.is_empty() {
            vec![Inline::Text(
                crate::lang::callout_label(callout.kind, &self.lang).to_string(),
            )]
        } else {
            callout.title.clone()
        };
        let saved = self.color;
        self.color = ink;
        let mut glyphs = Vec::new();
        let style = crate::pdf::text::Style {
            bold: true,
            ..self.style()
        };
        self.shaper.inlines(&title, style, &mut glyphs);
        let inner_w = w - inset - pad;
        let mut items = self.text(
            &glyphs,
            x + inset,
            inner_w,
            crate::pdf::linebreak::Align::Left,
            0.0,
            1.5,
            0.0,
        );
        self.color = saved;
        items.iter_mut().for_each(|i| i.keep_with_next = true);
        let mut body = Vec::new();
        self.blocks(&callout.blocks, x + inset, inner_w, &mut body);
        if let Some(head) = body.first_mut() {
            head.space_before = self.size * 0.2;
        }
        items.extend(body);
        if let Some(first) = items.first_mut() {
            first.height += pad;
            shift(&mut first.draws, pad);
        }
        if let Some(last) = items.last_mut() {
            last.height += pad;
        }
        bracket(&mut items, x + 1.0, 0.0, ink);
        bracket(&mut items, x, w, tint);
        items
    }

    /// Terms in bold, each description indented under its term.
    pub(super) fn definitions(&mut self, defs: &[Definition], x: f32, w: f32) -> Vec<Item> {
        let hang = self.inset(w, self.size * 2.0);
        let mut items = Vec::new();
        for d in defs {
            if !d.term.is_empty() {
                let term = [Block::Paragraph(vec![Inline::Strong(d.term.clone())])];
                let mut head = Vec::new();
                self.blocks(&term, x, w, &mut head);
                if let Some(first) = head.first_mut() {
                    first.space_before = if items.is_empty() {
                        0.0
                    } else {
                        self.size * 0.5
                    };
                }
                head.iter_mut().for_each(|i| i.keep_with_next = true);
                items.extend(head);
            }
            for detail in &d.details {
                let mut body = Vec::new();
                self.blocks(detail, x + hang, w - hang, &mut body);
                if let Some(first) = body.first_mut() {
                    first.space_before = self.size * 0.2;
                }
                items.extend(body);
            }
        }
        items
    }
}
