//! The font layer: shipped faces, which face draws what (by language and script), fallback,
//! and the subsets.

use std::collections::BTreeSet;

use postbind::fonts::{subset, web_subset, Face, FaceId, Family, FontSet, Missing, Pick, TextLang};

const SAMPLE: &str = "中文排版：標點「引號」與繁體。한국어 텍스트 Zażółć gęślą jaźń fn main() {}";

fn name(set: &FontSet, id: Option<FaceId>) -> &str {
    id.map(|id| set.face(id).postscript_name()).unwrap_or("-")
}

fn in_lang(set: &FontSet, ch: char, lang: &str) -> String {
    let pick = Pick {
        lang: TextLang::of(Some(lang)),
        ..Pick::default()
    };
    name(set, set.pick(ch, &pick)).to_string()
}

/// Installed fonts are the last fallback; tests must not depend on this machine's.
fn shipped() -> FontSet {
    FontSet::with_user_fonts(None, Vec::new(), false).unwrap()
}

#[test]
fn every_shipped_face_parses_with_sane_metrics() {
    let set = shipped();
    let names: Vec<&str> = set.faces().map(|(_, f)| f.postscript_name()).collect();
    assert_eq!(
        names,
        [
            "NotoSans-Regular",
            "NotoSans-Bold",
            "NotoSansMono-Regular",
            "NotoSansMono-Bold",
            "NotoSansSC-Regular",
            "NotoSansSC-Bold",
            "NotoSansTC-Regular",
            "NotoSansTC-Bold",
            "NotoSansJP-Regular",
            "NotoSansJP-Bold",
            "NotoSansKR-Regular",
            "NotoSansKR-Bold",
            "NotoSansSymbols2-Regular",
            "NotoSansMath-Regular",
            "NotoEmoji-Regular",
            "NotoSansArabic-Regular",
            "NotoSansArabic-Bold",
            "NotoSansHebrew-Regular",
            "NotoSansHebrew-Bold",
            "NotoSansDevanagari-Regular",
            "NotoSansDevanagari-Bold",
            "NotoSansThai-Regular",
            "NotoSansThai-Bold",
        ]
    );
    for (_, f) in set.faces() {
        assert!(f.units_per_em() >= 1000, "{}", f.postscript_name());
        assert!(f.ascender() > 0 && f.descender() < 0);
        assert!(
            f.is_truetype(),
            "{} must have glyf outlines",
            f.postscript_name()
        );
        assert_eq!(f.is_bold(), f.postscript_name().ends_with("Bold"));
        assert!(f.shaping().is_some());
    }
}

#[test]
fn han_takes_the_forms_of_the_text_language() {
    let set = shipped();
    assert_eq!(in_lang(&set, '直', "zh"), "NotoSansSC-Regular");
    assert_eq!(in_lang(&set, '直', "zh-CN"), "NotoSansSC-Regular");
    assert_eq!(in_lang(&set, '直', "zh-TW"), "NotoSansTC-Regular");
    assert_eq!(in_lang(&set, '直', "zh-Hant"), "NotoSansTC-Regular");
    assert_eq!(in_lang(&set, '直', "zh-HK"), "NotoSansTC-Regular");
    assert_eq!(in_lang(&set, '直', "ja"), "NotoSansJP-Regular");
    assert_eq!(in_lang(&set, '直', "ko"), "NotoSansKR-Regular");
    // Hangul is only in the Korean face.
    assert_eq!(in_lang(&set, '한', "zh"), "NotoSansKR-Regular");
    assert_eq!(in_lang(&set, '한', "en"), "NotoSansKR-Regular");
    // A post of no CJK language still draws Han, with Simplified forms.
    assert_eq!(in_lang(&set, '中', "en"), "NotoSansSC-Regular");
    // A character the language's face lacks comes from another CJK face: 𠮷 from Japanese.
    assert_eq!(in_lang(&set, '𠮷', "zh"), "NotoSansJP-Regular");
}

