//! Pages to PDF: each finished page becomes a compressed content stream written to the file
//! at once (text as glyph codes in `TJ` runs, shapes, images), and so does each image; at the
//! end printpdf makes the font subsets, and the page objects are written around the streams.
//!
//! Content is written here rather than as printpdf `Op`s because an `Op` per glyph costs
//! hundreds of bytes until the document is saved: a 50 MB post needed 11 GB that way. A page's
//! compressed stream is about a tenth of its text, and that is all a post keeps.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;

use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Pt, TextItem,
};

use super::error::PdfError;
use super::layout::Draw;
use super::objects::FileWriter;
use super::paginate::Page;
use super::structure::Tree;
use super::tags::{Mark, Tags};
use super::text::{Color, Glyph};
use crate::fonts::{self, FaceId, FontSet};

/// Where a link goes once pages are known.
pub enum Target {
    Uri(String),
    /// Page index (from 0) and y from the page top.
    Internal(usize, f32),
    None,
}

pub struct Sheet {
    pub width: f32,
    pub height: f32,
}

/// The codes a face's glyphs get, in the order they are first drawn: code `n` is glyph `n` of
/// the subset made at the end, so content can be written before the subset exists.
/// (original glyph, first character or `\0` for none, the rest of a multi-character glyph's text).
type CodeKey = (u16, char, Option<&'static str>);

struct FaceCodes {
    /// (original glyph, character) to code. A glyph drawing two characters (fonts share one
    /// glyph for U+00B7 and U+2022, or for a radical and its ideograph) gets a code per
    /// character, so `/ToUnicode` gives each its own text back.
    /// Looked up for every glyph drawn: foldhash (randomly seeded) rather than SipHash.
    codes: HashMap<CodeKey, u16, foldhash::fast::RandomState>,
    order: Vec<CodeKey>,
    /// CFF outlines are subset by allsorts, which keeps each glyph once: one code per glyph.
    per_glyph: bool,
    /// CID-keyed CFF: the subset keeps the font's CIDs, and those are the codes viewers use.
    cids: Option<BTreeMap<u16, u16>>,
    units_per_em: f32,
    /// `.notdef` boxes given a code of their own (for their text), at most `MAX_BOXES`.
    boxes: usize,
}

/// Distinct characters drawn as boxes that keep their text, a face; past that a box is drawn
/// without text, so hostile text cannot fill the code space with copies of `.notdef`.
const MAX_BOXES: usize = 1024;

impl FaceCodes {
    fn new(face: &fonts::Face) -> FaceCodes {
        let per_glyph = !face.is_truetype();
        FaceCodes {
            codes: HashMap::default(),
            order: Vec::new(),
            per_glyph,
            cids: per_glyph
                .then(|| printpdf::cff_charset_gid_to_cid_map(face.data(), 0))
                .flatten(),
            units_per_em: f32::from(face.units_per_em().max(1)),
            boxes: 0,
        }
    }

    /// The subset glyph for `g`; 0 (.notdef) past the 65,535 a font can hold. The `.notdef`
    /// box of a character no font has gets a code too, so the text keeps the character.
    fn glyph(&mut self, g: &Glyph) -> u16 {
        // A further glyph of a cluster has no text: its first glyph carries it.
        let text = if g.cont { ('\0', None) } else { (g.ch, g.tail) };
        if g.gid == 0 && (text.0 == '\0' || self.boxes >= MAX_BOXES) {
            return 0;
        }
        let key = if self.per_glyph {
            (g.gid, '\0', None)
        } else {
            (g.gid, text.0, text.1)
        };
        if let Some(&n) = self.codes.get(&key) {
            return n;
        }
        let Ok(n) = u16::try_from(self.order.len() + 1) else {
            return 0;
        };
        self.codes.insert(key, n);
        self.order.push((g.gid, text.0, text.1));
        if g.gid == 0 {
            self.boxes += 1;
        }
        n
    }

    /// The code written in content for subset glyph `n`.
    fn code(&self, n: u16) -> u16 {
        match (&self.cids, self.order.get(usize::from(n).wrapping_sub(1))) {
            (Some(cids), Some((gid, _, _))) => cids.get(gid).copied().unwrap_or(n),
            _ => n,
        }
    }
}

/// A link area (`[x1 y1 x2 y2]` in PDF space), its link index, and the element it is in.
type PageLink = ([f32; 4], u32, Option<u32>);

/// A page written, its structure not yet given to the tree (the tags are the layout's until
/// the post is laid out).
struct Written {
    id: u32,
    content: u32,
    links: Vec<PageLink>,
    /// The structure element of each marked-content sequence, by MCID.
    marks: Vec<u32>,
}

/// What is kept of a page until the page objects are written at the end.
struct PageOut {
    id: u32,
    content: u32,
    /// Its key in the parent tree.
    key: i64,
    annots: Vec<Annot>,
}

/// A link annotation: its object and parent tree key are given when its page is written,
/// the annotation itself once every link's target is known.
struct Annot {
    id: u32,
    key: i64,
    rect: [f32; 4],
    link: u32,
}

pub struct Writer<'f, 'o> {
    sheet: Sheet,
    font_set: &'f FontSet,
    faces: BTreeMap<u16, FaceCodes>,
    written: Vec<Written>,
    pages: Vec<PageOut>,
    /// Where the front pages begin in `pages`.
    front: Option<usize>,
    tree: Tree,
    /// Reused for each page's uncompressed content.
    buf: Vec<u8>,
    /// Deflates each page's content: set up once (its tables cost as much as a page).
    z: flate2::Compress,
    file: FileWriter<'o>,
    /// The object of each image, by the index content names it with (`/Im0`, …).
    images: Vec<u32>,
}

impl<'f, 'o> Writer<'f, 'o> {
    pub fn new(sheet: Sheet, font_set: &'f FontSet, mut file: FileWriter<'o>) -> Self {
        Writer {
            sheet,
            font_set,
            faces: BTreeMap::new(),
            written: Vec::new(),
            pages: Vec::new(),
            front: None,
            tree: Tree::new(&mut file),
            buf: Vec::new(),
            z: flate2::Compress::new(
                flate2::Compression::new(super::postprocess::CONTENT_LEVEL),
                true,
            ),
            file,
            images: Vec::new(),
        }
    }

    /// Writes the next image (the one with the index after the last written).
    pub fn image(&mut self, image: super::images::Encoded) -> Result<(), PdfError> {
        let id = image.write_to(&mut self.file)?;
        self.images.push(id);
        Ok(())
    }

    /// The pages written from now on (a book's title page and contents, made once the
    /// body's page numbers are known) go before the others.
    pub fn front_begins(&mut self) {
        self.tree.front_begins();
        self.front = Some(self.pages.len() + self.written.len());
    }

    /// Gives the pages written since the last call to the structure tree, with their links
    /// (those `live` says may have a target get an annotation); then writes the elements
    /// numbered below `done`, which can show no more, and has `tags` forget them.
    pub fn structure(
        &mut self,
        tags: &mut Tags,
        live: &dyn Fn(u32) -> bool,
        done: u32,
    ) -> Result<(), PdfError> {
        for page in std::mem::take(&mut self.written) {
            let key = self.tree.page(&mut self.file, tags, page.id, &page.marks);
            let mut annots = Vec::new();
            for (rect, link, elem) in page.links {
                if live(link) {
                    let (id, key) = self.tree.link(&mut self.file, tags, page.id, elem)?;
                    annots.push(Annot {
                        id,
                        key,
                        rect,
                        link,
                    });
                }
            }
            self.pages.push(PageOut {
                id: page.id,
                content: page.content,
                key,
                annots,
            });
        }
        self.tree.write_below(&mut self.file, tags, done)
    }

    /// Writes a finished page.
    pub fn page(&mut self, page: &Page) -> Result<(), PdfError> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let mut links = Vec::new();
        let h = self.sheet.height;
        buf.extend_from_slice(b"/Artifact BMC\n");
        for d in &page.back {
            shape(d, h, &mut buf, &mut links, None);
        }
        buf.extend_from_slice(b"EMC\n");
        let marks = self.front(page, &mut buf, &mut links);
        let content = super::postprocess::deflate_with(&mut self.z, &buf)
            .ok_or_else(|| PdfError::Write("a page's content would not deflate".into()))?;
        self.buf = buf;
        let content = self.file.stream(
            Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]),
            &content,
        )?;
        let id = self.file.reserve();
        self.written.push(Written {
            id,
            content,
            links,
            marks,
        });
        Ok(())
    }

    /// The page's content in reading order, each element's draws in a marked-content
    /// sequence (`BDC` with its MCID) and decoration as `/Artifact`; text in `TJ` runs, its
    /// glyphs placed at their laid-out x by kerning against the advances `/W` declares.
    /// Returns the element each MCID shows.
    fn front(&mut self, page: &Page, out: &mut Vec<u8>, links: &mut Vec<PageLink>) -> Vec<u32> {
        let mut run = Run::default();
        let mut marks = Vec::new();
        let mut in_text = false;
        // The sequence open now: `None` before the first.
        let mut current: Option<Option<Mark>> = None;
        let h = self.sheet.height;
        let end_text = |run: &mut Run, in_text: &mut bool, out: &mut Vec<u8>| {
            run.end(out);
            if std::mem::take(in_text) {
                out.extend_from_slice(b"ET\n");
            }
        };
        for d in &page.front {
            let want = match d {
                Draw::Tag(t) => *t,
                // Draws before any tag (a footer) are decoration.
                _ => current.unwrap_or(None),
            };
            if current != Some(want) {
                end_text(&mut run, &mut in_text, out);
                if current.is_some() {
                    out.extend_from_slice(b"EMC\n");
                }
                match want {
                    Some(m) => {
                        let _ = writeln!(out, "/{} <</MCID {}>> BDC", m.role, marks.len());
                        marks.push(m.elem);
                    }
                    None => out.extend_from_slice(b"/Artifact BMC\n"),
                }
                current = Some(want);
            }
            match d {
                Draw::Tag(_) => {}
                Draw::Text { baseline, glyphs } => {
                    if !in_text {
                        out.extend_from_slice(b"BT\n");
                        in_text = true;
                    }
                    run.end(out);
                    // An inline box the line did not expand has nothing of its own to draw.
                    for (x, g) in glyphs.iter().filter(|(_, g)| g.obj.is_none()) {
                        let face = self
                            .faces
                            .entry(g.face.0)
                            .or_insert_with(|| FaceCodes::new(self.font_set.face(g.face)));
                        let n = face.glyph(g);
                        let code = face.code(n);
                        let adv = (f32::from(self.font_set.face(g.face).advance(g.gid)) * 1000.0
                            / face.units_per_em)
                            .trunc();
                        run.glyph(*x + g.dx, h - baseline, g, code, adv, out);
                        if n == 0 {
                            // `/W` has no width for .notdef: the next glyph is placed afresh.
                            run.end(out);
                        }
                    }
                }
                other => {
                    end_text(&mut run, &mut in_text, out);
                    shape(other, h, out, links, want.map(|m| m.elem));
                    // Fills set the colour text also uses.
                    run.color = None;
                }
            }
        }
        end_text(&mut run, &mut in_text, out);
        if current.is_some() {
            out.extend_from_slice(b"EMC\n");
        }
        marks
    }

    /// The font subsets (what each code was drawn with) as printpdf makes them, in a lopdf
    /// document numbered after the objects written so far and holding the catalog; then the
    /// page objects around the content written, links resolved through `targets`.
    pub fn finish(mut self, targets: &[Target]) -> Result<Finished<'o>, PdfError> {
        if !self.written.is_empty() {
            return Err(PdfError::Write(
                "pages were not given to the structure tree".into(),
            ));
        }
        let mut doc = PdfDocument::new("");
        // printpdf writes `/W` and `/ToUnicode` from the glyphs its pages show; its one page
        // shows each code once, and only its resources are kept.
        let mut usage = vec![Op::StartTextSection];
        for (&face_index, codes) in &self.faces {
            if codes.order.is_empty() {
                continue;
            }
            let face = self.font_set.face(FaceId(face_index));
            let order: Vec<u16> = std::iter::once(0)
                .chain(codes.order.iter().map(|k| k.0))
                .collect();
            let bytes =
                fonts::pdf_subset(face, &order).map_err(|e| PdfError::Font(e.to_string()))?;
            let mut notes = Vec::new();
            let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut notes).ok_or_else(|| {
                PdfError::Font(format!(
                    "the subset of {} could not be read back",
                    face.postscript_name()
                ))
            })?;
            parsed.font_name = Some(format!(
                "{}+{}",
                subset_tag(face.postscript_name(), &order),
                face.postscript_name()
            ));
            let id = font_id(face_index);
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(parsed));
            usage.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(10.0),
            });
            let shown = (1..=codes.order.len())
                .zip(&codes.order)
                .filter_map(|(n, (_, ch, tail))| {
                    let mut text = String::new();
                    if *ch != '\0' {
                        text.push(*ch);
                        text.push_str(tail.unwrap_or(""));
                    }
                    Some(Codepoint {
                        gid: u16::try_from(n).ok()?,
                        offset: 0.0,
                        cid: Some(text),
                    })
                })
                .collect();
            usage.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(shown)],
            });
        }
        usage.push(Op::EndTextSection);
        let mm = |pt: f32| printpdf::Mm(pt * 25.4 / 72.0);
        let (w, h) = (mm(self.sheet.width), mm(self.sheet.height));
        doc.pages.push(PdfPage::new(w, h, usage));
        let save = printpdf::PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut notes = Vec::new();
        let mut lo = printpdf::to_lopdf_doc(&doc, &save, &mut notes);
        drop(doc);

        // printpdf numbers from 1; its objects follow those written.
        let base = self.file.next_id() - 1;
        self.file.reserve_many(lo.max_id as usize);
        shift_ids(&mut lo, base);
        let bad = |e: lopdf::Error| PdfError::Write(format!("printpdf's page: {e}"));
        let usage_page = lo
            .page_iter()
            .next()
            .ok_or_else(|| PdfError::Write("printpdf made no page".into()))?;
        let mut template = lo.get_dictionary(usage_page).map_err(bad)?.clone();
        let pages_node = template
            .get(b"Parent")
            .and_then(Object::as_reference)
            .map_err(bad)?;
        // The usage page and its content go; every page shares its resources.
        if let Some(Object::Reference(content)) = template.remove(b"Contents") {
            lo.objects.remove(&content);
        }
        lo.objects.remove(&usage_page);
        template.remove(b"Annots");
        let resources = match template.get(b"Resources") {
            Ok(Object::Reference(r)) => *r,
            _ => {
                let r = self.file.reserve();
                let dict = match template.remove(b"Resources") {
                    Some(Object::Dictionary(d)) => d,
                    _ => Dictionary::new(),
                };
                lo.objects.insert((r, 0), Object::Dictionary(dict));
                template.set("Resources", Object::Reference((r, 0)));
                (r, 0)
            }
        };
        if !self.images.is_empty() {
            let xobjects = Dictionary::from_iter(
                self.images
                    .iter()
                    .enumerate()
                    .map(|(i, &id)| (image_id(i), Object::Reference((id, 0)))),
            );
            lo.get_dictionary_mut(resources)
                .map_err(bad)?
                .set("XObject", Object::Dictionary(xobjects));
        }

        // The front pages, written last, come first.
        if let Some(front) = self.front.filter(|&f| f <= self.pages.len()) {
            self.pages.rotate_left(front);
        }
        let ids: Vec<ObjectId> = self.pages.iter().map(|p| (p.id, 0)).collect();
        for page in std::mem::take(&mut self.pages) {
            for a in &page.annots {
                let target = usize::try_from(a.link).ok().and_then(|l| targets.get(l));
                let mut dict = annotation(&a.rect, target, &ids, self.sheet.height);
                dict.set("StructParent", Object::Integer(a.key));
                self.file.put(a.id, &Object::Dictionary(dict))?;
            }
            let mut dict = template.clone();
            dict.set("Contents", Object::Reference((page.content, 0)));
            dict.set(
                "Annots",
                Object::Array(
                    page.annots
                        .iter()
                        .map(|a| Object::Reference((a.id, 0)))
                        .collect(),
                ),
            );
            dict.set("StructParents", Object::Integer(page.key));
            // Tab order follows the structure.
            dict.set("Tabs", Object::Name(b"S".to_vec()));
            self.file.put(page.id, &Object::Dictionary(dict))?;
        }
        let node = lo.get_dictionary_mut(pages_node).map_err(bad)?;
        node.set(
            "Kids",
            Object::Array(ids.iter().map(|&id| Object::Reference(id)).collect()),
        );
        node.set("Count", Object::Integer(ids.len() as i64));
        // Inherited by the pages; it also keeps the resources when the document is pruned.
        node.set("Resources", Object::Reference(resources));
        Ok(Finished {
            doc: lo,
            file: self.file,
            pages: ids,
            tree: self.tree,
        })
    }
}

