//! Which characters of which face an EPUB draws, and the font subsets and stylesheet for them.
//!
//! Faces are chosen by `fonts::FontSet::pick`, as in the PDF writer. The stylesheet states the
//! same choice as font stacks per language (`:lang()`), and the rare character whose face the
//! stack would not give (a quote in Latin context inside CJK text, or the reverse) is wrapped
//! in a span naming the right stack.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::fonts::select::{ambiguous_contexts, class, Class};
use crate::fonts::{web_subset, FaceId, Family, FontError, FontSet, Missing, Pick, TextLang};

use super::xhtml::push_text;

/// Text style as far as fonts are concerned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    pub bold: bool,
    pub mono: bool,
    /// Set inside an element with its own `lang`; otherwise the page's language applies.
    pub lang: Option<TextLang>,
}

impl Style {
    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }
    pub fn mono(self) -> Style {
        Style { mono: true, ..self }
    }
}

/// Records every character an EPUB shows, in the style and language it is shown in.
pub(crate) struct Glyphs<'f> {
    fonts: &'f FontSet,
    used: BTreeMap<FaceId, BTreeSet<char>>,
    missing: Missing,
    vertical: bool,
    /// The language of the page being written.
    page: TextLang,
    /// Language tags met (pages and elements), for the `:lang()` rules.
    tags: BTreeSet<String>,
    wrapped: bool,
}

/// One embedded font file.
pub(crate) struct Subset {
    pub href: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Class of the span around a quote whose face the language's stack would not give.
const LATIN_SPAN: &str = "pb-l";
const CJK_SPAN: &str = "pb-c";
/// Language tags given their own rule, at most (each costs a few stylesheet lines).
const MAX_TAGS: usize = 32;

impl<'f> Glyphs<'f> {
    pub fn new(fonts: &'f FontSet, vertical: bool) -> Self {
        Glyphs {
            fonts,
            used: BTreeMap::new(),
            missing: Missing::default(),
            vertical,
            page: TextLang::default(),
            tags: BTreeSet::new(),
            wrapped: false,
        }
    }

    /// The language of the pages written from now on.
    pub fn set_lang(&mut self, tag: &str) {
        self.page = self.lang_of(tag);
    }

    /// A language met in the text; its `TextLang` for `Style::lang`.
    pub fn lang_of(&mut self, tag: &str) -> TextLang {
        if self.tags.len() < MAX_TAGS && !tag.is_empty() {
            self.tags.insert(tag.to_ascii_lowercase());
        }
        TextLang::of(Some(tag))
    }

    fn pick(&self, style: Style, latin: Option<bool>) -> Pick {
        Pick {
            family: if style.mono {
                Family::Mono
            } else {
                Family::Sans
            },
            bold: style.bold,
            lang: style.lang.unwrap_or(self.page),
            latin,
        }
    }

    /// Notes the characters of `text` without writing them (titles handed to epub-builder).
    pub fn note(&mut self, text: &str, style: Style) {
        let mut sink = String::new();
        self.write(&mut sink, text, style);
    }

    /// Writes `text` escaped into `out`, noting its characters for the subsets.
    pub fn write(&mut self, out: &mut String, text: &str, style: Style) {
        let base = self.pick(style, None);
        let contexts = if style.mono || !text.chars().any(|c| class(c) == Class::Ambiguous) {
            Vec::new()
        } else {
            ambiguous_contexts(text)
        };
        let mut contexts = contexts.into_iter().peekable();
        let mut from = 0;
        for (at, ch) in text.char_indices() {
            let latin = contexts.next_if(|(i, _)| *i == at).and_then(|(_, l)| l);
            if ch.is_control() {
                continue;
            }
            let pick = Pick { latin, ..base };
            match self.fonts.pick(ch, &pick) {
                Some(id) => {
                    self.used.entry(id).or_default().insert(ch);
                }
                None => {
                    self.missing.note(ch);
                    if !crate::fonts::is_invisible(ch) && !ch.is_whitespace() {
                        // The .notdef box, as the PDF draws it.
                        self.used
                            .entry(self.fonts.notdef_face(style.bold))
                            .or_default();
                    }
                }
            }
            // The stack of the language gives a quote its face as if no context were known.
            if let Some(l) = latin.filter(|l| *l == base.lang.cjk) {
                push_text(out, text.get(from..at).unwrap_or(""));
                let class = if l { LATIN_SPAN } else { CJK_SPAN };
                let _ = write!(out, "<span class=\"{class}\">");
                push_text(out, text.get(at..at + ch.len_utf8()).unwrap_or(""));
                out.push_str("</span>");
                from = at + ch.len_utf8();
                self.wrapped = true;
            }
        }
        push_text(out, text.get(from..).unwrap_or(""));
    }