#[test]
fn latin_comes_from_the_latin_face_except_in_cjk_text() {
    let set = shipped();
    assert_eq!(in_lang(&set, 'A', "en"), "NotoSans-Regular");
    assert_eq!(in_lang(&set, 'A', "zh"), "NotoSansSC-Regular");
    // Quotes: proportional in English, full width in Chinese, by context within either.
    assert_eq!(in_lang(&set, '’', "en"), "NotoSans-Regular");
    assert_eq!(in_lang(&set, '“', "zh"), "NotoSansSC-Regular");
    let latin = Pick {
        lang: TextLang::of(Some("zh")),
        latin: Some(true),
        ..Pick::default()
    };
    assert_eq!(name(&set, set.pick('’', &latin)), "NotoSans-Regular");
    let ch = ['ő', 'ğ', 'ą', 'ł'].into_iter().find(|c| {
        set.face_for(*c, Family::Sans, false)
            .map(|id| set.face(id).postscript_name())
            == Some("NotoSans-Regular")
    });
    assert!(ch.is_some());
    assert_eq!(
        name(&set, set.face_for('{', Family::Mono, false)),
        "NotoSansMono-Regular"
    );
    assert_eq!(
        name(&set, set.face_for('{', Family::Mono, true)),
        "NotoSansMono-Bold"
    );
    assert_eq!(
        name(&set, set.face_for('汉', Family::Mono, false)),
        "NotoSansSC-Regular"
    );
}

#[test]
fn symbols_emoji_math_and_other_scripts_have_faces() {
    let set = shipped();
    for (ch, face) in [
        ('😃', "NotoEmoji-Regular"),
        ('✨', "NotoEmoji-Regular"),
        ('✅', "NotoEmoji-Regular"),
        ('𝑎', "NotoSansMath-Regular"),
        ('⌊', "NotoSansMath-Regular"),
        ('✗', "NotoSansSymbols2-Regular"),
        ('➜', "NotoSansSymbols2-Regular"),
        ('⌘', "NotoSansSymbols2-Regular"),
        ('ب', "NotoSansArabic-Regular"),
        ('ש', "NotoSansHebrew-Regular"),
        ('क', "NotoSansDevanagari-Regular"),
        ('ก', "NotoSansThai-Regular"),
    ] {
        let got = name(&set, set.face_for(ch, Family::Sans, false)).to_string();
        assert!(
            got == face || (face.starts_with("NotoSansSymbols2") && got != "-"),
            "{ch}: {got}, expected {face}"
        );
    }
    assert_eq!(set.face_for('\u{10FFFD}', Family::Sans, false), None);
}

#[test]
fn a_user_font_comes_first_for_text_but_not_for_code() {
    let set = shipped();
    let noto_sans = set
        .faces()
        .find(|(_, f)| f.postscript_name() == "NotoSans-Regular")
        .map(|(_, f)| f.data().to_vec())
        .unwrap();
    let set = FontSet::with_user_font(noto_sans).unwrap();
    assert_eq!(set.face_for('A', Family::Sans, false), Some(FaceId(0)));
    assert_eq!(set.face_for('A', Family::Sans, true), Some(FaceId(0)));
    assert!(set.is_user_font(FaceId(0)));
    assert_eq!(
        name(&set, set.face_for('中', Family::Sans, false)),
        "NotoSansSC-Regular"
    );
    assert_eq!(
        name(&set, set.face_for('A', Family::Mono, false)),
        "NotoSansMono-Regular"
    );
    assert!(FontSet::with_user_font(b"not a font".to_vec()).is_err());
}

#[test]
fn a_symbol_font_given_first_only_fills_gaps() {
    let symbols = shipped()
        .faces()
        .find(|(_, f)| f.postscript_name() == "NotoSansSymbols2-Regular")
        .map(|(_, f)| f.data().to_vec())
        .unwrap();
    let set = FontSet::with_user_fonts(Some(symbols), Vec::new(), false).unwrap();
    // Noto Sans Symbols 2 has digits, but a symbol font must not set them.
    assert_eq!(
        name(&set, set.face_for('1', Family::Sans, false)),
        "NotoSans-Regular"
    );
}

