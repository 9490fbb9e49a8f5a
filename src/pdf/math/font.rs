//! The math face and its OpenType `MATH` table: constants, italic corrections and the larger
//! forms of operators and delimiters. Lengths are in ems.
//!
//! A face without the table (the shipped Noto Sans Math of 2020 has none) is set with TeX's
//! own Computer Modern parameters, delimiters built from the Unicode bracket pieces, and
//! operators and radicals scaled.

use ttf_parser::GlyphId;

use crate::fonts::{FaceId, Family, FontSet, Pick, Role, TextLang};

/// The `MATH` constants the typesetter uses, in ems.
#[derive(Debug, Clone, Copy)]
pub struct Consts {
    pub script_scale: f32,
    pub script_script_scale: f32,
    pub radical_degree_raise: f32,
    pub display_operator_min_height: f32,
    pub accent_base_height: f32,
    pub axis_height: f32,
    pub fraction_denom_display_style_gap_min: f32,
    pub fraction_denominator_display_style_shift_down: f32,
    pub fraction_denominator_gap_min: f32,
    pub fraction_denominator_shift_down: f32,
    pub fraction_num_display_style_gap_min: f32,
    pub fraction_numerator_display_style_shift_up: f32,
    pub fraction_numerator_gap_min: f32,
    pub fraction_numerator_shift_up: f32,
    pub fraction_rule_thickness: f32,
    pub lower_limit_baseline_drop_min: f32,
    pub lower_limit_gap_min: f32,
    pub overbar_extra_ascender: f32,
    pub overbar_rule_thickness: f32,
    pub overbar_vertical_gap: f32,
    pub radical_display_style_vertical_gap: f32,
    pub radical_extra_ascender: f32,
    pub radical_kern_after_degree: f32,
    pub radical_kern_before_degree: f32,
    pub radical_rule_thickness: f32,
    pub radical_vertical_gap: f32,
    pub space_after_script: f32,
    pub stack_bottom_display_style_shift_down: f32,
    pub stack_bottom_shift_down: f32,
    pub stack_display_style_gap_min: f32,
    pub stack_gap_min: f32,
    pub stack_top_display_style_shift_up: f32,
    pub stack_top_shift_up: f32,
    pub sub_superscript_gap_min: f32,
    pub subscript_baseline_drop_min: f32,
    pub subscript_shift_down: f32,
    pub subscript_top_max: f32,
    pub superscript_baseline_drop_max: f32,
    pub superscript_bottom_max_with_subscript: f32,
    pub superscript_bottom_min: f32,
    pub superscript_shift_up: f32,
    pub superscript_shift_up_cramped: f32,
    pub underbar_extra_descender: f32,
    pub underbar_rule_thickness: f32,
    pub underbar_vertical_gap: f32,
    pub upper_limit_baseline_rise_min: f32,
    pub upper_limit_gap_min: f32,
}

impl Consts {
    /// TeX's values for Computer Modern (cmsy10, cmex10).
    fn tex() -> Consts {
        Consts {
            script_scale: 0.7,
            script_script_scale: 0.5,
            radical_degree_raise: 0.6,
            display_operator_min_height: 1.3,
            accent_base_height: 0.45,
            axis_height: 0.25,
            fraction_denom_display_style_gap_min: 0.12,
            fraction_denominator_display_style_shift_down: 0.686,
            fraction_denominator_gap_min: 0.04,
            fraction_denominator_shift_down: 0.345,
            fraction_num_display_style_gap_min: 0.12,
            fraction_numerator_display_style_shift_up: 0.677,
            fraction_numerator_gap_min: 0.04,
            fraction_numerator_shift_up: 0.394,
            fraction_rule_thickness: 0.04,
            lower_limit_baseline_drop_min: 0.6,
            lower_limit_gap_min: 0.167,
            overbar_extra_ascender: 0.04,
            overbar_rule_thickness: 0.04,
            overbar_vertical_gap: 0.12,
            radical_display_style_vertical_gap: 0.15,
            radical_extra_ascender: 0.04,
            radical_kern_after_degree: -0.556,
            radical_kern_before_degree: 0.278,
            radical_rule_thickness: 0.04,
            radical_vertical_gap: 0.05,
            space_after_script: 0.05,
            stack_bottom_display_style_shift_down: 0.686,
            stack_bottom_shift_down: 0.345,
            stack_display_style_gap_min: 0.28,
            stack_gap_min: 0.12,
            stack_top_display_style_shift_up: 0.677,
            stack_top_shift_up: 0.444,
            sub_superscript_gap_min: 0.16,
            subscript_baseline_drop_min: 0.05,
            subscript_shift_down: 0.15,
            subscript_top_max: 0.344,
            superscript_baseline_drop_max: 0.386,
            superscript_bottom_max_with_subscript: 0.344,
            superscript_bottom_min: 0.108,
            superscript_shift_up: 0.363,
            superscript_shift_up_cramped: 0.289,
            underbar_extra_descender: 0.04,
            underbar_rule_thickness: 0.04,
            underbar_vertical_gap: 0.12,
            upper_limit_baseline_rise_min: 0.2,
            upper_limit_gap_min: 0.111,
        }
    }

