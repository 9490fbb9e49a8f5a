//! Line breaking: UAX #14 opportunities narrowed by the CJK kinsoku rules, greedy fitting,
//! emergency breaks inside over-long words, and justification.

use super::text::{is_wide, Glyph};
use crate::fonts::select::{class, Class};

/// Characters a line may not start with (closing punctuation, small kana, prolonged sound
/// mark, ellipsis and dash).
const NO_START: &str = "。．，、；：？！）」』】》〉〕］｝〗〙〟’”…—‥・ー～ゝゞヽヾ々\
ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ\
.,;:?!)]}%";

/// Punctuation that may hang past the right margin instead of pushing a character down
/// (burasage): a line that fits but for its final comma or full stop keeps it.
const HANGING: &str = "。，、．";

/// Characters a line may not end with (opening brackets and quotes).
const NO_END: &str = "（「『【《〈〔［｛〖〘〝‘“([{";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
}

/// A finished line: glyphs with their x offsets from the line's left edge.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub glyphs: Vec<(f32, Glyph)>,
    /// Largest font size on the line, for the line height.
    pub size: f32,
}

/// Whether a line may break before each glyph (`allowed[i]`), and where it must.
fn opportunities(glyphs: &[Glyph]) -> Vec<bool> {
    // An inline box breaks as a letter would: with the spaces around it, not inside a word.
    let text: String = glyphs
        .iter()
        .map(|g| if g.obj.is_some() { 'x' } else { g.ch })
        .collect();
    // Byte offset -> glyph index.
    let mut index_of = vec![usize::MAX; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        if let Some(slot) = index_of.get_mut(b) {
            *slot = i;
        }
    }
    if let Some(last) = index_of.last_mut() {
        *last = glyphs.len();
    }
    let mut allowed = vec![false; glyphs.len() + 1];
    for (b, _) in unicode_linebreak::linebreaks(&text) {
        if let Some(&i) = index_of.get(b) {
            if let Some(slot) = allowed.get_mut(i) {
                *slot = true;
            }
        }
    }
    for i in 1..glyphs.len() {
        let (Some(prev), Some(next)) = (glyphs.get(i - 1), glyphs.get(i)) else {
            continue;
        };
        if prev.ch == '\n' {
            continue;
        }
        if next.cont || NO_START.contains(next.ch) || NO_END.contains(prev.ch) {
            if let Some(slot) = allowed.get_mut(i) {
                *slot = false;
            }
        }
    }
    allowed
}

/// Breaks `glyphs` into lines no wider than `width` (the first line `first_indent` narrower)
/// and positions the glyphs of each line for `align`.
pub fn break_lines(glyphs: &[Glyph], width: f32, first_indent: f32, align: Align) -> Vec<Line> {
    let allowed = opportunities(glyphs);
    let n = glyphs.len();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < n {
        let indent = if first { first_indent } else { 0.0 };
        let avail = (width - indent).max(1.0);
        let mut x = 0.0;
        let mut last_break = None;
        let mut end = n;
        let mut forced = false;
        let mut i = start;
        while i < n {
            let Some(g) = glyphs.get(i) else { break };
            if g.ch == '\n' {
                end = i + 1;
                forced = true;
                break;
            }
            if i > start && allowed.get(i).copied().unwrap_or(false) {
                last_break = Some(i);
            }
            x += g.adv;
            let hangs = x > avail + 0.01
                && HANGING.contains(g.ch)
                && x - g.adv <= avail + 0.01
                && allowed.get(i + 1).copied().unwrap_or(true);
            if hangs {
                end = i + 1;
                break;
            }
            if x > avail + 0.01 && !g.is_space() {
                end = match last_break {
                    Some(b) if b > start => b,
                    // No opportunity since the line began: an over-long word or URL breaks
                    // at the margin rather than running off the page.
                    _ => i.max(start + 1),
                };
                break;
            }
            i += 1;
        }
        let is_last = end >= n || forced;
        let slice = glyphs.get(start..end).unwrap_or_default();
        let line_align = if is_last && align == Align::Justify {
            Align::Left
        } else {
            align
        };
        lines.push(position(slice, indent, avail, line_align));
        start = end;
        first = false;
        // A wrapped line does not begin with the spaces it broke at.
        if !forced {
            while glyphs.get(start).is_some_and(|g| g.ch == ' ') {
                start += 1;
            }
        }
    }
    lines
}

