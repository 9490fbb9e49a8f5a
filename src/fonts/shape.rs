//! Shaping a run of text drawn from one face (rustybuzz: HarfBuzz's algorithms in Rust):
//! kerning, ligatures, marks, Arabic joining, Indic reordering.

use super::Face;

/// One shaped glyph, in font units.
#[derive(Debug, Clone, Copy)]
pub struct Shaped {
    pub gid: u16,
    /// Byte offset in the run of the first character the glyph belongs to.
    pub cluster: usize,
    pub x_advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
}

/// A shaper keeps its buffer between runs (rustybuzz reuses the allocations), and the shape
/// plans it made: a plan (the face's features for a script and direction, compiled) cost a
/// third of shaping a run when made for each.
#[derive(Default)]
pub struct Shaper {
    buffer: Option<rustybuzz::UnicodeBuffer>,
    plans: Vec<(PlanKey, rustybuzz::ShapePlan)>,
}

/// The face (by address: faces live as long as their font set, which outlives any shaper
/// given its faces), direction and script a plan is for.
#[derive(PartialEq)]
struct PlanKey(usize, rustybuzz::Direction, rustybuzz::Script);

/// Plans kept at most; a run of text in more scripts and faces than this starts over.
const PLANS: usize = 32;

impl Shaper {
    /// The glyphs of `text` in `face`, appended to `out` in logical order (a right-to-left run
    /// comes out of the shaper in visual order and is turned around, so line breaking sees the
    /// text in reading order and the lines are reordered when set).
    pub fn shape(&mut self, face: &Face, text: &str, out: &mut Vec<Shaped>) {
        let Some(rb) = face.shaping() else {
            return;
        };
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let direction = buffer.direction();
        let rtl = direction == rustybuzz::Direction::RightToLeft;
        let shaped = if direction == rustybuzz::Direction::Invalid {
            rustybuzz::shape(rb, &[], buffer)
        } else {
            let key = PlanKey(std::ptr::from_ref(rb) as usize, direction, buffer.script());
            let at = match self.plans.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    if self.plans.len() >= PLANS {
                        self.plans.clear();
                    }
                    // As `rustybuzz::shape` plans: a run of no script has none.
                    let script = Some(key.2).filter(|s| *s != rustybuzz::script::UNKNOWN);
                    let plan = rustybuzz::ShapePlan::new(rb, direction, script, None, &[]);
                    self.plans.push((key, plan));
                    self.plans.len() - 1
                }
            };
            match self.plans.get(at) {
                Some((_, plan)) => rustybuzz::shape_with_plan(rb, plan, buffer),
                None => rustybuzz::shape(rb, &[], buffer),
            }
        };
        let glyphs = shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| Shaped {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                cluster: info.cluster as usize,
                x_advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
            });
        if rtl {
            out.extend(glyphs.rev());
        } else {
            out.extend(glyphs);
        }
        self.buffer = Some(shaped.clear());
    }
}
