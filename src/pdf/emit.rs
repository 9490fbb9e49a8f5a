//! Pages to PDF: each finished page becomes a compressed content stream at once (text as
//! glyph codes in `TJ` runs, shapes, images); at the end printpdf embeds the font subsets and
//! images and builds the document around those streams.
//!
//! Content is written here rather than as printpdf `Op`s because an `Op` per glyph costs
//! hundreds of bytes until the document is saved: a 50 MB post needed 11 GB that way. A page's
//! compressed stream is about a tenth of its text, and that is all a post keeps.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;

use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::{
    Codepoint, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Pt, TextItem,
};

use super::layout::Draw;
use super::paginate::Page;
use super::tags::Mark;
use super::text::{Color, Glyph};
use super::PdfError;
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
    codes: HashMap<CodeKey, u16>,
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
            codes: HashMap::new(),
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

struct PageOut {
    /// Flate-compressed content stream.
    content: Vec<u8>,
    links: Vec<PageLink>,
    /// The structure element of each marked-content sequence, by MCID.
    marks: Vec<u32>,
}

pub struct Writer<'f> {
    sheet: Sheet,
    font_set: &'f FontSet,
    faces: BTreeMap<u16, FaceCodes>,
    pages: Vec<PageOut>,
    /// Reused for each page's uncompressed content.
    buf: Vec<u8>,
}

impl<'f> Writer<'f> {
    pub fn new(sheet: Sheet, font_set: &'f FontSet) -> Self {
        Writer {
            sheet,
            font_set,
            faces: BTreeMap::new(),
            pages: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Moves the last `front` pages written (a book's title page and contents, made once the
    /// body's page numbers were known) before the others.
    pub fn front_to_start(&mut self, front: usize) {
        let front = front.min(self.pages.len());
        self.pages.rotate_right(front);
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
        let mut z = ZlibEncoder::new(
            Vec::with_capacity(buf.len() / 4),
            flate2::Compression::default(),
        );
        z.write_all(&buf)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        let content = z.finish().map_err(|e| PdfError::Write(e.to_string()))?;
        self.buf = buf;
        self.pages.push(PageOut {
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

    /// The printpdf document: the font subsets (what each code was drawn with), the images,
    /// and the pages with the content written so far; links resolved through `targets`.
    pub fn finish(
        self,
        images: Vec<super::images::Encoded>,
        targets: &[Target],
    ) -> Result<(lopdf::Document, Vec<PageTags>), PdfError> {
        let mut doc = PdfDocument::new("");
        // printpdf writes `/W` and `/ToUnicode` from the glyphs its pages show; the first
        // page shows each code once, and its content is then replaced by ours.
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
        for _ in 1..self.pages.len() {
            doc.pages.push(PdfPage::new(w, h, Vec::new()));
        }
        let save = printpdf::PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut notes = Vec::new();
        let mut lo = printpdf::to_lopdf_doc(&doc, &save, &mut notes);
        drop(doc);
        let tagged = install_pages(&mut lo, self.pages, targets, self.sheet.height)?;
        install_images(&mut lo, images)?;
        Ok((lo, tagged))
    }
}

/// Adds the image streams as `/Im0`, `/Im1`, … to the resources every page shares.
fn install_images(
    doc: &mut lopdf::Document,
    images: Vec<super::images::Encoded>,
) -> Result<(), PdfError> {
    if images.is_empty() {
        return Ok(());
    }
    let names: Vec<(Vec<u8>, Object)> = images
        .into_iter()
        .enumerate()
        .map(|(i, img)| (image_id(i).into_bytes(), Object::Reference(img.add_to(doc))))
        .collect();
    let bad = |e: lopdf::Error| PdfError::Write(format!("page resources: {e}"));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut done = std::collections::HashSet::new();
    for page in pages {
        let resources = match doc.get_dictionary(page).map_err(bad)?.get(b"Resources") {
            Ok(Object::Reference(r)) => *r,
            _ => {
                let r = doc.add_object(Dictionary::new());
                doc.get_dictionary_mut(page)
                    .map_err(bad)?
                    .set("Resources", r);
                r
            }
        };
        // printpdf's pages share one resource dictionary.
        if !done.insert(resources) {
            continue;
        }
        let xobjects = match doc.get_dictionary(resources).map_err(bad)?.get(b"XObject") {
            Ok(Object::Reference(r)) => *r,
            _ => {
                let r = doc.add_object(Dictionary::new());
                doc.get_dictionary_mut(resources)
                    .map_err(bad)?
                    .set("XObject", r);
                r
            }
        };
        let dict = doc.get_dictionary_mut(xobjects).map_err(bad)?;
        for (name, image) in &names {
            dict.set(name.clone(), image.clone());
        }
    }
    Ok(())
}

/// Replaces the content of printpdf's pages with ours and adds the link annotations.
fn install_pages(
    doc: &mut lopdf::Document,
    pages: Vec<PageOut>,
    targets: &[Target],
    height: f32,
) -> Result<Vec<PageTags>, PdfError> {
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if ids.len() != pages.len() {
        return Err(PdfError::Write(format!(
            "printpdf made {} pages of {}",
            ids.len(),
            pages.len()
        )));
    }
    let mut tagged = Vec::with_capacity(ids.len());
    for (&id, page) in ids.iter().zip(pages) {
        let mut annots = Vec::new();
        for (rect, link, elem) in &page.links {
            let target = usize::try_from(*link).ok().and_then(|l| targets.get(l));
            if let Some(a) = target.and_then(|t| annotation(rect, t, &ids, height)) {
                annots.push((doc.add_object(a), *elem));
            }
        }
        let mut dict =
            Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]);
        dict.set("Length", page.content.len() as i64);
        let mut stream = Stream::new(dict, page.content);
        stream.allows_compression = false;
        let content = doc.add_object(stream);
        let page_dict = doc
            .get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Write(format!("page: {e}")))?;
        page_dict.set("Contents", Object::Reference(content));
        page_dict.set(
            "Annots",
            Object::Array(annots.iter().map(|(a, _)| Object::Reference(*a)).collect()),
        );
        tagged.push(PageTags {
            page: id,
            marks: page.marks,
            annots,
        });
    }
    Ok(tagged)
}

/// What the structure tree needs of a written page.
pub struct PageTags {
    pub page: ObjectId,
    /// The element each MCID shows.
    pub marks: Vec<u32>,
    /// Link annotations and the element each is in.
    pub annots: Vec<(ObjectId, Option<u32>)>,
}

fn annotation(rect: &[f32; 4], target: &Target, pages: &[ObjectId], height: f32) -> Option<Object> {
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
        Target::Uri(uri) => {
            a.set("Contents", Object::string_literal(uri.as_str()));
            let action = Dictionary::from_iter(vec![
                ("S", Object::Name(b"URI".to_vec())),
                ("URI", Object::string_literal(uri.as_str())),
            ]);
            a.set("A", Object::Dictionary(action));
        }
        Target::Internal(page, top) => {
            a.set(
                "Contents",
                Object::string_literal(format!("page {}", page + 1)),
            );
            let page = *pages.get(*page)?;
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
        Target::None => return None,
    }
    Some(Object::Dictionary(a))
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
            let _ = write!(out, "{}", kern as i64);
            self.pen -= kern * size / 1000.0;
        }
        if !self.in_hex {
            out.push(b'<');
            self.in_hex = true;
        }
        let _ = write!(out, "{code:04X}");
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

/// A number as PDF content wants it: at most three decimals, no trailing zeros.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
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
    }
}
