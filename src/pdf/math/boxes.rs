//! Math nodes to boxes: TeX's rules (Appendix G, simplified) with the constants of the font's
//! `MATH` table. Lengths are in points, y up from the baseline. The node tree is at most
//! [`super::parse::MAX_DEPTH`] deep, which bounds the recursion here.

use super::font::{Consts, Grown, MathFont, Metric};
use super::parse::{Class, ColAlign, Level, Node, Place, Unsupported};
use crate::fonts::FaceId;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    Glyph {
        x: f32,
        y: f32,
        face: FaceId,
        gid: u16,
        /// The character the text layer gives it; `None` for further parts of a built-up glyph.
        text: Option<char>,
        size: f32,
    },
    /// A fraction bar or radical overline; `y` is its bottom edge.
    Rule { x: f32, y: f32, w: f32, h: f32 },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MBox {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    /// The italic correction of the last glyph: how far its top leans past the advance.
    pub italic: f32,
    pub pieces: Vec<Piece>,
}

impl MBox {
    /// Draws `other` into this box with its origin at (`dx`, `dy`), growing the extents.
    fn put(&mut self, other: MBox, dx: f32, dy: f32) {
        self.ascent = self.ascent.max(other.ascent + dy);
        self.descent = self.descent.max(other.descent - dy);
        self.width = self.width.max(dx + other.width);
        self.pieces
            .extend(other.pieces.into_iter().map(|p| match p {
                Piece::Glyph {
                    x,
                    y,
                    face,
                    gid,
                    text,
                    size,
                } => Piece::Glyph {
                    x: x + dx,
                    y: y + dy,
                    face,
                    gid,
                    text,
                    size,
                },
                Piece::Rule { x, y, w, h } => Piece::Rule {
                    x: x + dx,
                    y: y + dy,
                    w,
                    h,
                },
            }));
    }

    fn rule(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.ascent = self.ascent.max(y + h);
        self.descent = self.descent.max(-y);
        self.width = self.width.max(x + w);
        self.pieces.push(Piece::Rule { x, y, w, h });
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct St {
    pub level: Level,
    pub cramped: bool,
}

impl St {
    fn sup(self) -> St {
        St {
            level: match self.level {
                Level::Display | Level::Text => Level::Script,
                _ => Level::ScriptScript,
            },
            cramped: self.cramped,
        }
    }
    fn sub(self) -> St {
        St {
            cramped: true,
            ..self.sup()
        }
    }
    fn num(self) -> St {
        St {
            level: match self.level {
                Level::Display => Level::Text,
                Level::Text => Level::Script,
                _ => Level::ScriptScript,
            },
            cramped: self.cramped,
        }
    }
    fn den(self) -> St {
        St {
            cramped: true,
            ..self.num()
        }
    }
    fn cramp(self) -> St {
        St {
            cramped: true,
            ..self
        }
    }
}

/// Sets nodes at `base` points (the text size).
pub struct Setter<'a> {
    pub font: &'a MathFont<'a>,
    pub base: f32,
}

impl Setter<'_> {
    fn size(&self, st: St) -> f32 {
        self.base
            * match st.level {
                Level::Display | Level::Text => 1.0,
                Level::Script => self.font.k.script_scale,
                Level::ScriptScript => self.font.k.script_script_scale,
            }
    }

    /// A `MATH` constant in points at the size of `st`.
    fn k(&self, st: St, get: fn(&Consts) -> f32) -> f32 {
        get(&self.font.k) * self.size(st)
    }

    fn axis(&self, st: St) -> f32 {
        self.k(st, |c| c.axis_height)
    }

    pub fn list(&self, nodes: &[Node], st: St, lead: Option<Class>) -> Result<MBox, Unsupported> {
        let size = self.size(st);
        let classes: Vec<Option<Class>> = nodes.iter().map(class_of).collect();
        let mut out = MBox::default();
        let mut prev: Option<Class> = lead;
        let mut italic = 0.0;
        for (i, node) in nodes.iter().enumerate() {
            if let Node::Space(em) = node {
                out.width += em * size;
                continue;
            }
            let mut class = classes.get(i).copied().flatten().unwrap_or(Class::Ord);
            if class == Class::Bin {
                let next = classes.iter().skip(i + 1).find_map(|c| *c);
                let after_nothing = matches!(
                    prev,
                    None | Some(Class::Bin | Class::Op | Class::Rel | Class::Open | Class::Punct)
                );
                let before_end =
                    matches!(next, None | Some(Class::Rel | Class::Close | Class::Punct));
                if after_nothing || before_end {
                    class = Class::Ord;
                }
            }
            let gap = prev.map_or(0.0, |p| spacing(p, class, st.level) / 18.0 * size);
            let b = self.node(node, st)?;
            let x = out.width + italic + gap;
            italic = b.italic;
            out.put(b, x, 0.0);
            prev = Some(class);
        }
        out.italic = italic;
        Ok(out)
    }

