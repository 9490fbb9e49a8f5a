//! The shipped faces (see `fonts/README.md` for their sources). `build.rs` stores them deflated;
//! a face is inflated the first time a post draws from it, so a Latin-only run never pays for
//! the CJK faces.

/// The CJK faces, one per written standard: their glyph forms differ (直 写 骨 角 黃, and where
/// punctuation sits in the em).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Region {
    /// Simplified Chinese (mainland China, Singapore).
    #[default]
    Sc,
    /// Traditional Chinese (Taiwan, Hong Kong, Macau).
    Tc,
    Jp,
    Kr,
}

impl Region {
    pub const ALL: [Region; 4] = [Region::Sc, Region::Tc, Region::Jp, Region::Kr];
}

impl Role {
    pub(crate) const COUNT: usize = 13;

    /// A dense index, for the per-role table of a font set.
    pub(crate) fn index(self) -> usize {
        match self {
            Role::Latin => 0,
            Role::Mono => 1,
            Role::Cjk(Region::Sc) => 2,
            Role::Cjk(Region::Tc) => 3,
            Role::Cjk(Region::Jp) => 4,
            Role::Cjk(Region::Kr) => 5,
            Role::Emoji => 6,
            Role::Symbols => 7,
            Role::Math => 8,
            Role::Arabic => 9,
            Role::Hebrew => 10,
            Role::Devanagari => 11,
            Role::Thai => 12,
        }
    }
}

/// What a face is for: the selection rules in `select.rs` pick faces by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Latin,
    Mono,
    Cjk(Region),
    Emoji,
    Symbols,
    Math,
    Arabic,
    Hebrew,
    Devanagari,
    Thai,
}

pub(crate) struct Builtin {
    pub deflated: &'static [u8],
    pub bold: bool,
    pub role: Role,
}

macro_rules! face {
    ($file:literal, $bold:expr, $role:expr) => {
        Builtin {
            deflated: include_bytes!(concat!(env!("OUT_DIR"), "/", $file, ".z")),
            bold: $bold,
            role: $role,
        }
    };
}

/// In fallback order within a role; faces with no bold member serve bold text too.
pub(crate) const BUILTIN: &[Builtin] = &[
    face!("NotoSans-Regular.ttf", false, Role::Latin),
    face!("NotoSans-Bold.ttf", true, Role::Latin),
    face!("NotoSansMono-Regular.ttf", false, Role::Mono),
    face!("NotoSansMono-Bold.ttf", true, Role::Mono),
    face!("NotoSansSC-Regular.ttf", false, Role::Cjk(Region::Sc)),
    face!("NotoSansSC-Bold.ttf", true, Role::Cjk(Region::Sc)),
    face!("NotoSansTC-Regular.ttf", false, Role::Cjk(Region::Tc)),
    face!("NotoSansTC-Bold.ttf", true, Role::Cjk(Region::Tc)),
    face!("NotoSansJP-Regular.ttf", false, Role::Cjk(Region::Jp)),
    face!("NotoSansJP-Bold.ttf", true, Role::Cjk(Region::Jp)),
    face!("NotoSansKR-Regular.ttf", false, Role::Cjk(Region::Kr)),
    face!("NotoSansKR-Bold.ttf", true, Role::Cjk(Region::Kr)),
    face!("NotoSansSymbols2-Regular.ttf", false, Role::Symbols),
    face!("NotoSansMath-Regular.ttf", false, Role::Math),
    face!("NotoEmoji-Regular.ttf", false, Role::Emoji),
    face!("NotoSansArabic-Regular.ttf", false, Role::Arabic),
    face!("NotoSansArabic-Bold.ttf", true, Role::Arabic),
    face!("NotoSansHebrew-Regular.ttf", false, Role::Hebrew),
    face!("NotoSansHebrew-Bold.ttf", true, Role::Hebrew),
    face!("NotoSansDevanagari-Regular.ttf", false, Role::Devanagari),
    face!("NotoSansDevanagari-Bold.ttf", true, Role::Devanagari),
    face!("NotoSansThai-Regular.ttf", false, Role::Thai),
    face!("NotoSansThai-Bold.ttf", true, Role::Thai),
];

/// The font file of a shipped face; `None` only if the compiled-in data is damaged, which
/// tests/fonts.rs rules out for every face. The buffer is made at the size `build.rs` noted,
/// and inflated into without being zeroed or grown first (a CJK face is 10 MB).
pub(crate) fn inflate(b: &Builtin) -> Option<Vec<u8>> {
    let (len, deflated) = b.deflated.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    let mut out = Vec::with_capacity(len);
    let mut z = flate2::Decompress::new(true);
    let status = z
        .decompress_vec(deflated, &mut out, flate2::FlushDecompress::Finish)
        .ok()?;
    (status == flate2::Status::StreamEnd && out.len() == len).then_some(out)
}