    fn from_table(c: &ttf_parser::math::Constants<'_>, upm: f32) -> Consts {
        let v = |m: ttf_parser::math::MathValue<'_>| f32::from(m.value) / upm;
        Consts {
            script_scale: percent(c.script_percent_scale_down(), 0.7),
            script_script_scale: percent(c.script_script_percent_scale_down(), 0.5),
            radical_degree_raise: percent(c.radical_degree_bottom_raise_percent(), 0.6),
            display_operator_min_height: f32::from(c.display_operator_min_height()) / upm,
            accent_base_height: v(c.accent_base_height()),
            axis_height: v(c.axis_height()),
            fraction_denom_display_style_gap_min: v(c.fraction_denom_display_style_gap_min()),
            fraction_denominator_display_style_shift_down: v(
                c.fraction_denominator_display_style_shift_down()
            ),
            fraction_denominator_gap_min: v(c.fraction_denominator_gap_min()),
            fraction_denominator_shift_down: v(c.fraction_denominator_shift_down()),
            fraction_num_display_style_gap_min: v(c.fraction_num_display_style_gap_min()),
            fraction_numerator_display_style_shift_up: v(
                c.fraction_numerator_display_style_shift_up()
            ),
            fraction_numerator_gap_min: v(c.fraction_numerator_gap_min()),
            fraction_numerator_shift_up: v(c.fraction_numerator_shift_up()),
            fraction_rule_thickness: v(c.fraction_rule_thickness()),
            lower_limit_baseline_drop_min: v(c.lower_limit_baseline_drop_min()),
            lower_limit_gap_min: v(c.lower_limit_gap_min()),
            overbar_extra_ascender: v(c.overbar_extra_ascender()),
            overbar_rule_thickness: v(c.overbar_rule_thickness()),
            overbar_vertical_gap: v(c.overbar_vertical_gap()),
            radical_display_style_vertical_gap: v(c.radical_display_style_vertical_gap()),
            radical_extra_ascender: v(c.radical_extra_ascender()),
            radical_kern_after_degree: v(c.radical_kern_after_degree()),
            radical_kern_before_degree: v(c.radical_kern_before_degree()),
            radical_rule_thickness: v(c.radical_rule_thickness()),
            radical_vertical_gap: v(c.radical_vertical_gap()),
            space_after_script: v(c.space_after_script()),
            stack_bottom_display_style_shift_down: v(c.stack_bottom_display_style_shift_down()),
            stack_bottom_shift_down: v(c.stack_bottom_shift_down()),
            stack_display_style_gap_min: v(c.stack_display_style_gap_min()),
            stack_gap_min: v(c.stack_gap_min()),
            stack_top_display_style_shift_up: v(c.stack_top_display_style_shift_up()),
            stack_top_shift_up: v(c.stack_top_shift_up()),
            sub_superscript_gap_min: v(c.sub_superscript_gap_min()),
            subscript_baseline_drop_min: v(c.subscript_baseline_drop_min()),
            subscript_shift_down: v(c.subscript_shift_down()),
            subscript_top_max: v(c.subscript_top_max()),
            superscript_baseline_drop_max: v(c.superscript_baseline_drop_max()),
            superscript_bottom_max_with_subscript: v(c.superscript_bottom_max_with_subscript()),
            superscript_bottom_min: v(c.superscript_bottom_min()),
            superscript_shift_up: v(c.superscript_shift_up()),
            superscript_shift_up_cramped: v(c.superscript_shift_up_cramped()),
            underbar_extra_descender: v(c.underbar_extra_descender()),
            underbar_rule_thickness: v(c.underbar_rule_thickness()),
            underbar_vertical_gap: v(c.underbar_vertical_gap()),
            upper_limit_baseline_rise_min: v(c.upper_limit_baseline_rise_min()),
            upper_limit_gap_min: v(c.upper_limit_gap_min()),
        }
    }
}

pub struct MathFont<'a> {
    pub fonts: &'a FontSet,
    pub id: FaceId,
    pub k: Consts,
    face: &'a ttf_parser::Face<'static>,
    table: Option<ttf_parser::math::Table<'static>>,
    upm: f32,
}

