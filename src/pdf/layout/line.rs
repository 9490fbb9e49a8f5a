//! One line of glyphs as a drawn item: its baseline, link areas, rules, tints, key boxes and
//! inline boxes (formulas, small images).

use super::{Draw, Item};
use crate::pdf::linebreak::Line;
use crate::pdf::text::{Color, Glyph, InlineBox, Style};

const MARK_TINT: Color = Color(0xff, 0xef, 0x9e);
const KEY_BORDER: Color = Color(0x80, 0x80, 0x80);

/// What a run of glyphs draws around itself, beyond the glyphs.
fn decorations(s: &Style) -> (bool, bool, bool, bool) {
    (s.strike, s.underline, s.mark, s.kbd)
}

/// A thin box around a key's glyphs, in the room the shaper left on either side of them.
fn key_box(draws: &mut Vec<Draw>, left: f32, right: f32, baseline: f32, size: f32) {
    let inset = size * crate::pdf::text::KEY_PAD * 0.25;
    let (l, r) = (left + inset, right - inset);
    let (t, b) = (baseline - size * 0.95, baseline + size * 0.28);
    for (x1, y1, x2, y2) in [(l, t, r, t), (r, t, r, b), (r, b, l, b), (l, b, l, t)] {
        draws.push(Draw::Stroke {
            x1,
            y1,
            x2,
            y2,
            width: 0.4,
            color: KEY_BORDER,
        });
    }
}

/// One line as an item: its glyphs on a baseline centred in the line height, with link
/// areas, strike-through and underlines, highlights and key boxes.
pub(super) fn line_item(line: &Line, x: f32, leading: f32, base: f32) -> Item {
    line_item_boxed(line, x, leading, base, &[])
}

/// As [`line_item`], drawing the inline boxes (`boxes`, by [`Glyph::obj`]) the line holds:
/// a box taller or deeper than the text moves the lines apart.
pub(super) fn line_item_boxed(
    line: &Line,
    x: f32,
    leading: f32,
    base: f32,
    boxes: &[InlineBox],
) -> Item {
    let size = if line.size > 0.0 { line.size } else { base };
    let mut height = size * leading;
    let mut baseline = (height - size) / 2.0 + size * 0.88;
    let box_of = |g: &Glyph| g.obj.and_then(|n| boxes.get(n as usize));
    let (up, down) = line
        .glyphs
        .iter()
        .filter_map(|(_, g)| box_of(g))
        .fold((0.0f32, 0.0f32), |(u, d), b| {
            (u.max(b.ascent), d.max(b.descent))
        });
    if up > 0.0 || down > 0.0 {
        let pad = size * 0.2;
        let extra_up = (up + pad - baseline).max(0.0);
        let extra_down = (down + pad - (height - baseline)).max(0.0);
        height += extra_up + extra_down;
        baseline += extra_up;
    }
    let mut draws = Vec::new();
    let glyphs: Vec<(f32, Glyph)> = line.glyphs.iter().map(|(gx, g)| (gx + x, *g)).collect();
    // Link areas: one rectangle per run of glyphs with the same link.
    let mut i = 0;
    while let Some((gx, g)) = glyphs.get(i) {
        let mut j = i + 1;
        let mut right = gx + g.adv;
        while let Some((hx, h)) = glyphs.get(j) {
            if h.style.link != g.style.link || decorations(&h.style) != decorations(&g.style) {
                break;
            }
            // A rule or tint stops at the last glyph, not at a space the line ends with.
            if !h.is_space() {
                right = hx + h.adv;
            }
            j += 1;
        }
        let (gs, rise) = (g.style.size, g.style.rise);
        if g.style.mark {
            draws.push(Draw::Fill {
                x: *gx,
                y: baseline - rise - gs * 0.95,
                w: right - gx,
                h: gs * 1.25,
                color: MARK_TINT,
            });
        }
        if g.style.underline {
            let y = baseline - rise + gs * 0.14;
            draws.push(Draw::Stroke {
                x1: *gx,
                y1: y,
                x2: right,
                y2: y,
                width: gs * 0.06,
                color: g.style.color,
            });
        }
        if g.style.kbd {
            key_box(&mut draws, *gx, right, baseline - rise, gs);
        }
        if let Some(link) = g.style.link {
            draws.push(Draw::Link {
                x: *gx,
                y: baseline - size * 0.95,
                w: right - gx,
                h: size * 1.25,
                link,
            });
        }
        if g.style.strike {
            let y = baseline - g.style.size * 0.3 - g.style.rise;
            draws.push(Draw::Stroke {
                x1: *gx,
                y1: y,
                x2: right,
                y2: y,
                width: g.style.size * 0.06,
                color: g.style.color,
            });
        }
        i = j;
    }
    let glyphs = if glyphs.iter().any(|(_, g)| g.obj.is_some()) {
        let mut drawn = Vec::with_capacity(glyphs.len());
        for (gx, g) in glyphs {
            let Some(b) = box_of(&g) else {
                drawn.push((gx, g));
                continue;
            };
            drawn.extend(b.glyphs.iter().map(|(bx, bg)| {
                let mut bg = *bg;
                bg.style.link = g.style.link;
                (gx + bx, bg)
            }));
            for r in &b.rules {
                draws.push(Draw::Fill {
                    x: gx + r.x,
                    y: baseline - r.y - r.h,
                    w: r.w,
                    h: r.h,
                    color: b.color,
                });
            }
            if let Some(index) = b.image {
                draws.push(Draw::Image {
                    x: gx,
                    y: baseline - b.ascent,
                    w: b.width,
                    h: b.ascent,
                    index,
                });
            }
        }
        drawn
    } else {
        glyphs
    };
    if !glyphs.is_empty() {
        draws.push(Draw::Text { baseline, glyphs });
    }
    Item {
        height,
        draws,
        ..Item::default()
    }
}
