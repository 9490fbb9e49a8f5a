//! Inline content to positioned-ready glyphs: style resolution, per-character font fallback
//! and advances taken from the font.

use crate::fonts::select::{self, Class};
use crate::fonts::{self, FaceId, Family, FontSet, Pick, TextLang};
use crate::tree::Inline;

/// An sRGB colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

pub const BLACK: Color = Color(0x1a, 0x1a, 0x1a);
pub const GREY: Color = Color(0x66, 0x66, 0x66);
pub const LINK: Color = Color(0x1a, 0x4f, 0x9c);
pub const CODE: Color = Color(0x8a, 0x2d, 0x1e);

/// Space between a key's glyphs and its box, in ems of the key's size.
pub const KEY_PAD: f32 = 0.3;

/// What a run of characters looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub mono: bool,
    pub strike: bool,
    /// Drawn by the line (see `layout::line_item`): a rule under the glyphs, a tint behind
    /// them, a thin box around a key.
    pub underline: bool,
    pub mark: bool,
    pub kbd: bool,
    /// Baseline shift in points (superscript up, subscript down).
    pub rise: f32,
    pub color: Color,
    /// Index into the link table of the layout.
    pub link: Option<u32>,
    /// Set inside an element with its own language; otherwise the post's applies.
    pub lang: Option<TextLang>,
}

impl Style {
    pub fn body(size: f32) -> Style {
        Style {
            size,
            bold: false,
            italic: false,
            mono: false,
            strike: false,
            underline: false,
            mark: false,
            kbd: false,
            rise: 0.0,
            color: BLACK,
            link: None,
            lang: None,
        }
    }
}

/// One glyph ready for line breaking: its face, advance in points, and the text it stands for.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    /// The first character the glyph draws (line breaking and kinsoku look at it).
    pub ch: char,
    /// The rest of its text when it draws several characters (a ligature, an emoji sequence).
    pub tail: Option<&'static str>,
    /// A further glyph of the same characters (a mark, a split vowel): no line break before
    /// it, and no text of its own.
    pub cont: bool,
    pub face: FaceId,
    pub gid: u16,
    pub adv: f32,
    /// Offset from the pen position, in points (mark positioning).
    pub dx: f32,
    pub dy: f32,
    pub style: Style,
    /// An inline box (a formula, a small image) this glyph stands for: an index into
    /// [`Shaper::boxes`]. Such a glyph is never drawn itself; the line draws the box.
    pub obj: Option<u32>,
}

impl Glyph {
    pub fn is_space(&self) -> bool {
        self.ch == ' ' || self.ch == '\u{3000}'
    }

    /// A glyph standing for `ch` alone.
    pub fn plain(ch: char, face: FaceId, gid: u16, adv: f32, style: Style) -> Glyph {
        Glyph {
            ch,
            tail: None,
            cont: false,
            face,
            gid,
            adv,
            dx: 0.0,
            dy: 0.0,
            style,
            obj: None,
        }
    }
}

/// Something set in the line as one unbreakable piece: a formula or a small image, its
/// origin on the baseline at its left edge.
#[derive(Debug, Clone)]
pub struct InlineBox {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Glyphs with x from the left edge, raised by their `dy`.
    pub glyphs: Vec<(f32, Glyph)>,
    pub rules: Vec<super::math::Rule>,
    pub color: Color,
    /// An image filling the box above the baseline: its index in the document's images.
    pub image: Option<usize>,
}

/// Turns text into glyphs, noting characters no font covers.
pub struct Shaper<'a> {
    pub fonts: &'a FontSet,
    pub missing: fonts::Missing,
    /// Link targets referenced by `Style::link`.
    pub links: Vec<String>,
    /// Prefix of the current post's anchors (heading ids repeat across a book's posts).
    pub scope: String,
    /// The language of the current post.
    pub lang: TextLang,
    shaper: fonts::shape::Shaper,
    /// Reused between runs.
    scratch: Vec<fonts::shape::Shaped>,
    /// Inline boxes referred to by [`Glyph::obj`].
    pub boxes: Vec<InlineBox>,
    /// Images of the paragraph being shaped that stay in its lines: source → their boxes,
    /// in the order they come (one source may be shown at several sizes).
    pub inline_images: std::collections::HashMap<String, std::collections::VecDeque<u32>>,
    /// Formulas shown as their TeX source since this was last cleared.
    pub math_failed: usize,
    /// The widest an inline formula may be (the column it is set in): a wider one could not
    /// be broken, so it is shown as TeX, which can.
    pub box_limit: f32,
    /// How many more formulas the post may have typeset (the rest show as TeX): the work
    /// and memory a post costs stay bounded however many it holds.
    pub math_budget: usize,
}

