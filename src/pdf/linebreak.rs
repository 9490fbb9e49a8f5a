//! Line breaking: UAX #14 opportunities narrowed by the CJK kinsoku rules, hyphenation of
//! Latin words by language, total-fit breaking of justified paragraphs (`total_fit`) with
//! greedy fitting as the fallback (and for ragged text), emergency breaks inside over-long
//! words, CJK punctuation compression and CJK–Latin spacing, and justification.

use super::text::{is_wide, Glyph};
use crate::fonts::select::{class, Class};
use crate::text::is_cjk_letter;

mod total_fit;

/// Characters a line may not start with (closing punctuation, small kana, prolonged sound
/// mark, ellipsis and dash).
const NO_START: &str = "。．，、；：？！）」』】》〉〕］｝〗〙〟’”…—‥・ー～ゝゞヽヾ々\
ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ\
.,;:?!)]}%";

/// Punctuation that may hang past the right margin instead of pushing a character down
/// (burasage): a line that fits but for its final comma or full stop keeps it.
fn hangs(c: char) -> bool {
    // A match, not `str::contains` (a substring search): asked for every line weighed.
    matches!(c, '。' | '，' | '、' | '．')
}

/// Full-width punctuation whose ink sits on the left of its em box (closing) or the right
/// (opening): the blank half is what compression takes away.
/// Whether `set` (one of the punctuation sets here) has `ch`; none has a letter, a digit or a
/// CJK ideograph, the characters asked about most, which are answered without a search.
pub(super) fn has(set: &str, ch: char) -> bool {
    !(ch.is_ascii_alphanumeric() || is_cjk_letter(ch)) && set.contains(ch)
}

const CLOSING_FW: &str = "、。，．）〕］｝〉》」』】〙〗’”";
const OPENING_FW: &str = "（〔［｛〈《「『【〘〖‘“";

/// Word spaces stretch by half and shrink by a third of their width (TeX's proportions);
/// the gaps between CJK characters stretch a little, and only after the spaces.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
const CJK_STRETCH_EM: f32 = 0.1;
/// Between a CJK character and a Latin letter or digit (`text-autospace`).
const AUTOSPACE_EM: f32 = 0.25;

/// How a paragraph is to be set beyond its glyphs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Setting {
    /// Hyphenate Latin words with these patterns.
    pub hyphenate: Option<hypher::Lang>,
    /// Squeeze adjacent full-width punctuation (not for Traditional Chinese, whose
    /// punctuation is centred in its box).
    pub compress: bool,
    /// Full stops and commas may hang in the right margin (not where the margin is too narrow
    /// to hold them, as on the e-reader page).
    pub no_hanging: bool,
}

/// Per-glyph widths of a paragraph, as prefix sums, for measuring any line in constant time.
pub(crate) struct Metrics {
    allowed: Vec<bool>,
    /// A hyphen glyph where the line may break inside a word, before glyph `i`.
    hyphen: Vec<Option<Glyph>>,
    adv: Vec<f32>,
    stretch: Vec<f32>,
    shrink: Vec<f32>,
    /// The space set after glyph `i` (CJK–Latin spacing), and what a gap after it stretches.
    extra: Vec<f32>,
    gap_stretch: Vec<f32>,
    hanging: bool,
}

impl Metrics {
    fn new(
        glyphs: &[Glyph],
        allowed: Vec<bool>,
        hyphen: Vec<Option<Glyph>>,
        hanging: bool,
    ) -> Metrics {
        let n = glyphs.len();
        let mut m = Metrics {
            allowed,
            hyphen,
            adv: Vec::with_capacity(n + 1),
            stretch: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
            extra: Vec::with_capacity(n + 1),
            gap_stretch: Vec::with_capacity(n),
            hanging,
        };
        let (mut a, mut st, mut sh, mut ex) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        for (i, g) in glyphs.iter().enumerate() {
            m.adv.push(a);
            m.stretch.push(st);
            m.shrink.push(sh);
            m.extra.push(ex);
            a += g.adv;
            if g.ch == ' ' && !g.style.mono {
                st += g.adv * SPACE_STRETCH;
                sh += g.adv * SPACE_SHRINK;
            }
            let next = glyphs.get(i + 1);
            let gap = next.map_or(0.0, |b| cjk_gap(g, b) * CJK_STRETCH_EM * g.style.size);
            st += gap;
            m.gap_stretch.push(gap);
            ex += next.map_or(0.0, |b| autospace(g, b));
        }
        m.adv.push(a);
        m.stretch.push(st);
        m.shrink.push(sh);
        m.extra.push(ex);
        m
    }