/// One glyph, measured.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    pub face: FaceId,
    pub gid: u16,
    pub advance: f32,
    pub ascent: f32,
    pub descent: f32,
    pub italic: f32,
}

/// A glyph grown to a height.
pub enum Grown {
    One(Metric),
    /// The glyph drawn this many times larger.
    Scaled(Metric, f32),
    /// Parts stacked bottom to top, each with the height its bottom sits at above the bottom
    /// of the whole; and the whole height.
    Parts(Vec<(Metric, f32)>, f32),
}

/// The Unicode pieces a tall bracket is built from: bottom, extender, middle, top.
fn pieces(c: char) -> Option<(char, char, Option<char>, char)> {
    Some(match c {
        '(' => ('⎝', '⎜', None, '⎛'),
        ')' => ('⎠', '⎟', None, '⎞'),
        '[' => ('⎣', '⎢', None, '⎡'),
        ']' => ('⎦', '⎥', None, '⎤'),
        '{' => ('⎩', '⎪', Some('⎨'), '⎧'),
        '}' => ('⎭', '⎪', Some('⎬'), '⎫'),
        '⌈' => ('⎢', '⎢', None, '⎡'),
        '⌉' => ('⎥', '⎥', None, '⎤'),
        '⌊' => ('⎣', '⎢', None, '⎢'),
        '⌋' => ('⎦', '⎥', None, '⎥'),
        '|' | '∣' => ('⎮', '⎮', None, '⎮'),
        _ => return None,
    })
}

impl<'a> MathFont<'a> {
    pub fn new(fonts: &'a FontSet) -> Option<MathFont<'a>> {
        let id = fonts.role(Role::Math, false)?;
        let face = fonts.face(id).ttf()?;
        let upm = f32::from(face.units_per_em().max(1));
        let table = face.tables().math;
        let k = match table.and_then(|t| t.constants) {
            Some(c) => Consts::from_table(&c, upm),
            None => {
                let mut k = Consts::tex();
                if let Some(x) = face.x_height().filter(|x| *x > 0) {
                    k.accent_base_height = f32::from(x) / upm;
                }
                k
            }
        };
        Some(MathFont {
            fonts,
            id,
            k,
            face,
            table,
            upm,
        })
    }

    /// How tall a large operator stands in display style.
    pub fn display_operator_height(&self, c: char) -> f32 {
        let integral = matches!(c, '∫' | '∬' | '∭' | '∮' | '∯' | '∰' | '⨌');
        if self.table.is_none() && integral {
            // Computer Modern's display integral is over two ems tall.
            2.0
        } else {
            self.k.display_operator_min_height
        }
    }

    /// The glyph for `c`: the math face's, or (`prose`: first) the text face's.
    pub fn glyph(&self, c: char, prose: bool) -> Option<Metric> {
        let from_math = || {
            self.face
                .glyph_index(c)
                .filter(|g| g.0 != 0)
                .map(|g| self.metric(g.0))
        };
        if !prose {
            if let Some(m) = from_math() {
                return Some(m);
            }
        }
        let pick = Pick {
            family: Family::Sans,
            bold: false,
            lang: TextLang::default(),
            latin: None,
        };
        let id = self.fonts.pick(c, &pick)?;
        if id == self.id {
            return from_math();
        }
        let face = self.fonts.face(id);
        let gid = face.glyph_id(c)?;
        let ttf = face.ttf()?;
        let upm = f32::from(ttf.units_per_em().max(1));
        let bbox = ttf.glyph_bounding_box(GlyphId(gid));
        Some(Metric {
            face: id,
            gid,
            advance: f32::from(face.advance(gid)) / upm,
            ascent: bbox.map_or(0.0, |b| f32::from(b.y_max) / upm),
            descent: bbox.map_or(0.0, |b| -f32::from(b.y_min) / upm),
            italic: 0.0,
        })
    }

    /// A glyph of the math face by id.
    pub fn metric(&self, gid: u16) -> Metric {
        let g = GlyphId(gid);
        let bbox = self.face.glyph_bounding_box(g);
        let italic = self
            .table
            .and_then(|t| t.glyph_info)
            .and_then(|i| i.italic_corrections)
            .and_then(|c| c.get(g))
            .map_or(0.0, |v| f32::from(v.value) / self.upm);
        Metric {
            face: self.id,
            gid,
            advance: f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) / self.upm,
            ascent: bbox.map_or(0.0, |b| f32::from(b.y_max) / self.upm),
            descent: bbox.map_or(0.0, |b| -f32::from(b.y_min) / self.upm),
            italic,
        }
    }

