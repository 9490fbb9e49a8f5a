//! Backslash escapes, only where the text would otherwise turn into markup.

/// What surrounds a piece of text in the output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Around {
    /// The character written right after this text (`None`: the line or block ends).
    pub next: Option<char>,
    /// Inside link text or image alt: `]` would end it.
    pub in_brackets: bool,
    /// Inside a GFM table cell: `|` would end it.
    pub in_cell: bool,
}

/// CommonMark's "Unicode whitespace" (Zs plus tab, line feed, form feed, carriage return).
pub fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// CommonMark 0.31's punctuation: ASCII punctuation and Unicode P and S categories, which for
/// flanking purposes is everything that is neither a letter, a digit, a mark nor a space.
pub fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    if crate::text::is_cjk_letter(c) {
        return false;
    }
    !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control() && !is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x3099..=0x309A)
}

/// Whitespace that is text (not Markdown layout) and must survive at a line start.
fn is_kept_space(c: char) -> bool {
    c.is_whitespace() && !c.is_ascii()
}

/// Bytes that can turn text into markup away from a line start, as a table: one look-up a
/// byte, where a search for any of eleven characters compared each character eleven times.
#[allow(clippy::indexing_slicing)] // Built at compile time: an index out of range fails the build.
const MAY_NEED_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\\`*_[]<&|~\n";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// The bytes the escaping walk stops at: those of [`MAY_NEED_ESCAPE`], `$` (a formula is left
/// as it is) and `!` (before a link).
#[allow(clippy::indexing_slicing)] // Built at compile time, as above.
const MAY_MATTER: [bool; 256] = {
    let mut table = MAY_NEED_ESCAPE;
    table[b'$' as usize] = true;
    table[b'!' as usize] = true;
    table
};

/// Whether `table` holds `b`.
#[inline]
#[allow(clippy::indexing_slicing)] // A byte indexes a table of 256 entries: never out of range.
fn is_in(table: &[bool; 256], b: u8) -> bool {
    table[usize::from(b)]
}

/// Whether any byte of `bytes` is in [`MAY_NEED_ESCAPE`]. They are all ASCII: sixteen bytes
/// with none (CJK prose, a vector compare) are passed over without a look-up each.
fn may_need_escape(bytes: &[u8]) -> bool {
    let marked = |chunk: &[u8]| chunk.iter().any(|&b| is_in(&MAY_NEED_ESCAPE, b));
    let mut chunks = bytes.chunks_exact(16);
    chunks
        .by_ref()
        .any(|c| c.iter().fold(false, |ascii, &b| ascii | b.is_ascii()) && marked(c))
        || marked(chunks.remainder())
}

/// Appends `text` to `out`, escaped for its place. The character before it is read from `out`
/// (a line start when `out` is empty or ends with a newline).
pub fn escape_text(text: &str, out: &mut String, around: Around) {
    let mut prev = match out.chars().next_back() {
        Some('\n') | None => None,
        c => c,
    };
    // `!` right before a link would make it an image.
    let bang_before_link = around.next == Some('[') && text.ends_with('!');
    // Renderers strip a line's leading whitespace, and many (markdown-it, marked) strip any
    // Unicode whitespace: a Chinese paragraph's U+3000 indent stays as a character reference.
    let text = if prev.is_none() {
        let spaces = text.find(|c: char| !is_kept_space(c)).unwrap_or(text.len());
        let (lead, rest) = text.split_at(spaces);
        for c in lead.chars() {
            out.push_str(&format!("&#x{:X};", u32::from(c)));
        }
        if !lead.is_empty() {
            // What the parser sees before the rest: the reference's `;`.
            prev = Some(';');
        }
        rest
    } else {
        text
    };
    // Most text holds nothing to escape: copy it whole.
    let line_start_marker = prev.is_none()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "#>-+*=_:".contains(c));
    if !line_start_marker && !bang_before_link && !may_need_escape(text.as_bytes()) {
        out.push_str(text);
        return;
    }
    // Every character that can need a backslash is ASCII, so the text is walked byte by byte
    // and copied in runs between them; the characters around one are decoded only there.
    let bytes = text.as_bytes();
    let char_before = |i: usize| match i {
        0 => prev,
        _ => text.get(..i).and_then(|s| s.chars().next_back()),
    };
    let char_after = |i: usize| {
        text.get(i + 1..)
            .and_then(|s| s.chars().next())
            .or(around.next)
    };
    let mut marker_at = if prev.is_none() {
        block_marker(text, around.next)
    } else {
        None
    };
    let mut copied = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !is_in(&MAY_MATTER, b) && marker_at != Some(i) {
            i += 1;
            continue;
        }
        // A `$…$` formula is TeX, written as it is: escapes do not apply inside it.
        if b == b'$' && !around.in_cell {
            if let Some(end) = inline_math_end(text, i) {
                i = end + 1;
                continue;
            }
        }
        if b == b'\n' {
            marker_at = text
                .get(i + 1..)
                .and_then(|line| block_marker(line, around.next))
                .map(|at| at + i + 1);
        }
        let next = char_after(i);
        let prev = char_before(i);
        let escape = marker_at == Some(i)
            || match b {
                b'\\' => next.is_none_or(|n| n.is_ascii_punctuation() || n == '\n'),
                b'`' | b'[' => true,
                b']' => around.in_brackets,
                b'|' => around.in_cell,
                b'*' | b'~' => !(is_space(prev) && is_space(next)),
                b'_' => {
                    let intraword = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    !(intraword || (is_space(prev) && is_space(next)))
                }
                b'<' => next.is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(n)),
                b'&' => looks_like_entity(bytes.get(i + 1..).unwrap_or_default()),
                b'!' => bang_before_link && i + 1 == bytes.len(),
                _ => false,
            };
        if escape {
            out.push_str(text.get(copied..i).unwrap_or_default());
            out.push('\\');
            copied = i;
        }
        i += 1;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
}

