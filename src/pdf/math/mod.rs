//! A small math typesetter: TeX (parsed by pulldown-latex) to boxes of glyphs and rules in the
//! built-in math face, spaced and sized by its OpenType `MATH` table.

mod boxes;
mod font;
mod parse;

pub use boxes::{MBox, Piece};
pub use parse::Unsupported;

use super::text::{Glyph, Style};
use crate::fonts::FontSet;

/// A formula set at `size` points: display style, or text style for one in a line.
pub fn typeset(fonts: &FontSet, tex: &str, size: f32, display: bool) -> Result<MBox, Unsupported> {
    let font = font::MathFont::new(fonts).ok_or(Unsupported("no math font"))?;
    let nodes = parse::parse(tex)?;
    if nodes.is_empty() {
        return Err(Unsupported("an empty formula"));
    }
    let setter = boxes::Setter {
        font: &font,
        base: size,
    };
    let st = boxes::St {
        level: if display {
            parse::Level::Display
        } else {
            parse::Level::Text
        },
        cramped: false,
    };
    let b = setter.list(&nodes, st, None)?;
    let finite = [b.width, b.ascent, b.descent].iter().all(|v| v.is_finite());
    if !finite || b.width <= 0.0 {
        return Err(Unsupported("a formula that draws nothing"));
    }
    Ok(b)
}

