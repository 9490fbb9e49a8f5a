//! The font layer every writer draws through: which face draws each character (`select`), the
//! faces' metrics and shaping data, and subsets that hold only what an output uses (`subset`).
//!
//! Faces: the shipped ones (`builtin`), a user's `--font` (first) and `--fallback-font`s (after
//! the shipped ones), then fonts installed on the machine (`system`), so a character any of them
//! has is drawn. One that none has is drawn as the `.notdef` box and kept in the text.

mod builtin;
mod missing;
pub mod select;
mod sfnt;
mod shadow;
pub mod shape;
mod subset;
mod system;
mod truetype;

use std::sync::OnceLock;

pub use builtin::{Region, Role};
pub use missing::{is_invisible, Missing};
pub use select::TextLang;
pub use subset::{pdf_subset, subset, web_subset};

use select::Class;

/// Which chain of faces a run of text draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Family {
    /// Body text.
    #[default]
    Sans,
    /// Code: Noto Sans Mono first, then the body chain so CJK in code still renders.
    Mono,
}

/// Everything that decides the face of a character apart from the character itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pick {
    pub family: Family,
    pub bold: bool,
    pub lang: TextLang,
    /// For quotes, dashes and the like: whether they sit in Latin text (`Some(true)`), CJK
    /// text (`Some(false)`), or between neither (the language decides).
    pub latin: Option<bool>,
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
    #[error(
        "it is a colour font with bitmap or layered glyphs ({0}), which postbind cannot embed; \
         use an outline font (for emoji, Noto Emoji is built in)"
    )]
    Colour(&'static str),
    #[error("could not subset font {name}: {reason}")]
    Subset { name: String, reason: String },
}

/// A parsed face: the font file and its tables, read lazily by ttf-parser and rustybuzz.
struct Loaded {
    data: &'static [u8],
    parsed: rustybuzz::Face<'static>,
    postscript_name: String,
}

/// One face: shipped ones are inflated and parsed on first use.
pub struct Face {
    source: Source,
    loaded: OnceLock<Option<Loaded>>,
    bold: bool,
    role: Option<Role>,
}

enum Source {
    Builtin(&'static builtin::Builtin),
    /// A user's or an installed font, already read (and leaked: faces live for the process).
    File {
        data: &'static [u8],
        index: u32,
    },
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A shipped face by its role, not its name: the name would inflate and parse it. (The
        // `--changed-only` key prints the options, fonts included.)
        let mut d = f.debug_struct("Face");
        match &self.source {
            Source::Builtin(_) => d.field("role", &self.role),
            Source::File { .. } => d.field("postscript_name", &self.postscript_name()),
        };
        d.field("bold", &self.bold).finish()
    }
}

impl Face {
    fn builtin(b: &'static builtin::Builtin) -> Face {
        Face {
            source: Source::Builtin(b),
            loaded: OnceLock::new(),
            bold: b.bold,
            role: Some(b.role),
        }
    }

    /// A face from a font file, checked now so that a bad `--font` is refused up front.
    fn from_file(data: &'static [u8], index: u32, bold: bool) -> Result<Face, FontError> {
        let loaded = load(data, index)?;
        Ok(Face {
            source: Source::File { data, index },
            loaded: OnceLock::from(Some(loaded)),
            bold,
            role: None,
        })
    }

    fn get(&self) -> Option<&Loaded> {
        self.loaded
            .get_or_init(|| match &self.source {
                Source::Builtin(b) => {
                    let data: &'static [u8] = Box::leak(builtin::inflate(b)?.into_boxed_slice());
                    load(data, 0).ok()
                }
                Source::File { data, index } => load(data, *index).ok(),
            })
            .as_ref()
    }

    fn parsed(&self) -> Option<&ttf_parser::Face<'static>> {
        self.get().map(|l| &*l.parsed)
    }