const MAX_INLINE_MATH: usize = 1000;

/// The byte offset of the `$` closing an inline formula opened at `open`, GFM's way: no space
/// just inside either dollar, no digit right after the closing one, one line.
fn inline_math_end(text: &str, open: usize) -> Option<usize> {
    let inner = text.get(open + 1..)?;
    let first = inner.chars().next()?;
    if first == '$' || first.is_whitespace() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = open + 1;
    let mut chars = 0;
    while let Some(&b) = bytes.get(i) {
        // Formulas are short: a bounded look keeps a line of many `$` linear.
        if b & 0xC0 != 0x80 {
            chars += 1;
            if chars > MAX_INLINE_MATH {
                return None;
            }
        }
        match b {
            b'\n' => return None,
            // The escaped character is skipped: a byte of a longer one is never `$`.
            b'\\' => i += 1,
            b'$' => {
                let before_ok = text
                    .get(..i)
                    .and_then(|s| s.chars().next_back())
                    .is_some_and(|c| !c.is_whitespace());
                let after_ok = bytes
                    .get(i + 1)
                    .is_none_or(|a| !a.is_ascii_digit() && *a != b'$');
                return (before_ok && after_ok && i > open + 1).then_some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where a line starting here opens a block (ATX heading, block quote, list item, thematic
/// break, setext underline, `:::` container), the byte offset of the character whose backslash
/// defuses it.
fn block_marker(line: &str, after: Option<char>) -> Option<usize> {
    let bytes = line.as_bytes();
    let run = |of: u8| bytes.iter().take_while(|&&b| b == of).count();
    // What follows the marker (a run of ASCII, so `i` is a character boundary): the rest of
    // this text, else what comes after it.
    let then = |i: usize| match line.get(i..) {
        Some(rest) if !rest.is_empty() => rest.chars().next(),
        _ => after,
    };
    let ends_marker = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t' || c == '\n');
    let found = match *bytes.first()? {
        b'>' => true,
        b'#' => {
            let hashes = run(b'#');
            hashes <= 6 && ends_marker(then(hashes))
        }
        b'-' | b'+' | b'*' if ends_marker(then(1)) => true,
        // A `:::` line opens or closes a container (VuePress, Docusaurus, postbind's reader).
        b':' => run(b':') >= 3,
        c @ (b'-' | b'=' | b'_') => bytes
            .iter()
            .take_while(|&&x| x != b'\n')
            .all(|&x| x == c || x == b' ' || x == b'\t'),
        d if d.is_ascii_digit() => {
            // `1.` is defused on its dot: a backslash before a digit is no escape.
            let digits = bytes.iter().take_while(|c| c.is_ascii_digit()).count();
            let ordinal = digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && ends_marker(then(digits + 1));
            return ordinal.then_some(digits);
        }
        _ => false,
    };
    found.then_some(0)
}

/// `&name;`, `&#123;` and `&#x1F;` are character references in Markdown: up to 32 ASCII
/// letters, digits and `#` and a `;`.
fn looks_like_entity(rest: &[u8]) -> bool {
    let name = rest
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    name > 0 && name < 33 && rest.get(name) == Some(&b';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapable_bytes_are_found_in_any_chunk() {
        let prose = "中文没有需要转义的字符。".repeat(5);
        for (s, expected) in [
            (String::new(), false),
            (prose.clone(), false),
            (format!("{prose}a.b"), false),
            (format!("{prose}*"), true),
            (format!("_{prose}"), true),
            (format!("{}|{}", &prose[..30], &prose[30..]), true),
            (format!("{prose}\n"), true),
        ] {
            assert_eq!(may_need_escape(s.as_bytes()), expected, "{s:?}");
        }
    }
}