/// A rectangle: x from the box's left, `y` its bottom edge up from the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// The box's glyphs (x from its left, raised by `dy`) in `style`'s colour and link, and its
/// rules; everything scaled by `scale`.
pub fn draw(b: &MBox, style: Style, scale: f32) -> (Vec<(f32, Glyph)>, Vec<Rule>) {
    let mut glyphs = Vec::new();
    let mut rules = Vec::new();
    for p in &b.pieces {
        match *p {
            Piece::Glyph {
                x,
                y,
                face,
                gid,
                text,
                size,
            } => {
                let size = size * scale;
                let mut g = Glyph::plain(
                    text.unwrap_or('\0'),
                    face,
                    gid,
                    0.0,
                    Style {
                        size,
                        rise: 0.0,
                        bold: false,
                        italic: false,
                        mono: false,
                        strike: false,
                        ..style
                    },
                );
                g.cont = text.is_none();
                g.dy = y * scale;
                glyphs.push((x * scale, g));
            }
            Piece::Rule { x, y, w, h } => rules.push(Rule {
                x: x * scale,
                y: y * scale,
                w: w * scale,
                h: h * scale,
            }),
        }
    }
    (glyphs, rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(tex: &str, display: bool) -> MBox {
        typeset(FontSet::builtin(), tex, 10.0, display).unwrap()
    }

    fn glyph_ys(b: &MBox) -> Vec<f32> {
        b.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Glyph { y, .. } => Some(*y),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_fraction_bar_sits_on_the_axis_between_its_parts() {
        let b = set(r"\frac{a}{b}", true);
        let rules: Vec<_> = b
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Rule { y, h, .. } => Some((*y, *h)),
                _ => None,
            })
            .collect();
        let [(y, h)] = rules.as_slice() else {
            panic!("{rules:?}");
        };
        // The axis of Noto Sans Math is about a quarter em up.
        assert!(*y > 1.0 && *y + h < 4.0, "{y} {h}");
        let ys = glyph_ys(&b);
        assert_eq!(ys.len(), 2);
        assert!(ys[0] > y + h, "numerator above the bar: {ys:?}");
        assert!(ys[1] < *y, "denominator below: {ys:?}");
    }

    #[test]
    fn a_superscript_is_raised_and_smaller() {
        let b = set("x^2", false);
        let sizes: Vec<(f32, f32)> = b
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Glyph { y, size, .. } => Some((*y, *size)),
                _ => None,
            })
            .collect();
        assert_eq!(sizes.len(), 2);
        assert_eq!(sizes[0], (0.0, 10.0));
        assert!(sizes[1].0 > 2.0 && sizes[1].1 < 10.0, "{sizes:?}");
    }

    #[test]
    fn limits_go_above_and_below_in_display_and_right_inline() {
        let d = set(r"\sum_{i=1}^{n} i", true);
        let xs_ys: Vec<(f32, f32, Option<char>)> = d
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Glyph { x, y, text, .. } => Some((*x, *y, *text)),
                _ => None,
            })
            .collect();
        let sum = xs_ys.iter().find(|g| g.2 == Some('∑')).copied().unwrap();
        let n = xs_ys.iter().find(|g| g.2 == Some('n')).copied().unwrap();
        let one = xs_ys.iter().find(|g| g.2 == Some('1')).copied().unwrap();
        assert!(n.1 > 5.0, "upper limit above: {n:?}");
        assert!(one.1 < -5.0, "lower limit below: {one:?}");
        assert!(
            (n.0 - sum.0).abs() < 6.0,
            "over the operator: {n:?} {sum:?}"
        );
        let t = set(r"\sum_{i=1}^{n} i", false);
        let n_inline = t
            .pieces
            .iter()
            .find_map(|p| match p {
                Piece::Glyph {
                    x, text: Some('n'), ..
                } => Some(*x),
                _ => None,
            })
            .unwrap();
        assert!(n_inline > 5.0, "to the right inline: {n_inline}");
        assert!(d.ascent + d.descent > t.ascent + t.descent);
    }

    #[test]
    fn a_root_has_its_sign_and_a_bar_over_the_body() {
        let b = set(r"\sqrt{x}", false);
        let has_sign = b.pieces.iter().any(|p| {
            matches!(
                p,
                Piece::Glyph {
                    text: Some('√'),
                    ..
                }
            )
        });
        let bar = b.pieces.iter().find_map(|p| match p {
            Piece::Rule { y, .. } => Some(*y),
            _ => None,
        });
        assert!(has_sign);
        assert!(bar.is_some_and(|y| y > 4.0), "{bar:?}");
    }

    #[test]
    fn big_delimiters_grow_with_their_content() {
        let small = set(r"\left( x \right)", true);
        let tall = set(r"\left( \frac{\frac{a}{b}}{\frac{c}{d}} \right)", true);
        assert!(tall.ascent + tall.descent > small.ascent + small.descent + 10.0);
    }

    #[test]
    fn matrices_cases_and_aligned_are_set() {
        for tex in [
            r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}",
            r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}",
            r"f(x) = \begin{cases} 0 & x < 0 \\ 1 & \text{otherwise} \end{cases}",
            r"\begin{aligned} a &= b + c \\ d &= e \end{aligned}",
            r"\lim_{x \to 0} \frac{\sin x}{x} = 1",
            r"\int_0^1 x^2 \, dx = \frac{1}{3}",
            r"\mathbf{v} = \mathrm{d} \alpha \cdot \binom{n}{k}",
        ] {
            let b = set(tex, true);
            assert!(b.width > 10.0, "{tex}");
        }
    }

    #[test]
    fn hostile_nesting_is_refused_without_exhausting_the_stack() {
        let braces = format!("{}x{}", "{".repeat(3_900), "}".repeat(3_900));
        let fracs = format!("{}x{}", r"\frac{".repeat(1_100), "}{y}".repeat(1_100));
        let scripts = format!("x{}", "^{x".repeat(2_000));
        for tex in [braces, fracs, scripts, "x".repeat(100_000)] {
            assert!(typeset(FontSet::builtin(), &tex, 10.0, true).is_err());
        }
    }

    #[test]
    fn what_cannot_be_set_is_refused() {
        assert!(typeset(FontSet::builtin(), r"\frac{a}", 10.0, true).is_err());
        assert!(typeset(FontSet::builtin(), r"\unknowncommand", 10.0, true).is_err());
    }
}
