//! TrueType outlines ([`Outlines`], read by the PDF and EPUB subsets alike) and the PDF subset.
//!
//! A PDF's CID font needs no `cmap` and no layout tables (Identity-H codes are glyph ids,
//! /ToUnicode carries the text, and the writer has shaped the text already), so the PDF subset
//! copies just the outlines and metrics of the glyphs used, in about 50 µs for 400 CJK glyphs.
//! Fonts with CFF outlines go through allsorts (`subset::subset`) instead.

use std::collections::HashMap;

use super::sfnt;

/// Tables a CIDFontType2 program needs (hinting tables kept when present).
const KEEP: [&[u8; 4]; 9] = [
    b"OS/2", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
];

/// The tables of `data` by tag.
pub fn tables(data: &[u8]) -> Option<HashMap<[u8; 4], &[u8]>> {
    Some(sfnt::tables(data)?.1.into_iter().collect())
}

/// The outlines of a TrueType font, by glyph id: what both writers' subsets copy.
pub struct Outlines<'a> {
    loca: &'a [u8],
    glyf: &'a [u8],
    long_loca: bool,
    count: u16,
}

impl<'a> Outlines<'a> {
    /// `None` when the font has no `glyf` outlines or is malformed.
    pub fn of(tables: &HashMap<[u8; 4], &'a [u8]>) -> Option<Self> {
        Some(Outlines {
            loca: tables.get(b"loca")?,
            glyf: tables.get(b"glyf")?,
            long_loca: sfnt::read_u16(tables.get(b"head")?, 50)? != 0,
            count: sfnt::read_u16(tables.get(b"maxp")?, 4)?,
        })
    }

    /// Glyphs in the font.
    pub fn count(&self) -> u16 {
        self.count
    }

    /// Glyph `gid`'s bytes (empty for a glyph with no outline or an id out of range).
    pub fn get(&self, gid: u16) -> &'a [u8] {
        let g = usize::from(gid);
        let range = if self.long_loca {
            sfnt::read_u32(self.loca, g * 4)
                .zip(sfnt::read_u32(self.loca, g * 4 + 4))
                .and_then(|(a, b)| Some((usize::try_from(a).ok()?, usize::try_from(b).ok()?)))
        } else {
            sfnt::read_u16(self.loca, g * 2)
                .zip(sfnt::read_u16(self.loca, g * 2 + 2))
                .map(|(a, b)| (usize::from(a) * 2, usize::from(b) * 2))
        };
        range
            .and_then(|(a, b)| self.glyf.get(a..b))
            .unwrap_or_default()
    }
}

/// Component glyph ids of a composite glyph, with the byte offset of each id.
fn components(glyph: &[u8]) -> Vec<(usize, u16)> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_2X2: u16 = 0x0080;
    let mut out = Vec::new();
    let is_composite = sfnt::read_u16(glyph, 0).is_some_and(|n| (n as i16) < 0);
    if !is_composite {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (sfnt::read_u16(glyph, at), sfnt::read_u16(glyph, at + 2))
    {
        out.push((at + 2, gid));
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_2X2 != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 || out.len() > 64 {
            break;
        }
    }
    out
}

