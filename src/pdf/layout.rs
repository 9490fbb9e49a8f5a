//! Block layout: the document tree becomes a flow of vertical items (lines, rows, images)
//! with the rules pagination needs (space before, keep with next, page break before).

mod code;
mod content;
mod formula;

use std::collections::HashSet;
use std::rc::Rc;

use super::images::{Images, Loaded, Room};
use super::linebreak::{break_lines, break_paragraph, min_max_width, Align, Line, Setting};
use super::tags::{Mark, Tags};
use super::text::{Color, Glyph, InlineBox, Shaper, Style, BLACK, GREY};
use crate::tree::{Block, Figure, Inline, List, Table};

/// Something drawn, in points; x from the page's left edge, y down from the item's top
/// (pagination moves it onto the page).
#[derive(Debug, Clone)]
pub enum Draw {
    Text {
        baseline: f32,
        glyphs: Vec<(f32, Glyph)>,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    Stroke {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        link: u32,
    },
    /// The draws after it (to the next `Tag`, or the item's end) show this element; `None`:
    /// they are decoration (a PDF artifact).
    Tag(Option<Mark>),
}

/// A decoration that belongs to a container (a code block's background, a quote's rule) and
/// runs down the side of each of its items, bridging the gaps between them.
#[derive(Debug, Clone, Copy)]
pub struct Deco {
    pub x: f32,
    /// Zero for a rule.
    pub w: f32,
    pub color: Color,
    /// How far above the item the decoration reaches (the gap inside the container).
    pub extend_up: f32,
}

/// A place headings and links point at, and the outline shows.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub id: String,
    pub title: String,
    /// 0 for a post in a book, 1–6 for headings.
    pub level: u8,
}

#[derive(Debug, Clone, Default)]
pub struct Item {
    pub height: f32,
    pub space_before: f32,
    pub keep_with_next: bool,
    pub break_before: bool,
    pub draws: Vec<Draw>,
    pub decos: Vec<Deco>,
    pub anchor: Option<Anchor>,
    /// A table's header row, drawn again at the top of a page this row starts.
    pub repeat_header: Option<Rc<Item>>,
    /// The structure element the item's draws show (until a `Draw::Tag` says otherwise).
    pub tag: Option<Mark>,
    /// Footnotes first referred to on this line, not yet laid out.
    pub note_ids: Vec<String>,
    /// The lines of those notes, set at the foot of the page this item lands on.
    pub foot: Vec<Item>,
}

const BODY_LEADING: f32 = 1.7;
const QUOTE_RULE: Color = Color(0xc8, 0xc8, 0xc8);
const QUOTE_TEXT: Color = Color(0x44, 0x44, 0x44);
const CODE_BG: Color = Color(0xf2, 0xf2, 0xee);
const TABLE_HEAD_BG: Color = Color(0xee, 0xee, 0xee);
const TABLE_BORDER: Color = Color(0x99, 0x99, 0x99);

pub struct Layout<'a, 'b> {
    pub shaper: Shaper<'a>,
    pub images: &'b mut Images,
    /// Body font size in points.
    pub size: f32,
    /// Indent the first line of body paragraphs by two ems.
    pub indent: bool,
    /// Height of the page's text area: the largest an image may be.
    pub max_height: f32,
    pub base_dir: Option<std::path::PathBuf>,
    /// The post's images found elsewhere in its site (see [`crate::tree::Document::image_path`]).
    pub image_paths: std::collections::HashMap<String, String>,
    pub assets: crate::assets::AssetOptions,
    pub warnings: Vec<String>,
    /// Remote images shown by their alt text because `--fetch-images` was not given.
    /// Remote images left out, each counted once.
    pub not_fetched: std::collections::HashSet<String>,
    /// Added to outline levels (1 in a book grouped by category).
    pub level_offset: u8,
    /// The post's language (labels of callouts).
    pub lang: String,
    /// The ids of the post's footnotes, and those whose first reference has its anchor.
    notes: HashSet<String>,
    /// Note id → the anchor (unscoped) its number links back to.
    noted: std::collections::HashMap<String, String>,
    /// The post's notes by id, and those already laid out at the foot of a page.
    note_bodies: std::collections::HashMap<String, crate::tree::Footnote>,
    placed: HashSet<String>,
    /// A note never referred to is set after the text, under a rule drawn once.
    endnotes_started: bool,
    /// Nesting of `blocks_each`: notes are attached to the lines of top-level blocks.
    depth: usize,
    /// Line height of paragraphs, in ems (tighter in notes).
    leading: f32,
    /// The post was warned that its formulas show as TeX.
    warned_math: bool,
    in_cell: bool,
    color: Color,
    list_depth: usize,
    /// The structure tree, for the tagged PDF.
    pub tags: Tags,
    /// The page margin cannot hold hanging punctuation (the e-reader page's 5 mm).
    pub narrow_margin: bool,
    /// Hyphen glyphs by style.
    hyphens: Vec<(Style, Option<Glyph>)>,
}

