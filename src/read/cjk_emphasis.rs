//! `**bold**` beside CJK text, as authors mean it.
//!
//! CommonMark's flanking rules were written for languages that put spaces between words:
//! `**过半:**当leader` and `加上**--whole-archive**链接` stay literal (or pair the wrong
//! delimiters), while pandoc's Markdown reader, older Hexo renderers and the CJK-friendly
//! emphasis proposal make them bold. Here a `**` run not followed by white space also opens,
//! and one not preceded by white space also closes, when a character beside it is CJK.
//!
//! A paragraph is rewritten only where this reading differs from CommonMark's: its `**`
//! pairs become `<strong>` tags, which the Markdown parser passes through. Code spans,
//! fenced code and paragraphs with escaped stars are left alone.

use std::borrow::Cow;

/// The Markdown with CJK-side `**` pairs written as `<strong>` where CommonMark would miss them.
pub fn cjk_emphasis(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("**") {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::new();
    let mut changed = false;
    let mut fence: Option<(u8, usize)> = None;
    let mut para_start: Option<usize> = None;
    let mut pos = 0;
    let flush = |start: Option<usize>, end: usize, out: &mut String, changed: &mut bool| {
        if let Some(s) = start {
            let para = markdown.get(s..end).unwrap_or_default();
            match rewrite(para) {
                Some(new) => {
                    out.push_str(&new);
                    *changed = true;
                }
                None => out.push_str(para),
            }
        }
    };
    for line in markdown.split_inclusive('\n') {
        let end = pos + line.len();
        let fence_line = fence_of(line);
        let in_code = fence.is_some() || fence_line.is_some() || line.trim().is_empty();
        if in_code {
            flush(para_start.take(), pos, &mut out, &mut changed);
            out.push_str(line);
            match (fence, fence_line) {
                (None, Some(f)) => fence = Some(f),
                (Some((ch, len)), Some((c2, l2)))
                    if ch == c2 && l2 >= len && line_is_fence(line) =>
                {
                    fence = None
                }
                _ => {}
            }
        } else if para_start.is_none() {
            para_start = Some(pos);
        }
        pos = end;
    }
    flush(para_start.take(), markdown.len(), &mut out, &mut changed);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(markdown)
    }
}

/// A code fence opening or closing on `line`, also inside list items and block quotes
/// (after their markers and indentation).
fn fence_of(line: &str) -> Option<(u8, usize)> {
    let t = container_content(line);
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&b| b == ch).count();
    (len >= 3).then_some((ch, len))
}

fn line_is_fence(line: &str) -> bool {
    let t = container_content(line).trim_end();
    t.bytes().all(|b| b == b'`' || b == b'~')
}

/// A line without the block quote markers, list markers and indentation before its content.
pub(crate) fn container_content(line: &str) -> &str {
    let mut t = line.trim_start();
    loop {
        if let Some(rest) = t.strip_prefix('>') {
            t = rest.trim_start();
            continue;
        }
        let bullet = t.len() > 1
            && matches!(t.as_bytes().first(), Some(b'-' | b'*' | b'+'))
            && t.as_bytes().get(1) == Some(&b' ');
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = (1..=9).contains(&digits)
            && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
            && t.as_bytes().get(digits + 1) == Some(&b' ');
        if bullet {
            t = t.get(1..).unwrap_or_default().trim_start();
        } else if ordered {
            t = t.get(digits + 1..).unwrap_or_default().trim_start();
        } else {
            return t;
        }
    }
}

/// A `**` run in a paragraph: its byte offset and whether it may open or close, by
/// CommonMark's rules and by the CJK-friendly ones.
struct Run {
    at: usize,
    open: bool,
    close: bool,
    std_open: bool,
    std_close: bool,
}