/// A font holding `glyphs` renumbered from 0 in that order (components of composite glyphs
/// appended after them), or `None` when the font is not TrueType or is malformed.
pub fn subset_truetype(data: &[u8], glyphs: &[u16]) -> Option<Vec<u8>> {
    let t = tables(data)?;
    let head = *t.get(b"head")?;
    let hhea = *t.get(b"hhea")?;
    let maxp = *t.get(b"maxp")?;
    let hmtx = *t.get(b"hmtx")?;
    let outlines = Outlines::of(&t)?;
    let num_glyphs = outlines.count();
    let num_metrics = usize::from(sfnt::read_u16(hhea, 34)?.max(1));

    let mut order: Vec<u16> = glyphs.iter().copied().filter(|g| *g < num_glyphs).collect();
    let mut index: HashMap<u16, u16> = HashMap::new();
    for (i, g) in order.iter().enumerate() {
        index.entry(*g).or_insert(u16::try_from(i).ok()?);
    }
    let mut i = 0;
    while let Some(&gid) = order.get(i) {
        for (_, c) in components(outlines.get(gid)) {
            if c < num_glyphs && !index.contains_key(&c) {
                index.insert(c, u16::try_from(order.len()).ok()?);
                order.push(c);
            }
        }
        i += 1;
    }

    let glyf_len: usize = order
        .iter()
        .map(|&g| (outlines.get(g).len() + 3) & !3)
        .sum();
    let mut new_glyf = Vec::with_capacity(glyf_len);
    let mut new_loca = Vec::with_capacity((order.len() + 1) * 4);
    let mut new_hmtx = Vec::with_capacity(order.len() * 4);
    for &gid in &order {
        let start = new_glyf.len();
        new_loca.extend(u32::try_from(start).ok()?.to_be_bytes());
        let g = outlines.get(gid);
        new_glyf.extend_from_slice(g);
        for (at, c) in components(g) {
            let new = index.get(&c).copied().unwrap_or(0).to_be_bytes();
            if let Some(slot) = new_glyf.get_mut(start + at..start + at + 2) {
                slot.copy_from_slice(&new);
            }
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
        let g = usize::from(gid);
        let advance = sfnt::read_u16(hmtx, g.min(num_metrics - 1) * 4)?;
        let lsb = if g < num_metrics {
            sfnt::read_u16(hmtx, g * 4 + 2)
        } else {
            sfnt::read_u16(hmtx, num_metrics * 4 + (g - num_metrics) * 2)
        }
        .unwrap_or(0);
        new_hmtx.extend(advance.to_be_bytes());
        new_hmtx.extend(lsb.to_be_bytes());
    }
    new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let count = u16::try_from(order.len()).ok()?.to_be_bytes();

    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea.get_mut(34..36)?.copy_from_slice(&count);
    let mut new_maxp = maxp.to_vec();
    new_maxp.get_mut(4..6)?.copy_from_slice(&count);

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEEP {
        let body = match tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"hmtx" => std::mem::take(&mut new_hmtx),
            b"head" => std::mem::take(&mut new_head),
            b"hhea" => std::mem::take(&mut new_hhea),
            b"maxp" => std::mem::take(&mut new_maxp),
            other => match t.get(other) {
                Some(d) => d.to_vec(),
                None => continue,
            },
        };
        out_tables.push((*tag, body));
    }
    sfnt::assemble(0x0001_0000, out_tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Family, FontSet};

    #[test]
    fn subset_keeps_outlines_and_advances_in_the_given_order() {
        let set = FontSet::builtin();
        for (ch, family) in [
            ('中', Family::Sans),
            ('é', Family::Sans),
            ('x', Family::Mono),
        ] {
            let Some(id) = set.face_for(ch, family, false) else {
                continue;
            };
            let face = set.face(id);
            let gid = face.glyph_id(ch).unwrap_or_default();
            let bytes = subset_truetype(face.data(), &[0, gid]).unwrap_or_default();
            let sub = ttf_parser::Face::parse(&bytes, 0);
            assert!(sub.is_ok(), "subset of {ch} parses");
            let Ok(sub) = sub else { continue };
            assert!(sub.number_of_glyphs() >= 2);
            assert_eq!(
                sub.glyph_hor_advance(ttf_parser::GlyphId(1)),
                Some(face.advance(gid))
            );
            let Ok(orig) = ttf_parser::Face::parse(face.data(), 0) else {
                panic!("shipped face parses")
            };
            assert_eq!(
                sub.glyph_bounding_box(ttf_parser::GlyphId(1)),
                orig.glyph_bounding_box(ttf_parser::GlyphId(gid)),
                "{ch}"
            );
        }
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(subset_truetype(b"not a font", &[0, 1]).is_none());
        assert!(subset_truetype(&[0u8; 64], &[0, 1]).is_none());
    }
}