impl<'a, 'b> Layout<'a, 'b> {
    pub fn new(shaper: Shaper<'a>, images: &'b mut Images, size: f32, max_height: f32) -> Self {
        Layout {
            shaper,
            images,
            size,
            indent: false,
            max_height,
            base_dir: None,
            image_paths: Default::default(),
            assets: crate::assets::AssetOptions::default(),
            warnings: Vec::new(),
            not_fetched: Default::default(),
            level_offset: 0,
            lang: String::new(),
            notes: HashSet::new(),
            noted: Default::default(),
            note_bodies: Default::default(),
            placed: HashSet::new(),
            endnotes_started: false,
            depth: 0,
            leading: BODY_LEADING,
            warned_math: false,
            in_cell: false,
            color: BLACK,
            list_depth: 0,
            tags: Tags::default(),
            narrow_margin: false,
            hyphens: Vec::new(),
        }
    }

    fn style(&self) -> Style {
        Style {
            color: self.color,
            ..Style::body(self.size)
        }
    }

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
    fn balanced(
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

    fn paragraph(&mut self, content: &[Inline], x: f32, w: f32, space: f32) -> Vec<Item> {
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

    /// Keeps a small image in the line (no taller than two lines of text): true if it is.
    fn inline_image(&mut self, image: &Loaded, asked: &crate::tree::Image, w: f32) -> bool {
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
    fn load(&mut self, image: &crate::tree::Image, w: f32) -> Option<Loaded> {
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
    fn image_item(&mut self, image: &Loaded, asked: &crate::tree::Image, x: f32, w: f32) -> Item {
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

    /// The post's title with its date and author under it.
    pub fn title_block(
        &mut self,
        title: &str,
        byline: &str,
        x: f32,
        w: f32,
        id: &str,
    ) -> Vec<Item> {
        let style = Style {
            size: self.size * 1.9,
            bold: true,
            ..self.style()
        };
        let glyphs = self.shaper.glyphs(title, style);
        let mut items = self.balanced(&glyphs, x, w, 1.35, 0.0);
        items.iter_mut().for_each(|i| i.keep_with_next = true);
        if let Some(first) = items.first_mut() {
            first.anchor = Some(Anchor {
                id: id.to_string(),
                title: title.to_string(),
                level: self.level_offset,
            });
        }
        if !byline.is_empty() {
            let style = Style {
                size: self.size * 0.85,
                color: GREY,
                ..self.style()
            };
            let glyphs = self.shaper.glyphs(byline, style);
            let mut meta = self.text(&glyphs, x, w, Align::Left, 0.0, 1.5, self.size * 0.4);
            meta.iter_mut().for_each(|i| i.keep_with_next = true);
            items.extend(meta);
        }
        // The rule under the title block.
        items.push(Item {
            height: self.size * 1.2,
            space_before: self.size * 0.3,
            keep_with_next: true,
            draws: vec![Draw::Stroke {
                x1: x,
                y1: self.size * 0.3,
                x2: x + w,
                y2: self.size * 0.3,
                width: 0.6,
                color: QUOTE_RULE,
            }],
            ..Item::default()
        });
        items
    }

    /// Lays out blocks in the column at `x`, `w` wide.
    pub fn blocks(&mut self, blocks: &[Block], x: f32, w: f32, out: &mut Vec<Item>) {
        self.blocks_each(blocks, x, w, &mut |items| out.extend(items));
    }

    /// As `blocks`, handing on each block's items as soon as they are made.
    pub fn blocks_each(
        &mut self,
        blocks: &[Block],
        x: f32,
        w: f32,
        out: &mut dyn FnMut(Vec<Item>),
    ) {
        self.depth += 1;
        for (i, block) in blocks.iter().enumerate() {
            // The inline boxes of earlier blocks are drawn: memory stays bounded by a block.
            // (A table cell's blocks leave them: the table may still be placing its cells.)
            if !self.in_cell {
                self.shaper.boxes.clear();
            }
            let first = i == 0;
            // Indented paragraphs (the Chinese convention) need little space between them.
            let between = if self.indent && matches!(block, Block::Paragraph(_)) {
                0.25
            } else {
                0.6
            };
            let gap = if first { 0.0 } else { self.size * between };
            let container = container_role(block);
            if let Some(role) = container {
                self.tags.open(role, None);
            }
            let mut items = match block {
                Block::Heading { level, id, content } => self.heading(*level, id, content, x, w),
                Block::Paragraph(content) => self.paragraph(content, x, w, gap),
                Block::List(list) => self.list(list, x, w),
                Block::BlockQuote(inner) => self.quote(inner, x, w),
                Block::CodeBlock { lang, code } => self.code_block(lang.as_deref(), code, x, w),
                Block::Table(table) => self.table(table, x, w),
                Block::Figure(figure) => self.figure(figure, x, w),
                Block::ThematicBreak => vec![self.rule(x, w)],
                Block::Footnote(note) if self.placed.contains(&note.id) => Vec::new(),
                Block::Footnote(note) => {
                    let first_note = !self.endnotes_started;
                    self.endnotes_started = true;
                    self.footnote(note, first_note, x, w)
                }
                Block::Callout(callout) => self.callout(callout, x, w),
                Block::Definitions(defs) => self.definitions(defs, x, w),
                Block::Math(m) => self.math(&m.tex, x, w),
            };
            self.tag_block(block, container.is_some(), &mut items);
            if container.is_some() {
                self.tags.close();
            }
            if let Some(head) = items.first_mut() {
                if !matches!(block, Block::Heading { .. }) || first {
                    head.space_before = if first {
                        0.0
                    } else {
                        head.space_before.max(gap)
                    };
                }
            }
            if self.depth == 1 {
                self.attach_notes(&mut items, x, w);
            }
            out(items);
        }
        self.depth -= 1;
    }

    /// Marks the items a block made that no nested element claimed: with the block's own
    /// element, or (the label of a note, a callout's title) a paragraph in its container.
    fn tag_block(&mut self, block: &Block, container: bool, items: &mut [Item]) {
        let untagged = |i: &&mut Item| {
            i.tag.is_none()
                && i.draws
                    .iter()
                    .any(|d| matches!(d, Draw::Text { .. } | Draw::Image { .. }))
        };
        let mut mark = None;
        for item in items.iter_mut().filter(untagged) {
            let m = *mark.get_or_insert_with(|| {
                let (role, alt) = match block {
                    _ if container => ("P", None),
                    Block::Heading { level, .. } => (
                        super::tags::heading(level.clamp(&1, &6) + self.level_offset + 1),
                        None,
                    ),
                    Block::CodeBlock { .. } => ("Code", None),
                    Block::Math(m) => ("Formula", Some(m.tex.clone())),
                    _ => ("P", None),
                };
                self.tags.leaf(role, alt)
            });
            item.tag = Some(m);
        }
    }

    fn heading(&mut self, level: u8, id: &str, content: &[Inline], x: f32, w: f32) -> Vec<Item> {
        let scale = match level {
            1 => 1.55,
            2 => 1.35,
            3 => 1.2,
            4 => 1.1,
            _ => 1.0,
        };
        let style = Style {
            size: self.size * scale,
            bold: true,
            ..self.style()
        };
        let mut glyphs = Vec::new();
        self.shaper.inlines(content, style, &mut glyphs);
        let space = self.size * if level <= 2 { 1.5 } else { 1.1 };
        let mut items = self.balanced(&glyphs, x, w, 1.4, space);
        // A heading is never the last thing on a page.
        items.iter_mut().for_each(|i| i.keep_with_next = true);
        if let Some(first) = items.first_mut() {
            let mut title = String::new();
            crate::tree::inline_text(content, &mut title);
            first.anchor = Some(Anchor {
                id: format!("{}{id}", self.shaper.scope),
                title: title.trim().to_string(),
                level: level.clamp(1, 6) + self.level_offset,
            });
        }
        items
    }

    /// How far a nested container indents: `want`, unless the column would get narrower than
    /// four ems (deeply nested input), where nesting stops moving right.
    fn inset(&self, w: f32, want: f32) -> f32 {
        if w - want >= self.size * 4.0 {
            want
        } else {
            0.0
        }
    }

    fn list(&mut self, list: &List, x: f32, w: f32) -> Vec<Item> {
        let hang = self.inset(w, self.size * 2.0);
        let depth = self.list_depth;
        self.list_depth += 1;
        let mut out = Vec::new();
        for (n, item_blocks) in list.items.iter().enumerate() {
            let mut items = Vec::new();
            self.tags.open("LI", None);
            self.tags.open("LBody", None);
            self.blocks(item_blocks, x + hang, w - hang, &mut items);
            self.tags.close();
            self.tags.close();
            if items.is_empty() {
                items.push(Item {
                    height: self.size * BODY_LEADING,
                    ..Item::default()
                });
            }
            let marker = if list.task(n).is_some() {
                "□".to_string()
            } else if list.ordered {
                let number = list.start.saturating_add(n as u64);
                format!("{number}.")
            } else {
                ["•", "◦", "▪"]
                    .get(depth % 3)
                    .copied()
                    .unwrap_or("•")
                    .to_string()
            };
            self.add_marker(&marker, x, hang, &mut items);
            if list.task(n) == Some(true) {
                // The built-in fonts have no ☑: a tick drawn in the box.
                self.add_marker("✓", x, hang, &mut items);
            }
            if let Some(head) = items.first_mut() {
                let gap = if list.tight {
                    self.size * 0.25
                } else {
                    self.size * 0.6
                };
                head.space_before = if n == 0 { 0.0 } else { gap };
            }
            out.extend(items);
        }
        self.list_depth = depth;
        out
    }

    /// Draws a list marker right-aligned in the hanging indent, on the first line's baseline.
    fn add_marker(&mut self, marker: &str, x: f32, hang: f32, items: &mut [Item]) {
        let style = self.style();
        let glyphs = self.shaper.glyphs(marker, style);
        let width: f32 = glyphs.iter().map(|g| g.adv).sum();
        let start = x + (hang - width - self.size * 0.5).max(0.0);
        let Some(first) = items.first_mut() else {
            return;
        };
        let baseline = first
            .draws
            .iter()
            .find_map(|d| match d {
                Draw::Text { baseline, .. } => Some(*baseline),
                _ => None,
            })
            .unwrap_or(self.size * 1.2);
        first.draws.push(Draw::Text {
            baseline,
            glyphs: super::text::place(glyphs, start),
        });
    }

    fn quote(&mut self, inner: &[Block], x: f32, w: f32) -> Vec<Item> {
        let inset = self.inset(w, self.size * 1.5);
        let saved = self.color;
        self.color = QUOTE_TEXT;
        let mut items = Vec::new();
        self.blocks(inner, x + inset, w - inset, &mut items);
        self.color = saved;
        bracket(&mut items, x + self.size * 0.4, 0.0, QUOTE_RULE);
        items
    }

    fn rule(&mut self, x: f32, w: f32) -> Item {
        let y = self.size * 1.0;
        Item {
            height: self.size * 2.0,
            draws: vec![Draw::Stroke {
                x1: x + w * 0.35,
                y1: y,
                x2: x + w * 0.65,
                y2: y,
                width: 0.8,
                color: QUOTE_RULE,
            }],
            ..Item::default()
        }
    }

    fn caption(&mut self, caption: &[Inline], x: f32, w: f32) -> Vec<Item> {
        let mut glyphs = Vec::new();
        let style = Style {
            size: self.size * 0.85,
            color: GREY,
            ..self.style()
        };
        self.shaper.inlines(caption, style, &mut glyphs);
        self.text(&glyphs, x, w, Align::Center, 0.0, 1.5, self.size * 0.3)
    }

    fn figure(&mut self, figure: &Figure, x: f32, w: f32) -> Vec<Item> {
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

    fn table(&mut self, table: &Table, x: f32, w: f32) -> Vec<Item> {
        let pad = self.size * 0.4;
        let columns = table
            .head
            .iter()
            .chain(&table.body)
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| c.colspan.max(1) as usize)
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0)
            .clamp(1, 64);
        // Content widths per column: the longest unbreakable piece and the whole text.
        let mut min = vec![self.size; columns];
        let mut max = vec![self.size; columns];
        let rows: Vec<&crate::tree::Row> = table.head.iter().chain(&table.body).collect();
        let grid = grid(&rows, columns);
        for (r, (row, slots)) in rows.iter().zip(&grid).enumerate() {
            for (cell, &(col, span)) in row.cells.iter().zip(slots) {
                let mut glyphs = Vec::new();
                // Header rows are set in bold (`bolden`): measured so, short words fit whole.
                let style = Style {
                    bold: cell.header || r < table.head.len(),
                    ..self.style()
                };
                for b in &cell.blocks {
                    let mut text = String::new();
                    crate::tree::block_text(std::slice::from_ref(b), &mut text);
                    self.shaper.push_str(text.trim_end(), style, &mut glyphs);
                    self.shaper.push_str("\n", style, &mut glyphs);
                }
                let (lo, hi) = min_max_width(&glyphs);
                // CJK may break between any two characters, but a column a character or two
                // wide is unreadable: short cells keep their whole width, longer ones four ems.
                let lo = lo.max(hi.min(self.size * 4.0));
                let share = span as f32;
                for c in col..(col + span).min(columns) {
                    if let (Some(mn), Some(mx)) = (min.get_mut(c), max.get_mut(c)) {
                        *mn = mn.max(lo / share + 2.0 * pad);
                        *mx = mx.max(hi / share + 2.0 * pad);
                    }
                }
            }
        }
        let widths = column_widths(&min, &max, w);
        let table_w: f32 = widths.iter().sum();
        let mut items = Vec::new();
        if !table.caption.is_empty() {
            let mut caption = self.caption(&table.caption, x, table_w);
            let mark = self.tags.leaf("Caption", None);
            caption.iter_mut().for_each(|i| {
                i.keep_with_next = true;
                i.tag = Some(mark);
            });
            items.extend(caption);
        }
        let mut header: Option<Rc<Item>> = None;
        for (i, (row, slots)) in rows.iter().zip(&grid).enumerate() {
            let ctx = RowContext {
                widths: &widths,
                align: &table.align,
                slots,
                x,
                pad,
                head: i < table.head.len(),
            };
            self.tags.open("TR", None);
            let mut item = self.row(row, &ctx);
            self.tags.close();
            if item.height > self.max_height {
                // A row taller than a page cannot be drawn as one: its cells' content flows
                // on, one cell after another, under a rule.
                items.push(self.rule(x, w));
                for cell in &row.cells {
                    self.blocks(&cell.blocks, x, w, &mut items);
                }
                continue;
            }
            if ctx.head {
                // Repeated on later pages with a closing border of its own.
                let mut repeated = item.clone();
                repeated
                    .draws
                    .push(stroke(x, item.height, x + table_w, item.height));
                header = Some(Rc::new(repeated));
                item.keep_with_next = true;
            } else {
                item.repeat_header = header.clone();
            }
            items.push(item);
        }
        items
    }

    fn row(&mut self, row: &crate::tree::Row, ctx: &RowContext) -> Item {
        let mut draws = Vec::new();
        let mut cells = Vec::new();
        let mut note_ids = Vec::new();
        let mut height: f32 = 0.0;
        let pad = ctx.pad;
        for (cell, &(col, span)) in row.cells.iter().zip(ctx.slots) {
            let cx = ctx.x + ctx.widths.iter().take(col).sum::<f32>();
            let cw: f32 = ctx.widths.iter().skip(col).take(span).sum();
            if cw <= 0.0 {
                continue;
            }
            let saved = self.in_cell;
            self.in_cell = true;
            let head = cell.header || ctx.head;
            let mut inner = Vec::new();
            self.tags.open(if head { "TH" } else { "TD" }, None);
            if head {
                self.blocks(&bolden(&cell.blocks), cx + pad, cw - 2.0 * pad, &mut inner);
            } else {
                self.blocks(&cell.blocks, cx + pad, cw - 2.0 * pad, &mut inner);
            }
            self.tags.close();
            self.in_cell = saved;
            for it in &mut inner {
                note_ids.append(&mut it.note_ids);
            }
            let (h, flat) = stack(inner);
            height = height.max(h);
            let align = match cell.align {
                crate::tree::Align::None => ctx.align.get(col).copied().unwrap_or_default(),
                a => a,
            };
            cells.push((cx, cw, flat, head, align));
        }
        let height = height + 2.0 * pad;
        let right = ctx.x + ctx.widths.iter().sum::<f32>();
        for (cx, cw, flat, head, align) in cells {
            if head {
                draws.push(Draw::Fill {
                    x: cx,
                    y: 0.0,
                    w: cw,
                    h: height,
                    color: TABLE_HEAD_BG,
                });
            }
            let dx = align_offset(&flat, cx + pad, cw - 2.0 * pad, align);
            for mut d in flat {
                shift(std::slice::from_mut(&mut d), pad);
                move_x(&mut d, dx);
                draws.push(d);
            }
            draws.push(Draw::Tag(None));
            // Top border per cell: none across a cell spanning down from the row above.
            draws.push(stroke(cx, 0.0, cx + cw, 0.0));
        }
        let mut edge = ctx.x;
        draws.push(stroke(edge, 0.0, edge, height));
        for w in ctx.widths {
            edge += w;
            draws.push(stroke(edge, 0.0, edge, height));
        }
        // Every row closes its bottom: a table broken across pages is closed on each.
        draws.push(stroke(ctx.x, height, right, height));
        Item {
            height,
            draws,
            note_ids,
            ..Item::default()
        }
    }
}

struct RowContext<'r> {
    widths: &'r [f32],
    align: &'r [crate::tree::Align],
    /// Column and span of each cell of the row.
    slots: &'r [(usize, usize)],
    x: f32,
    pad: f32,
    head: bool,
}

/// The column and span of every cell, skipping columns that cells from rows above still
/// cover (rowspan).
fn grid(rows: &[&crate::tree::Row], columns: usize) -> Vec<Vec<(usize, usize)>> {
    let mut covered = vec![0u32; columns];
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut slots = Vec::with_capacity(row.cells.len());
        let mut col = 0;
        for cell in &row.cells {
            while covered.get(col).is_some_and(|c| *c > 0) {
                col += 1;
            }
            let span = (cell.colspan.max(1) as usize).min(columns.saturating_sub(col));
            slots.push((col, span));
            for c in covered.iter_mut().skip(col).take(span) {
                *c = cell.rowspan.clamp(1, 1000);
            }
            col += span;
        }
        for c in covered.iter_mut() {
            *c = c.saturating_sub(1);
        }
        out.push(slots);
    }
    out
}

fn stroke(x1: f32, y1: f32, x2: f32, y2: f32) -> Draw {
    Draw::Stroke {
        x1,
        y1,
        x2,
        y2,
        width: 0.5,
        color: TABLE_BORDER,
    }
}

/// Column widths between the content minimums and maximums, fitted to `w`.
fn column_widths(min: &[f32], max: &[f32], w: f32) -> Vec<f32> {
    let (sum_min, sum_max): (f32, f32) = (min.iter().sum(), max.iter().sum());
    if sum_max <= w {
        return max.to_vec();
    }
    if sum_min >= w {
        return min.iter().map(|m| m * w / sum_min).collect();
    }
    let t = (w - sum_min) / (sum_max - sum_min).max(0.001);
    min.iter().zip(max).map(|(a, b)| a + (b - a) * t).collect()
}

/// Moves a cell's lines for right or centred alignment.
fn align_offset(draws: &[Draw], x: f32, w: f32, align: crate::tree::Align) -> f32 {
    let right_edge = draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text { glyphs, .. } => glyphs.last().map(|(gx, g)| gx + g.adv),
            _ => None,
        })
        .fold(x, f32::max);
    let slack = (x + w - right_edge).max(0.0);
    match align {
        crate::tree::Align::Right => slack,
        crate::tree::Align::Center => slack / 2.0,
        _ => 0.0,
    }
}

