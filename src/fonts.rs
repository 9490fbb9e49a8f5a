//! The fonts every output embeds: which face draws each character, their metrics, and subsets
//! that hold only the glyphs an output uses.
//!
//! The shipped faces are compiled in (see `fonts/README.md` for their sources) and parsed once per
//! process; parsing is lazy (ttf-parser reads tables on demand), so [`FontSet::builtin`] costs
//! microseconds. Subsets are made with allsorts because it writes a `cmap`, which EPUB reading
//! systems need to map text to glyphs.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::OpenTypeFont;

/// Which chain of faces a run of text draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Body text: the user's font, then Noto Sans SC, Noto Sans KR (Hangul), Noto Sans.
    Sans,
    /// Code: Noto Sans Mono, then the `Sans` chain so CJK in code still renders.
    Mono,
}

/// Index of a face in its [`FontSet`].
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FaceId(pub u16);

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("not a usable TrueType/OpenType font: {0}")]
    Parse(String),
    #[error("the font has no Unicode character map (cmap), so text cannot be drawn with it")]
    NoCmap,
    #[error("could not subset font {name}: {reason}")]
    Subset { name: String, reason: String },
}

/// One parsed face.
pub struct Face {
    data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    postscript_name: String,
    bold: bool,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("postscript_name", &self.postscript_name)
            .field("bold", &self.bold)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl Face {
    fn parse(data: &'static [u8], bold: bool) -> Result<Face, FontError> {
        let parsed =
            ttf_parser::Face::parse(data, 0).map_err(|e| FontError::Parse(e.to_string()))?;
        if parsed.tables().cmap.is_none() {
            return Err(FontError::NoCmap);
        }
        let postscript_name = parsed
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "UserFont".to_string());
        Ok(Face {
            data,
            parsed,
            postscript_name,
            bold,
        })
    }

    /// PostScript name from the `name` table (e.g. `NotoSansSC-Regular`).
    pub fn postscript_name(&self) -> &str {
        &self.postscript_name
    }

    /// The whole font file.
    pub fn data(&self) -> &[u8] {
        self.data
    }

    /// Whether this is the bold member of its family (a user font is always regular).
    pub fn is_bold(&self) -> bool {
        self.bold
    }

    /// Outlines are TrueType (`glyf`); otherwise CFF, and subsets are CFF-flavoured OpenType.
    pub fn is_truetype(&self) -> bool {
        self.parsed.tables().glyf.is_some()
    }

    pub fn units_per_em(&self) -> u16 {
        self.parsed.units_per_em()
    }

    pub fn ascender(&self) -> i16 {
        self.parsed.ascender()
    }

    /// Negative below the baseline, as in the font.
    pub fn descender(&self) -> i16 {
        self.parsed.descender()
    }

    /// The glyph drawing `ch`, if the face has one (glyph 0, `.notdef`, counts as none).
    pub fn glyph_id(&self, ch: char) -> Option<u16> {
        self.parsed.glyph_index(ch).map(|g| g.0).filter(|&g| g != 0)
    }

    /// Horizontal advance in font units (0 for a glyph the face lacks).
    pub fn advance(&self, gid: u16) -> u16 {
        self.parsed
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }

    /// Draws the glyph's outline into `builder`, in font units; its bounding box, or `None`
    /// for an empty glyph.
    pub fn outline(
        &self,
        gid: u16,
        builder: &mut dyn ttf_parser::OutlineBuilder,
    ) -> Option<ttf_parser::Rect> {
        self.parsed.outline_glyph(ttf_parser::GlyphId(gid), builder)
    }

    /// Number of glyphs in the face.
    pub fn glyph_count(&self) -> u16 {
        self.parsed.number_of_glyphs()
    }
}

