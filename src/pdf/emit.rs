//! Laid-out pages to a printpdf document: font subsets embedded as CID fonts, page content,
//! images and link annotations.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use printpdf::{
    Actions, Codepoint, Color as PColor, Destination, FontId, LinkAnnotation, Op, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
    XObject, XObjectId, XObjectTransform,
};

use super::layout::Draw;
use super::paginate::Page;
use super::text::Color;
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

/// Builds the printpdf document: pages, subset fonts and images.
pub fn document(
    pages: &[Page],
    sheet: &Sheet,
    font_set: &FontSet,
    images: Vec<printpdf::RawImage>,
    targets: &[Target],
) -> Result<PdfDocument, PdfError> {
    let mut doc = PdfDocument::new("");
    let fonts = embed_fonts(pages, font_set, &mut doc)?;
    let pixels: Vec<(f32, f32)> = images
        .iter()
        .map(|i| (i.width.max(1) as f32, i.height.max(1) as f32))
        .collect();
    for (i, img) in images.into_iter().enumerate() {
        doc.resources
            .xobjects
            .map
            .insert(image_id(i), XObject::Image(img));
    }
    for page in pages {
        let mut ops = Vec::new();
        for d in &page.back {
            draw_shape(d, sheet, &pixels, &mut ops);
        }
        text_ops(page, sheet, &fonts, &mut ops);
        for d in &page.front {
            draw_shape(d, sheet, &pixels, &mut ops);
            if let Draw::Link { x, y, w, h, link } = d {
                let target = usize::try_from(*link).ok().and_then(|l| targets.get(l));
                let actions = match target {
                    Some(Target::Uri(uri)) => Actions::Uri(uri.clone()),
                    Some(Target::Internal(p, top)) => Actions::Goto(Destination::Xyz {
                        page: p + 1,
                        left: None,
                        top: Some(sheet.height - top),
                        zoom: None,
                    }),
                    _ => continue,
                };
                let rect = Rect {
                    x: Pt(*x),
                    y: Pt(sheet.height - y - h),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: None,
                    winding_order: None,
                };
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        actions,
                        Some(printpdf::BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
        }
        let mm = |pt: f32| printpdf::Mm(pt * 25.4 / 72.0);
        doc.pages
            .push(PdfPage::new(mm(sheet.width), mm(sheet.height), ops));
    }
    Ok(doc)
}

pub fn image_id(i: usize) -> XObjectId {
    XObjectId(format!("Im{i}"))
}

/// Font resource per face, with the face's original glyph ids renumbered into its subset.
struct Embedded {
    id: FontId,
    /// (original glyph, character) to the glyph id in the subset.
    remap: HashMap<(u16, char), u16>,
}

fn embed_fonts(
    pages: &[Page],
    font_set: &FontSet,
    doc: &mut PdfDocument,
) -> Result<BTreeMap<u16, Embedded>, PdfError> {
    // Per face, every (glyph, character) pair drawn. A glyph drawing two characters (fonts
    // share one glyph for U+00B7 and U+2022, or for a radical and its ideograph) goes in the
    // subset once per character, so /ToUnicode gives each its own text back.
    let mut used: BTreeMap<u16, BTreeSet<(u16, char)>> = BTreeMap::new();
    for page in pages {
        for d in &page.front {
            if let Draw::Text { glyphs, .. } = d {
                for (_, g) in glyphs {
                    used.entry(g.face.0).or_default().insert((g.gid, g.ch));
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (face_index, pairs) in used {
        let face = font_set.face(FaceId(face_index));
        let mut keys: Vec<(u16, char)> = pairs.into_iter().filter(|(g, _)| *g != 0).collect();
        let fast = face.is_truetype().then(|| {
            // The subset's glyph i is order[i]; .notdef stays first.
            let order: Vec<u16> = std::iter::once(0).chain(keys.iter().map(|k| k.0)).collect();
            super::subset::subset_truetype(face.data(), &order).map(|b| (b, order))
        });
        let (bytes, order) = match fast.flatten() {
            Some(done) => done,
            None => {
                // allsorts wants each glyph once: one character per glyph then.
                keys.dedup_by_key(|k| k.0);
                let order: Vec<u16> = std::iter::once(0).chain(keys.iter().map(|k| k.0)).collect();
                let bytes =
                    fonts::subset(face, &order).map_err(|e| PdfError::Font(e.to_string()))?;
                (bytes, order)
            }
        };
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
        let id = FontId(format!("F{face_index}"));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        // New glyph ids start at 1, after .notdef.
        let mut remap = HashMap::new();
        for (new, key) in keys.iter().enumerate() {
            let Ok(n) = u16::try_from(new + 1) else { break };
            remap.entry(*key).or_insert(n);
            // A character whose pair was merged away still finds its glyph.
            remap.entry((key.0, '\u{0}')).or_insert(n);
        }
        out.insert(face_index, Embedded { id, remap });
    }
    Ok(out)
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

fn rgb(c: Color) -> PColor {
    PColor::Rgb(Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

fn text_ops(page: &Page, sheet: &Sheet, fonts: &BTreeMap<u16, Embedded>, ops: &mut Vec<Op>) {
    ops.push(Op::StartTextSection);
    let mut font: Option<(u16, u32)> = None;
    let mut color: Option<Color> = None;
    for d in &page.front {
        let Draw::Text { baseline, glyphs } = d else {
            continue;
        };
        for (x, g) in glyphs {
            let Some(embedded) = fonts.get(&g.face.0) else {
                continue;
            };
            let size_key = g.style.size.to_bits();
            if font != Some((g.face.0, size_key)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(embedded.id.clone()),
                    size: Pt(g.style.size),
                });
                font = Some((g.face.0, size_key));
            }
            if color != Some(g.style.color) {
                ops.push(Op::SetFillColor {
                    col: rgb(g.style.color),
                });
                color = Some(g.style.color);
            }
            let y = sheet.height - baseline + g.style.rise;
            // CJK faces have no italics: emphasis is a slanted text matrix.
            let skew = if g.style.italic { 0.2 } else { 0.0 };
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([1.0, 0.0, skew, 1.0, *x, y]),
            });
            let gid = embedded
                .remap
                .get(&(g.gid, g.ch))
                .or_else(|| embedded.remap.get(&(g.gid, '\u{0}')))
                .copied()
                .unwrap_or(0);
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![Codepoint {
                    gid,
                    offset: 0.0,
                    cid: Some(g.ch.to_string()),
                }])],
            });
        }
    }
    ops.push(Op::EndTextSection);
}

fn draw_shape(d: &Draw, sheet: &Sheet, pixels: &[(f32, f32)], ops: &mut Vec<Op>) {
    let h = sheet.height;
    match d {
        Draw::Fill {
            x,
            y,
            w,
            h: fh,
            color,
        } => {
            ops.push(Op::SetFillColor { col: rgb(*color) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(h - y - fh),
                    width: Pt(*w),
                    height: Pt(*fh),
                    mode: Some(printpdf::PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
        Draw::Stroke {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            ops.push(Op::SetOutlineColor { col: rgb(*color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            let p = |x: f32, y: f32| printpdf::LinePoint {
                p: Point {
                    x: Pt(x),
                    y: Pt(h - y),
                },
                bezier: false,
            };
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![p(*x1, *y1), p(*x2, *y2)],
                    is_closed: false,
                },
            });
        }
        Draw::Image {
            x,
            y,
            w,
            h: ih,
            index,
        } => {
            // At 72 dpi printpdf draws one pixel per point; scale that to the laid-out size.
            let Some((pw, ph)) = pixels.get(*index) else {
                return;
            };
            ops.push(Op::UseXobject {
                id: image_id(*index),
                transform: XObjectTransform {
                    translate_x: Some(Pt(*x)),
                    translate_y: Some(Pt(h - y - ih)),
                    scale_x: Some(w / pw),
                    scale_y: Some(ih / ph),
                    dpi: Some(72.0),
                    ..Default::default()
                },
            });
        }
        Draw::Text { .. } | Draw::Link { .. } => {}
    }
}
