//! Whitespace as a browser renders it (CSS `white-space: normal`), across element edges.

use crate::text::{find_html_space, is_cjk, is_html_space};
use crate::tree::{push_merged, Inline};

pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_html_space)
}

/// One string collapsed on its own (titles, alt text, captions).
pub fn collapse(s: &str) -> String {
    match normalize(vec![Inline::Text(s.to_string())]).pop() {
        Some(Inline::Text(t)) => t,
        _ => String::new(),
    }
}

/// Collapses whitespace over a whole inline run, drops what renders as nothing, and trims
/// line breaks at its edges.
///
/// A run of whitespace becomes one space kept where the run began (as a browser does), is
/// dropped at the start and end of a line, and disappears entirely when it holds a line break
/// between two CJK characters (CSS Text's segment break rule: Chinese has no word spaces).
pub fn normalize(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if !is_settled(&inlines) {
        collapse_leaves(&mut inlines);
    }
    let mut out = cleanup(inlines);
    while matches!(out.first(), Some(Inline::LineBreak)) {
        out.remove(0);
    }
    while matches!(out.last(), Some(Inline::LineBreak)) {
        out.pop();
    }
    out
}

/// Whether collapsing would leave every leaf as it is (most runs of a post rendered from
/// Markdown): then no leaf list is built.
fn is_settled(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| match inline {
        Inline::Text(s) => is_collapsed(s),
        Inline::Code(s) | Inline::Kbd(s) => !s.contains(['\n', '\r']),
        other => other.children().is_none_or(is_settled),
    })
}

fn collapse_leaves(inlines: &mut [Inline]) {
    let mut leaves = Vec::with_capacity(inlines.len());
    collect_leaves(inlines, &mut leaves);
    // A leaf's new text; `None` keeps it as it is (most leaves hold no whitespace at all).
    let mut rewritten: Vec<Option<String>> = vec![None; leaves.len()];
    let mut prev: Option<char> = None;
    let mut pending: Option<(usize, bool)> = None;
    for (idx, leaf) in leaves.iter().enumerate() {
        match leaf {
            // Text already collapsed comes out as it is: only the space before it is decided.
            Leaf::Text(s) if is_collapsed(s) => {
                let Some(first) = s.chars().next() else {
                    continue;
                };
                if let Some((at, newline)) = pending.take() {
                    if !(newline && prev.is_some_and(is_cjk) && is_cjk(first)) {
                        push_space(&mut rewritten, at);
                    }
                }
                prev = s.chars().next_back();
            }
            Leaf::Text(s) => {
                let mut out = String::with_capacity(s.len());
                // Runs of spaces and the words between them, a word copied whole.
                let mut rest = s.as_str();
                while let Some(c) = rest.chars().next() {
                    if is_html_space(c) {
                        match &mut pending {
                            Some((_, newline)) => *newline |= c == '\n',
                            None if prev.is_some() => pending = Some((idx, c == '\n')),
                            None => {}
                        }
                        rest = rest.get(c.len_utf8()..).unwrap_or_default();
                        continue;
                    }
                    if let Some((at, newline)) = pending.take() {
                        let vanishes = newline && prev.is_some_and(is_cjk) && is_cjk(c);
                        if !vanishes {
                            if at == idx {
                                out.push(' ');
                            } else {
                                push_space(&mut rewritten, at);
                            }
                        }
                    }
                    // HTML spaces are ASCII: found byte by byte, never decoding a character
                    // (a byte of a longer character is never one).
                    let end = find_html_space(rest.as_bytes()).unwrap_or(rest.len());
                    let (word, after) = rest.split_at_checked(end).unwrap_or((rest, ""));
                    out.push_str(word);
                    prev = word.chars().next_back();
                    rest = after;
                }
                if let Some(slot) = rewritten.get_mut(idx) {
                    *slot = Some(out);
                }
            }
            Leaf::Atom => {
                if let Some((at, _)) = pending.take() {
                    push_space(&mut rewritten, at);
                }
                prev = Some('\u{FFFC}');
            }
            Leaf::Break => {
                pending = None;
                prev = None;
            }
        }
    }
    for (leaf, text) in leaves.into_iter().zip(rewritten) {
        if let (Leaf::Text(s), Some(text)) = (leaf, text) {
            *s = text;
        }
    }
}

