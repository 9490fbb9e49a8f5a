//! Code blocks: highlighted in colour, tabs to tab stops, and a line too long for the column
//! wrapped with its continuation hang-indented behind a mark.

use super::line::line_item;
use super::{bracket, shift, Item, Layout};
use crate::highlight::Token;
use crate::pdf::linebreak::{break_lines, Align, Line};
use crate::pdf::text::{Color, Glyph, Style};

/// Columns between tab stops.
const TAB: usize = 4;
/// What a wrapped code line's continuation starts with, in the hanging indent.
const CONTINUED: &str = "→";

fn color(token: Token) -> Color {
    match token {
        Token::Plain => Color(0x1a, 0x1a, 0x1a),
        Token::Comment => Color(0x6a, 0x73, 0x7d),
        Token::Keyword => Color(0xa6, 0x26, 0xa4),
        Token::String => Color(0x2a, 0x7a, 0x2e),
        Token::Number | Token::Constant => Color(0xb5, 0x5a, 0x00),
        Token::Function => Color(0x1f, 0x55, 0xb8),
        Token::Type => Color(0x0b, 0x6e, 0x8a),
        Token::Tag => Color(0xa3, 0x1f, 0x34),
        Token::Attribute => Color(0x8a, 0x5a, 0x00),
    }
}

/// `line` with its tabs expanded to the next tab stop (by characters).
fn expand_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('\t') {
        return line.into();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for ch in line.chars() {
        if ch == '\t' {
            let n = TAB - col % TAB;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(ch);
            col += 1;
        }
    }
    out.into()
}

const CODE_BG: Color = Color(0xf2, 0xf2, 0xee);

impl Layout<'_, '_> {
    pub(super) fn code_block(
        &mut self,
        lang: Option<&str>,
        code: &str,
        x: f32,
        w: f32,
    ) -> Vec<Item> {
        let pad = self.size * 0.6;
        let style = Style {
            size: self.size * 0.85,
            mono: true,
            ..Style::body(self.size)
        };
        let code = code.strip_suffix('\n').unwrap_or(code);
        let spans = crate::highlight::highlight(lang, code);
        let hang = style.size * 1.8;
        let inner = w - 2.0 * pad;
        let mark_style = Style {
            color: Color(0x99, 0x99, 0x99),
            ..style
        };
        let mark = self.shaper.glyphs(CONTINUED, mark_style);
        let mut items = Vec::new();
        let mut offset = 0;
        let mut span_at = 0;
        for source_line in code.split('\n') {
            let start = offset;
            offset += source_line.len() + 1;
            let mut glyphs: Vec<Glyph> = Vec::new();
            match &spans {
                Some(spans) => {
                    // The pieces of the highlighted spans that fall in this line.
                    let end = start + source_line.len();
                    while spans.get(span_at).is_some_and(|s| s.1 <= start) {
                        span_at += 1;
                    }
                    let mut k = span_at;
                    while let Some(&(s, e, token)) = spans.get(k) {
                        if s >= end {
                            break;
                        }
                        let (a, b) = (s.max(start) - start, e.min(end) - start);
                        if let Some(piece) = source_line.get(a..b) {
                            let st = Style {
                                color: color(token),
                                ..style
                            };
                            self.shaper.push_str(&expand_tabs(piece), st, &mut glyphs);
                        }
                        k += 1;
                    }
                }
                None => self
                    .shaper
                    .push_str(&expand_tabs(source_line), style, &mut glyphs),
            }
            let lines = if inner - hang > style.size * 4.0 {
                break_lines(&glyphs, inner - hang, -hang, Align::Left)
            } else {
                break_lines(&glyphs, inner, 0.0, Align::Left)
            };
            let indent = if inner - hang > style.size * 4.0 {
                hang
            } else {
                0.0
            };
            if lines.is_empty() {
                items.push(line_item(
                    &Line {
                        glyphs: vec![],
                        size: style.size,
                    },
                    x + pad,
                    1.45,
                    style.size,
                ));
            }
            for (n, line) in lines.iter().enumerate() {
                let mut item = line_item(line, x + pad + indent, 1.45, style.size);
                if n > 0 && !mark.is_empty() {
                    let baseline = item.draws.iter().find_map(|d| match d {
                        super::Draw::Text { baseline, .. } => Some(*baseline),
                        _ => None,
                    });
                    if let Some(baseline) = baseline {
                        item.draws.push(super::Draw::Text {
                            baseline,
                            glyphs: crate::pdf::text::place(mark.clone(), x + pad),
                        });
                    }
                }
                items.push(item);
            }
        }
        // The padding above the first and below the last line sits inside the background.
        if let Some(first) = items.first_mut() {
            first.height += pad;
            shift(&mut first.draws, pad);
        }
        if let Some(last) = items.last_mut() {
            last.height += pad;
        }
        let n = items.len();
        for (i, item) in items.iter_mut().enumerate() {
            item.keep_with_next = n > 1 && (i == 0 || i + 2 == n);
        }
        bracket(&mut items, x, w, CODE_BG);
        items
    }
}