fn glyphs_for(face: &Face, text: &str) -> Vec<u16> {
    let mut g: Vec<u16> = text.chars().filter_map(|c| face.glyph_id(c)).collect();
    g.sort_unstable();
    g.dedup();
    g.insert(0, 0);
    g
}

#[test]
fn pdf_subsets_keep_a_cmap_for_exactly_the_used_characters() {
    let set = shipped();
    let face = set.face(set.face_for('中', Family::Sans, false).unwrap());
    let glyphs = glyphs_for(face, SAMPLE);
    let bytes = subset(face, &glyphs).unwrap();
    assert!(bytes.len() < 40_000, "subset is {} bytes", bytes.len());
    let sub = ttf_parser::Face::parse(&bytes, 0).unwrap();
    assert_eq!(usize::from(sub.number_of_glyphs()), glyphs.len());
    for ch in SAMPLE.chars().filter(|c| face.glyph_id(*c).is_some()) {
        let new = sub
            .glyph_index(ch)
            .unwrap_or_else(|| panic!("{ch} not in subset cmap"))
            .0;
        let old = face.glyph_id(ch).unwrap();
        assert_eq!(glyphs[usize::from(new)], old, "{ch}");
    }
    assert_eq!(sub.glyph_index('国'), None);
    assert!(subset(face, &[5, 0]).is_err());
}

fn table_tags(bytes: &[u8]) -> Vec<String> {
    let face = ttf_parser::RawFace::parse(bytes, 0).unwrap();
    face.table_records
        .into_iter()
        .map(|r| String::from_utf8_lossy(&r.tag.to_bytes()).into_owned())
        .collect()
}

#[test]
fn epub_subsets_keep_layout_tables_and_vertical_metrics() {
    let set = shipped();
    let face = set.face(
        set.role(
            postbind::fonts::Role::Cjk(postbind::fonts::Region::Jp),
            false,
        )
        .unwrap(),
    );
    let chars: BTreeSet<char> = "「縦書き」ー〜、。".chars().collect();
    let horizontal = web_subset(face, &chars, false).unwrap();
    let tags = table_tags(&horizontal);
    assert!(tags.contains(&"GSUB".to_string()), "{tags:?}");
    assert!(tags.contains(&"GPOS".to_string()), "{tags:?}");
    assert!(!tags.contains(&"vmtx".to_string()), "{tags:?}");
    assert!(horizontal.len() < 30_000, "{} bytes", horizontal.len());
    let vertical = web_subset(face, &chars, true).unwrap();
    let sub = ttf_parser::Face::parse(&vertical, 0).unwrap();
    for ch in chars {
        let g = sub.glyph_index(ch).unwrap();
        // One em down the column, not the 1.45 em a reading system makes up without vmtx.
        assert_eq!(sub.glyph_ver_advance(g), Some(1000), "{ch}");
    }
    // The vertical forms are reachable through `vert`: the subset's GSUB has the feature.
    let gsub = sub.tables().gsub.unwrap();
    let feats: Vec<String> = gsub
        .features
        .into_iter()
        .map(|f| String::from_utf8_lossy(&f.tag.to_bytes()).into_owned())
        .collect();
    assert!(feats.iter().any(|f| f == "vert"), "{feats:?}");
    // Latin faces have no vertical metrics; a vertical subset of one is still valid.
    let latin = set.face(set.face_for('A', Family::Sans, false).unwrap());
    let ab: BTreeSet<char> = "fi AV".chars().collect();
    assert!(ttf_parser::Face::parse(&web_subset(latin, &ab, true).unwrap(), 0).is_ok());
}

#[test]
fn missing_ignores_whitespace_and_reports_examples_once() {
    let mut m = Missing::default();
    for c in [' ', '\n', '\u{200B}', '\u{FE0F}', '\u{00A0}'] {
        m.note(c);
    }
    assert_eq!(m.warning(), None);
    for c in ['\u{10FFFD}', '\u{10FFFD}', '\u{E000}'] {
        m.note(c);
    }
    let w = m.warning().unwrap();
    assert!(w.starts_with("3 character(s)"), "{w}");
    assert!(w.contains("U+10FFFD") && w.contains("U+E000"), "{w}");
}
