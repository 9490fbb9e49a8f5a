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
        for &(start, end, token) in spans.iter() {
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

/// A formula as MathML (pulldown-latex), or `None` if its TeX does not parse.
fn mathml(tex: &str, display: bool) -> Option<String> {
    // The PDF typesetter's bound too: a formula longer than this is shown as code.
    if tex.len() > 8_000 {
        return None;
    }
    use pulldown_latex::config::DisplayMode;
    use pulldown_latex::{Parser, RenderConfig, Storage};
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect::<Result<_, _>>().ok()?;
    let mut out = String::new();
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        xml: true,
        ..RenderConfig::default()
    };
    pulldown_latex::push_mathml(
        &mut out,
        events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
        config,
    )
    .ok()?;
    // XHTML knows no `&nbsp;` (pulldown-latex writes it for spaces in `\text`).
    let out = out.replace("&nbsp;", "&#160;");
    out.starts_with("<math").then_some(out)
}

/// The characters a piece of markup shows (outside its tags).
fn shown_text(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut entity: Option<String> = None;
    for c in markup.chars() {
        if let Some(e) = entity.as_mut() {
            if c != ';' {
                e.push(c);
                continue;
            }
            out.push(match e.as_str() {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "#160" => '\u{a0}',
                _ => ' ',
            });
            entity = None;
            continue;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '&' if !in_tag => entity = Some(String::new()),
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

impl Writer<'_, '_> {
    /// A displayed formula: MathML, or its TeX as code when it cannot be converted.
    pub(super) fn math(&mut self, tex: &str, style: Style) {
        match mathml(tex, true) {
            Some(m) => {
                self.tag("<div class=\"math\">");
                self.tag(&m);
                self.tag("</div>\n");
                self.glyphs.note(&shown_text(&m), style);
            }
            None => {
                self.tag("<pre class=\"math\"><code>");
                self.text(tex, style.mono());
                self.tag("</code></pre>\n");
            }
        }
    }

    /// A formula in the text: MathML, or its TeX as code when it cannot be converted.
    pub(super) fn inline_math(&mut self, tex: &str, style: Style) {
        match mathml(tex, false) {
            Some(m) => {
                self.tag(&m);
                self.glyphs.note(&shown_text(&m), style);
            }
            None => {
                self.tag("<code class=\"math\">");
                self.text(tex, style.mono());
                self.tag("</code>");
            }
        }
    }
}
