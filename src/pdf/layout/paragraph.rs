//! Paragraphs: running text broken into lines (total-fit, hyphenated for the post's language),
//! balanced titles, and images set between the lines of the text around them.

use super::figure::image_of;
use super::line::line_item_boxed;
use super::{Item, Layout};
use crate::pdf::linebreak::{break_lines, break_paragraph, Align, Setting};
use crate::pdf::text::{Glyph, Style};
use crate::tree::Inline;

impl Layout<'_, '_> {
    /// Lines of styled glyphs as items: widows and orphans are avoided by keeping the first
    /// two and the last two lines of a paragraph together.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        glyphs: &[Glyph],
        x: f32,
        w: f32,
        align: Align,
        first_indent: f32,
        leading: f32,
        space_before: f32,
    ) -> Vec<Item> {
        if self.shaper.math_failed > 0 {
            self.shaper.math_failed = 0;
            self.warn_math();
        }
        let setting = self.setting();
        let (shaper, hyphens) = (&mut self.shaper, &mut self.hyphens);
        // Shaping a hyphen costs a shaping plan: one a style, kept for the post.
        let mut hyphen_for = |g: &Glyph| {
            let style = Style {
                link: None,
                ..g.style
            };
            if let Some((_, h)) = hyphens.iter().find(|(s, _)| *s == style) {
                return *h;
            }
            let h = shaper.glyphs("-", style).first().copied();
            if hyphens.len() >= 32 {
                hyphens.clear();
            }
            hyphens.push((style, h));
            h
        };
        let lines = break_paragraph(glyphs, w, first_indent, align, setting, &mut hyphen_for);
        let n = lines.len();
        let mut items: Vec<Item> = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let mut item = line_item_boxed(line, x, leading, self.size, &self.shaper.boxes);
                item.keep_with_next = n > 1 && (i == 0 || i + 2 == n);
                item
            })
            .collect();
        if let Some(first) = items.first_mut() {
            first.space_before = space_before;
        }
        if !self.notes.is_empty() {
            self.anchor_note_refs(&lines, &mut items);
        }
        items
    }

    /// A title or heading set in lines of even length (as CSS's `text-wrap: balance`): the
    /// narrowest measure that needs no more lines, so a wrapped title never leaves a word or a
    /// character alone on its last line.
    pub(super) fn balanced(
        &mut self,
        glyphs: &[Glyph],
        x: f32,
        w: f32,
        leading: f32,
        space: f32,
    ) -> Vec<Item> {
        let count = |width: f32| break_lines(glyphs, width, 0.0, Align::Left).len();
        let lines = count(w);
        let mut fit = w;
        if lines > 1 {
            let mut narrow = w / 2.0;
            for _ in 0..10 {
                let mid = (narrow + fit) / 2.0;
                if count(mid) <= lines {
                    fit = mid;
                } else {
                    narrow = mid;
                }
            }
        }
        self.text(glyphs, x, fit, Align::Left, 0.0, leading, space)
    }

    /// Hyphenation patterns and punctuation compression for the post's language. Latin words
    /// in CJK text are hyphenated as English, which they nearly always are.
    fn setting(&self) -> Setting {
        let lang = self.lang.to_ascii_lowercase();
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        let hyphenate = match primary {
            "zh" | "ja" => Some(hypher::Lang::English),
            p => <[u8; 2]>::try_from(p.as_bytes())
                .ok()
                .and_then(hypher::Lang::from_iso),
        };
        let traditional = ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|t| lang.starts_with(t));
        Setting {
            hyphenate,
            compress: matches!(primary, "zh" | "ja") && !traditional,
            no_hanging: self.narrow_margin,
        }
    }

    pub(super) fn paragraph(
        &mut self,
        content: &[Inline],
        x: f32,
        w: f32,
        space: f32,
    ) -> Vec<Item> {
        if !self.in_cell && content.iter().any(|i| image_of(i).is_some()) {
            return self.paragraph_with_images(content, x, w, space);
        }
        self.paragraph_text(content, x, w, space)
    }

    fn paragraph_text(&mut self, content: &[Inline], x: f32, w: f32, space: f32) -> Vec<Item> {
        let mut glyphs = Vec::new();
        let style = self.style();
        let limit = std::mem::replace(&mut self.shaper.box_limit, w);
        self.shaper.inlines(content, style, &mut glyphs);
        self.shaper.box_limit = limit;
        let indent = if self.indent { self.size * 2.0 } else { 0.0 };
        // Table cells are too narrow to justify without rivers of space.
        let (align, indent) = if self.in_cell {
            (Align::Left, 0.0)
        } else {
            (Align::Justify, indent)
        };
        self.text(&glyphs, x, w, align, indent, self.leading, space)
    }

    /// Images in running text (a scraped paragraph of photos, a photo between two sentences)
    /// are drawn between the lines, as figures without captions; the text around them stays.
    fn paragraph_with_images(
        &mut self,
        content: &[Inline],
        x: f32,
        w: f32,
        space: f32,
    ) -> Vec<Item> {
        let mut items: Vec<Item> = Vec::new();
        let mut run: Vec<Inline> = Vec::new();
        let mut first_text = true;
        let gap = |layout: &Self, items: &[Item]| {
            if items.is_empty() {
                space
            } else {
                layout.size * 0.4
            }
        };
        let mut flush = |layout: &mut Self, run: &mut Vec<Inline>, items: &mut Vec<Item>| {
            let mut text = String::new();
            crate::tree::inline_text(run, &mut text);
            if !text.trim().is_empty() {
                let indent = layout.indent;
                // Only the paragraph's first line is indented.
                layout.indent = indent && first_text;
                let space = gap(layout, items);
                items.extend(layout.paragraph_text(run, x, w, space));
                layout.indent = indent;
                first_text = false;
            }
            run.clear();
        };
        let mut prose = String::new();
        for inline in content.iter().filter(|i| image_of(i).is_none()) {
            crate::tree::inline_text(std::slice::from_ref(inline), &mut prose);
        }
        let has_text = !prose.trim().is_empty();
        for inline in content {
            match image_of(inline).and_then(|image| Some((image, self.load(image, w)?))) {
                Some((asked, image)) if has_text && self.inline_image(&image, asked, w) => {
                    run.push(inline.clone());
                }
                Some((asked, image)) => {
                    flush(self, &mut run, &mut items);
                    let mut drawn = self.image_item(&image, asked, x, w);
                    drawn.space_before = gap(self, &items);
                    items.push(drawn);
                }
                None => run.push(inline.clone()),
            }
        }
        flush(self, &mut run, &mut items);
        self.shaper.inline_images.clear();
        items
    }
}