/// Whether `s` is already as collapsing leaves it: its only HTML spaces are single ` `s
/// between other characters (most text of a post rendered from Markdown but its line breaks).
fn is_collapsed(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes.get(from..).and_then(find_html_space) {
        let at = from + at;
        let single = bytes.get(at) == Some(&b' ')
            && at > 0
            && bytes
                .get(at + 1)
                .is_some_and(|&next| !is_html_space(char::from(next)));
        if !single {
            return false;
        }
        from = at + 2;
    }
    true
}

/// The space a run of whitespace leaves, at the end of the leaf where the run began (a leaf
/// that held whitespace, so rewritten).
fn push_space(rewritten: &mut [Option<String>], at: usize) {
    if let Some(Some(t)) = rewritten.get_mut(at) {
        t.push(' ');
    }
}

enum Leaf<'a> {
    Text(&'a mut String),
    /// Visible content that is not text to collapse: an image, inline code, a formula.
    Atom,
    Break,
}

fn collect_leaves<'a>(inlines: &'a mut [Inline], out: &mut Vec<Leaf<'a>>) {
    for inline in inlines {
        match inline {
            Inline::Text(s) => out.push(Leaf::Text(s)),
            Inline::Code(s) | Inline::Kbd(s) => {
                if s.contains(['\n', '\r']) {
                    *s = collapse_code(s);
                }
                out.push(Leaf::Atom);
            }
            Inline::Image(_) | Inline::Math(_) => out.push(Leaf::Atom),
            Inline::LineBreak => out.push(Leaf::Break),
            container => {
                if let Some(children) = container.children_mut() {
                    collect_leaves(children, out);
                }
            }
        }
    }
}

/// Inline code keeps its spaces (authors align code with them) but not its line structure.
fn collapse_code(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// Drops empty text and empty containers; a container holding only spaces becomes a space.
fn cleanup(inlines: Vec<Inline>) -> Vec<Inline> {
    if is_clean(&inlines) {
        inlines
    } else {
        rebuild_all(inlines)
    }
}

fn rebuild_all(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Text(s) if s.is_empty() => continue,
            Inline::Code(s) | Inline::Kbd(s) if s.is_empty() => continue,
            Inline::Strong(c) => rebuild(
                unnest(c, |i| matches!(i, Inline::Strong(_))),
                Inline::Strong,
            ),
            Inline::Emphasis(c) => rebuild(
                unnest(c, |i| matches!(i, Inline::Emphasis(_))),
                Inline::Emphasis,
            ),
            Inline::Strikethrough(c) => rebuild(
                unnest(c, |i| matches!(i, Inline::Strikethrough(_))),
                Inline::Strikethrough,
            ),
            Inline::Superscript(c) => rebuild(c, Inline::Superscript),
            Inline::Subscript(c) => rebuild(c, Inline::Subscript),
            Inline::Underline(c) => rebuild(c, Inline::Underline),
            Inline::Mark(c) => rebuild(c, Inline::Mark),
            Inline::Small(c) => rebuild(c, Inline::Small),
            Inline::Link {
                href,
                title,
                content,
            } => rebuild(content, |content| Inline::Link {
                href,
                title,
                content,
            }),
            Inline::Ruby { base, annotation } => {
                rebuild(base, |base| Inline::Ruby { base, annotation })
            }
            Inline::Lang { lang, content } => {
                rebuild(content, |content| Inline::Lang { lang, content })
            }
            other => {
                push_merged(&mut out, other);
                continue;
            }
        };
        for piece in inline {
            push_merged(&mut out, piece);
        }
    }
    out
}

