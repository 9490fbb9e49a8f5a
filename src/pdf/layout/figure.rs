//! Images and figures: loaded within the post's budgets, drawn at their natural size within
//! the column and the page, kept in the line when small, captioned.

use super::{Draw, Item, Layout, BODY_LEADING};
use crate::pdf::images::{Loaded, Room};
use crate::pdf::linebreak::Align;
use crate::pdf::text::{InlineBox, Style, GREY};
use crate::tree::{Figure, Inline};

impl Layout<'_, '_> {
    /// Keeps a small image in the line (no taller than two lines of text): true if it is.
    pub(super) fn inline_image(
        &mut self,
        image: &Loaded,
        asked: &crate::tree::Image,
        w: f32,
    ) -> bool {
        let (iw, ih) = self.image_size(image, asked, w);
        if ih > self.size * BODY_LEADING * 2.0 || iw > w / 2.0 {
            return false;
        }
        let b = InlineBox {
            width: iw,
            ascent: ih,
            descent: 0.0,
            glyphs: Vec::new(),
            rules: Vec::new(),
            color: self.color,
            image: Some(image.index),
        };
        match self.shaper.add_box(b) {
            Some(n) => {
                self.shaper
                    .inline_images
                    .entry(asked.src.clone())
                    .or_default()
                    .push_back(n);
                true
            }
            None => false,
        }
    }

    /// The image ready to draw; if it cannot be, it stays in the text as its alt text, and the
    /// reason is reported (remote ones once, counted).
    pub(super) fn load(&mut self, image: &crate::tree::Image, w: f32) -> Option<Loaded> {
        if !self.assets.fetch && crate::assets::is_remote(&image.src) {
            self.not_fetched.insert(image.src.clone());
            return None;
        }
        match self.images.load(
            self.image_paths.get(&image.src).map_or(&image.src, |p| p),
            self.base_dir.as_deref(),
            &self.assets,
            // The most it can be drawn at (`image_item`): the column, or the size asked for.
            Room {
                width: image.width.map_or(w, |aw| w.min(aw as f32 * 0.75)),
                height: self.max_height * 0.85,
            },
        ) {
            Ok(loaded) => Some(loaded),
            Err(reason) => {
                self.warnings.push(reason);
                None
            }
        }
    }

    /// An image at its natural size (96 dpi), shrunk to the column and the page, never enlarged.
    pub(super) fn image_item(
        &mut self,
        image: &Loaded,
        asked: &crate::tree::Image,
        x: f32,
        w: f32,
    ) -> Item {
        let (iw, ih) = self.image_size(image, asked, w);
        // A figure needs a text for those who cannot see it: its alt text, else its name.
        let alt = [
            asked.alt.trim(),
            asked.src.rsplit('/').next().unwrap_or_default(),
        ]
        .into_iter()
        .find(|a| !a.is_empty())
        .map(str::to_string);
        Item {
            tag: Some(self.tags.leaf("Figure", alt)),
            height: ih,
            draws: vec![Draw::Image {
                x: x + (w - iw) / 2.0,
                y: 0.0,
                w: iw,
                h: ih,
                index: image.index,
            }],
            ..Item::default()
        }
    }

    /// The size an image is drawn at in a column `w` wide.
    fn image_size(&self, image: &Loaded, asked: &crate::tree::Image, w: f32) -> (f32, f32) {
        let (px_w, px_h) = (image.width.max(1) as f32, image.height.max(1) as f32);
        // The size the author asked for (CSS pixels), the other side kept in proportion.
        let (css_w, css_h) = match (asked.width, asked.height) {
            (Some(aw), Some(ah)) => (aw as f32, ah as f32),
            (Some(aw), None) => (aw as f32, aw as f32 * px_h / px_w),
            (None, Some(ah)) => (ah as f32 * px_w / px_h, ah as f32),
            (None, None) => (px_w, px_h),
        };
        let natural_w = css_w * 0.75;
        let natural_h = css_h * 0.75;
        let scale = (w / natural_w)
            .min(self.max_height * 0.85 / natural_h)
            .min(1.0);
        (natural_w * scale, natural_h * scale)
    }

    pub(super) fn caption(&mut self, caption: &[Inline], x: f32, w: f32) -> Vec<Item> {
        let mut glyphs = Vec::new();
        let style = Style {
            size: self.size * 0.85,
            color: GREY,
            ..self.style()
        };
        self.shaper.inlines(caption, style, &mut glyphs);
        self.text(&glyphs, x, w, Align::Center, 0.0, 1.5, self.size * 0.3)
    }

    pub(super) fn figure(&mut self, figure: &Figure, x: f32, w: f32) -> Vec<Item> {
        let mut items = match self.load(&figure.image, w) {
            Some(image) => vec![self.image_item(&image, &figure.image, x, w)],
            None => {
                let alt = figure.image.alt.trim();
                let alt = if alt.is_empty() {
                    figure.image.src.as_str()
                } else {
                    alt
                };
                let style = Style {
                    color: GREY,
                    italic: true,
                    ..self.style()
                };
                let glyphs = self.shaper.glyphs(&format!("[{alt}]"), style);
                self.text(&glyphs, x, w, Align::Center, 0.0, BODY_LEADING, 0.0)
            }
        };
        if !figure.caption.is_empty() {
            if let Some(last) = items.last_mut() {
                last.keep_with_next = true;
            }
            let caption = self.caption(&figure.caption, x, w);
            items.extend(caption);
        }
        items
    }
}

/// The image an inline shows on its own: an image, or a link around nothing but one.
pub(super) fn image_of(inline: &Inline) -> Option<&crate::tree::Image> {
    match inline {
        Inline::Image(img) => Some(img),
        Inline::Link { content, .. } => match content.as_slice() {
            [Inline::Image(img)] => Some(img),
            _ => None,
        },
        _ => None,
    }
}