/// Every face an output may draw from, with the fallback chains.
#[derive(Debug)]
pub struct FontSet {
    faces: Vec<Face>,
    /// Regular/bold chains for `Family::Sans` and `Family::Mono`.
    sans: Chain,
    mono: Chain,
    /// Face 0 is the user's font.
    user: bool,
}

#[derive(Debug, Default)]
struct Chain {
    regular: Vec<FaceId>,
    bold: Vec<FaceId>,
}

/// The shipped faces, as (file bytes, bold, role).
struct Builtin {
    data: &'static [u8],
    bold: bool,
    mono: bool,
}

const BUILTIN: &[Builtin] = &[
    Builtin {
        data: include_bytes!("../fonts/NotoSansSC-Regular.ttf"),
        bold: false,
        mono: false,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSansSC-Bold.ttf"),
        bold: true,
        mono: false,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSansKR-Hangul-Regular.ttf"),
        bold: false,
        mono: false,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSansKR-Hangul-Bold.ttf"),
        bold: true,
        mono: false,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSans-Regular.ttf"),
        bold: false,
        mono: false,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSans-Bold.ttf"),
        bold: true,
        mono: false,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSansMono-Regular.ttf"),
        bold: false,
        mono: true,
    },
    Builtin {
        data: include_bytes!("../fonts/NotoSansMono-Bold.ttf"),
        bold: true,
        mono: true,
    },
];

impl FontSet {
    /// The shipped faces, parsed on first use.
    pub fn builtin() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| Self::build(None))
    }

    /// The shipped faces with a user's font first in the `Sans` chain (regular and bold).
    ///
    /// The font data lives for the rest of the process (faces borrow it without copying):
    /// call this once per run, not once per document.
    pub fn with_user_font(data: Vec<u8>) -> Result<FontSet, FontError> {
        let data: &'static [u8] = Box::leak(data.into_boxed_slice());
        let user = Face::parse(data, false)?;
        Ok(Self::build(Some(user)))
    }

    /// The shipped files are fixed at compile time and tests/fonts.rs checks that every one
    /// parses, so no face is ever skipped here; skipping keeps this infallible regardless.
    fn build(user: Option<Face>) -> FontSet {
        let mut faces = Vec::with_capacity(BUILTIN.len() + 1);
        let mut sans = Chain::default();
        let mut mono = Chain::default();
        let has_user = user.is_some();
        if let Some(user) = user {
            sans.regular.push(FaceId(0));
            sans.bold.push(FaceId(0));
            faces.push(user);
        }
        for b in BUILTIN {
            let Ok(face) = Face::parse(b.data, b.bold) else {
                continue;
            };
            let id = FaceId(faces.len() as u16);
            faces.push(face);
            let chain = if b.mono { &mut mono } else { &mut sans };
            if b.bold {
                chain.bold.push(id);
            } else {
                chain.regular.push(id);
            }
        }
        mono.regular.extend_from_slice(&sans.regular);
        mono.bold.extend_from_slice(&sans.bold);
        FontSet {
            faces,
            sans,
            mono,
            user: has_user,
        }
    }

    /// The first face in the chain that has a glyph for `ch`; `None` when no face does.
    pub fn face_for(&self, ch: char, family: Family, bold: bool) -> Option<FaceId> {
        self.chain(family, bold)
            .iter()
            .copied()
            .find(|id| self.face(*id).glyph_id(ch).is_some())
    }

    /// The face with this id.
    ///
    /// Ids come from [`FontSet::face_for`] on the same set; an id from elsewhere gets the first
    /// face rather than a panic.
    pub fn face(&self, id: FaceId) -> &Face {
        // `build` only returns sets holding every shipped face, so the list is never empty
        // and the clamped index is in range.
        let last = self.faces.len().saturating_sub(1);
        &self.faces[usize::from(id.0).min(last)]
    }

    /// The faces `face_for` tries, in order.
    pub fn chain(&self, family: Family, bold: bool) -> &[FaceId] {
        let chain = match family {
            Family::Sans => &self.sans,
            Family::Mono => &self.mono,
        };
        if bold {
            &chain.bold
        } else {
            &chain.regular
        }
    }

    /// Whether the face came from [`FontSet::with_user_font`].
    pub fn is_user_font(&self, id: FaceId) -> bool {
        self.user && id == FaceId(0)
    }

    /// All faces, with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FaceId(i as u16), f))
    }
}