/// Right-to-left runs (Arabic, Hebrew: kept in logical order for breaking) turned to the order
/// they are drawn in, with the spaces and marks between their letters; the line stays
/// left-to-right, as a quotation in a left-to-right paragraph is set.
fn visual_order(line: &mut [Glyph]) {
    let strong = |g: &Glyph| match class(g.ch) {
        Class::Arabic | Class::Hebrew => Some(true),
        _ if g.ch.is_alphabetic() => Some(false),
        _ => None,
    };
    let mut i = 0;
    while i < line.len() {
        if line.get(i).and_then(strong) != Some(true) {
            i += 1;
            continue;
        }
        let mut last = i;
        for (k, g) in line.iter().enumerate().skip(i + 1) {
            match strong(g) {
                Some(true) => last = k,
                Some(false) => break,
                None => {}
            }
        }
        if let Some(run) = line.get_mut(i..=last) {
            run.reverse();
        }
        i = last + 1;
    }
}

/// Places the glyphs of one line, spreading the slack for justified lines.
fn position(slice: &[Glyph], indent: f32, avail: f32, align: Align) -> Line {
    let mut drawn: Vec<Glyph> = slice.iter().copied().filter(|g| g.ch != '\n').collect();
    visual_order(&mut drawn);
    // Trailing spaces hang in the margin, and so does punctuation that overflowed it.
    let visible = drawn
        .iter()
        .rposition(|g| !g.is_space())
        .map_or(0, |p| p + 1);
    let mut natural: f32 = drawn.iter().take(visible).map(|g| g.adv).sum();
    if natural > avail {
        if let Some(last) = visible.checked_sub(1).and_then(|i| drawn.get(i)) {
            if HANGING.contains(last.ch) {
                natural -= last.adv;
            }
        }
    }
    let slack = (avail - natural).max(0.0);
    // Expansion points after glyph i.
    let mut gaps = vec![0.0f32; drawn.len()];
    if align == Align::Justify && visible > 1 {
        let mut points = Vec::new();
        for i in 0..visible - 1 {
            let (Some(a), Some(b)) = (drawn.get(i), drawn.get(i + 1)) else {
                continue;
            };
            // Code keeps its spacing; words and CJK characters take the slack.
            let word_gap = a.is_space() && !a.style.mono;
            let cjk_gap = (is_wide(a.ch) || is_wide(b.ch)) && !b.is_space() && !a.is_space();
            if word_gap || cjk_gap {
                points.push(i);
            }
        }
        let size = drawn.iter().map(|g| g.style.size).fold(0.0f32, f32::max);
        if !points.is_empty() {
            let each = slack / points.len() as f32;
            // A line that would need huge gaps (one word and a long URL) stays ragged.
            if each < size * 1.5 {
                for p in points {
                    if let Some(g) = gaps.get_mut(p) {
                        *g = each;
                    }
                }
            }
        }
    }
    let mut x = indent
        + match align {
            Align::Center => slack / 2.0,
            _ => 0.0,
        };
    let mut out = Line {
        glyphs: Vec::with_capacity(drawn.len()),
        size: drawn.iter().map(|g| g.style.size).fold(0.0f32, f32::max),
    };
    for (g, gap) in drawn.iter().zip(gaps) {
        out.glyphs.push((x, *g));
        x += g.adv + gap;
    }
    out
}