fn move_x(d: &mut Draw, dx: f32) {
    if dx == 0.0 {
        return;
    }
    match d {
        Draw::Text { glyphs, .. } => glyphs.iter_mut().for_each(|(x, _)| *x += dx),
        Draw::Fill { x, .. } | Draw::Image { x, .. } | Draw::Link { x, .. } => *x += dx,
        Draw::Stroke { x1, x2, .. } => {
            *x1 += dx;
            *x2 += dx;
        }
        Draw::Tag(_) => {}
    }
}

/// The structure element a block opens around what it holds, if it holds blocks.
fn container_role(block: &Block) -> Option<&'static str> {
    match block {
        Block::List(_) => Some("L"),
        Block::BlockQuote(_) => Some("BlockQuote"),
        Block::Table(_) => Some("Table"),
        Block::Footnote(_) => Some("Note"),
        Block::Callout(_) | Block::Definitions(_) => Some("Div"),
        _ => None,
    }
}

/// Table header cells are set in bold.
fn bolden(blocks: &[Block]) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(c) => Block::Paragraph(vec![Inline::Strong(c.clone())]),
            other => other.clone(),
        })
        .collect()
}

/// Stacks items into one block of draws (inside a table cell, which does not break).
fn stack(items: Vec<Item>) -> (f32, Vec<Draw>) {
    let mut y = 0.0;
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            y += item.space_before;
        }
        out.push(Draw::Tag(None));
        for deco in &item.decos {
            out.push(deco_draw(
                deco,
                y - if i > 0 { deco.extend_up } else { 0.0 },
                item.height + if i > 0 { deco.extend_up } else { 0.0 },
            ));
        }
        let mut draws = item.draws;
        shift(&mut draws, y);
        out.push(Draw::Tag(item.tag));
        out.extend(draws);
        y += item.height;
    }
    (y, out)
}

