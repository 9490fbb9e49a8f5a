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

/// A shaper keeps its buffer between runs (rustybuzz reuses the allocations).
#[derive(Default)]
pub struct Shaper {
    buffer: Option<rustybuzz::UnicodeBuffer>,
}

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
        let rtl = buffer.direction() == rustybuzz::Direction::RightToLeft;
        let shaped = rustybuzz::shape(rb, &[], buffer);
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
