//! Block layout: the document tree becomes a flow of vertical items (lines, rows, images)
//! with the rules pagination needs (space before, keep with next, page break before).
//! Each kind of block is laid out in a module of its own; this one holds what they share and
//! hands each block to its module.

mod code;
mod content;
mod figure;
mod formula;
mod heading;
mod line;
mod list;
mod paragraph;
mod quote;
mod table;

use std::collections::HashSet;
use std::rc::Rc;

use super::images::Images;
use super::tags::{Mark, Tags};
use super::text::{Color, Glyph, Shaper, Style, BLACK};
use crate::tree::Block;

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

    /// How far a nested container indents: `want`, unless the column would get narrower than
    /// four ems (deeply nested input), where nesting stops moving right.
    fn inset(&self, w: f32, want: f32) -> f32 {
        if w - want >= self.size * 4.0 {
            want
        } else {
            0.0
        }
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

/// The draw for a decoration covering `h` from `y`.
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
