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
    c.is_ascii_punctuation()
        || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control() && !is_mark(c))
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

/// Whether any byte of `bytes` is in [`MAY_NEED_ESCAPE`]. They are all ASCII: sixteen bytes
/// with none (CJK prose, a vector compare) are passed over without a look-up each.
fn may_need_escape(bytes: &[u8]) -> bool {
    let marked = |chunk: &[u8]| chunk.iter().any(|&b| MAY_NEED_ESCAPE[usize::from(b)]);
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
    let chars: Vec<char> = text.chars().collect();
    let mut marker_at = if prev.is_none() {
        block_marker(&chars, around.next)
    } else {
        None
    };
    // A `$…$` formula is TeX, written as it is: escapes do not apply inside it.
    let mut math_end: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if math_end.is_some_and(|end| i <= end) {
            out.push(c);
            prev = Some(c);
            continue;
        }
        if c == '$' && !around.in_cell {
            math_end = inline_math_end(&chars, i);
            if math_end.is_some() {
                out.push(c);
                prev = Some(c);
                continue;
            }
        }
        let next = chars.get(i + 1).copied().or(around.next);
        if c == '\n' {
            marker_at = block_marker(chars.get(i + 1..).unwrap_or_default(), around.next)
                .map(|at| at + i + 1);
        }
        let escape = marker_at == Some(i)
            || match c {
                '\\' => next.is_none_or(|n| n.is_ascii_punctuation() || n == '\n'),
                '`' | '[' => true,
                ']' => around.in_brackets,
                '|' => around.in_cell,
                '*' | '~' => !(is_space(prev) && is_space(next)),
                '_' => {
                    let intraword = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    !(intraword || (is_space(prev) && is_space(next)))
                }
                '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(n)),
                '&' => looks_like_entity(chars.get(i + 1..).unwrap_or_default()),
                '!' => bang_before_link && i + 1 == chars.len(),
                _ => false,
            };
        if escape {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
}

const MAX_INLINE_MATH: usize = 1000;

/// The index of the `$` closing an inline formula opened at `open`, GFM's way: no space just
/// inside either dollar, no digit right after the closing one, one line.
fn inline_math_end(chars: &[char], open: usize) -> Option<usize> {
    let first = *chars.get(open + 1)?;
    if first == '$' || first.is_whitespace() {
        return None;
    }
    let mut i = open + 1;
    while let Some(&c) = chars.get(i) {
        // Formulas are short: a bounded look keeps a line of many `$` linear.
        if i - open > MAX_INLINE_MATH {
            return None;
        }
        match c {
            '\n' => return None,
            '\\' => i += 1,
            '$' => {
                let before_ok = chars.get(i - 1).is_some_and(|b| !b.is_whitespace());
                let after_ok = chars
                    .get(i + 1)
                    .is_none_or(|a| !a.is_ascii_digit() && *a != '$');
                return (before_ok && after_ok && i > open + 1).then_some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where a line starting here opens a block (ATX heading, block quote, list item, thematic
/// break, setext underline, `:::` container), the index of the character whose backslash defuses it.
fn block_marker(line: &[char], after: Option<char>) -> Option<usize> {
    let at = |i: usize| line.get(i).copied();
    // What follows the marker: the rest of this text, else what comes after it.
    let then = |i: usize| if i < line.len() { at(i) } else { after };
    let ends_marker = |c: Option<char>| c.is_none_or(|c| c == ' ' || c == '\t' || c == '\n');
    let found = match at(0)? {
        '>' => true,
        '#' => {
            let hashes = line.iter().take_while(|&&c| c == '#').count();
            hashes <= 6 && ends_marker(then(hashes))
        }
        '-' | '+' | '*' if ends_marker(then(1)) => true,
        // A `:::` line opens or closes a container (VuePress, Docusaurus, postbind's reader).
        ':' => line.iter().take_while(|&&c| c == ':').count() >= 3,
        c @ ('-' | '=' | '_') => line
            .iter()
            .take_while(|&&x| x != '\n')
            .all(|&x| x == c || x == ' ' || x == '\t'),
        d if d.is_ascii_digit() => {
            // `1.` is defused on its dot: a backslash before a digit is no escape.
            let digits = line.iter().take_while(|c| c.is_ascii_digit()).count();
            let ordinal = digits <= 9
                && matches!(at(digits), Some('.' | ')'))
                && ends_marker(then(digits + 1));
            return ordinal.then_some(digits);
        }
        _ => false,
    };
    found.then_some(0)
}

/// `&name;`, `&#123;` and `&#x1F;` are character references in Markdown.
fn looks_like_entity(rest: &[char]) -> bool {
    let body: Vec<char> = rest.iter().take(33).copied().collect();
    let Some(end) = body.iter().position(|&c| c == ';') else {
        return false;
    };
    let name = body.get(..end).unwrap_or_default();
    !name.is_empty() && name.iter().all(|c| c.is_ascii_alphanumeric() || *c == '#')
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