/// The draw for a decoration covering `h` from `y`.
/// The image an inline shows on its own: an image, or a link around nothing but one.
fn image_of(inline: &Inline) -> Option<&crate::tree::Image> {
    match inline {
        Inline::Image(img) => Some(img),
        Inline::Link { content, .. } => match content.as_slice() {
            [Inline::Image(img)] => Some(img),
            _ => None,
        },
        _ => None,
    }
}

pub fn deco_draw(deco: &Deco, y: f32, h: f32) -> Draw {
    if deco.w > 0.0 {
        Draw::Fill {
            x: deco.x,
            y,
            w: deco.w,
            h,
            color: deco.color,
        }
    } else {
        Draw::Stroke {
            x1: deco.x,
            y1: y,
            x2: deco.x,
            y2: y + h,
            width: 2.0,
            color: deco.color,
        }
    }
}

/// Marks items as inside a container drawn with `color` at `x` (`w` zero for a rule).
fn bracket(items: &mut [Item], x: f32, w: f32, color: Color) {
    for (i, item) in items.iter_mut().enumerate() {
        let extend_up = if i == 0 { 0.0 } else { item.space_before };
        // Backgrounds go under what nested containers drew.
        item.decos.insert(
            0,
            Deco {
                x,
                w,
                color,
                extend_up,
            },
        );
    }
}