/// A font file holding only `glyphs` of `face`, with a `cmap` for the characters they draw.
///
/// Glyph `i` of the result is `glyphs[i]` of the face (composite glyphs' components are appended
/// after them). `glyphs[0]` must be 0 (`.notdef`) and ids must not repeat.
pub fn subset(face: &Face, glyphs: &[u16]) -> Result<Vec<u8>, FontError> {
    let err = |reason: String| FontError::Subset {
        name: face.postscript_name.clone(),
        reason,
    };
    if glyphs.first() != Some(&0) {
        return Err(err(
            "the glyph list must start with glyph 0 (.notdef)".into()
        ));
    }
    let font = ReadScope::new(face.data)
        .read::<OpenTypeFont<'_>>()
        .map_err(|e| err(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| err(e.to_string()))?;
    allsorts::subset::subset(
        &provider,
        glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| err(format!("{e:?}")))
}

/// A subset of `face` in which each `from` character is drawn with the glyph `face` has for its
/// `to` character (e.g. `。` with the vertical form `︒`), and no other character is mapped.
///
/// Vertical EPUB text needs this: subsets lose the `vert` feature that picks those glyphs.
pub fn substitute_subset(face: &Face, map: &[(char, char)]) -> Result<Vec<u8>, FontError> {
    let mut pairs: Vec<(u16, u16)> = Vec::new();
    let mut glyphs: Vec<u16> = vec![0];
    for &(from, to) in map {
        let (Ok(code), Some(g)) = (u16::try_from(u32::from(from)), face.glyph_id(to)) else {
            continue;
        };
        if pairs.iter().any(|(c, _)| *c == code) {
            continue;
        }
        let new = match glyphs.iter().position(|x| *x == g) {
            Some(i) => i,
            None => {
                glyphs.push(g);
                glyphs.len() - 1
            }
        };
        pairs.push((code, new as u16));
    }
    pairs.sort_unstable();
    let font = subset(face, &glyphs)?;
    sfnt::replace_table(&font, *b"cmap", &sfnt::cmap_format4(&pairs)).ok_or_else(|| {
        FontError::Subset {
            name: face.postscript_name.clone(),
            reason: "malformed subset table directory".into(),
        }
    })
}

/// Just enough of the sfnt container to swap one table.
mod sfnt {
    fn u16_at(b: &[u8], at: usize) -> Option<u16> {
        Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
    }
    fn u32_at(b: &[u8], at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    }

    fn checksum(data: &[u8]) -> u32 {
        data.chunks(4).fold(0u32, |sum, c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            sum.wrapping_add(u32::from_be_bytes(w))
        })
    }

    /// A format 4 `cmap` (Windows Unicode BMP) with one segment per character.
    pub fn cmap_format4(pairs: &[(u16, u16)]) -> Vec<u8> {
        let mut segs: Vec<(u16, u16)> = pairs.to_vec();
        segs.push((0xFFFF, 0));
        let n = segs.len() as u16;
        let pow = 1u16 << (15 - n.leading_zeros().min(15));
        let search = pow.saturating_mul(2);
        let selector = pow.trailing_zeros() as u16;
        let sub_len = 16 + 8 * n;
        let mut t = Vec::new();
        for v in [0u16, 1, 3, 1] {
            t.extend_from_slice(&v.to_be_bytes());
        }
        t.extend_from_slice(&12u32.to_be_bytes());
        for v in [
            4,
            sub_len,
            0,
            n * 2,
            search,
            selector,
            (n * 2).saturating_sub(search),
        ] {
            t.extend_from_slice(&v.to_be_bytes());
        }
        segs.iter()
            .for_each(|(c, _)| t.extend_from_slice(&c.to_be_bytes()));
        t.extend_from_slice(&0u16.to_be_bytes());
        segs.iter()
            .for_each(|(c, _)| t.extend_from_slice(&c.to_be_bytes()));
        for (c, g) in &segs {
            let delta = if *c == 0xFFFF { 1 } else { g.wrapping_sub(*c) };
            t.extend_from_slice(&delta.to_be_bytes());
        }
        segs.iter()
            .for_each(|_| t.extend_from_slice(&0u16.to_be_bytes()));
        t
    }

    /// `font` with table `tag` replaced by `new`, offsets and checksums recomputed.
    pub fn replace_table(font: &[u8], tag: [u8; 4], new: &[u8]) -> Option<Vec<u8>> {
        let version = u32_at(font, 0)?;
        let count = usize::from(u16_at(font, 4)?);
        let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
        for i in 0..count {
            let rec = 12 + 16 * i;
            let t: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            let off = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            let data = if t == tag {
                new.to_vec()
            } else {
                font.get(off..off.checked_add(len)?)?.to_vec()
            };
            tables.push((t, data));
        }
        tables.sort_by_key(|(t, _)| *t);
        let n = tables.len() as u16;
        let pow = 1u16 << (15 - n.leading_zeros().min(15));
        let mut out = Vec::new();
        out.extend_from_slice(&version.to_be_bytes());
        for v in [
            n,
            pow * 16,
            pow.trailing_zeros() as u16,
            (n * 16).saturating_sub(pow * 16),
        ] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        let mut offset = 12 + 16 * tables.len();
        let mut head_at = None;
        for (t, data) in &mut tables {
            if t == b"head" {
                // checkSumAdjustment is computed over the font with it zeroed.
                data.get_mut(8..12)?.fill(0);
                head_at = Some(offset);
            }
            out.extend_from_slice(t);
            out.extend_from_slice(&checksum(data).to_be_bytes());
            out.extend_from_slice(&(offset as u32).to_be_bytes());
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            offset += data.len().div_ceil(4) * 4;
        }
        for (_, data) in &tables {
            out.extend_from_slice(data);
            out.resize(out.len().div_ceil(4) * 4, 0);
        }
        if let Some(at) = head_at {
            let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
            out.get_mut(at + 8..at + 12)?
                .copy_from_slice(&adjust.to_be_bytes());
        }
        Some(out)
    }
}

