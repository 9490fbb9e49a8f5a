//! Inline content to positioned-ready glyphs: style resolution, per-character font fallback
//! and advances taken from the font.

use crate::fonts::{self, FaceId, Family, FontSet};
use crate::tree::Inline;

/// An sRGB colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

pub const BLACK: Color = Color(0x1a, 0x1a, 0x1a);
pub const GREY: Color = Color(0x66, 0x66, 0x66);
pub const LINK: Color = Color(0x1a, 0x4f, 0x9c);
pub const CODE: Color = Color(0x8a, 0x2d, 0x1e);

/// What a run of characters looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub mono: bool,
    pub strike: bool,
    /// Baseline shift in points (superscript up, subscript down).
    pub rise: f32,
    pub color: Color,
    /// Index into the link table of the layout.
    pub link: Option<u32>,
}

impl Style {
    pub fn body(size: f32) -> Style {
        Style {
            size,
            bold: false,
            italic: false,
            mono: false,
            strike: false,
            rise: 0.0,
            color: BLACK,
            link: None,
        }
    }
}

/// One character ready for line breaking: its glyph, face and advance in points.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub ch: char,
    pub face: FaceId,
    pub gid: u16,
    pub adv: f32,
    pub style: Style,
}

impl Glyph {
    pub fn is_space(&self) -> bool {
        self.ch == ' ' || self.ch == '\u{3000}'
    }
}

/// Turns text into glyphs, noting characters no font covers.
pub struct Shaper<'a> {
    pub fonts: &'a FontSet,
    pub missing: fonts::Missing,
    /// Link targets referenced by `Style::link`.
    pub links: Vec<String>,
    /// Prefix of the current post's anchors (heading ids repeat across a book's posts).
    pub scope: String,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a FontSet) -> Self {
        Shaper {
            fonts,
            missing: fonts::Missing::default(),
            links: Vec::new(),
            scope: String::new(),
        }
    }

    /// The glyphs of `text` in `style`.
    pub fn glyphs(&mut self, text: &str, style: Style) -> Vec<Glyph> {
        let mut out = Vec::new();
        self.push_str(text, style, &mut out);
        out
    }

    /// Appends the glyphs of `text` in `style`. Tabs become four spaces, other control
    /// characters are dropped (they draw nothing and no font maps them).
    pub fn push_str(&mut self, text: &str, style: Style, out: &mut Vec<Glyph>) {
        for ch in text.chars() {
            match ch {
                '\t' => {
                    for _ in 0..4 {
                        self.push_char(' ', style, out);
                    }
                }
                '\n' => out.push(Glyph {
                    ch,
                    face: FaceId(0),
                    gid: 0,
                    adv: 0.0,
                    style,
                }),
                c if c.is_control() => {}
                // Zero-width characters break lines or join, they have no glyph to draw.
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => {}
                c => self.push_char(c, style, out),
            }
        }
    }

    fn push_char(&mut self, ch: char, style: Style, out: &mut Vec<Glyph>) {
        let family = if style.mono {
            Family::Mono
        } else {
            Family::Sans
        };
        // A no-break space draws as a space; fonts without a glyph for it still have one.
        let draw = if ch == '\u{a0}' { ' ' } else { ch };
        let found = self
            .fonts
            .face_for(draw, family, style.bold)
            .and_then(|id| {
                let face = self.fonts.face(FaceId(id.0));
                face.glyph_id(draw).map(|gid| (id, gid, face))
            });
        match found {
            Some((face_id, gid, face)) => {
                let upm = f32::from(face.units_per_em().max(1));
                // The PDF /W array holds whole thousandths of an em: lay out with the same
                // rounded widths so justified lines end exactly at the margin.
                let thousandths = (f32::from(face.advance(gid)) * 1000.0 / upm).trunc();
                out.push(Glyph {
                    ch,
                    face: face_id,
                    gid,
                    adv: thousandths * style.size / 1000.0,
                    style,
                });
            }
            None => self.missing.note(ch),
        }
    }

    /// Glyphs of an inline sequence in `base` style.
    pub fn inlines(&mut self, inlines: &[Inline], base: Style, out: &mut Vec<Glyph>) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.push_str(t, base, out),
                Inline::Strong(c) => self.inlines(c, Style { bold: true, ..base }, out),
                Inline::Emphasis(c) => self.inlines(
                    c,
                    Style {
                        italic: true,
                        ..base
                    },
                    out,
                ),
                Inline::Strikethrough(c) => self.inlines(
                    c,
                    Style {
                        strike: true,
                        ..base
                    },
                    out,
                ),
                Inline::Superscript(c) => self.inlines(c, shifted(base, 0.33), out),
                Inline::Subscript(c) => self.inlines(c, shifted(base, -0.15), out),
                Inline::Code(t) => {
                    let style = Style {
                        mono: true,
                        size: base.size * 0.9,
                        color: if base.link.is_some() {
                            base.color
                        } else {
                            CODE
                        },
                        ..base
                    };
                    self.push_str(t, style, out);
                }
                Inline::Link { href, content, .. } => {
                    let idx = u32::try_from(self.links.len()).ok();
                    let target = match href.strip_prefix('#') {
                        Some(id) => format!("#{}{}", self.scope, percent_decode(id)),
                        None => href.clone(),
                    };
                    self.links.push(target);
                    let style = Style {
                        link: idx,
                        color: LINK,
                        ..base
                    };
                    self.inlines(content, style, out);
                }
                Inline::Image(img) => {
                    // An image inside running text is shown by its description.
                    let alt = if img.alt.trim().is_empty() {
                        "image"
                    } else {
                        img.alt.trim()
                    };
                    let style = Style {
                        color: GREY,
                        ..base
                    };
                    self.push_str(&format!("[{alt}]"), style, out);
                }
                Inline::LineBreak => self.push_str("\n", base, out),
                Inline::Ruby {
                    base: b,
                    annotation,
                } => {
                    self.inlines(b, base, out);
                    let small = Style {
                        size: base.size * 0.6,
                        color: GREY,
                        ..base
                    };
                    self.push_str(&format!("({annotation})"), small, out);
                }
            }
        }
    }
}

fn shifted(base: Style, rise_em: f32) -> Style {
    Style {
        size: base.size * 0.7,
        rise: base.rise + base.size * rise_em,
        ..base
    }
}

/// Wide characters (CJK ideographs, kana, hangul, fullwidth forms and punctuation): justified
/// lines spread their slack between them.
pub fn is_wide(ch: char) -> bool {
    matches!(u32::from(ch),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Sets glyphs one after another from `start`.
pub fn place(glyphs: Vec<Glyph>, start: f32) -> Vec<(f32, Glyph)> {
    let mut pos = start;
    glyphs
        .into_iter()
        .map(|g| {
            let at = pos;
            pos += g.adv;
            (at, g)
        })
        .collect()
}

/// `%E7%AC%AC` to `第`: Markdown renderers percent-encode fragment links to CJK headings.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
