//! Subsets: only the glyphs an output draws.
//!
//! Both writers' TrueType outlines are copied by one reader of `glyf` (`truetype::Outlines`).
//! PDF subsets need nothing else (the PDF writer shapes; `truetype`). EPUB subsets
//! ([`web_subset`]) must work in reading systems that shape text themselves, so they keep
//! `GSUB`/`GPOS` (vertical forms, ligatures, kerning, Arabic and Indic forms) and, for vertical
//! books, the vertical metrics: klippa (fontations' port of hb-subset) plans them and writes
//! those tables from a shadow of the face whose outlines are copied in after (`shadow`). klippa
//! does not subset `vmtx` yet, so vertical subsets keep glyph ids and `vmtx` is cut here. Fonts
//! with CFF outlines go through [`subset`] (allsorts).

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::OpenTypeFont;
use fontcull_klippa::{subset_font, Plan, SubsetFlags, DEFAULT_LAYOUT_FEATURES};
use fontcull_write_fonts::read::collections::IntSet;
use fontcull_write_fonts::read::FontRef;
use fontcull_write_fonts::types::{GlyphId, NameId, Tag};

use super::{sfnt, Face, FontError};

/// A font file holding only `glyphs` of `face`, with a `cmap` for the characters they draw.
///
/// Glyph `i` of the result is `glyphs[i]` of the face (composite glyphs' components are appended
/// after them). `glyphs[0]` must be 0 (`.notdef`) and ids must not repeat.
pub fn subset(face: &Face, glyphs: &[u16]) -> Result<Vec<u8>, FontError> {
    let err = |reason: String| FontError::Subset {
        name: face.postscript_name().to_string(),
        reason,
    };
    if glyphs.first() != Some(&0) {
        return Err(err(
            "the glyph list must start with glyph 0 (.notdef)".into()
        ));
    }
    let font = ReadScope::new(face.data())
        .read::<OpenTypeFont<'_>>()
        .map_err(|e| err(e.to_string()))?;
    let provider = font
        .table_provider(face.index() as usize)
        .map_err(|e| err(e.to_string()))?;
    allsorts::subset::subset(
        &provider,
        glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| err(format!("{e:?}")))
}

/// A font for a PDF's CID font: `glyphs` of `face` renumbered from 0 in that order, outlines and
/// metrics only (TrueType outlines are copied table by table; CFF ones go through allsorts).
pub fn pdf_subset(face: &Face, glyphs: &[u16]) -> Result<Vec<u8>, FontError> {
    if face.is_truetype() {
        if let Some(bytes) = super::truetype::subset_truetype(face.data(), glyphs) {
            return Ok(bytes);
        }
    }
    subset(face, glyphs)
}

/// A font for an EPUB: the glyphs of `chars` and whatever the layout features reach from them,
/// with `GSUB`, `GPOS` and a `cmap`; `vhea`/`vmtx` only for `vertical` text.
pub fn web_subset(
    face: &Face,
    chars: &BTreeSet<char>,
    vertical: bool,
) -> Result<Vec<u8>, FontError> {
    let err = |reason: String| FontError::Subset {
        name: face.postscript_name().to_string(),
        reason,
    };
    if !face.is_truetype() {
        // klippa cannot subset CFF outlines yet: those fonts get outlines and a cmap only.
        let mut glyphs: Vec<u16> = vec![0];
        let used: BTreeSet<u16> = chars.iter().filter_map(|c| face.glyph_id(*c)).collect();
        glyphs.extend(used);
        return subset(face, &glyphs);
    }
    // klippa reads the face's shadow (see `shadow`) and the outlines are copied in after; a
    // face with no shadow, or a subset they cannot be restored to, goes through klippa whole.
    let from_shadow = super::shadow::shadow(face.data(), face.index()).and_then(|shadow| {
        let bytes = klippa(&shadow, face.index(), chars, vertical).ok()?;
        super::shadow::restore(&bytes, face.data())
    });
    let bytes = match from_shadow {
        Some(bytes) => bytes,
        None => klippa(face.data(), face.index(), chars, vertical).map_err(err)?,
    };
    if vertical {
        return cut_vmtx(&bytes, face.data())
            .ok_or_else(|| err("malformed vertical metrics".into()));
    }
    Ok(bytes)
}

/// klippa's subset of face `index` of `data` for an EPUB (see [`web_subset`]).
fn klippa(
    data: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
    vertical: bool,
) -> Result<Vec<u8>, String> {
    let font = FontRef::from_index(data, index).map_err(|e| e.to_string())?;
    let unicodes: IntSet<u32> = chars.iter().map(|c| u32::from(*c)).collect();
    let mut drop: IntSet<Tag> = [
        b"DSIG", b"STAT", b"BASE", b"gasp", b"hdmx", b"LTSH", b"VDMX", b"kern",
    ]
    .into_iter()
    .map(Tag::new)
    .collect();
    let mut flags = SubsetFlags::SUBSET_FLAGS_NO_HINTING;
    if vertical {
        flags |= SubsetFlags::SUBSET_FLAGS_RETAIN_GIDS;
    } else {
        for t in [b"vhea", b"vmtx", b"VORG"] {
            drop.insert(Tag::new(t));
        }
    }
    let features: IntSet<Tag> = DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &font,
        flags,
        &drop,
        &IntSet::<Tag>::all(),
        &features,
        &IntSet::<NameId>::empty(),
        &IntSet::<u16>::empty(),
    );
    subset_font(&font, &plan).map_err(|e| e.to_string())
}