/// Moves draws down by `dy`.
pub fn shift(draws: &mut [Draw], dy: f32) {
    for d in draws {
        match d {
            Draw::Text { baseline, .. } => *baseline += dy,
            Draw::Fill { y, .. } | Draw::Image { y, .. } | Draw::Link { y, .. } => *y += dy,
            Draw::Stroke { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Draw::Tag(_) => {}
        }
    }
}

const MARK_TINT: Color = Color(0xff, 0xef, 0x9e);
const KEY_BORDER: Color = Color(0x80, 0x80, 0x80);

/// What a run of glyphs draws around itself, beyond the glyphs.
fn decorations(s: &Style) -> (bool, bool, bool, bool) {
    (s.strike, s.underline, s.mark, s.kbd)
}

/// A thin box around a key's glyphs, in the room the shaper left on either side of them.
fn key_box(draws: &mut Vec<Draw>, left: f32, right: f32, baseline: f32, size: f32) {
    let inset = size * super::text::KEY_PAD * 0.25;
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
pub fn line_item(line: &Line, x: f32, leading: f32, base: f32) -> Item {
    line_item_boxed(line, x, leading, base, &[])
}

/// As [`line_item`], drawing the inline boxes (`boxes`, by [`Glyph::obj`]) the line holds:
/// a box taller or deeper than the text moves the lines apart.
pub fn line_item_boxed(line: &Line, x: f32, leading: f32, base: f32, boxes: &[InlineBox]) -> Item {
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