    /// Where a line broken at `end` ends without its trailing spaces and line feeds (they hang
    /// in the margin): the same for every line broken there, whatever its start.
    fn trimmed_end(glyphs: &[Glyph], end: usize) -> usize {
        let mut e = end;
        while e > 0
            && glyphs
                .get(e - 1)
                .is_some_and(|g| g.is_space() || g.ch == '\n')
        {
            e -= 1;
        }
        e
    }

    /// Natural width, stretch and shrink of the line `start..e` (`e` from [`Self::trimmed_end`]),
    /// and how much of it may hang (a final full stop or comma).
    fn line(&self, glyphs: &[Glyph], start: usize, e: usize, hyphen: f32) -> (f32, f32, f32, f32) {
        if e <= start {
            return (0.0, 0.0, 0.0, 0.0);
        }
        let at = |v: &Vec<f32>, i: usize| v.get(i).copied().unwrap_or(0.0);
        let natural = at(&self.adv, e) - at(&self.adv, start) + at(&self.extra, e - 1)
            - at(&self.extra, start)
            + hyphen;
        let stretch =
            at(&self.stretch, e) - at(&self.stretch, start) - at(&self.gap_stretch, e - 1);
        let shrink = at(&self.shrink, e) - at(&self.shrink, start);
        let hang = match glyphs.get(e - 1) {
            Some(g) if self.hanging && hyphen == 0.0 && hangs(g.ch) => g.adv,
            _ => 0.0,
        };
        (natural, stretch.max(0.0), shrink.max(0.0), hang)
    }
}

/// 1 where the gap between `a` and `b` is one a CJK line is justified by.
fn cjk_gap(a: &Glyph, b: &Glyph) -> f32 {
    let gap = (is_wide(a.ch) || is_wide(b.ch))
        && !a.is_space()
        && !b.is_space()
        && !b.cont
        && !a.style.mono
        && a.ch != '\n';
    f32::from(u8::from(gap))
}

/// The space between a CJK character and a Latin letter or digit next to it.
fn autospace(a: &Glyph, b: &Glyph) -> f32 {
    let han = |g: &Glyph| {
        is_wide(g.ch) && (is_cjk_letter(g.ch) || g.ch.is_alphanumeric()) && !has(CLOSING_FW, g.ch)
    };
    let latin =
        |g: &Glyph| g.ch.is_ascii_alphanumeric() || (!is_wide(g.ch) && g.ch.is_alphabetic());
    // Code keeps its spacing; a note number or exponent sits against its word.
    if a.style.mono || b.style.mono || b.cont || a.style.rise != 0.0 || b.style.rise != 0.0 {
        return 0.0;
    }
    if (han(a) && latin(b)) || (latin(a) && han(b)) {
        AUTOSPACE_EM * a.style.size.max(b.style.size)
    } else {
        0.0
    }
}

/// Adjacent full-width punctuation squeezed to half width, as clreq and JIS X 4051 set it:
/// a closing mark before another mark loses its blank half, and an opening mark after an
/// opening one its own.
fn compress_punctuation(glyphs: &mut [Glyph]) {
    let full = |g: &Glyph| g.adv >= g.style.size * 0.9 && !g.style.mono;
    for i in 1..glyphs.len() {
        let (Some(a), Some(b)) = (glyphs.get(i - 1).copied(), glyphs.get(i).copied()) else {
            continue;
        };
        if !full(&a) || !full(&b) {
            continue;
        }
        let (a_close, b_close) = (has(CLOSING_FW, a.ch), has(CLOSING_FW, b.ch));
        let (a_open, b_open) = (has(OPENING_FW, a.ch), has(OPENING_FW, b.ch));
        if a_close && (b_close || b_open) {
            if let Some(g) = glyphs.get_mut(i - 1) {
                g.adv /= 2.0;
            }
        } else if a_open && b_open {
            if let Some(g) = glyphs.get_mut(i) {
                g.dx -= g.adv / 2.0;
                g.adv /= 2.0;
            }
        }
    }
}

