//! The subsetter of both writers, for TrueType faces: the outlines and metrics of the glyphs an
//! output draws, renumbered in the order asked for, and for an EPUB ([`Web`]) the tables a
//! reading system needs to shape the text itself (`cmap`, `OS/2`, `name`, `post` and the
//! layout tables `subset::web_subset` gets from klippa for the same glyph order).
//!
//! A PDF's CID font needs no `cmap` and no layout tables (Identity-H codes are glyph ids,
//! /ToUnicode carries the text, and the writer has shaped the text already). The work is
//! proportional to the glyphs kept: about 50 µs for 400 CJK glyphs. Fonts with CFF outlines
//! go through allsorts (`subset::subset`) instead.

use std::collections::HashMap;

use super::sfnt;

/// Tables a CIDFontType2 program needs (hinting tables kept when present).
const KEEP_PDF: [&[u8; 4]; 9] = [
    b"OS/2", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
];

/// Tables of a web font copied from the face (hinting dropped, as the glyphs' instructions are).
const KEEP_WEB: [&[u8; 4]; 7] = [
    b"OS/2", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
];

/// What an EPUB's subset has beyond a PDF's.
pub struct Web<'a> {
    /// Each character drawn and the face's glyph for it.
    pub chars: &'a [(char, u16)],
    /// `GSUB`, `GPOS` and `GDEF`, already written for the glyph order given.
    pub layout: Vec<sfnt::Owned>,
    /// Keep the vertical metrics (`vhea`, `vmtx`) for vertical text.
    pub vertical: bool,
}