/// What is left to write once the pages are: the catalog, the page tree and the fonts in
/// `doc`, numbered to follow what `file` holds.
pub struct Finished<'o> {
    pub doc: lopdf::Document,
    pub file: FileWriter<'o>,
    /// The page objects, in order.
    pub pages: Vec<ObjectId>,
    /// The structure tree, its elements written but for those of the last pages.
    pub tree: Tree,
}

/// Renumbers every object of `doc` (and every reference to one) `by` higher.
fn shift_ids(doc: &mut lopdf::Document, by: u32) {
    fn refs(o: &mut Object, by: u32) {
        match o {
            Object::Reference(id) => id.0 += by,
            Object::Array(items) => items.iter_mut().for_each(|i| refs(i, by)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| refs(v, by)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| refs(v, by)),
            _ => {}
        }
    }
    let objects = std::mem::take(&mut doc.objects);
    doc.objects = objects
        .into_iter()
        .map(|((id, generation), mut o)| {
            refs(&mut o, by);
            ((id + by, generation), o)
        })
        .collect();
    doc.trailer.iter_mut().for_each(|(_, v)| refs(v, by));
    doc.max_id += by;
}

/// A link annotation; one whose target is not known (a fragment no heading has) does nothing.
fn annotation(
    rect: &[f32; 4],
    target: Option<&Target>,
    pages: &[ObjectId],
    height: f32,
) -> Dictionary {
    let mut a = Dictionary::new();
    a.set("Type", Object::Name(b"Annot".to_vec()));
    a.set("Subtype", Object::Name(b"Link".to_vec()));
    a.set(
        "Rect",
        Object::Array(rect.iter().map(|v| Object::Real(*v)).collect()),
    );
    a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
    // Printed (PDF/A), and described for assistive technology (PDF/UA).
    a.set("F", Object::Integer(4));
    match target {
        Some(Target::Uri(uri)) => {
            a.set("Contents", Object::string_literal(uri.as_str()));
            let action = Dictionary::from_iter(vec![
                ("S", Object::Name(b"URI".to_vec())),
                ("URI", Object::string_literal(uri.as_str())),
            ]);
            a.set("A", Object::Dictionary(action));
        }
        Some(Target::Internal(page, top)) => {
            let Some(&page_id) = pages.get(*page) else {
                a.set("Contents", Object::string_literal("link"));
                return a;
            };
            a.set(
                "Contents",
                Object::string_literal(format!("page {}", page + 1)),
            );
            let page = page_id;
            let dest = Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(height - top),
                Object::Null,
            ]);
            let action =
                Dictionary::from_iter(vec![("S", Object::Name(b"GoTo".to_vec())), ("D", dest)]);
            a.set("A", Object::Dictionary(action));
        }
        // A fragment no heading has: the area is still described.
        Some(Target::None) | None => a.set("Contents", Object::string_literal("link")),
    }
    a
}