/// The width of the longest unbreakable stretch and of the whole text on one line: what
/// table columns are sized from.
pub fn min_max_width(glyphs: &[Glyph]) -> (f32, f32) {
    let allowed = opportunities(glyphs);
    let (mut min, mut max, mut seg, mut line) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for (i, g) in glyphs.iter().enumerate() {
        if g.ch == '\n' {
            max = max.max(line);
            line = 0.0;
            min = min.max(seg);
            seg = 0.0;
            continue;
        }
        if allowed.get(i).copied().unwrap_or(false) {
            min = min.max(seg);
            seg = 0.0;
        }
        if !g.is_space() {
            seg += g.adv;
        }
        line += g.adv;
    }
    (min.max(seg), max.max(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FaceId;
    use crate::pdf::text::Style;

    fn glyphs(s: &str) -> Vec<Glyph> {
        s.chars()
            .map(|ch| {
                let adv = if is_wide(ch) { 10.0 } else { 5.0 };
                Glyph::plain(ch, FaceId(0), 1, adv, Style::body(10.0))
            })
            .collect()
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.glyphs.iter().map(|(_, g)| g.ch).collect())
            .collect()
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Five ideographs fit; the bracket must not open line two, so 我 moves down with it.
        let lines = break_lines(&glyphs("一二三四我」五六"), 50.0, 0.0, Align::Justify);
        assert_eq!(texts(&lines), vec!["一二三四", "我」五六"]);
        let lines = break_lines(&glyphs("一二三四我…五六"), 50.0, 0.0, Align::Justify);
        assert_eq!(texts(&lines), vec!["一二三四", "我…五六"]);
    }

    #[test]
    fn a_full_stop_just_past_the_margin_hangs() {
        let lines = break_lines(&glyphs("一二三四五。六七"), 50.0, 0.0, Align::Justify);
        assert_eq!(texts(&lines), vec!["一二三四五。", "六七"]);
        // Justified to the margin with the stop outside it.
        let end = lines
            .first()
            .and_then(|l| l.glyphs.get(4))
            .map(|(x, g)| x + g.adv);
        assert_eq!(end, Some(50.0));
    }

    #[test]
    fn opening_bracket_never_ends_a_line() {
        let lines = break_lines(&glyphs("一二三四「五」"), 50.0, 0.0, Align::Justify);
        assert_eq!(texts(&lines), vec!["一二三四", "「五」"]);
    }

    #[test]
    fn small_kana_never_starts_a_line() {
        let lines = break_lines(&glyphs("あいうえきょう"), 50.0, 0.0, Align::Left);
        for l in texts(&lines) {
            assert!(!l.starts_with('ょ'), "{l}");
        }
    }

    #[test]
    fn latin_words_are_not_split_but_long_urls_are() {
        let lines = break_lines(&glyphs("hello world again"), 40.0, 0.0, Align::Left);
        assert_eq!(texts(&lines), vec!["hello ", "world ", "again"]);
        let url = "https://example.com/a/very/long/path";
        let lines = break_lines(&glyphs(url), 40.0, 0.0, Align::Left);
        assert!(lines.len() > 1);
        assert_eq!(texts(&lines).concat(), url);
        for l in &lines {
            let w: f32 = l.glyphs.iter().map(|(_, g)| g.adv).sum();
            assert!(w <= 40.0 + 0.01, "{w}");
        }
    }

    #[test]
    fn justified_cjk_lines_end_at_the_margin_and_the_last_is_ragged() {
        let lines = break_lines(
            &glyphs("一二三四五六七八九十一二"),
            55.0,
            0.0,
            Align::Justify,
        );
        let first = lines
            .first()
            .and_then(|l| l.glyphs.last())
            .map(|(x, g)| x + g.adv);
        assert!((first.unwrap_or_default() - 55.0).abs() < 0.01);
        let last = lines
            .last()
            .and_then(|l| l.glyphs.last())
            .map(|(x, g)| x + g.adv);
        assert!(last.unwrap_or_default() < 55.0);
    }

    #[test]
    fn first_line_indent() {
        let lines = break_lines(&glyphs("一二三四五六"), 40.0, 20.0, Align::Justify);
        assert_eq!(
            lines.first().and_then(|l| l.glyphs.first()).map(|g| g.0),
            Some(20.0)
        );
        assert_eq!(texts(&lines).first().map(String::as_str), Some("一二"));
    }

    #[test]
    fn an_inline_box_breaks_like_a_word_and_keeps_its_punctuation() {
        let mut input = glyphs("aa ");
        let mut b = Glyph::plain('\u{fffc}', FaceId(0), 0, 20.0, Style::body(10.0));
        b.obj = Some(0);
        input.push(b);
        input.extend(glyphs(", bb"));
        // "aa " fits, the box and its comma do not: they go down together.
        let lines = break_lines(&input, 30.0, 0.0, Align::Left);
        assert_eq!(texts(&lines), vec!["aa ", "\u{fffc}, ", "bb"]);
    }

    #[test]
    fn forced_breaks() {
        let lines = break_lines(&glyphs("ab\ncd"), 400.0, 0.0, Align::Justify);
        assert_eq!(texts(&lines), vec!["ab", "cd"]);
    }

    proptest::proptest! {
        #[test]
        fn every_character_is_kept_in_order_and_lines_fit(
            text in "[一二三。，「」（）ab c\\n…—ぁ]{0,80}",
            width in 5.0f32..120.0,
        ) {
            let input = glyphs(&text);
            let lines = break_lines(&input, width, 0.0, Align::Justify);
            let kept: String = texts(&lines).concat();
            let squash = |s: &str| s.chars().filter(|c| *c != ' ' && *c != '\n').collect::<String>();
            proptest::prop_assert_eq!(squash(&kept), squash(&text));
            for line in &lines {
                let visible: Vec<_> = line.glyphs.iter().filter(|(_, g)| !g.is_space()).collect();
                if let Some((x, g)) = visible.last() {
                    let hanging = HANGING.contains(g.ch);
                    let limit = width + if hanging { g.adv } else { 0.0 } + 0.01;
                    proptest::prop_assert!(visible.len() == 1 || x + g.adv <= limit, "{} > {}", x + g.adv, limit);
                }
            }
        }
    }
}
