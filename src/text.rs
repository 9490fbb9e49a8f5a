//! Character classes and XML escaping shared by the parser, the site layer and the writers.

/// HTML's ASCII whitespace, the only whitespace a browser collapses (U+00A0 and U+3000 stay).
pub fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// The index of the first HTML space byte of `bytes`. Sixteen bytes are tested at a time for
/// any control or space (one vector compare): CJK prose has none for long stretches.
pub fn find_html_space(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(16);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | (b <= b' ')) {
            if let Some(i) = chunk.iter().position(|&b| is_html_space(char::from(b))) {
                return Some(at + i);
            }
        }
        at += 16;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| is_html_space(char::from(b)))
        .map(|i| at + i)
}

/// Han ideographs and Hangul syllables: letters, every one of these blocks assigned, with no
/// case. Most characters of a CJK post, so checked before Unicode's tables are searched.
pub fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}

/// Characters of scripts written without spaces between words: Han, kana, Bopomofo, and the
/// CJK and full-width punctuation around them. Hangul is not among them (Korean uses spaces).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF       // radicals
        | 0x3000..=0x303F     // CJK symbols and punctuation
        | 0x3040..=0x30FF     // hiragana, katakana
        | 0x3100..=0x312F     // bopomofo
        | 0x31A0..=0x31FF     // bopomofo extended, katakana phonetic extensions
        | 0x3200..=0x32FF     // enclosed CJK
        | 0x3300..=0x33FF     // CJK compatibility
        | 0x3400..=0x4DBF     // extension A
        | 0x4E00..=0x9FFF     // unified ideographs
        | 0xF900..=0xFAFF     // compatibility ideographs
        | 0xFE10..=0xFE1F     // vertical forms
        | 0xFE30..=0xFE4F     // compatibility forms
        | 0xFF00..=0xFF60     // full-width ASCII variants and punctuation
        | 0xFFE0..=0xFFE6     // full-width signs
        | 0x20000..=0x3FFFF   // extensions B–H
    )
}

/// Han ideographs only: what "every CJK character of the post" counts.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Append `s` for a double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Attribute values normalise whitespace; keep newlines and tabs as they were.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Characters allowed in XML 1.0 documents.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `%E8%83%8C` → `背`: Markdown renderers percent-encode fragments.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut agrees with Unicode's tables for every character it answers (a letter is
    /// not Markdown punctuation, and a slug keeps it as it is).
    #[test]
    fn cjk_letters_are_caseless_letters() {
        let letters = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_cjk_letter(c));
        let mut n = 0;
        for c in letters {
            assert!(c.is_alphabetic(), "{c:?}");
            assert!(c.to_lowercase().eq([c]), "{c:?}");
            n += 1;
        }
        assert_eq!(
            n,
            0x4DBF - 0x3400 + 1 + 0x9FFF - 0x4E00 + 1 + 0xD7A3 - 0xAC00 + 1
        );
    }

    #[test]
    fn classes() {
        assert!(is_cjk('中') && is_cjk('。') && is_cjk('（') && is_cjk('カ'));
        assert!(!is_cjk('a') && !is_cjk('한') && !is_cjk('\u{a0}'));
        assert!(is_html_space('\n') && !is_html_space('\u{a0}') && !is_html_space('\u{3000}'));
    }

    #[test]
    fn html_spaces_are_found_where_a_byte_search_finds_them() {
        let long = "中文没有空格".repeat(9);
        for s in [
            "",
            "a",
            " ",
            "中文\u{3000}中文",
            long.as_str(),
            &format!("{long}\x0c"),
            &format!("{long}\x01b c"),
            &format!("{long}\r\n{long}"),
            &format!("\t{long}"),
        ] {
            let naive = s.bytes().position(|b| is_html_space(char::from(b)));
            assert_eq!(find_html_space(s.as_bytes()), naive, "{s:?}");
        }
    }
}