pub fn image_id(i: usize) -> String {
    format!("Im{i}")
}

fn font_id(face: u16) -> FontId {
    FontId(format!("F{face}"))
}

/// The six-letter `ABCDEF+` subset tag, derived from the glyph set so identical input gives
/// identical output.
fn subset_tag(name: &str, glyphs: &[u16]) -> String {
    let mut h = super::postprocess::Fnv::default();
    h.write(name.as_bytes());
    for g in glyphs {
        h.write(&g.to_be_bytes());
    }
    let mut v = h.finish();
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (v % 26) as u8);
            v /= 26;
            c
        })
        .collect()
}

/// The text state of the run being written.
#[derive(Default)]
struct Run {
    open: bool,
    /// Face and size (as bits) set with `Tf`.
    font: Option<(u16, u32)>,
    color: Option<Color>,
    skew: bool,
    y: f32,
    start: f32,
    /// Where the pen stands after the last glyph, in points from the run's start.
    pen: f32,
    /// Inside a `<…>` hex string.
    in_hex: bool,
}

impl Run {
    fn glyph(&mut self, x: f32, y: f32, g: &Glyph, code: u16, adv: f32, out: &mut Vec<u8>) {
        let size = g.style.size;
        let y = y + g.style.rise + g.dy;
        let font = Some((g.face.0, size.to_bits()));
        let continues = self.open
            && self.font == font
            && self.color == Some(g.style.color)
            && self.skew == g.style.italic
            && self.y.to_bits() == y.to_bits();
        if !continues {
            self.end(out);
            if self.font != font {
                let _ = writeln!(out, "/{} {} Tf", font_id(g.face.0).0, num(size));
                self.font = font;
            }
            if self.color != Some(g.style.color) {
                let _ = writeln!(out, "{} rg", rgb(g.style.color));
                self.color = Some(g.style.color);
            }
            // CJK faces have no italics: emphasis is a slanted text matrix.
            let skew = if g.style.italic { "0.2" } else { "0" };
            let _ = write!(out, "1 0 {skew} 1 {} {} Tm\n[", num(x), num(y));
            self.open = true;
            self.skew = g.style.italic;
            self.y = y;
            self.start = x;
            self.pen = 0.0;
        }
        // Kern (in thousandths of the size) from where the pen stands to the glyph's place.
        let kern = ((self.pen - (x - self.start)) * 1000.0 / size).round();
        if kern != 0.0 && kern.is_finite() {
            if self.in_hex {
                out.push(b'>');
                self.in_hex = false;
            }
            out.extend_from_slice(itoa::Buffer::new().format(kern as i64).as_bytes());
            self.pen -= kern * size / 1000.0;
        }
        if !self.in_hex {
            out.push(b'<');
            self.in_hex = true;
        }
        let [high, low] = code.to_be_bytes();
        out.extend(super::objects::hex(high));
        out.extend(super::objects::hex(low));
        self.pen += adv * size / 1000.0;
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        if !self.open {
            return;
        }
        if self.in_hex {
            out.push(b'>');
        }
        out.extend_from_slice(b"]TJ\n");
        self.open = false;
        self.in_hex = false;
    }
}

