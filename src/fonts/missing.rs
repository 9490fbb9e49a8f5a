//! Characters no font could draw, reported once per output.

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Characters no face could draw, reported once per output.
#[derive(Debug, Default, Clone)]
pub struct Missing {
    count: usize,
    examples: BTreeSet<char>,
}

const MISSING_EXAMPLES: usize = 5;

impl Missing {
    /// Record a character no face covers. Whitespace, controls and invisible format characters
    /// (zero-width space and joiners, variation selectors, BOM) need no glyph and are ignored.
    pub fn note(&mut self, ch: char) {
        if ch.is_whitespace() || ch.is_control() || is_invisible(ch) {
            return;
        }
        self.count += 1;
        if self.examples.len() < MISSING_EXAMPLES {
            self.examples.insert(ch);
        }
    }

    /// How many characters were noted (each occurrence counts).
    pub fn count(&self) -> usize {
        self.count
    }

    /// One line for the user, or `None` when every character had a glyph.
    pub fn warning(&self) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let mut s = format!(
            "{} character(s) are in no built-in, given or installed font and are drawn as empty boxes (the text keeps them), e.g.",
            self.count
        );
        for ch in &self.examples {
            let _ = write!(s, " '{ch}' (U+{:04X})", u32::from(*ch));
        }
        s.push_str("; pass --fallback-font FILE with a font that has them");
        Some(s)
    }
}

pub fn is_invisible(ch: char) -> bool {
    matches!(ch,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}')
}