    /// The face for the shaper (`None` only for a damaged font).
    pub fn shaping(&self) -> Option<&rustybuzz::Face<'static>> {
        self.get().map(|l| &l.parsed)
    }

    /// The parsed face, for tables the font layer does not wrap (the math typesetter reads
    /// `MATH` and glyph boxes).
    pub fn ttf(&self) -> Option<&ttf_parser::Face<'static>> {
        self.parsed()
    }

    /// PostScript name from the `name` table (e.g. `NotoSansSC-Regular`).
    pub fn postscript_name(&self) -> &str {
        self.get().map_or("Damaged", |l| l.postscript_name.as_str())
    }

    /// The whole font file.
    pub fn data(&self) -> &'static [u8] {
        self.get().map_or(&[], |l| l.data)
    }

    /// Index of the face in its file (collections hold several).
    pub fn index(&self) -> u32 {
        match &self.source {
            Source::Builtin(_) => 0,
            Source::File { index, .. } => *index,
        }
    }

    /// Whether this is the bold member of its family (a user font is always regular).
    pub fn is_bold(&self) -> bool {
        self.bold
    }

    /// What the face is for, for shipped faces.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Outlines are TrueType (`glyf`); otherwise CFF, and subsets are CFF-flavoured OpenType.
    pub fn is_truetype(&self) -> bool {
        self.parsed().is_some_and(|p| p.tables().glyf.is_some())
    }

    pub fn units_per_em(&self) -> u16 {
        self.parsed().map_or(1000, |p| p.units_per_em())
    }

    pub fn ascender(&self) -> i16 {
        self.parsed().map_or(880, |p| p.ascender())
    }

    /// Negative below the baseline, as in the font.
    pub fn descender(&self) -> i16 {
        self.parsed().map_or(-120, |p| p.descender())
    }

    /// The glyph drawing `ch`, if the face has one (glyph 0, `.notdef`, counts as none).
    pub fn glyph_id(&self, ch: char) -> Option<u16> {
        self.parsed()?
            .glyph_index(ch)
            .map(|g| g.0)
            .filter(|&g| g != 0)
    }

    /// Horizontal advance in font units (0 for a glyph the face lacks).
    pub fn advance(&self, gid: u16) -> u16 {
        self.parsed()
            .and_then(|p| p.glyph_hor_advance(ttf_parser::GlyphId(gid)))
            .unwrap_or(0)
    }

    /// Draws the glyph's outline into `builder`, in font units; its bounding box, or `None`
    /// for an empty glyph.
    pub fn outline(
        &self,
        gid: u16,
        builder: &mut dyn ttf_parser::OutlineBuilder,
    ) -> Option<ttf_parser::Rect> {
        self.parsed()?
            .outline_glyph(ttf_parser::GlyphId(gid), builder)
    }

    /// Number of glyphs in the face.
    pub fn glyph_count(&self) -> u16 {
        self.parsed().map_or(0, |p| p.number_of_glyphs())
    }
}

fn load(data: &'static [u8], index: u32) -> Result<Loaded, FontError> {
    let parsed =
        ttf_parser::Face::parse(data, index).map_err(|e| FontError::Parse(e.to_string()))?;
    if parsed.tables().cmap.is_none() {
        return Err(FontError::NoCmap);
    }
    let postscript_name = parsed
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| "UserFont".to_string());
    Ok(Loaded {
        data,
        parsed: rustybuzz::Face::from_face(parsed),
        postscript_name,
    })
}

/// Colour glyph tables: a font drawing with them has no (or placeholder) outlines.
fn colour_table(data: &[u8], index: u32) -> Option<&'static str> {
    let face = ttf_parser::Face::parse(data, index).ok()?;
    let t = face.tables();
    if t.glyf.is_some() || t.cff.is_some() {
        // COLR fonts keep outlines for each layer; but a face whose outlines are only layers
        // would draw shapes without their colours. Refuse those too.
        if t.colr.is_some() {
            return Some("COLR");
        }
        return None;
    }
    if t.cbdt.is_some() {
        Some("CBDT")
    } else if t.sbix.is_some() {
        Some("sbix")
    } else if t.svg.is_some() {
        Some("SVG")
    } else {
        None
    }
}

