//! Subsets: only the glyphs an output draws.
//!
//! EPUB subsets ([`web_subset`]) must work in reading systems that shape text themselves, so
//! they keep `GSUB`/`GPOS` (vertical forms, ligatures, kerning, Arabic and Indic forms) and, for
//! vertical books, the vertical metrics: klippa (fontations' port of hb-subset) does that. It
//! does not subset `vmtx` yet, so vertical subsets keep glyph ids and `vmtx` is cut here.
//! PDF subsets need none of that (the PDF writer shapes) and use `pdf/subset.rs`; fonts with
//! CFF outlines go through [`subset`] (allsorts).

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
    let font = FontRef::from_index(face.data(), face.index()).map_err(|e| err(e.to_string()))?;
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
    let bytes = subset_font(&font, &plan).map_err(|e| err(e.to_string()))?;
    if vertical {
        return cut_vmtx(&bytes, face.data())
            .ok_or_else(|| err("malformed vertical metrics".into()));
    }
    Ok(bytes)
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