    pub fn node(&self, node: &Node, st: St) -> Result<MBox, Unsupported> {
        match node {
            Node::Atom {
                text,
                source,
                class,
                large,
                prose,
                delim,
                ..
            } => self.atom(text, source, *class, *large, *prose, *delim, st),
            Node::Group { nodes, level } => {
                let st = level.map_or(st, |level| St { level, ..st });
                self.list(nodes, st, None)
            }
            Node::Frac { num, den, rule } => self.fraction(num, den, *rule, st),
            Node::Root { body, index } => self.root(body, index.as_deref(), st),
            Node::Scripts {
                base,
                sub,
                sup,
                place,
            } => self.scripts(base, sub.as_deref(), sup.as_deref(), *place, st),
            Node::Fenced { open, close, body } => self.fenced(*open, *close, body, st),
            Node::Table {
                rows,
                align,
                pairs,
                brace,
                display,
            } => self.table(rows, align, *pairs, *brace, *display, st),
            Node::Space(em) => Ok(MBox {
                width: em * self.size(st),
                ..MBox::default()
            }),
            Node::Negated(inner) => {
                let mut b = self.node(inner, st)?;
                let slash = self.glyph('/', false)?;
                let size = self.size(st);
                let x = (b.width - slash.advance * size) / 2.0;
                let mut s = MBox::default();
                self.push_glyph(&mut s, slash, Some('/'), size, 0.0, 0.0);
                b.put(s, x, 0.0);
                Ok(b)
            }
        }
    }

    fn glyph(&self, c: char, prose: bool) -> Result<Metric, Unsupported> {
        self.font
            .glyph(c, prose)
            .ok_or(Unsupported("a character no font has"))
    }

    fn push_glyph(&self, b: &mut MBox, m: Metric, text: Option<char>, size: f32, x: f32, y: f32) {
        b.pieces.push(Piece::Glyph {
            x,
            y,
            face: m.face,
            gid: m.gid,
            text,
            size,
        });
        b.ascent = b.ascent.max(y + m.ascent * size);
        b.descent = b.descent.max(m.descent * size - y);
        b.width = b.width.max(x + m.advance * size);
        b.italic = m.italic * size;
    }

    /// A glyph grown to `height` points, as a box with its own baseline.
    fn grown(&self, m: Metric, text: char, height: f32, size: f32) -> MBox {
        let mut b = MBox::default();
        match self.font.grow(text, m, height / size) {
            Grown::One(g) => self.push_glyph(&mut b, g, Some(text), size, 0.0, 0.0),
            Grown::Scaled(g, k) => self.push_glyph(&mut b, g, Some(text), size * k, 0.0, 0.0),
            Grown::Parts(parts, total) => {
                // Stacked from the bottom, which sits at the base glyph's bottom.
                let bottom = -m.descent * size;
                for (n, (part, y)) in parts.into_iter().enumerate() {
                    let text = (n == 0).then_some(text);
                    let y = bottom + y * size + part.descent * size;
                    self.push_glyph(&mut b, part, text, size, 0.0, y);
                }
                b.ascent = b.ascent.max(bottom + total * size);
            }
        }
        b
    }