    /// `base` (drawing `c`) grown to at least `height` ems, height and depth together: the
    /// font's own larger forms or assembly when it has them; otherwise bracket pieces, or the
    /// glyph scaled.
    pub fn grow(&self, c: char, base: Metric, height: f32) -> Grown {
        let natural = base.ascent + base.descent;
        if base.face != self.id || natural >= height || natural <= 0.0 {
            return Grown::One(base);
        }
        let construction = self
            .table
            .and_then(|t| t.variants)
            .and_then(|v| v.vertical_constructions.get(GlyphId(base.gid)));
        let Some(construction) = construction else {
            // Slightly short is better than a bracket of pieces barely taller than one glyph.
            if height < natural * 1.15 {
                return Grown::One(base);
            }
            if let Some(parts) = self.stack_pieces(c, height) {
                return parts;
            }
            return Grown::Scaled(base, (height / natural).min(4.0));
        };
        let mut largest = base;
        for v in construction.variants {
            let m = self.metric(v.variant_glyph.0);
            if m.ascent + m.descent >= height {
                return Grown::One(m);
            }
            largest = m;
        }
        let overlap = self
            .table
            .and_then(|t| t.variants)
            .map_or(0.0, |v| f32::from(v.min_connector_overlap) / self.upm);
        match construction
            .assembly
            .and_then(|a| self.assemble(a, height, overlap))
        {
            Some(parts) => parts,
            None => Grown::One(largest),
        }
    }

    fn assemble(
        &self,
        assembly: ttf_parser::math::GlyphAssembly<'_>,
        height: f32,
        overlap: f32,
    ) -> Option<Grown> {
        let parts: Vec<_> = assembly.parts.into_iter().collect();
        let full = |p: &ttf_parser::math::GlyphPart| f32::from(p.full_advance) / self.upm;
        let fixed: f32 = parts
            .iter()
            .filter(|p| !p.part_flags.extender())
            .map(|p| full(p) - overlap)
            .sum();
        let each: f32 = parts
            .iter()
            .filter(|p| p.part_flags.extender())
            .map(|p| full(p) - overlap)
            .sum();
        let repeats = if each > 0.0 {
            (((height - fixed) / each).ceil().max(0.0) as usize).min(64)
        } else {
            0
        };
        let mut out = Vec::new();
        let mut y = 0.0f32;
        for p in &parts {
            let times = if p.part_flags.extender() { repeats } else { 1 };
            for _ in 0..times {
                out.push((self.metric(p.glyph_id.0), y));
                y += full(p) - overlap;
            }
        }
        (!out.is_empty()).then_some(Grown::Parts(out, y + overlap))
    }

    /// A tall bracket from the Unicode pieces (⎛⎜⎝ and friends), each a little overlapped
    /// with the next so no hairline shows between them.
    fn stack_pieces(&self, c: char, height: f32) -> Option<Grown> {
        let (bottom, ext, middle, top) = pieces(c)?;
        let m = |c: char| {
            self.face
                .glyph_index(c)
                .filter(|g| g.0 != 0)
                .map(|g| self.metric(g.0))
        };
        let (b, e, t) = (m(bottom)?, m(ext)?, m(top)?);
        let mid = match middle {
            Some(c) => Some(m(c)?),
            None => None,
        };
        let overlap = 0.02;
        let h = |m: &Metric| (m.ascent + m.descent - overlap).max(0.05);
        let fixed = h(&b) + h(&t) + mid.as_ref().map_or(0.0, h);
        let mut n = ((height - fixed) / h(&e)).ceil().max(0.0) as usize;
        if mid.is_some() {
            n += n % 2;
        }
        let n = n.min(64);
        let mut seq = vec![b];
        match mid {
            Some(md) => {
                seq.extend(std::iter::repeat_n(e, n / 2));
                seq.push(md);
                seq.extend(std::iter::repeat_n(e, n / 2));
            }
            None => seq.extend(std::iter::repeat_n(e, n)),
        }
        seq.push(t);
        // Whole extenders overshoot: the joins take up the surplus, at most half an extender.
        let natural: f32 = seq.iter().map(h).sum();
        let joins = seq.len().saturating_sub(1).max(1) as f32;
        let squeeze = ((natural - height) / joins).clamp(0.0, h(&e) / 2.0);
        let mut y = 0.0;
        let mut out = Vec::with_capacity(seq.len());
        for g in seq {
            out.push((g, y));
            y += h(&g) - squeeze;
        }
        Some(Grown::Parts(out, y + overlap + squeeze))
    }
}

fn percent(v: i16, default: f32) -> f32 {
    if v > 0 {
        f32::from(v) / 100.0
    } else {
        default
    }
}