/// Where each Latin word of five letters or more may be hyphenated, with the hyphen glyph
/// `hyphen_for` gives for its style.
fn hyphen_points(
    glyphs: &[Glyph],
    lang: hypher::Lang,
    hyphen_for: &mut dyn FnMut(&Glyph) -> Option<Glyph>,
) -> Vec<Option<Glyph>> {
    let mut out = vec![None; glyphs.len() + 1];
    let letter =
        |g: &Glyph| !is_wide(g.ch) && g.ch.is_alphabetic() && !g.style.mono && g.tail.is_none();
    let mut i = 0;
    let mut word = String::new();
    let mut starts = Vec::new();
    while i < glyphs.len() {
        if !glyphs.get(i).is_some_and(letter) {
            i += 1;
            continue;
        }
        let begin = i;
        word.clear();
        starts.clear();
        while let Some(g) = glyphs.get(i).filter(|g| letter(g) || g.cont) {
            if !g.cont {
                starts.push((word.len(), i));
                word.push(g.ch);
            }
            i += 1;
        }
        if starts.len() < 5 {
            continue;
        }
        let Some(hyphen) = glyphs.get(begin).and_then(&mut *hyphen_for) else {
            continue;
        };
        let lower = word.to_lowercase();
        // Lower-casing keeps the lengths of these letters; a word where it does not is left whole.
        if lower.len() != word.len() {
            continue;
        }
        let mut offset = 0;
        let syllables: Vec<&str> = hypher::hyphenate(&lower, lang).collect();
        for syllable in syllables.iter().take(syllables.len().saturating_sub(1)) {
            offset += syllable.len();
            if let Some(&(_, at)) = starts.iter().find(|(b, _)| *b == offset) {
                if let Some(slot) = out.get_mut(at) {
                    *slot = Some(hyphen);
                }
            }
        }
    }
    out
}

/// Breaks a paragraph: justified text by total fit (greedy if that finds no set of lines
/// within tolerance), other text greedily; with the setting's hyphenation and compression.
pub fn break_paragraph(
    glyphs: &[Glyph],
    width: f32,
    first_indent: f32,
    align: Align,
    setting: Setting,
    hyphen_for: &mut dyn FnMut(&Glyph) -> Option<Glyph>,
) -> Vec<Line> {
    let mut glyphs = glyphs.to_vec();
    if setting.compress {
        compress_punctuation(&mut glyphs);
    }
    let hanging = !setting.no_hanging;
    if align != Align::Justify || glyphs.len() > total_fit::MAX_GLYPHS {
        return greedy(&glyphs, width, first_indent, align, hanging);
    }
    let allowed = opportunities(&glyphs);
    let hyphen = match setting.hyphenate {
        Some(lang) => hyphen_points(&glyphs, lang, hyphen_for),
        None => vec![None; glyphs.len() + 1],
    };
    // Forced breaks split the paragraph; each part is broken on its own.
    let mut lines = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let end = glyphs
            .iter()
            .skip(start)
            .position(|g| g.ch == '\n')
            .map_or(glyphs.len(), |p| start + p + 1);
        let part = glyphs.get(start..end).unwrap_or_default();
        let indent = if start == 0 { first_indent } else { 0.0 };
        let sub = Metrics::new(
            part,
            allowed
                .get(start..=end)
                .map(<[bool]>::to_vec)
                .unwrap_or_default(),
            hyphen
                .get(start..=end)
                .map(<[_]>::to_vec)
                .unwrap_or_default(),
            hanging,
        );
        let chosen = total_fit::breaks(part, &sub, width, indent, 2.0)
            .or_else(|| total_fit::breaks(part, &sub, width, indent, 10.0));
        match chosen {
            Some(chosen) => {
                let count = chosen.len();
                for (k, c) in chosen.into_iter().enumerate() {
                    let mut slice: Vec<Glyph> =
                        part.get(c.start..c.end).unwrap_or_default().to_vec();
                    if c.hyphen {
                        if let Some(h) = sub.hyphen.get(c.end).copied().flatten() {
                            slice.push(h);
                        }
                    }
                    let first = start == 0 && k == 0;
                    let indent = if first { first_indent } else { 0.0 };
                    let avail = (width - indent).max(1.0);
                    let last = k + 1 == count;
                    let line_align = if last { Align::Left } else { Align::Justify };
                    let edges = Edges {
                        start: setting.compress && k > 0,
                        end: setting.compress && !last,
                    };
                    lines.push(position(&slice, indent, avail, line_align, edges));
                }
            }
            None => {
                lines.append(&mut greedy(part, width, indent, align, hanging));
            }
        }
        start = end;
    }
    lines
}

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
        if next.cont || has(NO_START, next.ch) || has(NO_END, prev.ch) {
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
    greedy(glyphs, width, first_indent, align, true)
}