/// The tables of face `index` of `data` by tag.
pub fn tables(data: &[u8], index: u32) -> Option<HashMap<[u8; 4], &[u8]>> {
    Some(sfnt::tables(data, index)?.1.into_iter().collect())
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

/// A font holding `glyphs` of face `index` of `data` renumbered from 0 in that order
/// (components of composite glyphs appended after them), with what `web` asks for; `None` when
/// the font is not TrueType or is malformed.
pub fn subset_truetype(
    data: &[u8],
    index: u32,
    glyphs: &[u16],
    web: Option<Web<'_>>,
) -> Option<Vec<u8>> {
    let t = tables(data, index)?;
    let head = *t.get(b"head")?;
    let hhea = *t.get(b"hhea")?;
    let maxp = *t.get(b"maxp")?;
    let hmtx = *t.get(b"hmtx")?;
    let outlines = Outlines::of(&t)?;
    let num_glyphs = outlines.count();
    let num_metrics = usize::from(sfnt::read_u16(hhea, 34)?.max(1));

    let mut order: Vec<u16> = glyphs.iter().copied().filter(|g| *g < num_glyphs).collect();
    let mut index: HashMap<u16, u16> = HashMap::with_capacity(order.len());
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

    let hinted = web.is_none();
    let glyf_len: usize = order.iter().map(|&g| outlines.get(g).len() + 1).sum();
    let mut new_glyf = Vec::with_capacity(glyf_len);
    let mut offsets = Vec::with_capacity(order.len() + 1);
    let mut new_hmtx = Vec::with_capacity(order.len() * 4);
    for &gid in &order {
        let start = new_glyf.len();
        offsets.push(start);
        let g = outlines.get(gid);
        push_glyph(&mut new_glyf, g, hinted)?;
        for (at, c) in components(g) {
            let new = index.get(&c).copied().unwrap_or(0).to_be_bytes();
            if let Some(slot) = new_glyf.get_mut(start + at..start + at + 2) {
                slot.copy_from_slice(&new);
            }
        }
        // Even lengths, so that short offsets can name every glyph.
        if new_glyf.len() % 2 != 0 {
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
    offsets.push(new_glyf.len());
    let long = new_glyf.len() > 2 * usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * if long { 4 } else { 2 });
    for at in offsets {
        if long {
            new_loca.extend(u32::try_from(at).ok()?.to_be_bytes());
        } else {
            new_loca.extend(u16::try_from(at / 2).ok()?.to_be_bytes());
        }
    }
    let count = u16::try_from(order.len()).ok()?.to_be_bytes();

    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&u16::from(long).to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea.get_mut(34..36)?.copy_from_slice(&count);
    let mut new_maxp = maxp.to_vec();
    new_maxp.get_mut(4..6)?.copy_from_slice(&count);
    if !hinted && new_maxp.len() >= 28 {
        // No instructions left: no zones, storage, functions or stack for them (as hb-subset).
        new_maxp
            .get_mut(14..28)?
            .copy_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    let keep: &[&[u8; 4]] = if hinted { &KEEP_PDF } else { &KEEP_WEB };
    let mut out_tables: Vec<sfnt::Owned> = Vec::with_capacity(keep.len() + 8);
    for tag in keep {
        let body = match *tag {
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
        out_tables.push((**tag, body));
    }
    if let Some(web) = web {
        web_tables(&t, &order, &index, web, &mut out_tables)?;
    }
    sfnt::assemble(0x0001_0000, out_tables)
}

/// The tables an EPUB's subset adds (see [`Web`]), for the glyphs of `order`.
fn web_tables(
    t: &HashMap<[u8; 4], &[u8]>,
    order: &[u16],
    index: &HashMap<u16, u16>,
    web: Web<'_>,
    out: &mut Vec<sfnt::Owned>,
) -> Option<()> {
    let mut map: Vec<(u32, u16)> = web
        .chars
        .iter()
        .filter_map(|&(c, g)| Some((u32::from(c), *index.get(&g)?)))
        .collect();
    map.sort_unstable();
    map.dedup_by_key(|(c, _)| *c);
    out.push((*b"cmap", cmap(&map)?));
    if let Some(os2) = out.iter_mut().find(|(t, _)| t == b"OS/2") {
        // The first and last characters mapped, as the subset's cmap has them.
        let first = map.first().map_or(0, |(c, _)| (*c).min(0xFFFF) as u16);
        let last = map.last().map_or(0, |(c, _)| (*c).min(0xFFFF) as u16);
        if let Some(slot) = os2.1.get_mut(64..68) {
            let [a, b] = first.to_be_bytes();
            let [c, d] = last.to_be_bytes();
            slot.copy_from_slice(&[a, b, c, d]);
        }
    }
    // Version 3: no glyph names.
    let mut post = t
        .get(b"post")
        .and_then(|p| p.get(..32))
        .map_or_else(|| vec![0; 32], <[u8]>::to_vec);
    post.get_mut(..4)?
        .copy_from_slice(&0x0003_0000u32.to_be_bytes());
    out.push((*b"post", post));
    // Format 0, no records: reading systems name the face by the stylesheet's font-family.
    out.push((*b"name", vec![0, 0, 0, 0, 0, 6]));
    if web.vertical {
        if let (Some(vhea), Some(vmtx)) = (t.get(b"vhea"), t.get(b"vmtx")) {
            let long = usize::from(sfnt::read_u16(vhea, 34)?.max(1));
            let mut new_vmtx = Vec::with_capacity(order.len() * 4);
            for &gid in order {
                let g = usize::from(gid);
                new_vmtx.extend(sfnt::read_u16(vmtx, g.min(long - 1) * 4)?.to_be_bytes());
                let tsb = if g < long {
                    sfnt::read_u16(vmtx, g * 4 + 2)
                } else {
                    sfnt::read_u16(vmtx, long * 4 + (g - long) * 2)
                };
                new_vmtx.extend(tsb.unwrap_or(0).to_be_bytes());
            }
            let mut new_vhea = vhea.to_vec();
            new_vhea
                .get_mut(34..36)?
                .copy_from_slice(&u16::try_from(order.len()).ok()?.to_be_bytes());
            out.push((*b"vhea", new_vhea));
            out.push((*b"vmtx", new_vmtx));
        }
    }
    out.extend(web.layout);
    Some(())
}

/// A `cmap` for `map` (code points, ascending, and their glyphs): format 4 under (3, 1) for the
/// BMP, and format 12 under (3, 10) when a code point lies beyond it or format 4 overflows.
fn cmap(map: &[(u32, u16)]) -> Option<Vec<u8>> {
    let bmp: Vec<(u32, u16)> = map.iter().copied().filter(|(c, _)| *c < 0xFFFF).collect();
    let format4 = format4(&bmp);
    let format12 = (format4.is_none() || bmp.len() < map.len()).then(|| format12(map));
    let subtables: Vec<((u16, u16), Vec<u8>)> = [((3, 1), format4), ((3, 10), format12)]
        .into_iter()
        .filter_map(|(id, sub)| Some((id, sub?)))
        .collect();
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend(u16::try_from(subtables.len()).ok()?.to_be_bytes());
    let mut offset = 4 + 8 * subtables.len();
    for ((platform, encoding), sub) in &subtables {
        out.extend(platform.to_be_bytes());
        out.extend(encoding.to_be_bytes());
        out.extend(u32::try_from(offset).ok()?.to_be_bytes());
        offset += sub.len();
    }
    for (_, sub) in subtables {
        out.extend(sub);
    }
    Some(out)
}

/// Format 4: a segment per run of consecutive code points whose glyphs are consecutive too;
/// `None` when it would not fit its 16-bit length.
fn format4(bmp: &[(u32, u16)]) -> Option<Vec<u8>> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(c, g) in bmp {
        let c = u16::try_from(c).ok()?;
        let delta = g.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == c && *d == delta => *end = c,
            _ => segments.push((c, c, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let n = segments.len();
    let length = u16::try_from(16 + 8 * n).ok()?;
    let seg_x2 = u16::try_from(2 * n).ok()?;
    // The largest power of two not above the segment count, for a binary search.
    let pow = 1u16 << (u16::BITS - 1 - (seg_x2 / 2).leading_zeros());
    let search = 2 * pow;
    let mut out = Vec::with_capacity(usize::from(length));
    for v in [
        4,
        length,
        0,
        seg_x2,
        search,
        pow.trailing_zeros() as u16,
        seg_x2 - search,
    ] {
        out.extend(v.to_be_bytes());
    }
    out.extend(segments.iter().flat_map(|s| s.1.to_be_bytes()));
    out.extend(0u16.to_be_bytes());
    out.extend(segments.iter().flat_map(|s| s.0.to_be_bytes()));
    out.extend(segments.iter().flat_map(|s| s.2.to_be_bytes()));
    out.extend(std::iter::repeat_n(0u8, 2 * n));
    Some(out)
}

/// Format 12: a group per run of consecutive code points with consecutive glyphs.
fn format12(map: &[(u32, u16)]) -> Vec<u8> {
    let mut groups: Vec<(u32, u32, u32)> = Vec::new(); // start, end, first glyph
    for &(c, g) in map {
        match groups.last_mut() {
            Some((start, end, first)) if *end + 1 == c && *first + (c - *start) == u32::from(g) => {
                *end = c;
            }
            _ => groups.push((c, c, u32::from(g))),
        }
    }
    let mut out = Vec::with_capacity(16 + 12 * groups.len());
    out.extend(12u16.to_be_bytes());
    out.extend(0u16.to_be_bytes());
    let length = 16 + 12 * groups.len() as u32;
    for v in [length, 0, groups.len() as u32] {
        out.extend(v.to_be_bytes());
    }
    for (start, end, first) in groups {
        for v in [start, end, first] {
            out.extend(v.to_be_bytes());
        }
    }
    out
}

/// Appends glyph `g`: whole when `hinted` (a PDF's font), else without its hinting instructions
/// and the padding after it (fonts pad glyphs to 4 bytes, and OTS, the sanitiser of Chromium and
/// Firefox, warns of more than 3 bytes after a glyph once it is padded again).
fn push_glyph(out: &mut Vec<u8>, g: &[u8], hinted: bool) -> Option<()> {
    // No contours: nothing to draw.
    let Some(contours) = sfnt::read_u16(g, 0).map(|n| n as i16).filter(|n| *n != 0) else {
        return Some(());
    };
    if hinted {
        out.extend_from_slice(g);
    } else if contours > 0 {
        let at = 10 + 2 * usize::from(contours as u16);
        let instructions = usize::from(sfnt::read_u16(g, at)?);
        if instructions == 0 && g.len().is_multiple_of(2) {
            // Nothing to take out and no byte to add (most glyphs of the CJK faces).
            out.extend_from_slice(g);
            return Some(());
        }
        // A glyph whose points cannot be counted is copied to its end.
        let end = simple_end(g, at, instructions).unwrap_or(g.len());
        out.extend_from_slice(g.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(g.get(at + 2 + instructions..end)?);
    } else if let Some((last_flags, end)) = composite_end(g) {
        // A composite's instructions follow its last component, whose flag announces them.
        let flags = sfnt::read_u16(g, last_flags)? & !WE_HAVE_INSTRUCTIONS;
        let start = out.len();
        out.extend_from_slice(g.get(..end)?);
        out.get_mut(start + last_flags..start + last_flags + 2)?
            .copy_from_slice(&flags.to_be_bytes());
    } else {
        out.extend_from_slice(g);
    }
    Some(())
}

/// The end of simple glyph `g`'s data: its flags and coordinates, which follow the
/// `instructions` bytes counted at `at`.
fn simple_end(g: &[u8], at: usize, instructions: usize) -> Option<usize> {
    const X_SHORT: u8 = 0x02;
    const Y_SHORT: u8 = 0x04;
    const REPEAT: u8 = 0x08;
    const X_SAME: u8 = 0x10;
    const Y_SAME: u8 = 0x20;
    let points = usize::from(sfnt::read_u16(g, at.checked_sub(2)?)?) + 1;
    let mut pos = at + 2 + instructions;
    let (mut done, mut coords) = (0, 0);
    while done < points {
        let flag = *g.get(pos)?;
        pos += 1;
        let mut times = 1;
        if flag & REPEAT != 0 {
            times += usize::from(*g.get(pos)?);
            pos += 1;
        }
        let x = if flag & X_SHORT != 0 {
            1
        } else if flag & X_SAME != 0 {
            0
        } else {
            2
        };
        let y = if flag & Y_SHORT != 0 {
            1
        } else if flag & Y_SAME != 0 {
            0
        } else {
            2
        };
        coords += times * (x + y);
        done += times;
    }
    let end = pos + coords;
    (end <= g.len()).then_some(end)
}

const ARGS_ARE_WORDS: u16 = 0x0001;
const HAVE_SCALE: u16 = 0x0008;
const MORE: u16 = 0x0020;
const HAVE_XY_SCALE: u16 = 0x0040;
const HAVE_2X2: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;
/// Components read at most (a loop in a damaged glyph ends here).
const MAX_COMPONENTS: usize = 64;

/// The components of composite glyph `glyph`: for each, the offset of its flags and its
/// flags, and the offset just after it.
fn composite(glyph: &[u8]) -> impl Iterator<Item = (usize, u16, usize)> + '_ {
    let is_composite = sfnt::read_u16(glyph, 0).is_some_and(|n| (n as i16) < 0);
    let mut at = is_composite.then_some(10);
    std::iter::from_fn(move || {
        let here = at?;
        let flags = sfnt::read_u16(glyph, here)?;
        sfnt::read_u16(glyph, here + 2)?;
        let mut next = here + 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        next += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & HAVE_XY_SCALE != 0 {
            4
        } else if flags & HAVE_2X2 != 0 {
            8
        } else {
            0
        };
        at = (flags & MORE != 0).then_some(next);
        Some((here, flags, next))
    })
    .take(MAX_COMPONENTS)
}

/// Component glyph ids of a composite glyph, with the byte offset of each id.
fn components(glyph: &[u8]) -> Vec<(usize, u16)> {
    composite(glyph)
        .filter_map(|(at, _, _)| Some((at + 2, sfnt::read_u16(glyph, at + 2)?)))
        .collect()
}

/// The offset of a composite glyph's last component's flags, and the end of its components.
fn composite_end(glyph: &[u8]) -> Option<(usize, usize)> {
    composite(glyph)
        .last()
        .and_then(|(at, _, end)| (end <= glyph.len()).then_some((at, end)))
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
            let bytes = subset_truetype(face.data(), 0, &[0, gid], None).unwrap_or_default();
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
    fn a_face_of_a_collection_is_subset_as_the_face_alone() {
        let set = FontSet::builtin();
        let id = set.face_for('x', Family::Mono, false).expect("a face");
        let font = set.face(id).data();
        // A collection of one: its header, then the font with table offsets from the file's start.
        let mut ttc = b"ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10".to_vec();
        let mut shifted = font.to_vec();
        let count = usize::from(sfnt::read_u16(font, 4).expect("count"));
        for i in 0..count {
            let at = 12 + 16 * i + 8;
            let offset = sfnt::read_u32(font, at).expect("offset") + 16;
            shifted[at..at + 4].copy_from_slice(&offset.to_be_bytes());
        }
        ttc.extend(shifted);
        let gid = set.face(id).glyph_id('x').expect("x");
        assert_eq!(
            subset_truetype(&ttc, 0, &[0, gid], None),
            subset_truetype(font, 0, &[0, gid], None)
        );
        assert!(subset_truetype(&ttc, 1, &[0, gid], None).is_none());
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(subset_truetype(b"not a font", 0, &[0, 1], None).is_none());
        assert!(subset_truetype(&[0u8; 64], 0, &[0, 1], None).is_none());
    }
}