/// The subset (glyph ids kept) with `vmtx` holding one entry per glyph of the subset, blank for
/// the glyphs it dropped, and `vhea` to match: klippa copies `vmtx` whole.
fn cut_vmtx(subset: &[u8], original: &[u8]) -> Option<Vec<u8>> {
    let (version, tables) = sfnt::tables(subset)?;
    let get = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let (Some(vhea), Some(maxp), Some(loca), Some(head), Some(hhea), Some(hmtx)) = (
        get(b"vhea"),
        get(b"maxp"),
        get(b"loca"),
        get(b"head"),
        get(b"hhea"),
        get(b"hmtx"),
    ) else {
        return Some(subset.to_vec());
    };
    let (_, orig_tables) = sfnt::tables(original)?;
    let orig_vmtx = orig_tables.iter().find(|(t, _)| t == b"vmtx")?.1;
    let orig_vhea = orig_tables.iter().find(|(t, _)| t == b"vhea")?.1;
    let long = usize::from(sfnt::read_u16(orig_vhea, 34)?);
    let glyphs = usize::from(sfnt::read_u16(maxp, 4)?);
    let long_loca = sfnt::read_u16(head, 50)? == 1;
    let offset = |g: usize| -> Option<u32> {
        if long_loca {
            sfnt::read_u32(loca, g * 4)
        } else {
            sfnt::read_u16(loca, g * 2).map(|v| u32::from(v) * 2)
        }
    };
    let h_long = usize::from(sfnt::read_u16(hhea, 34)?);
    // Dropped glyphs have no outline and no advance; spaces have an advance.
    let kept = |g: usize| -> Option<bool> {
        let adv = if g < h_long {
            sfnt::read_u16(hmtx, g * 4)?
        } else {
            1
        };
        Some(g == 0 || adv != 0 || offset(g)? != offset(g + 1)?)
    };
    let mut vmtx = Vec::with_capacity(glyphs * 4);
    for g in 0..glyphs {
        let drawn = kept(g)?;
        let (adv, tsb) = if !drawn {
            (0u16, 0u16)
        } else if g < long {
            (
                sfnt::read_u16(orig_vmtx, g * 4)?,
                sfnt::read_u16(orig_vmtx, g * 4 + 2)?,
            )
        } else {
            let last_adv = sfnt::read_u16(orig_vmtx, long.checked_sub(1)? * 4)?;
            (
                last_adv,
                sfnt::read_u16(orig_vmtx, long * 4 + (g - long) * 2)?,
            )
        };
        vmtx.extend_from_slice(&adv.to_be_bytes());
        vmtx.extend_from_slice(&tsb.to_be_bytes());
    }
    let mut new_vhea = vhea.to_vec();
    new_vhea
        .get_mut(34..36)?
        .copy_from_slice(&u16::try_from(glyphs).ok()?.to_be_bytes());
    let tables = tables
        .iter()
        .map(|(t, d)| {
            let data = match t {
                b"vmtx" => vmtx.clone(),
                b"vhea" => new_vhea.clone(),
                _ => d.to_vec(),
            };
            (*t, data)
        })
        .collect();
    sfnt::assemble(version, tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Family, FontSet};

    /// Every glyph's outline as drawing commands, and its advance, in glyph order.
    fn drawn(font: &[u8]) -> Vec<(Option<u16>, String)> {
        struct Path(String);
        impl ttf_parser::OutlineBuilder for Path {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x},{y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x},{y}");
            }
            fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
                self.0 += &format!("Q{a},{b},{x},{y}");
            }
            fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
                self.0 += &format!("C{a},{b},{c},{d},{x},{y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let face = ttf_parser::Face::parse(font, 0).expect("subset parses");
        (0..face.number_of_glyphs())
            .map(|g| {
                let gid = ttf_parser::GlyphId(g);
                let mut path = Path(String::new());
                face.outline_glyph(gid, &mut path);
                (face.glyph_hor_advance(gid), path.0)
            })
            .collect()
    }

    #[test]
    fn outlines_copied_from_the_shadow_draw_what_klippa_copies() {
        let set = FontSet::builtin();
        // Han, kana with vertical forms, Latin with composite accents, Arabic and Devanagari
        // (marks and conjuncts reached through GSUB), Thai marks.
        for (text, vertical) in [
            ("中文字体，排版。「引号」", false),
            ("日本語のかなカナ、ー「」", true),
            ("Hello ÉéÅåñ fi ffl", false),
            ("مرحبا بالعالم", false),
            ("नमस्ते क्षत्रिय", false),
            ("สวัสดีครับ", false),
        ] {
            let first = text.chars().find(|c| c.is_alphabetic()).expect("a letter");
            let id = set.face_for(first, Family::Sans, false).expect("a face");
            let face = set.face(id);
            let chars: BTreeSet<char> = text
                .chars()
                .filter(|c| face.glyph_id(*c).is_some())
                .collect();
            let shadow = crate::fonts::shadow::shadow(face.data(), 0).expect("a shadow");
            let from_shadow = klippa(&shadow, 0, &chars, vertical).expect("klippa on the shadow");
            let restored = crate::fonts::shadow::restore(&from_shadow, face.data());
            assert!(restored.is_some(), "{text}: outlines restored");
            let fast = web_subset(face, &chars, vertical).expect("subset");
            let mut whole = klippa(face.data(), 0, &chars, vertical).expect("klippa");
            if vertical {
                whole = cut_vmtx(&whole, face.data()).expect("vmtx");
            }
            // Glyphs GSUB reaches (ligatures, conjuncts, vertical forms) included.
            let (fast, whole) = (drawn(&fast), drawn(&whole));
            assert!(
                whole.len() > chars.len(),
                "{text}: only {} glyphs",
                whole.len()
            );
            assert_eq!(fast, whole, "{text}");
        }
    }
}
