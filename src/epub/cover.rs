//! A cover for a post or book that has none: without one, Kindle and Kobo show a blank tile in
//! the library (calibre makes one too).
//!
//! The title, author and site are set in the built-in fonts on a plain page and written as a
//! grey-scale PNG: e-ink screens show grey, and a flat page compresses to a few kilobytes.
//! Glyph outlines come from ttf-parser and are filled by ab_glyph_rasterizer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use ab_glyph_rasterizer::{point, Point, Rasterizer};

use crate::fonts::{Face, FaceId, FontSet, Pick, TextLang};

const WIDTH: usize = 600; // even: see `Page::png`
const HEIGHT: usize = 900;
// Greys are multiples of 17, the sixteen levels the PNG holds (see `Page::png`).
const PAPER: u8 = 0xEE;
const INK: u8 = 0x11;
const MARGIN: f32 = 64.0;

/// What the cover says.
pub(crate) struct CoverText<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub site: Option<&'a str>,
    /// The book's language: its Han characters take that language's forms.
    pub lang: &'a str,
}

/// The cover as PNG bytes; `None` if encoding fails (the book then has no cover, as before).
pub(crate) fn generate(fonts: &FontSet, text: &CoverText<'_>) -> Option<Vec<u8>> {
    let mut page = Page {
        pixels: blank().to_vec(),
        fonts,
        text_lang: text.lang,
    };
    let width = WIDTH as f32 - 2.0 * MARGIN;

    // The largest size at which the title fits in five lines.
    let mut size = 60.0;
    let mut lines = page.wrap(text.title, size, true, width);
    while lines.len() > 5 && size > 26.0 {
        size *= 0.88;
        lines = page.wrap(text.title, size, true, width);
    }
    lines.truncate(6);
    let leading = size * 1.35;
    let block = leading * lines.len() as f32;
    let mut baseline = (HEIGHT as f32 * 0.42 - block / 2.0).max(MARGIN + size) + size;
    for line in &lines {
        page.line(line, size, true, baseline);
        baseline += leading;
    }
    // A short rule between the title and the author.
    let rule_y = (baseline - leading + size * 0.9).round() as usize;
    page.rule(rule_y, 0x55);
    if let Some(author) = text.author.filter(|a| !a.trim().is_empty()) {
        let size = 28.0;
        for line in page.wrap(author, size, false, width).iter().take(2) {
            page.line(line, size, false, rule_y as f32 + 60.0);
        }
    }
    if let Some(site) = text.site.filter(|s| !s.trim().is_empty()) {
        let size = 22.0;
        if let Some(line) = page.wrap(site, size, false, width).first() {
            page.line(line, size, false, HEIGHT as f32 - MARGIN - 20.0);
        }
    }
    page.png()
}

/// The paper with its two frames, the same on every cover: drawn once.
fn blank() -> &'static [u8] {
    static BLANK: OnceLock<Vec<u8>> = OnceLock::new();
    BLANK.get_or_init(|| {
        let mut pixels = vec![PAPER; WIDTH * HEIGHT];
        frame(&mut pixels, 28, 3, 0x55);
        frame(&mut pixels, 36, 1, 0x88);
        pixels
    })
}

fn frame(pixels: &mut [u8], inset: usize, thickness: usize, shade: u8) {
    for y in inset..HEIGHT - inset {
        for x in inset..WIDTH - inset {
            let edge = y < inset + thickness
                || y >= HEIGHT - inset - thickness
                || x < inset + thickness
                || x >= WIDTH - inset - thickness;
            if edge {
                if let Some(p) = pixels.get_mut(y * WIDTH + x) {
                    *p = shade;
                }
            }
        }
    }
}

struct Page<'f> {
    pixels: Vec<u8>,
    fonts: &'f FontSet,
    text_lang: &'f str,
}

impl<'f> Page<'f> {
    fn rule(&mut self, y: usize, shade: u8) {
        let (from, to) = (WIDTH / 2 - 40, WIDTH / 2 + 40);
        for x in from..to {
            if let Some(p) = self.pixels.get_mut(y.min(HEIGHT - 1) * WIDTH + x) {
                *p = shade;
            }
        }
    }

