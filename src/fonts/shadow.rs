//! The face klippa is given: what it needs to find the glyphs layout features reach and to
//! write `GSUB`/`GPOS`/`GDEF` for them, and nothing it would spend time copying.
//!
//! klippa (hb-subset's port, the one part of an EPUB subset that is not ours: the layout
//! tables) is handed a *shadow* of the face: its `cmap` and layout tables, with every glyph
//! replaced by one point whose x is the glyph's own id. The `glyf` of klippa's subset then
//! names, glyph by glyph, which glyph of the face went where ([`order`]), and the subsetter
//! (`truetype::subset_truetype`) writes outlines, metrics and the other tables in that order.
//! Composite glyphs are shadows too, so their components are found by the subsetter, not by
//! klippa, and numbered after the glyphs klippa kept (the layout tables never name a glyph
//! that is only a component). A shadow is made once per face and run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::sfnt;
use super::truetype::{self, Outlines};

/// A shadow glyph: one contour of one on-curve point, x a 16-bit value, y the same as 0.
const SHADOW_LEN: usize = 17;
const SHADOW_FLAG: u8 = 0x01 | 0x20;

/// Tables of the face a shadow keeps besides its outlines.
const KEPT: [&[u8; 4]; 8] = [
    b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"GDEF", b"GSUB", b"GPOS",
];

/// Shadows made so far, by the address, length and index of the face's bytes (face data is
/// never freed, so an address names one font for the whole run).
type Shadows = HashMap<(usize, usize, u32), Option<Arc<Vec<u8>>>>;

static SHADOWS: Mutex<Option<Shadows>> = Mutex::new(None);

/// The shadow of face `index` of the TrueType font `data` (a font of its own, face 0), made on
/// first use; `None` for a font it cannot be made of.
pub fn shadow(data: &'static [u8], index: u32) -> Option<Arc<Vec<u8>>> {
    let key = (data.as_ptr() as usize, data.len(), index);
    if let Some(made) = SHADOWS
        .lock()
        .ok()?
        .get_or_insert_with(HashMap::new)
        .get(&key)
    {
        return made.clone();
    }
    // Made outside the lock: another thread may make the same one meanwhile (same bytes).
    let made = make(data, index).map(Arc::new);
    SHADOWS
        .lock()
        .ok()?
        .get_or_insert_with(HashMap::new)
        .insert(key, made.clone());
    made
}

fn make(data: &[u8], index: u32) -> Option<Vec<u8>> {
    let (version, tables) = sfnt::tables(data, index)?;
    let by_tag = truetype::tables(data, index)?;
    let outlines = Outlines::of(&by_tag)?;
    let mut glyf = Vec::with_capacity(usize::from(outlines.count()) * 20);
    let mut loca = Vec::with_capacity((usize::from(outlines.count()) + 1) * 4);
    for gid in 0..outlines.count() {
        loca.extend(u32::try_from(glyf.len()).ok()?.to_be_bytes());
        glyf.extend_from_slice(&1u16.to_be_bytes());
        glyf.extend_from_slice(outlines.get(gid).get(2..10).unwrap_or(&[0; 8]));
        glyf.extend_from_slice(&[0, 0, 0, 0, SHADOW_FLAG]);
        glyf.extend_from_slice(&gid.to_be_bytes());
        glyf.resize(glyf.len().div_ceil(4) * 4, 0);
    }
    loca.extend(u32::try_from(glyf.len()).ok()?.to_be_bytes());
    let mut kept: Vec<([u8; 4], Vec<u8>)> = tables
        .into_iter()
        .filter(|(tag, _)| KEPT.contains(&tag))
        .map(|(tag, body)| {
            let mut body = body.to_vec();
            if &tag == b"head" {
                body.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
            }
            Some((tag, body))
        })
        .collect::<Option<_>>()?;
    kept.push((*b"glyf", glyf));
    kept.push((*b"loca", loca));
    sfnt::assemble(version, kept)
}

/// The face's glyph ids, in the order klippa's subset of a shadow (its `tables`) holds them;
/// `None` if a glyph of it is not what a shadow holds. (klippa empties `.notdef`, which stays 0.)
pub fn order(tables: &HashMap<[u8; 4], &[u8]>) -> Option<Vec<u16>> {
    let shadows = Outlines::of(tables)?;
    (0..shadows.count())
        .map(|gid| match shadows.get(gid) {
            [] if gid == 0 => Some(0),
            g => shadow_of(g),
        })
        .collect()
}

/// The original glyph id a shadow glyph stands for.
fn shadow_of(g: &[u8]) -> Option<u16> {
    let shape_ok = g.len() >= SHADOW_LEN
        && sfnt::read_u16(g, 0)? == 1
        && sfnt::read_u16(g, 10)? == 0
        && sfnt::read_u16(g, 12)? == 0
        && *g.get(14)? == SHADOW_FLAG;
    shape_ok.then(|| sfnt::read_u16(g, 15)).flatten()
}
