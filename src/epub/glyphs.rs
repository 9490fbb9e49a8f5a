//! Which glyphs of which face an EPUB draws, and the font subsets and `@font-face` rules for them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::fonts::{subset, substitute_subset, FaceId, Family, FontError, FontSet, Missing};

/// Text style as far as fonts are concerned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    pub bold: bool,
    pub mono: bool,
}

impl Style {
    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }
    pub fn mono(self) -> Style {
        Style { mono: true, ..self }
    }
}

/// Records every character an EPUB shows, in the style it is shown in.
pub(crate) struct Glyphs<'f> {
    fonts: &'f FontSet,
    used: BTreeMap<FaceId, BTreeSet<u16>>,
    missing: Missing,
    /// Vertical text: punctuation shown upright, which needs its vertical forms (see
    /// `VERTICAL_FORMS`).
    vertical: bool,
    vert: BTreeSet<char>,
}

/// One embedded font file.
pub(crate) struct Subset {
    pub href: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

impl<'f> Glyphs<'f> {
    pub fn new(fonts: &'f FontSet, vertical: bool) -> Self {
        Glyphs {
            fonts,
            used: BTreeMap::new(),
            missing: Missing::default(),
            vertical,
            vert: BTreeSet::new(),
        }
    }

    pub fn note(&mut self, text: &str, style: Style) {
        let family = if style.mono {
            Family::Mono
        } else {
            Family::Sans
        };
        for ch in text.chars() {
            if self.vertical && !style.mono && vertical_form(ch).is_some() {
                self.vert.insert(ch);
            }
            match self.fonts.face_for(ch, family, style.bold) {
                Some(id) => {
                    if let Some(g) = self.fonts.face(id).glyph_id(ch) {
                        self.used.entry(id).or_default().insert(g);
                    }
                }
                None => self.missing.note(ch),
            }
        }
    }

    pub fn missing_warning(&self) -> Option<String> {
        self.missing.warning()
    }

    /// The subsets, and the stylesheet rules that declare them and set the font chains.
    pub fn build(&self) -> Result<(Vec<Subset>, String), FontError> {
        let mut subsets = Vec::new();
        let mut css = String::new();
        for (id, glyphs) in &self.used {
            let face = self.fonts.face(*id);
            let mut list: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
            list.push(0);
            list.extend(glyphs.iter().copied().filter(|&g| g != 0));
            let bytes = subset(face, &list)?;
            let (ext, media_type) = if face.is_truetype() {
                ("ttf", "font/ttf")
            } else {
                ("otf", "font/otf")
            };
            let href = format!(
                "fonts/f{}-{}.{ext}",
                id.0,
                file_stem(face.postscript_name())
            );
            let _ = writeln!(
                css,
                "@font-face {{ font-family: \"{}\"; font-style: normal; font-weight: {}; src: url(\"{href}\"); }}",
                css_family(self.fonts, *id),
                if face.is_bold() { "bold" } else { "normal" },
            );
            subsets.push(Subset {
                href,
                media_type,
                bytes,
            });
        }
        let sans = self.stack(Family::Sans, "sans-serif");
        let vert = self.vertical_subset()?;
        let html = match vert {
            Some(v) => {
                let _ = writeln!(
                    css,
                    "@font-face {{ font-family: \"pb-vertical\"; font-style: normal; font-weight: normal; src: url(\"{}\"); }}",
                    v.href
                );
                subsets.push(v);
                // Horizontal islands (tables) keep the horizontal forms.
                let _ = writeln!(css, "table {{ font-family: {sans}; }}");
                format!("\"pb-vertical\", {sans}")
            }
            None => sans,
        };
        let _ = writeln!(
            css,
            "html {{ font-family: {html}; }}\ncode, pre, kbd, samp {{ font-family: {}; }}",
            self.stack(Family::Mono, "monospace"),
        );
        Ok((subsets, css))
    }

    /// The face drawing upright punctuation with its vertical forms, for vertical text.
    fn vertical_subset(&self) -> Result<Option<Subset>, FontError> {
        let map: Vec<(char, char)> = self
            .vert
            .iter()
            .filter_map(|c| vertical_form(*c).map(|v| (*c, v)))
            .collect();
        let Some((_, probe)) = map.first() else {
            return Ok(None);
        };
        let Some(id) = self.fonts.face_for(*probe, Family::Sans, false) else {
            return Ok(None);
        };
        let bytes = substitute_subset(self.fonts.face(id), &map)?;
        Ok(Some(Subset {
            href: "fonts/vertical-punctuation.ttf".into(),
            media_type: "font/ttf",
            bytes,
        }))
    }

    /// The CSS font stack for a family: the embedded faces in chain order, then a generic.
    fn stack(&self, family: Family, generic: &str) -> String {
        let mut names: Vec<String> = Vec::new();
        for bold in [false, true] {
            for id in self.fonts.chain(family, bold) {
                let name = format!("\"{}\"", css_family(self.fonts, *id));
                if self.used.contains_key(id) && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names.push(generic.to_string());
        names.join(", ")
    }
}

/// Regular and bold faces of one family share a CSS family name, told apart by weight.
fn css_family(fonts: &FontSet, id: FaceId) -> String {
    let name = fonts.face(id).postscript_name();
    let base = name
        .strip_suffix("-Regular")
        .or_else(|| name.strip_suffix("-Bold"))
        .unwrap_or(name);
    let user = if fonts.is_user_font(id) { "-user" } else { "" };
    format!("pb-{}{user}", file_stem(base))
}

fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(48)
        .collect()
}

/// Punctuation that vertical text sets upright (Unicode Vertical_Orientation `Tu`) and whose
/// vertical form sits elsewhere in the em: the font's `vert` feature would pick these glyphs, but
/// subsets do not keep it. Rotated punctuation (brackets, dashes) is rotated by the reading
/// system and needs nothing.
fn vertical_form(ch: char) -> Option<char> {
    Some(match ch {
        '、' => '︑',
        '。' => '︒',
        '，' => '︐',
        '！' => '︕',
        '？' => '︖',
        _ => return None,
    })
}
