//! The shipped faces, the fallback chains and the subsetter.

use postbind::fonts::{subset, Face, FaceId, Family, FontSet, Missing};

const SAMPLE: &str = "中文排版：標點「引號」與繁體。한국어 텍스트 Zażółć gęślą jaźń fn main() {}";

fn name(set: &FontSet, id: Option<FaceId>) -> &str {
    id.map(|id| set.face(id).postscript_name()).unwrap_or("-")
}

#[test]
fn every_shipped_face_parses_with_sane_metrics() {
    let set = FontSet::builtin();
    let names: Vec<&str> = set.faces().map(|(_, f)| f.postscript_name()).collect();
    assert_eq!(
        names,
        [
            "NotoSansSC-Regular",
            "NotoSansSC-Bold",
            "NotoSansKR-Regular",
            "NotoSansKR-Bold",
            "NotoSans-Regular",
            "NotoSans-Bold",
            "NotoSansMono-Regular",
            "NotoSansMono-Bold"
        ]
    );
    for (_, f) in set.faces() {
        assert_eq!(f.units_per_em(), 1000, "{}", f.postscript_name());
        assert!(f.ascender() > 0 && f.descender() < 0);
        assert!(
            f.is_truetype(),
            "{} must have glyf outlines",
            f.postscript_name()
        );
        assert_eq!(f.is_bold(), f.postscript_name().ends_with("Bold"));
    }
}

#[test]
fn fallback_chain_picks_the_first_face_with_the_glyph() {
    let set = FontSet::builtin();
    assert_eq!(
        name(set, set.face_for('中', Family::Sans, false)),
        "NotoSansSC-Regular"
    );
    assert_eq!(
        name(set, set.face_for('中', Family::Sans, true)),
        "NotoSansSC-Bold"
    );
    assert_eq!(
        name(set, set.face_for('A', Family::Sans, false)),
        "NotoSansSC-Regular"
    );
    assert_eq!(
        name(set, set.face_for('한', Family::Sans, false)),
        "NotoSansKR-Regular"
    );
    assert_eq!(
        name(set, set.face_for('한', Family::Sans, true)),
        "NotoSansKR-Bold"
    );
    // Latin beyond Latin-1 that the CJK face lacks comes from Noto Sans.
    let ch = ['ő', 'ğ', 'ą', 'ł'].into_iter().find(|c| {
        set.face_for(*c, Family::Sans, false)
            .map(|id| set.face(id).postscript_name())
            == Some("NotoSans-Regular")
    });
    assert!(
        ch.is_some(),
        "no Latin Extended letter fell back to Noto Sans"
    );
    assert_eq!(
        name(set, set.face_for('{', Family::Mono, false)),
        "NotoSansMono-Regular"
    );
    assert_eq!(
        name(set, set.face_for('{', Family::Mono, true)),
        "NotoSansMono-Bold"
    );
    // CJK inside code falls through the mono face to the CJK one.
    assert_eq!(
        name(set, set.face_for('汉', Family::Mono, false)),
        "NotoSansSC-Regular"
    );
    assert_eq!(set.face_for('\u{10FFFD}', Family::Sans, false), None);
}

#[test]
fn a_user_font_comes_first_for_text_but_not_for_code() {
    let noto_sans = FontSet::builtin()
        .faces()
        .find(|(_, f)| f.postscript_name() == "NotoSans-Regular")
        .map(|(_, f)| f.data().to_vec())
        .unwrap();
    let set = FontSet::with_user_font(noto_sans).unwrap();
    assert_eq!(set.face_for('A', Family::Sans, false), Some(FaceId(0)));
    assert_eq!(set.face_for('A', Family::Sans, true), Some(FaceId(0)));
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

fn glyphs_for(face: &Face, text: &str) -> Vec<u16> {
    let mut g: Vec<u16> = text.chars().filter_map(|c| face.glyph_id(c)).collect();
    g.sort_unstable();
    g.dedup();
    g.insert(0, 0);
    g
}

#[test]
fn subsets_keep_a_cmap_for_exactly_the_used_characters() {
    let set = FontSet::builtin();
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
        assert_eq!(
            sub.glyph_hor_advance(ttf_parser::GlyphId(new)),
            Some(face.advance(old))
        );
    }
    assert_eq!(
        sub.glyph_index('国'),
        None,
        "unused characters must not be kept"
    );
    assert!(subset(face, &[5, 0]).is_err());
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

#[test]
fn substitute_subsets_draw_characters_with_other_glyphs() {
    use postbind::fonts::substitute_subset;
    let set = FontSet::builtin();
    let face = set.face(set.face_for('。', Family::Sans, false).unwrap());
    let map = [
        ('。', '︒'),
        ('，', '︐'),
        ('、', '︑'),
        ('x', '\u{10FFFD}'),
    ];
    let bytes = substitute_subset(face, &map).unwrap();
    std::fs::write(
        std::env::temp_dir().join("postbind-vertical-punct.ttf"),
        &bytes,
    )
    .unwrap();
    let sub = ttf_parser::Face::parse(&bytes, 0).unwrap();
    for (from, to) in &map[..3] {
        let g = sub.glyph_index(*from).unwrap();
        let orig = face.glyph_id(*to).unwrap();
        assert_eq!(sub.glyph_hor_advance(g), Some(face.advance(orig)));
        let bbox = |f: &ttf_parser::Face, g: u16| f.glyph_bounding_box(ttf_parser::GlyphId(g));
        let a = bbox(&sub, g.0).unwrap();
        let b = ttf_parser::Face::parse(face.data(), 0)
            .unwrap()
            .glyph_bounding_box(ttf_parser::GlyphId(orig))
            .unwrap();
        assert_eq!(
            (a.x_min, a.y_min, a.x_max, a.y_max),
            (b.x_min, b.y_min, b.x_max, b.y_max)
        );
    }
    assert_eq!(sub.glyph_index('︒'), None);
    assert_eq!(sub.glyph_index('x'), None);
    assert_eq!(sub.number_of_glyphs(), 4);
}