/// Formulas typeset per post.
pub const MATH_PER_POST: usize = 20_000;

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a FontSet) -> Self {
        Shaper {
            fonts,
            missing: fonts::Missing::default(),
            links: Vec::new(),
            scope: String::new(),
            lang: TextLang::default(),
            shaper: fonts::shape::Shaper::default(),
            scratch: Vec::new(),
            boxes: Vec::new(),
            inline_images: Default::default(),
            math_failed: 0,
            box_limit: f32::INFINITY,
            math_budget: MATH_PER_POST,
        }
    }

    /// The glyphs of `text` in `style`.
    pub fn glyphs(&mut self, text: &str, style: Style) -> Vec<Glyph> {
        let mut out = Vec::new();
        self.push_str(text, style, &mut out);
        out
    }

    /// Appends the glyphs of `text` in `style`: runs of one face are shaped together. Tabs
    /// become four spaces, other control characters are dropped (they draw nothing).
    pub fn push_str(&mut self, text: &str, style: Style, out: &mut Vec<Glyph>) {
        let pick = Pick {
            family: if style.mono {
                Family::Mono
            } else {
                Family::Sans
            },
            bold: style.bold,
            lang: style.lang.unwrap_or(self.lang),
            latin: None,
        };
        let contexts = if text.chars().any(|c| select::class(c) == Class::Ambiguous) {
            select::ambiguous_contexts(text)
        } else {
            Vec::new()
        };
        let mut contexts = contexts.into_iter().peekable();
        // The run being gathered: its face and the byte range of `text` it covers.
        let mut run: Option<(FaceId, usize, usize)> = None;
        for (at, ch) in text.char_indices() {
            let latin = contexts.next_if(|(i, _)| *i == at).and_then(|(_, l)| l);
            let end = at + ch.len_utf8();
            let joins = is_joiner(ch);
            let face = match ch {
                '\t' | '\n' => None,
                c if c.is_control() => None,
                // Zero-width characters break lines or join; joiners and variation selectors
                // go with the run they join so the shaper sees whole sequences.
                '\u{200b}' | '\u{feff}' | '\u{ad}' => None,
                _ if joins => run.map(|(f, _, _)| f),
                // A no-break space draws as a space; fonts without a glyph for it have one.
                '\u{a0}' => self.fonts.pick(' ', &pick),
                c => {
                    // A mark stays with its base when the base's face has it.
                    let keep = run.filter(|(f, _, _)| {
                        is_mark(c) && self.fonts.face(*f).glyph_id(c).is_some()
                    });
                    keep.map(|(f, _, _)| f).or_else(|| {
                        let found = self.fonts.pick(c, &Pick { latin, ..pick });
                        if found.is_none() {
                            self.missing.note(c);
                        }
                        found
                    })
                }
            };
            match (run, face) {
                (Some((f, s, _)), Some(g)) if f == g => run = Some((f, s, end)),
                (_, face) => {
                    if let Some((f, s, e)) = run.take() {
                        self.shape(text.get(s..e).unwrap_or(""), f, style, out);
                    }
                    match face {
                        Some(f) => run = Some((f, at, end)),
                        None => self.unshaped(ch, style, out),
                    }
                }
            }
        }
        if let Some((f, s, e)) = run {
            self.shape(text.get(s..e).unwrap_or(""), f, style, out);
        }
    }

    /// A character drawn without shaping: tab, line feed, dropped controls, and the `.notdef`
    /// box for a character no font has (its text is kept).
    fn unshaped(&mut self, ch: char, style: Style, out: &mut Vec<Glyph>) {
        match ch {
            '\t' => {
                if let Some(id) = self.fonts.face_for(' ', Family::Mono, false) {
                    for _ in 0..4 {
                        self.shape(" ", id, style, out);
                    }
                }
            }
            '\n' => out.push(Glyph::plain(ch, FaceId(0), 0, 0.0, style)),
            c if c.is_control()
                || c.is_whitespace()
                || fonts::is_invisible(c)
                || matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') => {}
            c => {
                let id = self.fonts.notdef_face(style.bold);
                let face = self.fonts.face(id);
                let adv = scaled(face.advance(0), face.units_per_em(), style.size);
                out.push(Glyph::plain(c, id, 0, adv, style));
            }
        }
    }

    /// Shapes `text`, all drawn from face `id`, and appends its glyphs in logical order.
    fn shape(&mut self, text: &str, id: FaceId, style: Style, out: &mut Vec<Glyph>) {
        let face = self.fonts.face(id);
        let upm = face.units_per_em();
        // Ideographs, kana and their punctuation map one to one onto glyphs with the default
        // features: the cmap and the advance are the shaping.
        if text.chars().all(|c| select::class(c) == Class::Cjk) {
            for c in text.chars() {
                let gid = face.glyph_id(c).unwrap_or(0);
                let adv = scaled(face.advance(gid), upm, style.size);
                out.push(Glyph::plain(c, id, gid, adv, style));
            }
            return;
        }
        let start = out.len();
        let mut shaped = std::mem::take(&mut self.scratch);
        shaped.clear();
        self.shaper.shape(face, text, &mut shaped);
        let k = style.size / f32::from(upm.max(1));
        let mut prev = None;
        for g in &shaped {
            let ch = text
                .get(g.cluster..)
                .and_then(|t| t.chars().next())
                .unwrap_or(' ');
            out.push(Glyph {
                ch,
                tail: None,
                cont: prev == Some(g.cluster),
                face: id,
                gid: g.gid,
                adv: scaled_i32(g.x_advance, upm, style.size),
                dx: g.x_offset as f32 * k,
                dy: g.y_offset as f32 * k,
                style,
                obj: None,
            });
            prev = Some(g.cluster);
        }
        // A glyph standing for several characters (a ligature, a ZWJ sequence) carries the
        // rest of them, so the text layer keeps every character. Walked backwards, the start of
        // the next cluster is known in one pass however many glyphs a cluster has.
        let mut next = text.len();
        let mut after = text.len();
        for (n, c) in shaped.iter().map(|g| g.cluster).enumerate().rev() {
            if c != after {
                next = after;
                after = c;
            }
            let Some(g) = out.get_mut(start + n).filter(|g| !g.cont) else {
                continue;
            };
            let piece = text.get(c..next.max(c)).unwrap_or("");
            let rest = piece.get(g.ch.len_utf8()..).unwrap_or("");
            if !rest.is_empty() {
                g.tail = intern(rest);
            }
        }
        self.scratch = shaped;
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
                Inline::Underline(c) => self.inlines(
                    c,
                    Style {
                        underline: true,
                        ..base
                    },
                    out,
                ),
                Inline::Mark(c) => self.inlines(c, Style { mark: true, ..base }, out),
                Inline::Small(c) => self.inlines(
                    c,
                    Style {
                        size: base.size * 0.85,
                        ..base
                    },
                    out,
                ),
                Inline::Kbd(keys) => {
                    let style = Style {
                        mono: true,
                        kbd: true,
                        size: base.size * 0.85,
                        ..base
                    };
                    let start = out.len();
                    self.push_str(keys, style, out);
                    // Room inside the key's box (see `layout::line_item`).
                    let pad = style.size * KEY_PAD;
                    if let Some(first) = out.get_mut(start) {
                        first.dx += pad;
                        first.adv += pad;
                    }
                    if out.len() > start {
                        if let Some(last) = out.last_mut() {
                            last.adv += pad;
                        }
                    }
                }
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
                        Some(id) => format!("#{}{}", self.scope, crate::text::percent_decode(id)),
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
                Inline::Image(img)
                    if self
                        .inline_images
                        .get(&img.src)
                        .is_some_and(|q| !q.is_empty()) =>
                {
                    let next = self
                        .inline_images
                        .get_mut(&img.src)
                        .and_then(|q| q.pop_front());
                    if let Some(n) = next {
                        self.push_box(n, base, out);
                    }
                }
                Inline::Math(m) => self.inline_math(&m.tex, base, out),
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
                Inline::Lang { lang, content } => {
                    let style = Style {
                        lang: Some(TextLang::of(Some(lang))),
                        ..base
                    };
                    self.inlines(content, style, out);
                }
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

/// The tallest an inline formula may be, in ems: taller, it belongs in a display.
const MAX_LINES: f32 = 6.0;

impl Shaper<'_> {
    /// Whether one more formula may be typeset (and counts it).
    pub fn take_math_budget(&mut self) -> bool {
        match self.math_budget.checked_sub(1) {
            Some(left) => {
                self.math_budget = left;
                true
            }
            None => false,
        }
    }

    /// A new inline box; its number for [`Glyph::obj`].
    pub fn add_box(&mut self, b: InlineBox) -> Option<u32> {
        let n = u32::try_from(self.boxes.len()).ok()?;
        self.boxes.push(b);
        Some(n)
    }

    fn push_box(&mut self, n: u32, style: Style, out: &mut Vec<Glyph>) {
        let Some(b) = self.boxes.get(n as usize) else {
            return;
        };
        let mut g = Glyph::plain('\u{fffc}', FaceId(0), 0, b.width, style);
        g.obj = Some(n);
        out.push(g);
    }

    /// A formula in the line, typeset; if it cannot be, its TeX as code (counted, so the
    /// post is warned once).
    fn inline_math(&mut self, tex: &str, base: Style, out: &mut Vec<Glyph>) {
        let size = base.size;
        let set = self
            .take_math_budget()
            .then(|| super::math::typeset(self.fonts, tex, size, false).ok())
            .flatten()
            .filter(|mb| mb.width <= self.box_limit && mb.ascent + mb.descent <= size * MAX_LINES);
        match set {
            Some(mb) => {
                let (glyphs, rules) = super::math::draw(&mb, Style { rise: 0.0, ..base }, 1.0);
                let b = InlineBox {
                    width: mb.width,
                    ascent: mb.ascent + base.rise,
                    descent: mb.descent - base.rise,
                    glyphs: glyphs
                        .into_iter()
                        .map(|(x, mut g)| {
                            g.dy += base.rise;
                            (x, g)
                        })
                        .collect(),
                    rules: rules
                        .into_iter()
                        .map(|mut r| {
                            r.y += base.rise;
                            r
                        })
                        .collect(),
                    color: base.color,
                    image: None,
                };
                if let Some(n) = self.add_box(b) {
                    self.push_box(n, base, out);
                }
            }
            None => {
                self.math_failed += 1;
                self.inlines(&[Inline::Code(tex.to_string())], base, out);
            }
        }
    }
}