fn rewrite(para: &str) -> Option<String> {
    if !para.contains("**") || para.contains("\\*") {
        return None;
    }
    let code = code_spans(para);
    let in_code = |i: usize| code.iter().any(|&(s, e)| s <= i && i < e);
    let mut runs = Vec::new();
    let bytes = para.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'*' || in_code(i) {
            i += 1;
            continue;
        }
        let len = run_of(bytes, i, b'*');
        if len == 2 {
            let before = para.get(..i).unwrap_or_default().chars().next_back();
            let after = para.get(i + 2..).unwrap_or_default().chars().next();
            runs.push(flanking(i, before, after));
        }
        i += len;
    }
    if runs
        .iter()
        .all(|r| r.open == r.std_open && r.close == r.std_close)
    {
        return None;
    }
    // The delimiter algorithm, for `**` alone: a run that can close takes the nearest opener.
    let mut openers: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        if r.close {
            if let Some(o) = openers.pop() {
                pairs.push((o, k));
                continue;
            }
        }
        if r.open {
            openers.push(k);
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let mut tags: Vec<(usize, &str)> = Vec::new();
    for (o, c) in pairs {
        if let (Some(open), Some(close)) = (runs.get(o), runs.get(c)) {
            tags.push((open.at, "<strong>"));
            tags.push((close.at, "</strong>"));
        }
    }
    tags.sort_unstable();
    let mut out = String::with_capacity(para.len() + tags.len() * 8);
    let mut last = 0;
    for (at, tag) in tags {
        out.push_str(para.get(last..at).unwrap_or_default());
        out.push_str(tag);
        last = at + 2;
    }
    out.push_str(para.get(last..).unwrap_or_default());
    Some(out)
}

fn flanking(at: usize, before: Option<char>, after: Option<char>) -> Run {
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(is_punctuation);
    let cjk = |c: Option<char>| c.is_some_and(is_cjk);
    let std_open = !ws(after) && (!punct(after) || ws(before) || punct(before));
    let std_close = !ws(before) && (!punct(before) || ws(after) || punct(after));
    Run {
        at,
        open: std_open || (!ws(after) && (cjk(before) || cjk(after))),
        close: std_close || (!ws(before) && (cjk(after) || cjk(before))),
        std_open,
        std_close,
    }
}

/// How many bytes `b` follow one another from `at`.
fn run_of(bytes: &[u8], at: usize, b: u8) -> usize {
    bytes.iter().skip(at).take_while(|&&c| c == b).count()
}

/// Byte ranges of the code spans of a paragraph.
fn code_spans(para: &str) -> Vec<(usize, usize)> {
    let bytes = para.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // A backslash escapes the punctuation after it (`\\` a backslash, `\``
        // a backtick that starts no code span).
        if b == b'\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
            i += 2;
            continue;
        }
        if b != b'`' {
            i += 1;
            continue;
        }
        let len = run_of(bytes, i, b'`');
        let mut j = i + len;
        let mut closed = None;
        while let Some(&c) = bytes.get(j) {
            if c == b'`' {
                let l2 = run_of(bytes, j, b'`');
                if l2 == len {
                    closed = Some(j + l2);
                    break;
                }
                j += l2;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                spans.push((i, end));
                i = end;
            }
            None => i += len,
        }
    }
    spans
}

/// Unicode punctuation as CommonMark counts it (P and S categories, approximately).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2000}'..='\u{206F}'     // general punctuation
            | '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{00A1}'..='\u{00BF}')
}

/// CJK letters and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3100}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_side_pairs_become_strong() {
        assert_eq!(
            cjk_emphasis("**过半:**当leader收到确认。\n"),
            "<strong>过半:</strong>当leader收到确认。\n"
        );
        assert_eq!(
            cjk_emphasis("加上**--whole-archive**链接选项，是**/OPT:NOREF**。\n"),
            "加上<strong>--whole-archive</strong>链接选项，是<strong>/OPT:NOREF</strong>。\n"
        );
        assert_eq!(
            cjk_emphasis("**代码不需要藏着掖着。**Facebook 开源了。\n"),
            "<strong>代码不需要藏着掖着。</strong>Facebook 开源了。\n"
        );
    }

    #[test]
    fn commonmark_readings_stand() {
        for s in [
            "**粗体**正常。\n",
            "a **b** c\n",
            "a **b ** c\n",
            "```\n**过半:**当\n```\n",
            "`**过半:**当`\n",
            "\\\\`a`*`中文**` **`a`**\n",
            "\\*\\*过半:\\*\\*当\n",
            "** 两边有空格 **\n",
        ] {
            assert_eq!(cjk_emphasis(s), s, "{s:?}");
        }
    }

    #[test]
    fn paragraphs_are_separate() {
        let s = "第一段**过半:**\n\n**粗体**当\n";
        // The second paragraph is already CommonMark bold; the first has one `**` pair.
        assert_eq!(cjk_emphasis(s), s);
    }
}