    pub fn missing_warning(&self) -> Option<String> {
        self.missing.warning()
    }

    /// The subsets, and the stylesheet rules that declare them and set the font stacks.
    pub fn build(&self) -> Result<(Vec<Subset>, String), FontError> {
        let mut subsets = Vec::new();
        let mut css = String::new();
        for (id, chars) in &self.used {
            let face = self.fonts.face(*id);
            let bytes = web_subset(face, chars, self.vertical)?;
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
                self.css_family(*id),
                if face.is_bold() { "bold" } else { "normal" },
            );
            subsets.push(Subset {
                href,
                media_type,
                bytes,
            });
        }
        let mono = |lang: TextLang| self.stack(Family::Mono, lang, "monospace");
        let sans = |lang: TextLang| self.stack(Family::Sans, lang, "sans-serif");
        let base = TextLang::default();
        let _ = writeln!(
            css,
            "html {{ font-family: {}; }}\ncode, pre, kbd, samp {{ font-family: {}; }}",
            sans(base),
            mono(base)
        );
        // Traditional after Simplified: `zh-TW` matches both `:lang(zh)` and `:lang(zh-TW)`,
        // and the later rule wins.
        let mut tags: Vec<(TextLang, &String)> = self
            .tags
            .iter()
            .map(|t| (TextLang::of(Some(t)), t))
            .collect();
        tags.sort();
        for (lang, tag) in tags {
            let sel = css_lang(tag);
            let _ = writeln!(
                css,
                ":lang({sel}) {{ font-family: {}; }}\n:lang({sel}) code, :lang({sel}) pre, :lang({sel}) kbd, :lang({sel}) samp {{ font-family: {}; }}",
                sans(lang),
                mono(lang)
            );
        }
        if self.wrapped {
            let latin = TextLang::default();
            let cjk = TextLang::of(Some("zh"));
            let _ = writeln!(
                css,
                ".{LATIN_SPAN} {{ font-family: {}; }}\n.{CJK_SPAN} {{ font-family: {}; }}",
                sans(latin),
                sans(cjk)
            );
        }
        Ok((subsets, css))
    }

    /// The CSS font stack for text of `lang`: the embedded faces in the order `pick` tries them
    /// for a letter, then a generic family.
    fn stack(&self, family: Family, lang: TextLang, generic: &str) -> String {
        let mut names: Vec<String> = Vec::new();
        let order = self.fonts.order(&Pick {
            family,
            bold: false,
            lang,
            latin: None,
        });
        let used_extra = self
            .used
            .keys()
            .filter(|id| self.fonts.is_system_font(**id) || self.fonts.is_user_font(**id));
        for id in order.into_iter().chain(used_extra.copied()) {
            let used = self.used.contains_key(&id)
                || self
                    .fonts
                    .bold_of(id)
                    .is_some_and(|b| self.used.contains_key(&b));
            // Only a used face is named: naming one inflates it.
            if !used {
                continue;
            }
            let name = format!("\"{}\"", self.css_family(id));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.push(generic.to_string());
        names.join(", ")
    }

    /// Regular and bold faces of one family share a CSS family name, told apart by weight.
    fn css_family(&self, id: FaceId) -> String {
        let name = self.fonts.face(id).postscript_name();
        let base = name
            .strip_suffix("-Regular")
            .or_else(|| name.strip_suffix("-Bold"))
            .unwrap_or(name);
        let user = if self.fonts.is_user_font(id) || self.fonts.is_system_font(id) {
            format!("-u{}", id.0)
        } else {
            String::new()
        };
        format!("pb-{}{user}", file_stem(base))
    }
}

/// A language tag as a `:lang()` argument: letters, digits and hyphens only.
fn css_lang(tag: &str) -> String {
    tag.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(35)
        .collect()
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