    /// The face (its id) and glyph that draw `ch`, and its advance at `size`.
    fn glyph(&self, ch: char, size: f32, bold: bool) -> Option<(FaceId, u16, f32)> {
        let fonts: &'f FontSet = self.fonts;
        let pick = Pick {
            bold,
            lang: TextLang::of(Some(self.text_lang)),
            ..Pick::default()
        };
        let id = fonts.pick(ch, &pick)?;
        let face = fonts.face(id);
        let gid = face.glyph_id(ch)?;
        let scale = size / f32::from(face.units_per_em().max(1));
        Some((id, gid, f32::from(face.advance(gid)) * scale))
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        text.chars()
            .map(|c| match self.glyph(c, size, bold) {
                Some((_, _, adv)) => adv,
                None if c == ' ' => size * 0.3,
                None => 0.0,
            })
            .sum()
    }

    /// Lines of at most `width`: CJK text breaks between any two characters, other text at
    /// spaces (a word longer than the line breaks where it must); no line starts with
    /// closing punctuation.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut tokens: Vec<String> = Vec::new();
        let mut word = String::new();
        for c in text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
        {
            if crate::text::is_cjk(c) || c == ' ' {
                if !word.is_empty() {
                    tokens.push(std::mem::take(&mut word));
                }
                tokens.push(c.to_string());
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            tokens.push(word);
        }
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for token in tokens {
            let closing = token
                .chars()
                .all(|c| "，。、；：？！」』）》〉】,.;:?!)".contains(c));
            let fits = self.width(&format!("{line}{token}"), size, bold) <= width;
            if fits || line.trim().is_empty() || closing {
                line.push_str(&token);
            } else {
                lines.push(line.trim_end().to_string());
                line = token.trim_start().to_string();
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        lines
    }

    /// Draws `text` centred, on the baseline `y`.
    fn line(&mut self, text: &str, size: f32, bold: bool, y: f32) {
        let mut x = (WIDTH as f32 - self.width(text, size, bold)) / 2.0;
        for c in text.chars() {
            match self.glyph(c, size, bold) {
                Some((id, gid, adv)) => {
                    self.draw(id, gid, size, x, y);
                    x += adv;
                }
                None if c == ' ' => x += size * 0.3,
                None => {}
            }
        }
    }

    /// Inks `gid` with its origin at the whole pixel nearest (`x`, `y`).
    fn draw(&mut self, id: FaceId, gid: u16, size: f32, x: f32, y: f32) {
        let Some(glyph) = filled(self.fonts, id, gid, size) else {
            return;
        };
        let (left, top) = (x.round() as i64 + glyph.left, y.round() as i64 + glyph.top);
        for (row, cells) in glyph.cells.chunks_exact(glyph.width).enumerate() {
            let gy = top + row as i64;
            if gy < 0 || gy >= HEIGHT as i64 {
                continue;
            }
            for (col, &c) in cells.iter().enumerate() {
                let gx = left + col as i64;
                // Most of a glyph's box is blank, and blending nothing leaves the paper.
                if c == 0 || gx < 0 || gx >= WIDTH as i64 {
                    continue;
                }
                if let Some(p) = self.pixels.get_mut(gy as usize * WIDTH + gx as usize) {
                    let c = u32::from(c);
                    *p = ((u32::from(*p) * (255 - c) + u32::from(INK) * c + 127) / 255) as u8;
                }
            }
        }
    }

    /// Sixteen greys, as e-ink screens show: packed two pixels a byte, the page deflates with
    /// png's fastest encoder (fdeflate) to a smaller file than eight bits at zlib's default
    /// level, in a tenth of the time (measured: 14.5 KB in 0.16 ms against 15.6 KB in 2 ms).
    fn png(&self) -> Option<Vec<u8>> {
        let four = |v: u8| ((u16::from(v) * 15 + 127) / 255) as u8;
        // Rows have an even number of pixels, so pairs never straddle two rows.
        let packed: Vec<u8> = self
            .pixels
            .chunks_exact(2)
            .map(|p| match p {
                [a, b] => (four(*a) << 4) | four(*b),
                _ => 0,
            })
            .collect();
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, WIDTH as u32, HEIGHT as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Four);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&packed).ok()?;
        writer.finish().ok()?;
        Some(out)
    }
}

/// A glyph filled at a size, its bitmap placed from the glyph's origin in whole pixels.
struct Filled {
    left: i64,
    top: i64,
    width: usize,
    /// Coverage, 0 to 255, row by row.
    cells: Vec<u8>,
}

/// Glyphs a thread keeps filled: covers of one blog share most of their title's characters,
/// and filling a glyph is most of a cover's time.
const KEPT: usize = 1024;

thread_local! {
    static KEPT_GLYPHS: RefCell<HashMap<(u16, u16, u32), Rc<Filled>>> =
        RefCell::new(HashMap::new());
}