    /// A box centred on the math axis.
    fn on_axis(&self, b: MBox, st: St) -> MBox {
        let shift = self.axis(st) - (b.ascent - b.descent) / 2.0;
        let mut out = MBox::default();
        let italic = b.italic;
        out.put(b, 0.0, shift);
        out.italic = italic;
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn atom(
        &self,
        text: &str,
        source: &str,
        class: Class,
        large: bool,
        prose: bool,
        delim: Option<f32>,
        st: St,
    ) -> Result<MBox, Unsupported> {
        let size = self.size(st);
        let same = text.chars().count() == source.chars().count();
        let mut sources = source.chars();
        let mut b = MBox::default();
        for c in text.chars() {
            let said = if same { sources.next() } else { Some(c) };
            let x = b.width;
            if prose && c == ' ' {
                b.width += self.glyph(' ', true).map_or(0.25, |m| m.advance) * size;
                continue;
            }
            let m = self.glyph(accent_form(c), prose)?;
            if large && class == Class::Op {
                let want = if st.level == Level::Display {
                    self.font.display_operator_height(c) * size
                } else {
                    0.0
                };
                let grown = self.grown(m, said.unwrap_or(c), want, size);
                let op = self.on_axis(grown, st);
                let italic = op.italic;
                b.put(op, x, 0.0);
                b.italic = italic;
                continue;
            }
            if let Some(em) = delim {
                let grown = self.grown(m, said.unwrap_or(c), em * self.base, size);
                b.put(self.on_axis(grown, st), x, 0.0);
                continue;
            }
            self.push_glyph(&mut b, m, said, size, x, 0.0);
        }
        Ok(b)
    }

    fn fraction(&self, num: &Node, den: &Node, rule: bool, st: St) -> Result<MBox, Unsupported> {
        let num = self.node(num, st.num())?;
        let den = self.node(den, st.den())?;
        let display = st.level == Level::Display;
        let axis = self.axis(st);
        let (mut u, mut v);
        let mut bar = None;
        if rule {
            let t = self.k(st, |c| c.fraction_rule_thickness);
            let (up, down, gn, gd) = if display {
                (
                    self.k(st, |c| c.fraction_numerator_display_style_shift_up),
                    self.k(st, |c| c.fraction_denominator_display_style_shift_down),
                    self.k(st, |c| c.fraction_num_display_style_gap_min),
                    self.k(st, |c| c.fraction_denom_display_style_gap_min),
                )
            } else {
                (
                    self.k(st, |c| c.fraction_numerator_shift_up),
                    self.k(st, |c| c.fraction_denominator_shift_down),
                    self.k(st, |c| c.fraction_numerator_gap_min),
                    self.k(st, |c| c.fraction_denominator_gap_min),
                )
            };
            u = up.max(axis + t / 2.0 + gn + num.descent);
            v = down.max(gd + den.ascent - axis + t / 2.0);
            bar = Some(t);
        } else {
            let (up, down, gap) = if display {
                (
                    self.k(st, |c| c.stack_top_display_style_shift_up),
                    self.k(st, |c| c.stack_bottom_display_style_shift_down),
                    self.k(st, |c| c.stack_display_style_gap_min),
                )
            } else {
                (
                    self.k(st, |c| c.stack_top_shift_up),
                    self.k(st, |c| c.stack_bottom_shift_down),
                    self.k(st, |c| c.stack_gap_min),
                )
            };
            u = up;
            v = down;
            let actual = (u - num.descent) - (den.ascent - v);
            if actual < gap {
                u += (gap - actual) / 2.0;
                v += (gap - actual) / 2.0;
            }
        }
        // TeX's null delimiter space on each side keeps bars apart from their neighbours.
        let pad = 0.12 * self.size(st);
        let w = num.width.max(den.width);
        let mut b = MBox::default();
        let (nw, dw) = (num.width, den.width);
        b.put(num, pad + (w - nw) / 2.0, u);
        b.put(den, pad + (w - dw) / 2.0, -v);
        if let Some(t) = bar {
            b.rule(pad, axis - t / 2.0, w, t);
        }
        b.width = w + 2.0 * pad;
        b.italic = 0.0;
        Ok(b)
    }

    fn root(&self, body: &Node, index: Option<&Node>, st: St) -> Result<MBox, Unsupported> {
        let body = self.node(body, st.cramp())?;
        let size = self.size(st);
        let t = self.k(st, |c| c.radical_rule_thickness);
        let mut gap = if st.level == Level::Display {
            self.k(st, |c| c.radical_display_style_vertical_gap)
        } else {
            self.k(st, |c| c.radical_vertical_gap)
        };
        let extra = self.k(st, |c| c.radical_extra_ascender);
        let need = body.ascent + body.descent + gap + t;
        let sign = self.grown(self.glyph('√', false)?, '√', need, size);
        let sign_h = sign.ascent + sign.descent;
        // A taller sign than needed leaves the surplus split above and below the body.
        if sign_h > need {
            gap += (sign_h - need) / 2.0;
        }
        let top = body.ascent + gap + t;
        let shift = top - sign.ascent;
        let mut b = MBox::default();
        let mut x = 0.0;
        if let Some(index) = index {
            let idx = self.node(
                index,
                St {
                    level: Level::ScriptScript,
                    cramped: false,
                },
            )?;
            let before = self.k(st, |c| c.radical_kern_before_degree);
            let after = self.k(st, |c| c.radical_kern_after_degree);
            let raise = self.font.k.radical_degree_raise * sign_h;
            let bottom = shift - sign.descent;
            let iw = idx.width;
            b.put(idx, before.max(0.0), bottom + raise);
            x = (before.max(0.0) + iw + after).max(0.0);
        }
        let sw = sign.width;
        b.put(sign, x, shift);
        let bw = body.width;
        b.put(body, x + sw, 0.0);
        b.rule(x + sw, top - t, bw, t);
        b.ascent = b.ascent.max(top + extra);
        b.italic = 0.0;
        Ok(b)
    }

    fn scripts(
        &self,
        base: &Node,
        sub: Option<&Node>,
        sup: Option<&Node>,
        place: Place,
        st: St,
    ) -> Result<MBox, Unsupported> {
        let base_box = self.node(base, st)?;
        let large_op = matches!(
            base,
            Node::Atom {
                class: Class::Op,
                ..
            }
        );
        let limits = match place {
            Place::Limits => true,
            Place::Movable => st.level == Level::Display,
            Place::Right => false,
        };
        if limits {
            return self.limits(base_box, sub, sup, place == Place::Limits, st);
        }
        // TeX drops scripts from a box's edges, but not from a character's (a big operator
        // is a box here: its scripts go by its height).
        let is_char =
            matches!(base, Node::Atom { text, large: false, .. } if text.chars().count() == 1);
        let sup_box = sup.map(|n| self.node(n, st.sup())).transpose()?;
        let sub_box = sub.map(|n| self.node(n, st.sub())).transpose()?;
        let mut u = 0.0;
        let mut v = 0.0;
        if let Some(s) = &sup_box {
            u = if st.cramped {
                self.k(st, |c| c.superscript_shift_up_cramped)
            } else {
                self.k(st, |c| c.superscript_shift_up)
            };
            if !is_char {
                u = u.max(base_box.ascent - self.k(st, |c| c.superscript_baseline_drop_max));
            }
            u = u.max(s.descent + self.k(st, |c| c.superscript_bottom_min));
        }
        if let Some(s) = &sub_box {
            v = self.k(st, |c| c.subscript_shift_down);
            if !is_char {
                v = v.max(base_box.descent + self.k(st, |c| c.subscript_baseline_drop_min));
            }
            v = v.max(s.ascent - self.k(st, |c| c.subscript_top_max));
        }
        if let (Some(p), Some(b)) = (&sup_box, &sub_box) {
            let gap = (u - p.descent) - (b.ascent - v);
            let min = self.k(st, |c| c.sub_superscript_gap_min);
            if gap < min {
                v += min - gap;
                let lift =
                    self.k(st, |c| c.superscript_bottom_max_with_subscript) - (u - p.descent);
                if lift > 0.0 {
                    u += lift;
                    v -= lift;
                }
            }
        }
        let italic = base_box.italic;
        let bw = base_box.width;
        let (sup_x, sub_x) = if large_op {
            (bw, bw - italic)
        } else {
            (bw + italic, bw)
        };
        let mut b = MBox::default();
        b.put(base_box, 0.0, 0.0);
        let mut right = bw;
        if let Some(s) = sup_box {
            right = right.max(sup_x + s.width);
            b.put(s, sup_x, u);
        }
        if let Some(s) = sub_box {
            right = right.max(sub_x + s.width);
            b.put(s, sub_x, -v);
        }
        b.width = right + self.k(st, |c| c.space_after_script);
        b.italic = 0.0;
        Ok(b)
    }

    /// Limits above and below an operator, or an accent over (or a mark under) its base.
    fn limits(
        &self,
        base: MBox,
        sub: Option<&Node>,
        sup: Option<&Node>,
        accent: bool,
        st: St,
    ) -> Result<MBox, Unsupported> {
        let size = self.size(st);
        let mut b = MBox::default();
        let italic = base.italic;
        let (bw, ba, bd) = (base.width, base.ascent, base.descent);
        let mut parts: Vec<(MBox, f32, f32)> = Vec::new();
        if let Some(node) = sup {
            if accent && is_bar(node) {
                let t = self.k(st, |c| c.overbar_rule_thickness);
                let gap = self.k(st, |c| c.overbar_vertical_gap);
                b.rule(0.0, ba + gap, bw, t);
                b.ascent = b
                    .ascent
                    .max(ba + gap + t + self.k(st, |c| c.overbar_extra_ascender));
            } else if accent {
                let small = is_arrow(node);
                let a = self.node(node, if small { st.sup() } else { st })?;
                let y = if small {
                    ba + 0.05 * size + a.descent
                } else {
                    (ba - self.k(st, |c| c.accent_base_height)).max(0.0)
                };
                parts.push((a, y, italic / 2.0));
            } else {
                let a = self.node(node, st.sup())?;
                let y = (ba + self.k(st, |c| c.upper_limit_gap_min) + a.descent)
                    .max(self.k(st, |c| c.upper_limit_baseline_rise_min));
                parts.push((a, y, italic / 2.0));
            }
        }
        if let Some(node) = sub {
            if accent && is_bar(node) {
                let t = self.k(st, |c| c.underbar_rule_thickness);
                let gap = self.k(st, |c| c.underbar_vertical_gap);
                b.rule(0.0, -bd - gap - t, bw, t);
                b.descent = b
                    .descent
                    .max(bd + gap + t + self.k(st, |c| c.underbar_extra_descender));
            } else {
                let a = self.node(node, st.sub())?;
                let y = (bd + self.k(st, |c| c.lower_limit_gap_min) + a.ascent)
                    .max(self.k(st, |c| c.lower_limit_baseline_drop_min));
                parts.push((a, -y, -italic / 2.0));
            }
        }
        let w = parts
            .iter()
            .map(|(p, _, shift)| p.width + shift.abs())
            .fold(bw, f32::max);
        b.put(base, (w - bw) / 2.0, 0.0);
        for (p, y, shift) in parts {
            let pw = p.width;
            b.put(p, (w - pw) / 2.0 + shift, y);
        }
        b.width = b.width.max(w);
        b.italic = 0.0;
        Ok(b)
    }

    fn delimiter(&self, c: Option<char>, height: f32, st: St) -> Result<MBox, Unsupported> {
        let size = self.size(st);
        match c.filter(|c| *c != '.') {
            None => Ok(MBox {
                width: 0.12 * size,
                ..MBox::default()
            }),
            Some(c) => {
                let m = self.glyph(c, false)?;
                let natural = (m.ascent + m.descent) * size;
                let grown = self.grown(m, c, height, size);
                Ok(if height > natural {
                    self.on_axis(grown, st)
                } else {
                    grown
                })
            }
        }
    }

    fn fenced(
        &self,
        open: Option<char>,
        close: Option<char>,
        body: &[Node],
        st: St,
    ) -> Result<MBox, Unsupported> {
        let body = self.list(body, st, None)?;
        let axis = self.axis(st);
        let need = 2.0 * (body.ascent - axis).max(body.descent + axis);
        let height = (need * 0.901).max(need - 0.5 * self.size(st));
        let l = self.delimiter(open, height, st)?;
        let r = self.delimiter(close, height, st)?;
        let mut b = MBox::default();
        let lw = l.width;
        b.put(l, 0.0, 0.0);
        let x = lw + body.italic;
        let bw = body.width;
        b.put(body, lw, 0.0);
        b.put(r, x + bw, 0.0);
        b.italic = 0.0;
        Ok(b)
    }

    fn table(
        &self,
        rows: &[Vec<Vec<Node>>],
        align: &[ColAlign],
        pairs: bool,
        brace: bool,
        display: bool,
        st: St,
    ) -> Result<MBox, Unsupported> {
        let cell_st = St {
            level: if display && st.level == Level::Display {
                Level::Display
            } else {
                st.level.max(Level::Text)
            },
            cramped: st.cramped,
        };
        let size = self.size(st);
        let mut cells: Vec<Vec<MBox>> = Vec::with_capacity(rows.len());
        for row in rows {
            let mut out = Vec::with_capacity(row.len());
            for (c, cell) in row.iter().enumerate() {
                // The left half of an aligned pair opens with its relation: `&=` is spaced
                // as if something stood before it.
                let lead = (pairs && !c.is_multiple_of(2)).then_some(Class::Ord);
                out.push(self.list(cell, cell_st, lead)?);
            }
            cells.push(out);
        }
        let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0.0f32; columns];
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = w.max(c.width);
            }
        }
        let strut_up = 0.85 * size;
        let strut_down = 0.35 * size;
        let row_gap = if pairs { 0.3 * size } else { 0.0 };
        let metrics: Vec<(f32, f32)> = cells
            .iter()
            .map(|r| {
                r.iter().fold((strut_up, strut_down), |(a, d), c| {
                    (a.max(c.ascent), d.max(c.descent))
                })
            })
            .collect();
        let total: f32 = metrics.iter().map(|(a, d)| a + d).sum::<f32>()
            + row_gap * metrics.len().saturating_sub(1) as f32;
        let axis = self.axis(st);
        let top = total / 2.0 + axis;
        let gap_after = |c: usize| -> f32 {
            if pairs {
                if c.is_multiple_of(2) {
                    0.0
                } else {
                    2.0 * size
                }
            } else {
                size
            }
        };
        let mut b = MBox::default();
        let mut left = 0.0;
        if brace {
            let sign = self.delimiter(Some('{'), total, st)?;
            left = sign.width + 0.17 * size;
            b.put(sign, 0.0, 0.0);
        }
        let mut y = top;
        for (row, (a, d)) in cells.into_iter().zip(metrics) {
            let baseline = y - a;
            let mut x = left;
            for (c, cell) in row.into_iter().enumerate() {
                let w = widths.get(c).copied().unwrap_or(0.0);
                let how = if pairs {
                    if c.is_multiple_of(2) {
                        ColAlign::Right
                    } else {
                        ColAlign::Left
                    }
                } else {
                    align
                        .get(c)
                        .or(align.last())
                        .copied()
                        .unwrap_or(ColAlign::Center)
                };
                let cw = cell.width;
                let dx = match how {
                    ColAlign::Left => 0.0,
                    ColAlign::Center => (w - cw) / 2.0,
                    ColAlign::Right => w - cw,
                };
                b.put(cell, x + dx, baseline);
                x += w + gap_after(c);
            }
            y = baseline - d - row_gap;
        }
        let used: f32 =
            widths.iter().sum::<f32>() + (0..columns.saturating_sub(1)).map(gap_after).sum::<f32>();
        b.width = b.width.max(left + used);
        b.ascent = b.ascent.max(top);
        b.descent = b.descent.max(total - top);
        b.italic = 0.0;
        Ok(b)
    }
}

