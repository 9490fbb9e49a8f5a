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
    let out = mrow_without_style(&well_formed(&out.replace("&nbsp;", "&#160;")));
    // What is still not XML is shown as its TeX: one bad formula must not make a chapter
    // unreadable.
    let parses = roxmltree::Document::parse(&out).is_ok();
    (out.starts_with("<math") && parses).then_some(out)
}

/// `<mrow>` without `displaystyle` and `scriptlevel`, which MathML 3 (EPUB's schema) allows on
/// `<mstyle>` only; pulldown-latex writes them on an `<mrow>` for `\displaystyle`.
fn mrow_without_style(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(at) = rest.find("<mrow ") {
        let (before, tag) = rest.split_at(at);
        out.push_str(before);
        let Some(end) = tag.find('>') else {
            rest = tag;
            break;
        };
        let (head, after) = tag.split_at(end);
        let kept: Vec<&str> = head
            .split(' ')
            .filter(|a| !a.starts_with("displaystyle=") && !a.starts_with("scriptlevel="))
            .collect();
        out.push_str(&kept.join(" "));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// pulldown-latex 0.8's MathML with what it leaves malformed mended: a `<` or `&` written as
/// text (`<mo><</mo>` for `a < b`) is escaped, and attributes it runs together
/// (`stretchy="true"minsize=…`) get their space.
fn well_formed(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() + 16);
    let mut chars = markup.chars().peekable();
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match (in_tag, quote) {
            (true, Some(q)) => {
                out.push(c);
                if c == q {
                    quote = None;
                    if next.is_some_and(|n| !n.is_whitespace() && n != '>' && n != '/') {
                        out.push(' ');
                    }
                }
            }
            (true, None) => {
                out.push(c);
                match c {
                    '"' | '\'' => quote = Some(c),
                    '>' => in_tag = false,
                    _ => {}
                }
            }
            (false, _) => match c {
                '<' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/') => {
                    in_tag = true;
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '&' => {
                    let rest: String = chars.clone().take(12).collect();
                    let entity = rest.split_once(';').is_some_and(|(name, _)| {
                        !name.is_empty()
                            && (name.chars().all(|c| c.is_ascii_alphanumeric())
                                || name
                                    .strip_prefix('#')
                                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric())))
                    });
                    out.push_str(if entity { "&" } else { "&amp;" });
                }
                c => out.push(c),
            },
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mathml_from_pulldown_latex_is_well_formed() {
        assert_eq!(
            well_formed(
                r#"<mo><</mo><mo stretchy="true"minsize="1.2em">(</mo><mo>&</mo><mi>&#160;</mi>"#
            ),
            r#"<mo>&lt;</mo><mo stretchy="true" minsize="1.2em">(</mo><mo>&amp;</mo><mi>&#160;</mi>"#
        );
        assert_eq!(
            mrow_without_style(
                r#"<mrow displaystyle="true" scriptlevel="0"><mi>a</mi></mrow><mrow>"#
            ),
            r#"<mrow><mi>a</mi></mrow><mrow>"#
        );
        let m = mathml(r"\displaystyle \sum_i x_i", false).unwrap_or_default();
        assert!(
            m.starts_with("<math") && !m.contains("<mrow displaystyle"),
            "{m}"
        );
        for tex in [
            r"1 \le u < v \le n",
            r"\bigl( a \bigr) \oplus b",
            r"a \& b",
            r"x<y",
        ] {
            let m = mathml(tex, false).unwrap_or_else(|| panic!("{tex}"));
            assert!(roxmltree::Document::parse(&m).is_ok(), "{tex}: {m}");
        }
    }
}