/// `gid` of face `id` filled at `size`; kept for the built-in set, which lives as long as the
/// process (another set's ids could name other faces later).
fn filled(fonts: &FontSet, id: FaceId, gid: u16, size: f32) -> Option<Rc<Filled>> {
    let face = fonts.face(id);
    if !std::ptr::eq(fonts, FontSet::builtin()) {
        return fill(face, gid, size).map(Rc::new);
    }
    let key = (id.0, gid, size.to_bits());
    if let Some(hit) = KEPT_GLYPHS.with(|k| k.borrow().get(&key).cloned()) {
        return Some(hit);
    }
    let glyph = Rc::new(fill(face, gid, size)?);
    KEPT_GLYPHS.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= KEPT {
            k.clear();
        }
        k.insert(key, glyph.clone());
    });
    Some(glyph)
}

fn fill(face: &Face, gid: u16, size: f32) -> Option<Filled> {
    let mut outline = Outline {
        lines: Vec::new(),
        start: point(0.0, 0.0),
        last: point(0.0, 0.0),
    };
    let bbox = face.outline(gid, &mut outline)?;
    let scale = size / f32::from(face.units_per_em().max(1));
    let left = (f32::from(bbox.x_min) * scale).floor();
    let top = (-f32::from(bbox.y_max) * scale).floor();
    let w = ((f32::from(bbox.x_max) - f32::from(bbox.x_min)) * scale).ceil() as usize + 2;
    let h = ((f32::from(bbox.y_max) - f32::from(bbox.y_min)) * scale).ceil() as usize + 2;
    if w > WIDTH || h > HEIGHT {
        return None;
    }
    let mut r = Rasterizer::new(w, h);
    let to_px = |p: Point| point(p.x * scale - left, -p.y * scale - top);
    for seg in &outline.lines {
        match *seg {
            Seg::Line(a, b) => r.draw_line(to_px(a), to_px(b)),
            Seg::Quad(a, c, b) => r.draw_quad(to_px(a), to_px(c), to_px(b)),
            Seg::Cubic(a, c1, c2, b) => r.draw_cubic(to_px(a), to_px(c1), to_px(c2), to_px(b)),
        }
    }
    let mut cells = vec![0u8; w * h];
    r.for_each_pixel(|i, coverage| {
        if let Some(c) = cells.get_mut(i) {
            // Rounded by adding a half (never negative here): `round` is a libm call a pixel.
            *c = (coverage.clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
        }
    });
    Some(Filled {
        left: left as i64,
        top: top as i64,
        width: w,
        cells,
    })
}

enum Seg {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

/// A glyph's outline in font units, as segments.
struct Outline {
    lines: Vec<Seg>,
    start: Point,
    last: Point,
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = point(x, y);
        self.last = self.start;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = point(x, y);
        self.lines.push(Seg::Line(self.last, p));
        self.last = p;
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let p = point(x, y);
        self.lines.push(Seg::Quad(self.last, point(x1, y1), p));
        self.last = p;
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let p = point(x, y);
        self.lines
            .push(Seg::Cubic(self.last, point(x1, y1), point(x2, y2), p));
        self.last = p;
    }
    fn close(&mut self) {
        if self.last != self.start {
            self.lines.push(Seg::Line(self.last, self.start));
        }
        self.last = self.start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cover_is_a_small_png_with_ink() {
        let png = generate(
            FontSet::builtin(),
            &CoverText {
                title: "从零开始写一个编译器：词法分析与语法分析 Compilers",
                author: Some("林小码"),
                site: Some("码农小站"),
                lang: "zh",
            },
        )
        .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        assert!(png.len() < 60_000, "{} bytes", png.len());
        let page = Page {
            pixels: vec![PAPER; WIDTH * HEIGHT],
            fonts: FontSet::builtin(),
            text_lang: "zh",
        };
        let lines = page.wrap(
            "从零开始写一个编译器：词法分析与语法分析",
            60.0,
            true,
            472.0,
        );
        assert!(lines.len() >= 2 && !lines[1].starts_with('：'), "{lines:?}");
    }

    #[test]
    fn kept_glyphs_draw_what_fresh_ones_do() {
        let text = CoverText {
            title: "日志：一天一天 Day by day",
            author: Some("日志"),
            site: None,
            lang: "zh",
        };
        KEPT_GLYPHS.with(|k| k.borrow_mut().clear());
        let fresh = generate(FontSet::builtin(), &text).unwrap();
        assert!(KEPT_GLYPHS.with(|k| !k.borrow().is_empty()));
        let kept = generate(FontSet::builtin(), &text).unwrap();
        assert_eq!(fresh, kept);
    }
}
