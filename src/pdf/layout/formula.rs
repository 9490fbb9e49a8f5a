//! Displayed formulas: typeset and centred in the column, scaled down to fit it; one that
//! cannot be set (or would be unreadably small) is shown as its TeX source.

use super::{Draw, Item, Layout};
use crate::pdf::math;

/// Narrower than this share of its natural width, a formula is better read as source.
const MIN_SCALE: f32 = 0.5;

impl Layout<'_, '_> {
    pub(super) fn warn_math(&mut self) {
        if !self.warned_math {
            self.warned_math = true;
            self.warnings.push(
                "some formulas could not be typeset and are shown as their TeX source in the PDF"
                    .to_string(),
            );
        }
    }

    pub(super) fn math(&mut self, tex: &str, x: f32, w: f32) -> Vec<Item> {
        let set = self
            .shaper
            .take_math_budget()
            .then(|| math::typeset(self.shaper.fonts, tex, self.size, true).ok())
            .flatten()
            .map(|b| {
                let scale = (w / b.width).min(1.0);
                (b, scale)
            })
            .filter(|(b, scale)| {
                // Taller than most of a page, it could not be placed: as source it can break.
                *scale >= MIN_SCALE && (b.ascent + b.descent) * scale <= self.max_height * 0.8
            });
        let Some((b, scale)) = set else {
            self.warn_math();
            return self.code_block(None, tex, x, w);
        };
        let (glyphs, rules) = math::draw(&b, self.style(), scale);
        let pad = self.size * 0.4;
        let baseline = pad + b.ascent * scale;
        let left = x + (w - b.width * scale) / 2.0;
        let mut draws: Vec<Draw> = rules
            .iter()
            .map(|r| Draw::Fill {
                x: left + r.x,
                y: baseline - r.y - r.h,
                w: r.w,
                h: r.h,
                color: self.style().color,
            })
            .collect();
        draws.push(Draw::Text {
            baseline,
            glyphs: glyphs.into_iter().map(|(gx, g)| (left + gx, g)).collect(),
        });
        vec![Item {
            height: (b.ascent + b.descent) * scale + 2.0 * pad,
            space_before: self.size * 0.3,
            draws,
            ..Item::default()
        }]
    }
}
