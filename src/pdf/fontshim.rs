//! Stand-in for `crate::fonts` (owned by the EPUB branch) with the same API, so the layout
//! engine can be built before that module lands. Reads the fonts from the EPUB worktree at run
//! time; it is deleted when `git merge epub` brings the real module.

use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Sans,
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u16);

#[derive(Debug, thiserror::Error)]
#[error("font error: {0}")]
pub struct FontError(String);

pub struct Face {
    data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    name: String,
    bold: bool,
    mono: bool,
}

impl Face {
    fn load(path: &str, bold: bool, mono: bool) -> Option<Face> {
        let bytes = std::fs::read(path).ok()?;
        let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let parsed = ttf_parser::Face::parse(data, 0).ok()?;
        let name = parsed
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "Font".into());
        Some(Face { data, parsed, name, bold, mono })
    }
    pub fn postscript_name(&self) -> &str {
        &self.name
    }
    pub fn data(&self) -> &[u8] {
        self.data
    }
    pub fn is_bold(&self) -> bool {
        self.bold
    }
    pub fn units_per_em(&self) -> u16 {
        self.parsed.units_per_em()
    }
    pub fn ascender(&self) -> i16 {
        self.parsed.ascender()
    }
    pub fn descender(&self) -> i16 {
        self.parsed.descender()
    }
    pub fn glyph_id(&self, ch: char) -> Option<u16> {
        self.parsed.glyph_index(ch).map(|g| g.0).filter(|g| *g != 0)
    }
    pub fn advance(&self, gid: u16) -> u16 {
        self.parsed.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0)
    }
}

pub struct FontSet {
    faces: Vec<Face>,
}

impl FontSet {
    pub fn builtin() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| {
            let dir = "/work/wt-epub/fonts";
            let list = [
                ("NotoSansSC-Regular.ttf", false, false),
                ("NotoSansSC-Bold.ttf", true, false),
                ("NotoSans-Regular.ttf", false, false),
                ("NotoSans-Bold.ttf", true, false),
                ("NotoSansKR-Hangul-Regular.ttf", false, false),
                ("NotoSansKR-Hangul-Bold.ttf", true, false),
                ("NotoSansMono-Regular.ttf", false, true),
                ("NotoSansMono-Bold.ttf", true, true),
            ];
            let faces = list
                .iter()
                .filter_map(|(f, b, m)| Face::load(&format!("{dir}/{f}"), *b, *m))
                .collect();
            FontSet { faces }
        })
    }

    pub fn face_for(&self, ch: char, family: Family, bold: bool) -> Option<FaceId> {
        let want_mono = family == Family::Mono;
        let pick = |mono: bool, bold: bool| {
            self.faces
                .iter()
                .position(|f| f.mono == mono && f.bold == bold && f.glyph_id(ch).is_some())
        };
        pick(want_mono, bold)
            .or_else(|| pick(false, bold))
            .or_else(|| pick(want_mono, false))
            .or_else(|| pick(false, false))
            .and_then(|i| u16::try_from(i).ok())
            .map(FaceId)
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[usize::from(id.0)]
    }
}

pub fn subset(face: &Face, glyphs: &[u16]) -> Result<Vec<u8>, FontError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let scope = ReadScope::new(face.data());
    let file = scope
        .read::<FontData<'_>>()
        .map_err(|e| FontError(e.to_string()))?;
    let provider = file.table_provider(0).map_err(|e| FontError(e.to_string()))?;
    allsorts::subset::subset(&provider, glyphs, &SubsetProfile::Pdf, CmapTarget::Unrestricted)
        .map_err(|e| FontError(e.to_string()))
}

#[derive(Default)]
pub struct Missing {
    seen: BTreeMap<char, usize>,
}

impl Missing {
    pub fn note(&mut self, ch: char) {
        *self.seen.entry(ch).or_default() += 1;
    }
    pub fn warning(&self) -> Option<String> {
        if self.seen.is_empty() {
            return None;
        }
        let examples: String = self.seen.keys().take(10).collect();
        Some(format!(
            "{} characters have no glyph in the embedded fonts and were left out: {examples}",
            self.seen.values().sum::<usize>()
        ))
    }
}
