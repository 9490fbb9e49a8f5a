//! Lists: items in a hanging indent, with bullets, numbers or task boxes as markers.

use super::{Draw, Item, Layout, BODY_LEADING};
use crate::tree::List;

impl Layout<'_, '_> {
    pub(super) fn list(&mut self, list: &List, x: f32, w: f32) -> Vec<Item> {
        let hang = self.inset(w, self.size * 2.0);
        let depth = self.list_depth;
        self.list_depth += 1;
        let mut out = Vec::new();
        for (n, item_blocks) in list.items.iter().enumerate() {
            let mut items = Vec::new();
            self.tags.open("LI", None);
            self.tags.open("LBody", None);
            self.blocks(item_blocks, x + hang, w - hang, &mut items);
            self.tags.close();
            self.tags.close();
            if items.is_empty() {
                items.push(Item {
                    height: self.size * BODY_LEADING,
                    ..Item::default()
                });
            }
            let marker = if list.task(n).is_some() {
                "□".to_string()
            } else if list.ordered {
                let number = list.start.saturating_add(n as u64);
                format!("{number}.")
            } else {
                ["•", "◦", "▪"]
                    .get(depth % 3)
                    .copied()
                    .unwrap_or("•")
                    .to_string()
            };
            self.add_marker(&marker, x, hang, &mut items);
            if list.task(n) == Some(true) {
                // The built-in fonts have no ☑: a tick drawn in the box.
                self.add_marker("✓", x, hang, &mut items);
            }
            if let Some(head) = items.first_mut() {
                let gap = if list.tight {
                    self.size * 0.25
                } else {
                    self.size * 0.6
                };
                head.space_before = if n == 0 { 0.0 } else { gap };
            }
            out.extend(items);
        }
        self.list_depth = depth;
        out
    }

    /// Draws a list marker right-aligned in the hanging indent, on the first line's baseline.
    fn add_marker(&mut self, marker: &str, x: f32, hang: f32, items: &mut [Item]) {
        let style = self.style();
        let glyphs = self.shaper.glyphs(marker, style);
        let width: f32 = glyphs.iter().map(|g| g.adv).sum();
        let start = x + (hang - width - self.size * 0.5).max(0.0);
        let Some(first) = items.first_mut() else {
            return;
        };
        let baseline = first
            .draws
            .iter()
            .find_map(|d| match d {
                Draw::Text { baseline, .. } => Some(*baseline),
                _ => None,
            })
            .unwrap_or(self.size * 1.2);
        first.draws.push(Draw::Text {
            baseline,
            glyphs: crate::pdf::text::place(glyphs, start),
        });
    }
}
