//! Block quotes (a rule beside the text) and thematic breaks (a short rule between).

use super::{bracket, Draw, Item, Layout, QUOTE_RULE};
use crate::pdf::text::Color;
use crate::tree::Block;

const QUOTE_TEXT: Color = Color(0x44, 0x44, 0x44);

impl Layout<'_, '_> {
    pub(super) fn quote(&mut self, inner: &[Block], x: f32, w: f32) -> Vec<Item> {
        let inset = self.inset(w, self.size * 1.5);
        let saved = self.color;
        self.color = QUOTE_TEXT;
        let mut items = Vec::new();
        self.blocks(inner, x + inset, w - inset, &mut items);
        self.color = saved;
        bracket(&mut items, x + self.size * 0.4, 0.0, QUOTE_RULE);
        items
    }

    pub(super) fn rule(&mut self, x: f32, w: f32) -> Item {
        let y = self.size * 1.0;
        Item {
            height: self.size * 2.0,
            draws: vec![Draw::Stroke {
                x1: x + w * 0.35,
                y1: y,
                x2: x + w * 0.65,
                y2: y,
                width: 0.8,
                color: QUOTE_RULE,
            }],
            ..Item::default()
        }
    }
}
