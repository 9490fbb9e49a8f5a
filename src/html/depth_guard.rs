//! Caps element nesting before html5ever sees the page.
//!
//! The HTML tree builder checks element scope by walking its whole stack of open elements on
//! most start tags, so a page nested 100,000 deep costs it O(n²) (minutes). Browsers bound it
//! the same way (Chromium stops nesting at 512). A light scan drops the start and end tags of
//! elements opened deeper than the cap; their content stays, one level up.

use std::borrow::Cow;
use std::collections::HashMap;

/// Elements opened deeper than this are flattened before parsing.
pub const DOM_DEPTH_CAP: usize = 512;

/// Elements that never hold children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements a following sibling closes implicitly; they are not counted, so old-style pages
/// full of unclosed `<p>` and `<li>` are never mistaken for deep ones.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

pub fn limit_depth(html: &str, cap: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Fast path: a page with fewer start tags than the cap cannot nest deeper than it (this
    // scan counts nothing else). End tags are counted only when `<` alone exceeds the cap.
    let tags = bytecount(bytes, b'<');
    if tags <= cap || tags.saturating_sub(memchr::memmem::find_iter(bytes, b"</").count()) <= cap {
        return Cow::Borrowed(html);
    }
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut stack: Vec<(String, bool)> = Vec::new();
    // How many of each name are open: an end tag with none open (`</li>`, never counted, or a
    // stray) is skipped at once instead of searching the whole stack, which made 100,000
    // nested lists or tables quadratic.
    let mut open: HashMap<String, usize> = HashMap::new();
    let mut kept_depth = 0usize;
    let mut i = 0;
    while let Some(off) = bytes.get(i..).and_then(|b| memchr::memchr(b'<', b)) {
        let start = i + off;
        let rest = bytes.get(start..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(bytes, start, b">").map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + if closing { 2 } else { 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_end = bytes
            .get(name_start..)
            .and_then(|b| {
                b.iter()
                    .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
            })
            .map_or(bytes.len(), |p| name_start + p);
        let name = html
            .get(name_start..name_end)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let tag_end = tag_end(bytes, name_end);
        let self_closed = bytes.get(tag_end.saturating_sub(2)) == Some(&b'/');
        let mut drop_tag = false;
        if closing {
            let is_open = open.get(&name).is_some_and(|&n| n > 0);
            if let Some(pos) = is_open
                .then(|| stack.iter().rposition(|(n, _)| *n == name))
                .flatten()
            {
                drop_tag = stack.get(pos).is_some_and(|(_, kept)| !kept);
                for (closed, kept) in stack.drain(pos..) {
                    if kept {
                        kept_depth -= 1;
                    }
                    if let Some(n) = open.get_mut(&closed) {
                        *n = n.saturating_sub(1);
                    }
                }
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            let body_end = find_ci(bytes, tag_end, close.as_bytes()).unwrap_or(bytes.len());
            i = body_end;
            continue;
        } else if !self_closed
            && !VOID.contains(&name.as_str())
            && !SELF_CLOSING_SIBLINGS.contains(&name.as_str())
        {
            let kept = kept_depth < cap;
            if kept {
                kept_depth += 1;
            }
            drop_tag = !kept;
            *open.entry(name.clone()).or_default() += 1;
            stack.push((name, kept));
        }
        if drop_tag {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(html.get(copied_to..start).unwrap_or_default());
            copied_to = tag_end;
        }
        i = tag_end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(html.get(copied_to..).unwrap_or_default());
            Cow::Owned(buf)
        }
    }
}

/// The index just past the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = from;
    while let Some(&c) = bytes.get(i) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

fn bytecount(bytes: &[u8], needle: u8) -> usize {
    memchr::memchr_iter(needle, bytes).count()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|p| p + from)
}

fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_pass_through() {
        let html = "<div><p>a<b>b</b></p></div>";
        assert!(matches!(limit_depth(html, 512), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_text_kept() {
        let html = format!("{}x{}", "<div>".repeat(10), "</div>".repeat(10));
        let out = limit_depth(&html, 3);
        assert_eq!(out, "<div><div><div>x</div></div></div>");
    }

    #[test]
    fn end_tags_of_uncounted_elements_close_nothing() {
        let html = format!("{}x{}", "<ul><li>".repeat(5), "</li></ul>".repeat(5));
        let out = limit_depth(&html, 2);
        let inner = format!("{}x{}", "<li>".repeat(3), "</li>".repeat(3));
        assert_eq!(out, format!("<ul><li><ul><li>{inner}</li></ul></li></ul>"));
    }

    #[test]
    fn quoted_brackets_and_raw_text_are_not_tags() {
        let html = format!(
            "{}<a title=\"<div>\">t</a><script>\"<div>\"</script>{}",
            "<div>".repeat(4),
            "</div>".repeat(4)
        );
        let out = limit_depth(&html, 2);
        assert_eq!(out, "<div><div>t<script>\"<div>\"</script></div></div>");
    }
}
