//! The post's title block and its headings, which the outline and links point at.

use super::{Anchor, Draw, Item, Layout, QUOTE_RULE};
use crate::pdf::linebreak::Align;
use crate::pdf::text::{Style, GREY};
use crate::tree::Inline;

impl Layout<'_, '_> {
    /// The post's title with its date and author under it.
    pub fn title_block(
        &mut self,
        title: &str,
        byline: &str,
        x: f32,
        w: f32,
        id: &str,
    ) -> Vec<Item> {
        let style = Style {
            size: self.size * 1.9,
            bold: true,
            ..self.style()
        };
        let glyphs = self.shaper.glyphs(title, style);
        let mut items = self.balanced(&glyphs, x, w, 1.35, 0.0);
        items.iter_mut().for_each(|i| i.keep_with_next = true);
        if let Some(first) = items.first_mut() {
            first.anchor = Some(Anchor {
                id: id.to_string(),
                title: title.to_string(),
                level: self.level_offset,
            });
        }
        if !byline.is_empty() {
            let style = Style {
                size: self.size * 0.85,
                color: GREY,
                ..self.style()
            };
            let glyphs = self.shaper.glyphs(byline, style);
            let mut meta = self.text(&glyphs, x, w, Align::Left, 0.0, 1.5, self.size * 0.4);
            meta.iter_mut().for_each(|i| i.keep_with_next = true);
            items.extend(meta);
        }
        // The rule under the title block.
        items.push(Item {
            height: self.size * 1.2,
            space_before: self.size * 0.3,
            keep_with_next: true,
            draws: vec![Draw::Stroke {
                x1: x,
                y1: self.size * 0.3,
                x2: x + w,
                y2: self.size * 0.3,
                width: 0.6,
                color: QUOTE_RULE,
            }],
            ..Item::default()
        });
        items
    }

    pub(super) fn heading(
        &mut self,
        level: u8,
        id: &str,
        content: &[Inline],
        x: f32,
        w: f32,
    ) -> Vec<Item> {
        let scale = match level {
            1 => 1.55,
            2 => 1.35,
            3 => 1.2,
            4 => 1.1,
            _ => 1.0,
        };
        let style = Style {
            size: self.size * scale,
            bold: true,
            ..self.style()
        };
        let mut glyphs = Vec::new();
        self.shaper.inlines(content, style, &mut glyphs);
        let space = self.size * if level <= 2 { 1.5 } else { 1.1 };
        let mut items = self.balanced(&glyphs, x, w, 1.4, space);
        // A heading is never the last thing on a page.
        items.iter_mut().for_each(|i| i.keep_with_next = true);
        if let Some(first) = items.first_mut() {
            let mut title = String::new();
            crate::tree::inline_text(content, &mut title);
            first.anchor = Some(Anchor {
                id: format!("{}{id}", self.shaper.scope),
                title: title.trim().to_string(),
                level: level.clamp(1, 6) + self.level_offset,
            });
        }
        items
    }
}