fn greedy(
    glyphs: &[Glyph],
    width: f32,
    first_indent: f32,
    align: Align,
    hanging: bool,
) -> Vec<Line> {
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
            if i > start {
                x += glyphs.get(i - 1).map_or(0.0, |p| autospace(p, g));
            }
            let hangs = hanging
                && x > avail + 0.01
                && hangs(g.ch)
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
        lines.push(position(slice, indent, avail, line_align, Edges::default()));
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

/// Which ends of a line may set a bracket's blank half outside the measure.
#[derive(Debug, Clone, Copy, Default)]
struct Edges {
    start: bool,
    end: bool,
}

/// Places the glyphs of one line, spreading the slack for justified lines: over the word
/// spaces first (up to half their width again), then the gaps between CJK characters, never
/// between the letters of a Latin word. `compress`: an opening bracket that starts the line
/// sets its blank half in the margin, and a closing one that ends it its own (JIS X 4051).
fn position(slice: &[Glyph], indent: f32, avail: f32, align: Align, compress: Edges) -> Line {
    let mut drawn: Vec<Glyph> = slice.iter().copied().filter(|g| g.ch != '\n').collect();
    visual_order(&mut drawn);
    // CJK–Latin spacing after each glyph.
    let mut gaps: Vec<f32> = drawn
        .iter()
        .zip(drawn.iter().skip(1))
        .map(|(a, b)| autospace(a, b))
        .chain(std::iter::once(0.0))
        .collect();
    let full = |g: &Glyph| g.adv >= g.style.size * 0.9;
    let lead = match drawn.first() {
        Some(g) if compress.start && has(OPENING_FW, g.ch) && full(g) => g.adv / 2.0,
        _ => 0.0,
    };
    // Trailing spaces hang in the margin, and so does punctuation that overflowed it.
    let visible = drawn
        .iter()
        .rposition(|g| !g.is_space())
        .map_or(0, |p| p + 1);
    let mut natural: f32 = drawn.iter().take(visible).map(|g| g.adv).sum::<f32>()
        + gaps.iter().take(visible.saturating_sub(1)).sum::<f32>()
        - lead;
    if let Some(last) = visible.checked_sub(1).and_then(|i| drawn.get(i)) {
        if natural > avail && hangs(last.ch) {
            natural -= last.adv;
        } else if compress.end && has(CLOSING_FW, last.ch) && full(last) {
            natural -= last.adv / 2.0;
        }
    }
    let slack = (avail - natural).max(0.0);
    if align == Align::Justify && visible > 1 {
        let mut spaces = Vec::new();
        let mut cjk = Vec::new();
        for i in 0..visible - 1 {
            let (Some(a), Some(b)) = (drawn.get(i), drawn.get(i + 1)) else {
                continue;
            };
            // Code keeps its spacing; words and CJK characters take the slack.
            if a.ch == ' ' && !a.style.mono {
                spaces.push((i, a.adv * SPACE_STRETCH));
            } else if cjk_gap(a, b) > 0.0 {
                cjk.push(i);
            }
        }
        let size = drawn.iter().map(|g| g.style.size).fold(0.0f32, f32::max);
        let room: f32 = spaces.iter().map(|(_, r)| r).sum();
        let (to_spaces, to_cjk) = match (spaces.is_empty(), cjk.is_empty()) {
            (false, true) => (slack, 0.0),
            (true, false) => (0.0, slack),
            (false, false) => (slack.min(room), (slack - room).max(0.0)),
            (true, true) => (0.0, 0.0),
        };
        let each_cjk = if cjk.is_empty() {
            0.0
        } else {
            to_cjk / cjk.len() as f32
        };
        // A line that would need huge gaps (one word and a long URL) stays ragged.
        let worst = if spaces.is_empty() {
            each_cjk
        } else {
            to_spaces / spaces.len() as f32
        };
        if worst.max(each_cjk) < size * 1.5 {
            for (i, r) in &spaces {
                if let Some(g) = gaps.get_mut(*i) {
                    *g += if room > 0.0 {
                        to_spaces * r / room
                    } else {
                        0.0
                    };
                }
            }
            for i in cjk {
                if let Some(g) = gaps.get_mut(i) {
                    *g += each_cjk;
                }
            }
        }
    }
    let mut x = indent - lead
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
                    let hanging = hangs(g.ch);
                    let limit = width + if hanging { g.adv } else { 0.0 } + 0.01;
                    proptest::prop_assert!(visible.len() == 1 || x + g.adv <= limit, "{} > {}", x + g.adv, limit);
                }
            }
        }
    }

    fn justified(s: &str, width: f32, setting: Setting) -> Vec<Line> {
        break_paragraph(&glyphs(s), width, 0.0, Align::Justify, setting, &mut |_| {
            None
        })
    }

    #[test]
    fn adjacent_full_width_punctuation_is_squeezed() {
        let compress = Setting {
            compress: true,
            ..Setting::default()
        };
        // 。 and 」 before another mark lose their blank halves; （ after （ shifts left.
        let mut g = glyphs("字。」（（字）（");
        compress_punctuation(&mut g);
        let adv: Vec<f32> = g.iter().map(|g| g.adv).collect();
        assert_eq!(adv, [10.0, 5.0, 5.0, 10.0, 5.0, 10.0, 5.0, 10.0]);
        assert_eq!(g.get(4).map(|g| g.dx), Some(-5.0));
        let lines = justified("一二。」三", 100.0, compress);
        let x: Vec<f32> = lines[0].glyphs.iter().map(|(x, _)| *x).collect();
        assert_eq!(x, [0.0, 10.0, 20.0, 25.0, 35.0]);
    }

    #[test]
    fn a_quarter_em_separates_cjk_and_latin() {
        let lines = justified("中ab文", 100.0, Setting::default());
        let x: Vec<f32> = lines[0].glyphs.iter().map(|(x, _)| *x).collect();
        // 10 pt type: 2.5 pt on each side of the Latin word, none inside it.
        assert_eq!(x, [0.0, 12.5, 17.5, 25.0]);
    }

    #[test]
    fn total_fit_avoids_a_lone_last_character() {
        // Ten characters a line: greedy leaves the twenty-first alone on the third.
        let text = "一二三四五六七八九十一二三四五六七八九十完";
        let greedy = break_lines(&glyphs(text), 100.0, 0.0, Align::Justify);
        assert_eq!(texts(&greedy).last().map(String::as_str), Some("完"));
        let lines = justified(text, 100.0, Setting::default());
        let last = texts(&lines).last().map(|l| l.chars().count());
        assert_eq!(last, Some(2), "{:?}", texts(&lines));
    }
}