/// Every face an output may draw from.
#[derive(Debug)]
pub struct FontSet {
    faces: Vec<Face>,
    /// `--font`: first for body text.
    primary: Option<FaceId>,
    /// `--fallback-font`s: after the shipped faces.
    fallback: Vec<FaceId>,
    /// Fonts installed on the machine, read on the first character nothing else has.
    system: Option<system::System>,
    /// The shipped face of each role, regular and bold (bold falls back to regular).
    roles: [[Option<FaceId>; 2]; Role::COUNT],
    /// Names this set in [`PICKS`], apart from every other set made in the process.
    serial: u64,
}

/// Faces picked lately on this thread, by set, character and [`Pick`]: every writer asks for
/// every character of a post, and a pick walks the role chain and the faces' cmaps. Direct
/// mapped, so it is small and never grows.
const PICK_SLOTS: usize = 4096;

/// A slot: the set's serial, the packed character and pick, and the face (`u32::MAX`: none).
type PickSlot = (u64, u64, u32);

thread_local! {
    static PICKS: std::cell::RefCell<Vec<PickSlot>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Serials of font sets; 0 is never one, so an empty slot matches no set.
static SERIALS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Ids at and above this are installed fonts (see `system`).
const SYSTEM_BASE: u16 = 0x8000;

impl FontSet {
    /// The shipped faces, with the machine's fonts as the last fallback.
    pub fn builtin() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| Self::build(Vec::new(), Vec::new(), true))
    }

    /// The shipped faces with a user's font first in the body chain (regular and bold).
    pub fn with_user_font(data: Vec<u8>) -> Result<FontSet, FontError> {
        Self::with_user_fonts(Some(data), Vec::new(), true)
    }

    /// `primary` first in the body chain, `fallback` after the shipped faces, and the machine's
    /// fonts last unless `system` is false. The data lives for the rest of the process (faces
    /// borrow it): call this once per run, not once per document.
    pub fn with_user_fonts(
        primary: Option<Vec<u8>>,
        fallback: Vec<Vec<u8>>,
        system: bool,
    ) -> Result<FontSet, FontError> {
        let mut first = Vec::new();
        let mut after = Vec::new();
        if let Some(data) = primary {
            let face = user_face(data)?;
            // A symbol or emoji font given as `--font` would otherwise take over every letter
            // it happens to have (digits, punctuation): it serves as a fallback instead.
            if face.glyph_id('a').is_none() && face.glyph_id('中').is_none() {
                after.push(face);
            } else {
                first.push(face);
            }
        }
        for data in fallback {
            after.push(user_face(data)?);
        }
        Ok(Self::build(first, after, system))
    }

    fn build(primary: Vec<Face>, fallback: Vec<Face>, system: bool) -> FontSet {
        let mut faces: Vec<Face> = Vec::new();
        let mut set_primary = None;
        for f in primary {
            set_primary = Some(FaceId(faces.len() as u16));
            faces.push(f);
        }
        faces.extend(builtin::BUILTIN.iter().map(Face::builtin));
        let mut set_fallback = Vec::new();
        for f in fallback {
            set_fallback.push(FaceId(faces.len() as u16));
            faces.push(f);
        }
        let mut roles = [[None; 2]; Role::COUNT];
        for (i, f) in faces.iter().enumerate() {
            if let Some([regular, bold]) = f.role.and_then(|r| roles.get_mut(r.index())) {
                *(if f.bold { bold } else { regular }) = Some(FaceId(i as u16));
            }
        }
        for [regular, bold] in &mut roles {
            *bold = bold.or(*regular);
        }
        FontSet {
            faces,
            primary: set_primary,
            fallback: set_fallback,
            system: system.then(system::System::new),
            roles,
            serial: SERIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The face drawing `ch` in body text of no particular language; `None` when no face has it.
    pub fn face_for(&self, ch: char, family: Family, bold: bool) -> Option<FaceId> {
        self.pick(
            ch,
            &Pick {
                family,
                bold,
                ..Pick::default()
            },
        )
    }

    /// The face drawing `ch` as `pick` describes; `None` when no face has it.
    pub fn pick(&self, ch: char, pick: &Pick) -> Option<FaceId> {
        let key = u64::from(ch)
            | u64::from(pick.family == Family::Mono) << 21
            | u64::from(pick.bold) << 22
            | u64::from(pick.lang.cjk) << 23
            | (pick.lang.region as u64) << 24
            | match pick.latin {
                None => 0,
                Some(true) => 1 << 27,
                Some(false) => 2 << 27,
            };
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize % PICK_SLOTS;
        let cached = PICKS.with(|p| {
            p.borrow()
                .get(slot)
                .filter(|(serial, k, _)| *serial == self.serial && *k == key)
                .map(|(_, _, face)| u16::try_from(*face).ok().map(FaceId))
        });
        if let Some(face) = cached {
            return face;
        }
        let face = self.pick_uncached(ch, pick);
        PICKS.with(|p| {
            let mut p = p.borrow_mut();
            if p.is_empty() {
                p.resize(PICK_SLOTS, (0, 0, 0));
            }
            if let Some(s) = p.get_mut(slot) {
                *s = (self.serial, key, face.map_or(u32::MAX, |f| u32::from(f.0)));
            }
        });
        face
    }

    fn pick_uncached(&self, ch: char, pick: &Pick) -> Option<FaceId> {
        let has = |id: FaceId| self.face(id).glyph_id(ch).is_some();
        if let Some(p) = self.primary.filter(|_| pick.family == Family::Sans) {
            if has(p) {
                return Some(p);
            }
        }
        for role in roles(select::class(ch), pick).into_iter().flatten() {
            if let Some(id) = self.role(role, pick.bold) {
                if has(id) {
                    return Some(id);
                }
            }
        }
        if let Some(&id) = self.fallback.iter().find(|id| has(**id)) {
            return Some(id);
        }
        self.system
            .as_ref()?
            .face_for(ch)
            .map(|slot| FaceId(SYSTEM_BASE + slot))
    }

    /// The faces `pick` tries for a letter, in order (installed fonts left out).
    pub fn order(&self, pick: &Pick) -> Vec<FaceId> {
        let mut out: Vec<FaceId> = Vec::new();
        out.extend(self.primary.filter(|_| pick.family == Family::Sans));
        for role in roles(Class::Other, pick).into_iter().flatten() {
            if let Some(id) = self.role(role, pick.bold) {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out.extend(&self.fallback);
        out
    }

    /// The bold member of a shipped face's family, if it has one.
    pub fn bold_of(&self, id: FaceId) -> Option<FaceId> {
        let role = self.face(id).role?;
        self.role(role, true).filter(|b| *b != id)
    }

    /// The shipped face of `role` in the weight asked for, or its regular one.
    pub fn role(&self, role: Role, bold: bool) -> Option<FaceId> {
        let [regular, bold_face] = self.roles.get(role.index())?;
        if bold {
            *bold_face
        } else {
            *regular
        }
    }

    /// The face with this id.
    ///
    /// Ids come from [`FontSet::pick`] on the same set; an id from elsewhere gets the first
    /// face rather than a panic.
    pub fn face(&self, id: FaceId) -> &Face {
        if id.0 >= SYSTEM_BASE {
            if let Some(face) = self
                .system
                .as_ref()
                .and_then(|s| s.face(id.0 - SYSTEM_BASE))
            {
                return face;
            }
        }
        // `build` always holds every shipped face, so the list is never empty and the
        // clamped index is in range.
        let last = self.faces.len().saturating_sub(1);
        #[allow(clippy::indexing_slicing)]
        &self.faces[usize::from(id.0).min(last)]
    }

    /// The face drawing `.notdef` boxes for characters no font has.
    pub fn notdef_face(&self, bold: bool) -> FaceId {
        self.role(Role::Latin, bold).unwrap_or(FaceId(0))
    }

    /// Whether the face came from `--font` or `--fallback-font`.
    pub fn is_user_font(&self, id: FaceId) -> bool {
        self.primary == Some(id) || self.fallback.contains(&id)
    }

    /// Whether the face is one installed on the machine.
    pub fn is_system_font(&self, id: FaceId) -> bool {
        id.0 >= SYSTEM_BASE
    }

    /// The shipped and user faces, with their ids (installed fonts are not listed).
    pub fn faces(&self) -> impl Iterator<Item = (FaceId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FaceId(i as u16), f))
    }
}

/// The shipped roles to try for a character of `class`, in order.
fn roles(class: Class, pick: &Pick) -> [Option<Role>; 16] {
    let mut order: [Option<Role>; 16] = [None; 16];
    let mut n = 0;
    let mut push = |r: Role| {
        if !order.contains(&Some(r)) {
            if let Some(slot) = order.get_mut(n) {
                *slot = Some(r);
                n += 1;
            }
        }
    };
    let cjk = Role::Cjk(pick.lang.region);
    if pick.family == Family::Mono && class != Class::Cjk {
        push(Role::Mono);
    }
    match class {
        Class::Cjk => push(cjk),
        Class::Emoji => push(Role::Emoji),
        Class::Arabic => push(Role::Arabic),
        Class::Hebrew => push(Role::Hebrew),
        Class::Devanagari => push(Role::Devanagari),
        Class::Thai => push(Role::Thai),
        Class::Ambiguous => {
            if pick.latin.unwrap_or(!pick.lang.cjk) {
                push(Role::Latin);
            }
            push(cjk);
        }
        Class::Other => {
            if pick.lang.cjk {
                push(cjk);
            }
        }
    }
    for r in [
        Role::Latin,
        cjk,
        Role::Symbols,
        Role::Math,
        Role::Emoji,
        Role::Arabic,
        Role::Hebrew,
        Role::Devanagari,
        Role::Thai,
    ] {
        push(r);
    }
    for region in Region::ALL {
        push(Role::Cjk(region));
    }
    order
}

fn user_face(data: Vec<u8>) -> Result<Face, FontError> {
    if let Some(kind) = colour_table(&data, 0) {
        return Err(FontError::Colour(kind));
    }
    let data: &'static [u8] = Box::leak(data.into_boxed_slice());
    Face::from_file(data, 0, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shipped face rebuilt as a colour bitmap font: no outlines, a `CBDT` table.
    fn bitmap_font() -> Vec<u8> {
        let set = FontSet::with_user_fonts(None, Vec::new(), false).unwrap();
        let emoji = set.role(Role::Emoji, false).unwrap();
        let data = set.face(emoji).data().to_vec();
        let (version, tables) = sfnt::tables(&data, 0).unwrap();
        let mut kept: Vec<([u8; 4], Vec<u8>)> = tables
            .into_iter()
            .filter(|(t, _)| t != b"glyf" && t != b"loca")
            .map(|(t, d)| (t, d.to_vec()))
            .collect();
        kept.push((*b"CBDT", vec![0, 3, 0, 0]));
        kept.push((*b"CBLC", vec![0, 3, 0, 0, 0, 0, 0, 0]));
        sfnt::assemble(version, kept).unwrap()
    }

    #[test]
    fn colour_bitmap_fonts_are_refused_with_a_reason() {
        let err = FontSet::with_user_fonts(Some(bitmap_font()), Vec::new(), false).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("colour font") && msg.contains("CBDT"), "{msg}");
        assert!(msg.contains("Noto Emoji"), "{msg}");
    }
}
