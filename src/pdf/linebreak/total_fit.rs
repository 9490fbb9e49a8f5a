//! Total-fit line breaking (Knuth and Plass): of all the ways to break a paragraph, the one
//! whose lines are set closest to their natural spacing, with hyphens, loose and tight lines
//! next to each other, and a last line of one character costing extra. Kinsoku and hanging
//! punctuation come in through the break opportunities and the line widths.

use super::{hangs, Metrics};
use crate::pdf::text::{is_wide, Glyph};

/// A chosen line: glyphs `start..end`, a hyphen added when it breaks inside a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chosen {
    pub start: usize,
    pub end: usize,
    pub hyphen: bool,
}

const LINE_PENALTY: f32 = 10.0;
const HYPHEN_PENALTY: f32 = 50.0;
const DOUBLE_HYPHEN: f32 = 3000.0;
const FITNESS_JUMP: f32 = 3000.0;
/// A last line that is a single CJK character (a "widow character").
const LONE_CHARACTER: f32 = 60_000.0;
/// Paragraphs longer than this are broken greedily: the search is linear in practice, but a
/// bound keeps a hostile single paragraph cheap.
pub const MAX_GLYPHS: usize = 50_000;
/// Active breakpoints kept at once, the best by demerits.
const MAX_ACTIVE: usize = 64;

struct Node {
    /// Where the line after this break starts (spaces skipped).
    start: usize,
    line: usize,
    demerits: f32,
    fitness: u8,
    hyphen: bool,
    prev: Option<usize>,
    /// The line that ends here.
    chosen: Option<Chosen>,
}

/// The best breaks for `glyphs` (no forced breaks inside), or `None` when no set of lines
/// stays within `tolerance` (an over-long word: the greedy breaker handles it).
pub fn breaks(
    glyphs: &[Glyph],
    m: &Metrics,
    width: f32,
    first_indent: f32,
    tolerance: f32,
) -> Option<Vec<Chosen>> {
    let n = glyphs.len();
    let mut nodes = vec![Node {
        start: 0,
        line: 0,
        demerits: 0.0,
        fitness: 1,
        hyphen: false,
        prev: None,
        chosen: None,
    }];
    let mut active: Vec<usize> = vec![0];
    // The nodes kept active past `b`, swapped with `active` after each breakpoint.
    let mut keep: Vec<usize> = Vec::new();
    for b in 1..=n {
        let is_end = b == n;
        let hyphen = m.hyphen.get(b).copied().flatten();
        if !is_end && !m.allowed.get(b).copied().unwrap_or(false) && hyphen.is_none() {
            continue;
        }
        let with_hyphen = !is_end && !m.allowed.get(b).copied().unwrap_or(false);
        // The best new node per fitness class.
        let mut best: [Option<(f32, usize, f32)>; 4] = [None; 4];
        keep.clear();
        let end = Metrics::trimmed_end(glyphs, b);
        for &a in &active {
            let Some(node) = nodes.get(a) else { continue };
            if node.start >= b {
                keep.push(a);
                continue;
            }
            let avail = (width - if node.line == 0 { first_indent } else { 0.0 }).max(1.0);
            let hyphen_adv = if with_hyphen {
                hyphen.map_or(0.0, |h| h.adv)
            } else {
                0.0
            };
            let (natural, stretch, shrink, hang) = m.line(glyphs, node.start, end, hyphen_adv);
            // A final full stop or comma may hang past the margin rather than push a
            // character down.
            let natural = if natural > avail + 0.01 && natural - hang <= avail + 0.01 {
                natural - hang
            } else {
                natural
            };
            let ratio = if is_end {
                // The last line is set at its natural width.
                if natural <= avail + 0.01 {
                    0.0
                } else if shrink > 0.0 {
                    (avail - natural) / shrink
                } else {
                    -2.0
                }
            } else if natural < avail {
                if stretch > 0.0 {
                    (avail - natural) / stretch
                } else if avail - natural < 0.01 {
                    0.0
                } else {
                    f32::INFINITY
                }
            } else if natural - avail < 0.01 {
                0.0
            } else if shrink > 0.0 {
                (avail - natural) / shrink
            } else {
                -2.0
            };
            if ratio >= -1.0 {
                keep.push(a);
            }
            if !(-1.0..=tolerance).contains(&ratio) {
                continue;
            }
            let badness = (100.0 * ratio.abs().powi(3)).min(10_000.0);
            let mut d = (LINE_PENALTY + badness).powi(2);
            if with_hyphen {
                d += HYPHEN_PENALTY * HYPHEN_PENALTY;
                if node.hyphen {
                    d += DOUBLE_HYPHEN;
                }
            }
            let fitness = match ratio {
                r if r < -0.5 => 0u8,
                r if r <= 0.5 => 1,
                r if r <= 1.0 => 2,
                _ => 3,
            };
            if !is_end && fitness.abs_diff(node.fitness) > 1 {
                d += FITNESS_JUMP;
            }
            if is_end && lone_character(glyphs, node.start, b) {
                d += LONE_CHARACTER;
            }
            let total = node.demerits + d;
            if let Some(slot) = best.get_mut(usize::from(fitness)) {
                if slot.is_none_or(|(t, _, _)| total < t) {
                    *slot = Some((total, a, natural));
                }
            }
        }
        std::mem::swap(&mut active, &mut keep);
        for (fitness, found) in best.iter().enumerate() {
            let Some((total, a, _)) = *found else {
                continue;
            };
            let line = nodes.get(a).map_or(0, |p| p.line + 1);
            let start_of_line = nodes.get(a).map_or(0, |p| p.start);
            let mut next = b;
            while glyphs.get(next).is_some_and(|g| g.ch == ' ') {
                next += 1;
            }
            nodes.push(Node {
                start: next,
                line,
                demerits: total,
                fitness: fitness as u8,
                hyphen: with_hyphen,
                prev: Some(a),
                chosen: Some(Chosen {
                    start: start_of_line,
                    end: b,
                    hyphen: with_hyphen,
                }),
            });
            if !is_end {
                active.push(nodes.len() - 1);
            }
        }
        if active.len() > MAX_ACTIVE {
            active.sort_by(|x, y| {
                let d = |i: &usize| nodes.get(*i).map_or(f32::MAX, |n| n.demerits);
                d(x).total_cmp(&d(y))
            });
            active.truncate(MAX_ACTIVE);
        }
        if active.is_empty() && !is_end {
            return None;
        }
    }
    // The best node that ended the paragraph.
    let last = nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| node.chosen.is_some_and(|c| c.end == n))
        .min_by(|(_, x), (_, y)| x.demerits.total_cmp(&y.demerits))
        .map(|(i, _)| i)?;
    let mut out = Vec::new();
    let mut at = Some(last);
    while let Some(i) = at {
        let node = nodes.get(i)?;
        if let Some(c) = node.chosen {
            out.push(c);
        }
        at = node.prev;
    }
    out.reverse();
    Some(out)
}

/// A last line that is one CJK character, with at most its closing punctuation.
fn lone_character(glyphs: &[Glyph], start: usize, end: usize) -> bool {
    let visible: Vec<&Glyph> = glyphs
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .filter(|g| !g.is_space() && g.ch != '\n' && !g.cont)
        .collect();
    match visible.as_slice() {
        [one] => is_wide(one.ch) && !hangs(one.ch),
        [one, stop] => is_wide(one.ch) && super::has(super::NO_START, stop.ch),
        _ => false,
    }
}
