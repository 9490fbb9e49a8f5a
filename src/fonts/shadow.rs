//! Outlines copied by us, not by klippa, in EPUB subsets.
//!
//! klippa (the EPUB subsetter, which keeps `GSUB`/`GPOS`) spends most of a subset walking
//! every kept glyph's point flags to trim padding. It is given a *shadow* of the face instead:
//! the same font with each simple glyph replaced by one point whose x is the glyph's own id
//! (composite glyphs stay as they are, so klippa still follows and renumbers their
//! components). klippa plans and writes every other table as before; its `glyf` then names,
//! glyph by glyph, which original outline goes there, and [`restore`] copies those outlines in
//! (without hinting instructions, as klippa would). A shadow is made once per face and run.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::sfnt;
use super::truetype::{self, Outlines};

/// A shadow glyph: one contour of one on-curve point, x a 16-bit value, y the same as 0.
const SHADOW_LEN: usize = 17;
const SHADOW_FLAG: u8 = 0x01 | 0x20;

/// Shadows made so far, by the address, length and index of the face's bytes (face data is
/// never freed, so an address names one font for the whole run).
type Shadows = HashMap<(usize, usize, u32), Option<Arc<Vec<u8>>>>;

static SHADOWS: Mutex<Option<Shadows>> = Mutex::new(None);

/// The shadow of the TrueType font `data` (face `index` of it), made on first use; `None` for a
/// font it cannot be made of.
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
    let made = if index == 0 { make(data) } else { None }.map(Arc::new);
    SHADOWS
        .lock()
        .ok()?
        .get_or_insert_with(HashMap::new)
        .insert(key, made.clone());
    made
}

fn make(data: &[u8]) -> Option<Vec<u8>> {
    let (version, tables) = sfnt::tables(data)?;
    let by_tag = truetype::tables(data)?;
    let outlines = Outlines::of(&by_tag)?;
    let mut glyf = Vec::with_capacity(usize::from(outlines.count()) * 20);
    let mut loca = Vec::with_capacity((usize::from(outlines.count()) + 1) * 4);
    for gid in 0..outlines.count() {
        loca.extend(u32::try_from(glyf.len()).ok()?.to_be_bytes());
        let g = outlines.get(gid);
        let contours = sfnt::read_u16(g, 0).map(|n| n as i16);
        match (contours, g.get(2..10)) {
            (Some(n), Some(bbox)) if n > 0 => {
                glyf.extend_from_slice(&1u16.to_be_bytes());
                glyf.extend_from_slice(bbox);
                glyf.extend_from_slice(&[0, 0, 0, 0, SHADOW_FLAG]);
                glyf.extend_from_slice(&gid.to_be_bytes());
            }
            // Composite (or empty) glyphs are kept: klippa follows their components.
            _ => glyf.extend_from_slice(g),
        }
        glyf.resize(glyf.len().div_ceil(4) * 4, 0);
    }
    loca.extend(u32::try_from(glyf.len()).ok()?.to_be_bytes());
    with_outlines(version, tables, glyf, loca, true)
}

/// `subset` (klippa's subset of a shadow of `original`) with the original outlines in place of
/// the shadow glyphs; `None` if a glyph of it is not what a shadow holds.
pub fn restore(subset: &[u8], original: &[u8]) -> Option<Vec<u8>> {
    let (version, tables) = sfnt::tables(subset)?;
    let shadows = Outlines::of(&truetype::tables(subset)?)?;
    let by_tag = truetype::tables(original)?;
    let outlines = Outlines::of(&by_tag)?;
    let mut glyf = Vec::new();
    let mut offsets = Vec::with_capacity(usize::from(shadows.count()) + 1);
    for gid in 0..shadows.count() {
        offsets.push(glyf.len());
        let g = shadows.get(gid);
        match sfnt::read_u16(g, 0).map(|n| n as i16) {
            Some(n) if n > 0 => {
                let at = usize::from(shadow_of(g)?);
                if at >= usize::from(outlines.count()) {
                    return None;
                }
                push_unhinted(&mut glyf, outlines.get(u16::try_from(at).ok()?))?;
            }
            // klippa's own copy of a composite (components renumbered, hints dropped).
            _ => glyf.extend_from_slice(g),
        }
    }
    offsets.push(glyf.len());
    // Short offsets (halved) when every glyph is of even length and they fit, as klippa writes
    // them; otherwise long ones, for padding the glyphs would add to their own (readers such as
    // OTS warn of more than three bytes after a glyph).
    let long = glyf.len() > 2 * usize::from(u16::MAX) || offsets.iter().any(|at| at % 2 != 0);
    let mut loca = Vec::with_capacity(offsets.len() * if long { 4 } else { 2 });
    for at in offsets {
        if long {
            loca.extend(u32::try_from(at).ok()?.to_be_bytes());
        } else {
            loca.extend(u16::try_from(at / 2).ok()?.to_be_bytes());
        }
    }
    with_outlines(version, tables, glyf, loca, long)
}

/// The font of `tables` with `glyf` and `loca` (`long` offsets or short) replaced.
fn with_outlines(
    version: u32,
    tables: Vec<sfnt::Table<'_>>,
    mut glyf: Vec<u8>,
    mut loca: Vec<u8>,
    long: bool,
) -> Option<Vec<u8>> {
    let tables = tables
        .into_iter()
        .map(|(tag, body)| {
            let body = match &tag {
                b"glyf" => std::mem::take(&mut glyf),
                b"loca" => std::mem::take(&mut loca),
                b"head" => {
                    let mut head = body.to_vec();
                    head.get_mut(50..52)?
                        .copy_from_slice(&u16::from(long).to_be_bytes());
                    head
                }
                _ => body.to_vec(),
            };
            Some((tag, body))
        })
        .collect::<Option<Vec<_>>>()?;
    sfnt::assemble(version, tables)
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

/// A simple glyph without its hinting instructions.
fn push_unhinted(out: &mut Vec<u8>, g: &[u8]) -> Option<()> {
    let contours = usize::from(sfnt::read_u16(g, 0)?);
    let at = 10 + 2 * contours;
    let instructions = usize::from(sfnt::read_u16(g, at)?);
    out.extend_from_slice(g.get(..at)?);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(g.get(at + 2 + instructions..)?);
    Some(())
}