/// `units` of a face with `upm` units per em at `size`, truncated to whole thousandths of an
/// em: the PDF `/W` array holds those, so justified lines end exactly at the margin.
fn scaled(units: u16, upm: u16, size: f32) -> f32 {
    scaled_i32(i32::from(units), upm, size)
}

fn scaled_i32(units: i32, upm: u16, size: f32) -> f32 {
    let thousandths = (units as f32 * 1000.0 / f32::from(upm.max(1))).trunc();
    thousandths * size / 1000.0
}

/// Zero-width joiners and variation selectors: part of the sequence before them.
fn is_joiner(ch: char) -> bool {
    matches!(ch, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}')
}

/// Combining marks (the common blocks): drawn by their base's face when it has them.
fn is_mark(ch: char) -> bool {
    matches!(u32::from(ch),
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957
        | 0x0962..=0x0963 | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x3099..=0x309A)
}

/// The text after the first character of a multi-character glyph, kept for the process (the
/// same few ligatures and sequences recur); past a bound the extra text is dropped rather than
/// letting hostile input grow the table.
fn intern(s: &str) -> Option<&'static str> {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static TABLE: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    const MAX_ENTRIES: usize = 100_000;
    if s.len() > 64 {
        return None;
    }
    let mut table = TABLE.lock().ok()?;
    let table = table.get_or_insert_with(HashSet::new);
    if let Some(&found) = table.get(s) {
        return Some(found);
    }
    if table.len() >= MAX_ENTRIES {
        return None;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    table.insert(leaked);
    Some(leaked)
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