/// A number as PDF content wants it: at most three decimals, no trailing zeros. Written
/// digit by digit, as `format!("{v:.3}")` would round it (half to even: every `f32` times 1000
/// is exact in an `f64`, so a tie is a true tie), without the formatting machinery a number.
fn num(v: f32) -> String {
    let m = (f64::from(v) * 1000.0).round_ties_even();
    if !v.is_finite() {
        return "0".into();
    }
    if m.abs() >= 1e15 {
        return num_formatted(v);
    }
    let m = m as i64;
    let (int, frac) = (m.unsigned_abs() / 1000, m.unsigned_abs() % 1000);
    let mut s = String::with_capacity(12);
    if m < 0 {
        s.push('-');
    }
    s.push_str(itoa::Buffer::new().format(int));
    if frac != 0 {
        s.push('.');
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let shown = if digits[2] != 0 {
            3
        } else if digits[1] != 0 {
            2
        } else {
            1
        };
        for d in digits.iter().take(shown) {
            s.push(char::from(b'0' + *d as u8));
        }
    }
    s
}

/// [`num`] through the formatter, for magnitudes past its integers.
fn num_formatted(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn rgb(c: Color) -> String {
    let f = |v: u8| num(f32::from(v) / 255.0);
    format!("{} {} {}", f(c.0), f(c.1), f(c.2))
}

/// Fills, rules and images; link areas are collected for annotations.
fn shape(d: &Draw, h: f32, out: &mut Vec<u8>, links: &mut Vec<PageLink>, elem: Option<u32>) {
    match d {
        Draw::Fill {
            x,
            y,
            w,
            h: fh,
            color,
        } => {
            let _ = writeln!(
                out,
                "{} rg {} {} {} {} re f",
                rgb(*color),
                num(*x),
                num(h - y - fh),
                num(*w),
                num(*fh)
            );
        }
        Draw::Stroke {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            let _ = writeln!(
                out,
                "{} RG {} w {} {} m {} {} l S",
                rgb(*color),
                num(*width),
                num(*x1),
                num(h - y1),
                num(*x2),
                num(h - y2)
            );
        }
        Draw::Image {
            x,
            y,
            w,
            h: ih,
            index,
        } => {
            let _ = writeln!(
                out,
                "q {} 0 0 {} {} {} cm /{} Do Q",
                num(*w),
                num(*ih),
                num(*x),
                num(h - y - ih),
                image_id(*index)
            );
        }
        Draw::Link {
            x,
            y,
            w,
            h: lh,
            link,
        } => links.push(([*x, h - y - lh, x + w, h - y], *link, elem)),
        Draw::Text { .. } | Draw::Tag(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(num(10.5), "10.5");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(0.12345), "0.123");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(1e20), "100000002004087734272");
    }

    #[test]
    fn numbers_are_written_as_the_formatter_rounds_them() {
        // Ties (multiples of 1/16, 1/2048) and a spread of magnitudes, as a linear
        // congruential sequence walks them.
        let mut x: u32 = 1;
        for i in 0..200_000u32 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let v = match i % 4 {
                0 => (x % 2_000_000) as f32 / 16.0 - 60_000.0,
                1 => (x % 4_000_000) as f32 / 2048.0 - 900.0,
                2 => f32::from_bits(x) % 100_000.0,
                _ => (x % 100_000) as f32 * 0.001_f32,
            };
            if v.is_finite() {
                assert_eq!(num(v), super::num_formatted(v), "{v:?}");
            }
        }
    }
}
