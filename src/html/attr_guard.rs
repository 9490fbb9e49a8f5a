//! Caps the attributes of one element before html5ever sees the page.
//!
//! The tokenizer looks for a duplicate among the attributes read so far each time it finishes
//! one, so 200,000 attributes on one element cost O(n²) (half a minute). No real page needs
//! more than a few dozen; past [`ATTRIBUTE_CAP`] the rest of the tag's attributes are dropped.

use std::borrow::Cow;

/// Attributes kept on one element.
pub const ATTRIBUTE_CAP: usize = 256;

pub fn limit_attributes(html: &str, cap: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Each attribute takes at least two bytes (a space and a name).
    if bytes.len() <= cap.saturating_mul(2) {
        return Cow::Borrowed(html);
    }
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut i = 0;
    while let Some(off) = bytes.get(i..).and_then(|b| memchr::memchr(b'<', b)) {
        let start = i + off;
        let rest = bytes.get(start..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let (cut, end) = scan_tag(bytes, start + 1, cap);
        if let Some(cut) = cut {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(html.get(copied_to..cut).unwrap_or_default());
            buf.push('>');
            copied_to = end;
        }
        i = end.max(start + 1);
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(html.get(copied_to..).unwrap_or_default());
            Cow::Owned(buf)
        }
    }
}

/// Reads a start tag from its name: where to cut it (after the `cap`-th attribute) if it has
/// more, and the index just past its `>`.
fn scan_tag(bytes: &[u8], from: usize, cap: usize) -> (Option<usize>, usize) {
    let is_space = |c: u8| c.is_ascii_whitespace();
    let mut i = from;
    // The tag name.
    while bytes
        .get(i)
        .is_some_and(|&c| !is_space(c) && c != b'/' && c != b'>')
    {
        i += 1;
    }
    let mut count = 0usize;
    let mut cut = None;
    loop {
        while bytes.get(i).is_some_and(|&c| is_space(c) || c == b'/') {
            i += 1;
        }
        let cut_here = cut.filter(|_| count > cap);
        match bytes.get(i) {
            None => return (cut_here, bytes.len()),
            Some(b'>') => return (cut_here, i + 1),
            Some(_) => {}
        }
        // A name: up to space, `/`, `>` or `=` (a leading `=` belongs to the name).
        i += 1;
        while bytes
            .get(i)
            .is_some_and(|&c| !is_space(c) && !matches!(c, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        let mut j = i;
        while bytes.get(j).is_some_and(|&c| is_space(c)) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while bytes.get(j).is_some_and(|&c| is_space(c)) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    j = bytes
                        .get(j + 1..)
                        .and_then(|b| b.iter().position(|&c| c == q))
                        .map_or(bytes.len(), |p| j + 1 + p + 1);
                }
                _ => {
                    while bytes.get(j).is_some_and(|&c| !is_space(c) && c != b'>') {
                        j += 1;
                    }
                }
            }
            i = j;
        }
        count += 1;
        if count == cap && cut.is_none() {
            cut = Some(i);
        }
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_attributes_pass_through() {
        let html = "<p class=\"a\" id=b data-x='1 > 2'>text</p>".repeat(20);
        assert!(matches!(limit_attributes(&html, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn attributes_past_the_cap_are_dropped() {
        let html = "<p a=1 b=\"2\" c d='4' e=5>text</p><br x y z>";
        let out = limit_attributes(html, 2);
        assert_eq!(out, "<p a=1 b=\"2\">text</p><br x y>");
        assert_eq!(limit_attributes("<p a b c", 2), "<p a b>");
    }
}
