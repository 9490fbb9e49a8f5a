//! Which face draws a character: by the language of the text around it and the character's
//! script. The EPUB stylesheet (`epub/glyphs.rs`) states the same order as CSS font stacks, so
//! both writers make the same choice.

use super::builtin::Region;

/// What the language of a run of text means for fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextLang {
    /// Whose glyph forms Han characters and CJK punctuation take.
    pub region: Region,
    /// CJK text (zh, ja, ko): the CJK face comes first, Latin letters included, as CJK
    /// typesetting does; otherwise the Latin face does.
    pub cjk: bool,
}

impl TextLang {
    /// From a BCP 47 tag such as `zh-Hant-TW`, `ja`, `en-US`; `None` is treated as not CJK.
    pub fn of(tag: Option<&str>) -> TextLang {
        let Some(tag) = tag else {
            return TextLang::default();
        };
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let primary = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let region = match primary {
            "ja" => Region::Jp,
            "ko" => Region::Kr,
            "yue" | "zh" | "cmn" | "lzh" => {
                let hant = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                let hans = rest.contains(&"hans");
                if primary == "yue" || (hant && !hans) {
                    Region::Tc
                } else {
                    Region::Sc
                }
            }
            _ => {
                return TextLang {
                    region: Region::Sc,
                    cjk: false,
                }
            }
        };
        TextLang { region, cjk: true }
    }
}

/// Where a character's glyph should come from first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Han, kana, hangul, bopomofo, CJK punctuation and full-width forms.
    Cjk,
    /// Quotes, dashes, ellipsis and middle dots: full-width beside CJK text, proportional
    /// beside Latin.
    Ambiguous,
    Emoji,
    Arabic,
    Hebrew,
    Devanagari,
    Thai,
    /// Latin, Greek, Cyrillic, digits, symbols: everything else.
    Other,
}

pub fn class(ch: char) -> Class {
    let c = u32::from(ch);
    match c {
        0x2018 | 0x2019 | 0x201C | 0x201D | 0x2014 | 0x2026 | 0x00B7 | 0x2022 | 0x2027 => {
            Class::Ambiguous
        }
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Class::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Class::Arabic
        }
        0x0900..=0x097F | 0xA8E0..=0xA8FF => Class::Devanagari,
        0x0E00..=0x0E7F => Class::Thai,
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3000..=0x303F
        | 0x3040..=0x30FF
        | 0x3100..=0x312F
        | 0x3130..=0x318F
        | 0x31A0..=0x31FF
        | 0x3200..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF => Class::Cjk,
        _ if is_emoji(ch) => Class::Emoji,
        _ => Class::Other,
    }
}

/// Characters shown as emoji by default (Unicode `Emoji_Presentation`, the common ranges):
/// drawn from the emoji face even where a symbol font also has them.
fn is_emoji(ch: char) -> bool {
    matches!(u32::from(ch),
        0x1F000..=0x1FAFF
        | 0x231A..=0x231B | 0x23E9..=0x23EC | 0x23F0 | 0x23F3 | 0x25FD..=0x25FE
        | 0x2614..=0x2615 | 0x2648..=0x2653 | 0x267F | 0x2693 | 0x26A1 | 0x26AA..=0x26AB
        | 0x26BD..=0x26BE | 0x26C4..=0x26C5 | 0x26CE | 0x26D4 | 0x26EA | 0x26F2..=0x26F3
        | 0x26F5 | 0x26FA | 0x26FD | 0x2705 | 0x270A..=0x270B | 0x2728 | 0x274C | 0x274E
        | 0x2753..=0x2755 | 0x2757 | 0x2795..=0x2797 | 0x27B0 | 0x27BF | 0x2B1B..=0x2B1C
        | 0x2B50 | 0x2B55)
}

/// Whether an ambiguous character sits in Latin text (`Some(true)`), CJK text (`Some(false)`)
/// or between neither, judged by the nearest letters before and after it.
pub fn latin_context(prev: Option<char>, next: Option<char>) -> Option<bool> {
    let side = |c: Option<char>| match c.map(class) {
        Some(Class::Cjk) => Some(false),
        Some(Class::Other) if c.is_some_and(char::is_alphanumeric) => Some(true),
        _ => None,
    };
    match (side(prev), side(next)) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), _) | (_, Some(true)) => Some(true),
        _ => None,
    }
}

/// For each ambiguous character of `text`, whether it is in Latin context; the nearest
/// letters are looked for across spaces and other punctuation.
pub fn ambiguous_contexts(text: &str) -> Vec<(usize, Option<bool>)> {
    // Two linear passes (nearest letter before, then after), so a run of punctuation with no
    // letters costs no more than any other text.
    let mut out: Vec<(usize, Option<char>, Option<char>)> = Vec::new();
    let mut prev = None;
    for (at, ch) in text.char_indices() {
        if class(ch) == Class::Ambiguous {
            out.push((at, prev, None));
        } else if ch.is_alphanumeric() {
            prev = Some(ch);
        }
    }
    let mut next = None;
    let mut pending = out.iter_mut().rev().peekable();
    for (at, ch) in text.char_indices().rev() {
        while let Some(slot) = pending.next_if(|s| s.0 > at) {
            slot.2 = next;
        }
        if ch.is_alphanumeric() && class(ch) != Class::Ambiguous {
            next = Some(ch);
        }
    }
    for slot in pending {
        slot.2 = next;
    }
    out.into_iter()
        .map(|(at, p, n)| (at, latin_context(p, n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(TextLang::of(Some("ja")).region, Region::Jp);
        assert_eq!(TextLang::of(Some("zh-TW")).region, Region::Tc);
        assert_eq!(TextLang::of(Some("zh-Hant-HK")).region, Region::Tc);
        assert_eq!(TextLang::of(Some("zh-Hans-TW")).region, Region::Sc);
        assert_eq!(TextLang::of(Some("zh_CN")).region, Region::Sc);
        assert_eq!(TextLang::of(Some("ko-KR")).region, Region::Kr);
        assert!(!TextLang::of(Some("en")).cjk);
        assert!(TextLang::of(Some("zh")).cjk);
    }

    #[test]
    fn quotes_follow_their_neighbours() {
        let ctx = |s: &str| {
            ambiguous_contexts(s)
                .into_iter()
                .map(|(_, c)| c)
                .collect::<Vec<_>>()
        };
        assert_eq!(ctx("don’t"), vec![Some(true)]);
        assert_eq!(ctx("他说“你好”。"), vec![Some(false), Some(false)]);
        assert_eq!(ctx("用“Rust”写"), vec![Some(false), Some(false)]);
        assert_eq!(ctx("“"), vec![None]);
    }
}