/// Whether [`cleanup`] would give `inlines` back as they are, as it does for most runs: found
/// by reading them, where a cleanup rebuilds every vector.
fn is_clean(inlines: &[Inline]) -> bool {
    let mut after_text = false;
    inlines.iter().all(|inline| {
        let clean = match inline {
            Inline::Text(t) => !t.is_empty() && !after_text,
            Inline::Code(s) | Inline::Kbd(s) => !s.is_empty(),
            container => container
                .children()
                .is_none_or(|children| is_clean_container(container, children)),
        };
        after_text = matches!(inline, Inline::Text(_));
        clean
    })
}

/// Whether [`rebuild`] (and [`unnest`]) would keep `container` as it is.
fn is_clean_container(container: &Inline, children: &[Inline]) -> bool {
    let nested = matches!(
        (container, children),
        (Inline::Strong(_), [Inline::Strong(_)])
            | (Inline::Emphasis(_), [Inline::Emphasis(_)])
            | (Inline::Strikethrough(_), [Inline::Strikethrough(_)])
    );
    let edge = |inline: Option<&Inline>, spaced: fn(&str) -> bool| match inline {
        Some(Inline::LineBreak) => true,
        Some(Inline::Text(t)) => spaced(t),
        _ => false,
    };
    !nested
        && !children.iter().all(is_blank_inline)
        && !edge(children.first(), |t| t.starts_with(char::is_whitespace))
        && !edge(children.last(), |t| t.ends_with(char::is_whitespace))
        && is_clean(children)
}

fn rebuild(children: Vec<Inline>, make: impl FnOnce(Vec<Inline>) -> Inline) -> Vec<Inline> {
    let mut children = cleanup(children);
    if children.iter().all(is_blank_inline) {
        return children
            .into_iter()
            .filter(|c| matches!(c, Inline::Text(_)))
            .collect();
    }
    // Edge spaces and line breaks belong outside: `**word** next`, never `**word **next`
    // (which would not render as emphasis). A browser draws both the same.
    let mut before = Vec::new();
    let mut after = Vec::new();
    while matches!(children.first(), Some(Inline::LineBreak)) {
        before.push(children.remove(0));
    }
    while matches!(children.last(), Some(Inline::LineBreak)) {
        after.extend(children.pop());
    }
    if let Some(Inline::Text(t)) = children.first_mut() {
        before.extend(split_off_leading_space(t).map(Inline::Text));
    }
    if let Some(Inline::Text(t)) = children.last_mut() {
        after.extend(split_off_trailing_space(t).map(Inline::Text));
    }
    children.retain(|c| !matches!(c, Inline::Text(t) if t.is_empty()));
    before.push(make(children));
    before.extend(after.into_iter().rev());
    before
}

/// `<b><b>x</b></b>` is bold once: a lone child of the same kind gives up its wrapper.
fn unnest(mut children: Vec<Inline>, same_kind: impl Fn(&Inline) -> bool) -> Vec<Inline> {
    while children.len() == 1 && children.first().is_some_and(&same_kind) {
        match children.pop() {
            Some(Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c)) => {
                children = c
            }
            Some(other) => {
                children.push(other);
                break;
            }
            None => break,
        }
    }
    children
}

fn is_blank_inline(i: &Inline) -> bool {
    match i {
        Inline::Text(t) => t.chars().all(char::is_whitespace),
        Inline::LineBreak => true,
        _ => false,
    }
}

fn split_off_leading_space(t: &mut String) -> Option<String> {
    let rest = t.trim_start_matches(char::is_whitespace);
    let cut = t.len() - rest.len();
    (cut > 0).then(|| {
        let lead = t.get(..cut).unwrap_or_default().to_string();
        t.replace_range(..cut, "");
        lead
    })
}

fn split_off_trailing_space(t: &mut String) -> Option<String> {
    let keep = t.trim_end_matches(char::is_whitespace).len();
    (keep < t.len()).then(|| t.split_off(keep))
}