/// Characters no face could draw, reported once per output.
#[derive(Debug, Default, Clone)]
pub struct Missing {
    count: usize,
    examples: BTreeSet<char>,
}

const MISSING_EXAMPLES: usize = 5;

impl Missing {
    /// Record a character no face covers. Whitespace, controls and invisible format characters
    /// (zero-width space and joiners, variation selectors, BOM) need no glyph and are ignored.
    pub fn note(&mut self, ch: char) {
        if ch.is_whitespace() || ch.is_control() || is_invisible(ch) {
            return;
        }
        self.count += 1;
        if self.examples.len() < MISSING_EXAMPLES {
            self.examples.insert(ch);
        }
    }

    /// How many characters were noted (each occurrence counts).
    pub fn count(&self) -> usize {
        self.count
    }

    /// One line for the user, or `None` when every character had a glyph.
    pub fn warning(&self) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let mut s = format!(
            "{} character(s) have no glyph in any embedded font and may show as boxes, e.g.",
            self.count
        );
        for ch in &self.examples {
            let _ = write!(s, " '{ch}' (U+{:04X})", u32::from(*ch));
        }
        s.push_str("; pass --font FILE with a font that has them");
        Some(s)
    }
}

fn is_invisible(ch: char) -> bool {
    matches!(ch,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}')
}
