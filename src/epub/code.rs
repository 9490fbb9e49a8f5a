//! Code blocks, highlighted: each token kind a class the stylesheet shows in weight and
//! grey as well as colour, so it reads on e-ink.

use super::glyphs::Style;
use super::xhtml::Writer;

impl Writer<'_, '_> {
    pub(super) fn code_text(&mut self, lang: Option<&str>, code: &str, style: Style) {
        let Some(spans) = crate::highlight::highlight(lang, code) else {
            self.text(code, style);
            return;
        };
        for (start, end, token) in spans {
            let Some(piece) = code.get(start..end) else {
                continue;
            };
            match token.class() {
                Some(class) => {
                    self.tag(&format!("<span class=\"{class}\">"));
                    let st = if matches!(token, crate::highlight::Token::Keyword) {
                        style.bold()
                    } else {
                        style
                    };
                    self.text(piece, st);
                    self.tag("</span>");
                }
                None => self.text(piece, style),
            }
        }
    }
}