/// A run that shows nothing but spaces and breaks (spacer paragraphs such as `<p>&nbsp;</p>`).
pub fn is_blank_run(inlines: &[Inline]) -> bool {
    inlines.iter().all(is_blank_inline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_text_has_only_single_spaces_inside() {
        for (s, collapsed) in [
            ("", true),
            ("word", true),
            ("a b c", true),
            ("中文 English 混排", true),
            (" a", false),
            ("a ", false),
            ("a  b", false),
            ("a\nb", false),
            ("a\tb", false),
            ("a \nb", false),
            ("a\r\nb", false),
        ] {
            assert_eq!(is_collapsed(s), collapsed, "{s:?}");
        }
        // As collapsing leaves it: the same text.
        for s in ["a b c", "中文 English 混排", "x"] {
            assert_eq!(normalize(vec![text(s)]), vec![text(s)]);
        }
    }

    /// The check that skips a cleanup says "clean" exactly when a cleanup would give the same
    /// inlines back: over every run of up to three inlines from pieces that each need (or
    /// escape) one of its rules.
    #[test]
    fn clean_runs_are_exactly_those_a_cleanup_keeps() {
        let link = |content| Inline::Link {
            href: "u".into(),
            title: None,
            content,
        };
        let pieces = [
            text("a"),
            text(""),
            text(" a"),
            text("a "),
            text(" "),
            text("a  b"),
            text("a\nb"),
            Inline::LineBreak,
            Inline::Code(String::new()),
            Inline::Code("x\ny".into()),
            Inline::Code("x".into()),
            Inline::Strong(vec![text("b")]),
            Inline::Strong(vec![Inline::Strong(vec![text("b")])]),
            Inline::Strong(vec![Inline::Emphasis(vec![text("b")])]),
            Inline::Strong(vec![text(" ")]),
            Inline::Emphasis(vec![]),
            Inline::Emphasis(vec![Inline::LineBreak, text("c")]),
            Inline::Emphasis(vec![text("c"), text("d")]),
            link(vec![text("d ")]),
            link(vec![text("d"), Inline::Code(String::new())]),
            Inline::Mark(vec![Inline::Code("y".into())]),
        ];
        let mut level: Vec<Vec<Inline>> = vec![vec![]];
        let mut runs = Vec::new();
        for _ in 0..3 {
            level = level
                .iter()
                .flat_map(|run| {
                    pieces.iter().map(move |p| {
                        let mut run = run.clone();
                        run.push(p.clone());
                        run
                    })
                })
                .collect();
            runs.extend(level.iter().cloned());
        }
        let mut clean = 0;
        let mut settled = 0;
        for run in runs {
            let kept = rebuild_all(run.clone()) == run;
            assert_eq!(is_clean(&run), kept, "{run:?}");
            clean += usize::from(kept);
            // A run said settled skips the leaf pass: that pass must leave it as it is.
            if is_settled(&run) {
                let mut collapsed = run.clone();
                collapse_leaves(&mut collapsed);
                assert_eq!(collapsed, run, "{run:?}");
                settled += 1;
            }
        }
        assert!(clean > 100, "{clean} clean runs");
        assert!(settled > 100, "{settled} settled runs");
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn collapses_across_elements() {
        let out = normalize(vec![
            text("  Hello \n "),
            Inline::Strong(vec![text(" world ")]),
            text(" ! "),
        ]);
        assert_eq!(
            out,
            vec![
                text("Hello "),
                Inline::Strong(vec![text("world")]),
                text(" !")
            ]
        );
    }

    #[test]
    fn line_break_between_cjk_vanishes() {
        assert_eq!(collapse("中文\n  段落"), "中文段落");
        assert_eq!(collapse("中文 段落"), "中文 段落");
        assert_eq!(collapse("English\ntext"), "English text");
        assert_eq!(collapse("中文\nEnglish"), "中文 English");
        assert_eq!(collapse("a\u{a0} b"), "a\u{a0} b");
    }

    #[test]
    fn empty_containers_go() {
        let out = normalize(vec![text("a "), Inline::Emphasis(vec![]), text(" b")]);
        assert_eq!(out, vec![text("a b")]);
    }
}