/// The class that spaces a node from its neighbours; `None` for explicit space.
fn class_of(node: &Node) -> Option<Class> {
    Some(match node {
        Node::Atom { class, .. } => *class,
        Node::Group { .. } | Node::Root { .. } => Class::Ord,
        Node::Frac { .. } | Node::Fenced { .. } | Node::Table { .. } => Class::Inner,
        Node::Scripts { base, .. } => class_of(base).unwrap_or(Class::Ord),
        Node::Negated(inner) => class_of(inner).unwrap_or(Class::Rel),
        Node::Space(_) => return None,
    })
}

/// The space between two atoms, in mu (TeXbook, chapter 18): medium and thick spaces are
/// left out in script styles.
fn spacing(left: Class, right: Class, level: Level) -> f32 {
    use Class::*;
    // 0 none, 1 thin, 2 medium, 3 thick; negative: only in display and text styles.
    let code: i8 = match (left, right) {
        (Ord, Op) | (Op, Ord) | (Op, Op) | (Close, Op) | (Inner, Op) => 1,
        (Ord, Bin) | (Close, Bin) | (Inner, Bin) => -2,
        (Ord, Rel) | (Op, Rel) | (Close, Rel) | (Inner, Rel) => -3,
        (Ord, Inner) | (Op, Inner) | (Close, Inner) => -1,
        (Bin, Ord | Op | Open | Inner) => -2,
        (Rel, Ord | Op | Open | Inner) => -3,
        (Punct, Ord | Op | Rel | Open | Close | Punct | Inner) => -1,
        (Inner, Ord | Open | Punct | Inner) => -1,
        _ => 0,
    };
    let script = level >= Level::Script;
    if code < 0 && script {
        return 0.0;
    }
    match code.abs() {
        1 => 3.0,
        2 => 4.0,
        3 => 5.0,
        _ => 0.0,
    }
}

/// Spacing accents drawn by their raised modifier forms.
fn accent_form(c: char) -> char {
    match c {
        '^' => '\u{2c6}',
        '~' => '\u{2dc}',
        other => other,
    }
}

fn is_bar(node: &Node) -> bool {
    matches!(node, Node::Atom { text, .. } if matches!(text.as_str(), "‾" | "_" | "¯" | "\u{332}"))
}

fn is_arrow(node: &Node) -> bool {
    matches!(node, Node::Atom { text, .. } if matches!(text.as_str(), "→" | "←" | "↔" | "⇒" | "⇐" | "⇔"))
}
