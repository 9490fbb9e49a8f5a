//! Subsets: only the glyphs an output draws.
//!
//! One subsetter serves both writers (`truetype::subset_truetype`): it copies the outlines and
//! metrics of the glyphs kept, renumbered, in time proportional to them. A PDF needs nothing
//! else (the PDF writer shapes). An EPUB ([`web_subset`]) must work in reading systems that
//! shape text themselves, so it also gets a `cmap` and the layout tables: `GSUB`/`GPOS`/`GDEF`
//! (vertical forms, ligatures, kerning, Arabic and Indic forms) for the glyphs those features
//! reach from the characters drawn. Which glyphs those are and the layout tables for them come
//! from klippa (fontations' port of hb-subset), run on a shadow of the face that holds no
//! outlines (`shadow`); the subsetter writes everything else in klippa's glyph order. Fonts with
//! CFF outlines go through [`subset`] (allsorts).

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::OpenTypeFont;
use fontcull_klippa::{subset_font, Plan, SubsetFlags, DEFAULT_LAYOUT_FEATURES};
use fontcull_write_fonts::read::collections::IntSet;
use fontcull_write_fonts::read::FontRef;
use fontcull_write_fonts::types::{GlyphId, NameId, Tag};

use super::{sfnt, truetype, Face, FontError};

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
/// metrics only.
pub fn pdf_subset(face: &Face, glyphs: &[u16]) -> Result<Vec<u8>, FontError> {
    if face.is_truetype() {
        if let Some(bytes) = truetype::subset_truetype(face.data(), face.index(), glyphs, None) {
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
    let mapped: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|c| Some((*c, face.glyph_id(*c)?)))
        .collect();
    // The glyphs of the characters themselves, `.notdef` first.
    let direct = || -> Vec<u16> {
        let used: BTreeSet<u16> = mapped.iter().map(|(_, g)| *g).chain([0]).collect();
        used.into_iter().collect()
    };
    if !face.is_truetype() {
        // klippa cannot subset CFF outlines yet: those fonts get outlines and a cmap only.
        return subset(face, &direct());
    }
    // A face klippa cannot be given or cannot subset (a layout subset past its 16-bit offsets)
    // is drawn without its layout features.
    let (order, layout) = super::shadow::shadow(face.data(), face.index())
        .and_then(|shadow| layout(&shadow, chars))
        .unwrap_or_else(|| (direct(), Vec::new()));
    let web = truetype::Web {
        chars: &mapped,
        layout,
        vertical,
    };
    truetype::subset_truetype(face.data(), face.index(), &order, Some(web))
        .ok_or_else(|| err("malformed outlines or metrics".into()))
}

/// The layout tables klippa writes for `chars` from `shadow` (see `shadow`), and the face's
/// glyphs in the order those tables number them.
fn layout(shadow: &[u8], chars: &BTreeSet<char>) -> Option<(Vec<u16>, Vec<sfnt::Owned>)> {
    const LAYOUT: [&[u8; 4]; 3] = [b"GDEF", b"GSUB", b"GPOS"];
    let font = FontRef::new(shadow).ok()?;
    let unicodes: IntSet<u32> = chars.iter().map(|c| u32::from(*c)).collect();
    // klippa writes only the layout tables and the shadow outlines that name the glyphs.
    let written = [b"glyf", b"loca", b"head", b"maxp"];
    let drop: IntSet<Tag> = font
        .table_directory
        .table_records()
        .iter()
        .map(|r| r.tag())
        .filter(|t| {
            !LAYOUT
                .iter()
                .chain(&written)
                .any(|w| t.to_be_bytes() == **w)
        })
        .collect();
    let features: IntSet<Tag> = DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    let plan = Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &font,
        SubsetFlags::SUBSET_FLAGS_NO_HINTING,
        &drop,
        &IntSet::<Tag>::all(),
        &features,
        &IntSet::<NameId>::empty(),
        &IntSet::<u16>::empty(),
    );
    let bytes = subset_font(&font, &plan).ok()?;
    let tables = truetype::tables(&bytes, 0)?;
    let order = super::shadow::order(&tables)?;
    let layout = LAYOUT
        .iter()
        .filter_map(|tag| Some((**tag, tables.get(*tag)?.to_vec())))
        .collect();
    Some((order, layout))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Family, FontSet};

    /// A glyph's outline as drawing commands.
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

    fn outline(face: &ttf_parser::Face, gid: u16) -> String {
        let mut path = Path(String::new());
        face.outline_glyph(ttf_parser::GlyphId(gid), &mut path);
        path.0
    }

    /// `text` shaped with `font` (HarfBuzz's algorithms, the face's default features): each
    /// glyph's outline as drawing commands, with its advance and offsets.
    fn shaped(font: &[u8], text: &str, vertical: bool, features: &str) -> Vec<String> {
        let face = rustybuzz::Face::from_slice(font, 0).expect("the font parses");
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        if vertical {
            buffer.set_direction(rustybuzz::Direction::TopToBottom);
        }
        let features: Vec<rustybuzz::Feature> = features
            .split_whitespace()
            .filter_map(|f| f.parse().ok())
            .collect();
        let out = rustybuzz::shape(&face, &features, buffer);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| {
                format!(
                    "{} {}/{} {}/{}",
                    outline(&face, info.glyph_id as u16),
                    pos.x_advance,
                    pos.y_advance,
                    pos.x_offset,
                    pos.y_offset
                )
            })
            .collect()
    }

    #[test]
    fn text_shaped_with_the_subset_draws_as_with_the_face() {
        let set = FontSet::builtin();
        // Han, kana with vertical forms, Latin with composite accents, ligatures and kerning,
        // Arabic and Devanagari (joining forms, marks and conjuncts reached through GSUB), Thai
        // marks, an emoji beyond the BMP.
        // A reading system may turn on more than HarfBuzz's defaults: half-width and
        // proportional CJK punctuation (`halt`, `vpal`: the CJK faces keep some of these in
        // Extension lookups), as `text-spacing-trim` does.
        for (text, vertical, features) in [
            ("中文字体，排版。「引号」", false, ""),
            ("中文字体，排版。「引号」！（括号）", false, "halt"),
            ("日本語のかなカナ、ー「」", true, ""),
            ("日本語の「かぎ括弧」、ー", true, "vpal"),
            ("Hello ÉéÅåñ fi ffl AVATAR Tỷ", false, ""),
            ("مرحبا بالعالم", false, ""),
            ("नमस्ते क्षत्रिय", false, ""),
            ("สวัสดีครับ", false, ""),
            ("🎉🚀", false, ""),
        ] {
            let first = text.chars().find(|c| !c.is_whitespace()).expect("a letter");
            let id = set.face_for(first, Family::Sans, false).expect("a face");
            let face = set.face(id);
            let chars: BTreeSet<char> = text
                .chars()
                .filter(|c| face.glyph_id(*c).is_some())
                .collect();
            let sub = web_subset(face, &chars, vertical).expect("subset");
            assert_eq!(
                shaped(&sub, text, vertical, features),
                shaped(face.data(), text, vertical, features),
                "{text}"
            );
            // Every lookup is written as what it is: none is an Extension lookup any more.
            for (tag, extension) in [(b"GSUB", 7), (b"GPOS", 9)] {
                let Some((_, table)) = sfnt::tables(&sub, 0)
                    .expect("tables")
                    .1
                    .into_iter()
                    .find(|(t, _)| t == tag)
                else {
                    continue;
                };
                let list = usize::from(sfnt::read_u16(table, 8).expect("lookup list"));
                let count = sfnt::read_u16(table, list).expect("lookup count");
                for i in 0..usize::from(count) {
                    let at = list
                        + usize::from(sfnt::read_u16(table, list + 2 + 2 * i).expect("offset"));
                    assert_ne!(
                        sfnt::read_u16(table, at),
                        Some(extension),
                        "{text}: lookup {i}"
                    );
                }
            }
            let parsed = ttf_parser::Face::parse(&sub, 0).expect("the subset parses");
            assert!(parsed.tables().gsub.is_some(), "{text}: GSUB kept");
            assert_eq!(parsed.tables().vmtx.is_some(), vertical, "{text}");
        }
    }

    #[test]
    fn a_pdf_subset_keeps_the_order_given_and_appends_components() {
        let set = FontSet::builtin();
        let id = set.face_for('é', Family::Sans, false).expect("a face");
        let face = set.face(id);
        let (e, a) = (
            face.glyph_id('é').expect("é"),
            face.glyph_id('a').expect("a"),
        );
        let sub = pdf_subset(face, &[0, a, e]).expect("subset");
        let parsed = ttf_parser::Face::parse(&sub, 0).expect("the subset parses");
        assert!(parsed.number_of_glyphs() > 3, "é's components appended");
        assert_eq!(
            parsed.glyph_hor_advance(ttf_parser::GlyphId(1)),
            Some(face.advance(a))
        );
        assert_eq!(
            parsed.glyph_hor_advance(ttf_parser::GlyphId(2)),
            Some(face.advance(e))
        );
    }

    /// Every character a face maps, for drawing samples from.
    fn mapped_chars(face: &Face) -> Vec<char> {
        let parsed = ttf_parser::Face::parse(face.data(), 0).expect("a shipped face parses");
        let mut chars = Vec::new();
        for sub in parsed.tables().cmap.into_iter().flat_map(|c| c.subtables) {
            if sub.is_unicode() {
                sub.codepoints(|cp| chars.extend(char::from_u32(cp)));
            }
        }
        chars.sort_unstable();
        chars.dedup();
        chars.retain(|c| face.glyph_id(*c).is_some());
        chars
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Any set of characters of a face, horizontal or vertical: the subset maps each to a
        /// glyph drawn as the face draws it, with the same advances.
        #[test]
        fn any_characters_draw_as_in_the_face(
            which in 0usize..4,
            picks in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 1..80),
            vertical in proptest::prelude::any::<bool>(),
        ) {
            let set = FontSet::builtin();
            let sample = ['x', '中', 'あ', '🎉'][which];
            let id = set.face_for(sample, Family::Sans, false).expect("a face");
            let face = set.face(id);
            let pool = mapped_chars(face);
            let chars: BTreeSet<char> = picks.iter().map(|i| *i.get(&pool)).collect();
            let bytes = web_subset(face, &chars, vertical).expect("subset");
            let sub = ttf_parser::Face::parse(&bytes, 0).expect("the subset parses");
            let whole = ttf_parser::Face::parse(face.data(), 0).expect("the face parses");
            for c in &chars {
                let (Some(g), Some(o)) = (sub.glyph_index(*c), whole.glyph_index(*c)) else {
                    panic!("{c:?} unmapped");
                };
                proptest::prop_assert_eq!(outline(&sub, g.0), outline(&whole, o.0), "{:?}", c);
                proptest::prop_assert_eq!(sub.glyph_hor_advance(g), whole.glyph_hor_advance(o));
                if vertical {
                    proptest::prop_assert_eq!(sub.glyph_ver_advance(g), whole.glyph_ver_advance(o));
                }
            }
            proptest::prop_assert!(usize::from(sub.number_of_glyphs()) < chars.len() + 200);
        }
    }
}
