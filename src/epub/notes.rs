//! Footnotes, callouts and definition lists in the chapter XHTML.
//!
//! Footnotes are EPUB 3 notes: the reference is `<a epub:type="noteref">` and the note an
//! `<aside epub:type="footnote">` whose number links back, so reading systems pop them up.

use super::glyphs::Style;
use super::xhtml::{push_attr, Writer};
use crate::tree::{Block, Callout, Definition, Footnote, Inline};

/// The id of the first reference to note `id`.
fn ref_id(id: &str) -> String {
    format!("ref-{id}")
}

impl Writer<'_, '_> {
    /// Writes `inline` as a note reference if it is one; false if it is not.
    pub(super) fn note_ref(&mut self, inline: &Inline, style: Style) -> bool {
        let Some((id, content)) = crate::tree::note_ref(inline, &self.notes) else {
            return false;
        };
        let mut label = String::new();
        crate::tree::inline_text(content, &mut label);
        let label = label.trim().to_string();
        if self.in_link {
            self.tag("<sup>");
            self.text(&label, style);
            self.tag("</sup>");
            return true;
        }
        let id = id.to_string();
        self.tag("<sup><a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\"");
        if self.noted.insert(id.clone()) {
            let rid = ref_id(&id);
            self.id_parts.insert(rid.clone(), self.part);
            self.tag(" id=\"");
            push_attr(&mut self.out, &rid);
            self.tag("\"");
        }
        self.tag(" href=\"");
        let n = self.links.len();
        self.links.push(id);
        self.tag(&format!("\0{n}\0\">"));
        self.text(&label, style);
        self.tag("</a></sup>");
        true
    }

    pub(super) fn footnote(&mut self, note: &Footnote, style: Style) {
        self.id_parts.insert(note.id.clone(), self.part);
        self.tag("<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"");
        push_attr(&mut self.out, &note.id);
        self.tag("\">\n");
        // The number links back to the first reference (a note never referred to has none).
        let back = |w: &mut Self| {
            if w.noted.contains(&note.id) {
                w.tag("<a class=\"noteback\" role=\"doc-backlink\" href=\"");
                let n = w.links.len();
                w.links.push(ref_id(&note.id));
                w.tag(&format!("\0{n}\0\">"));
                w.text(&note.label, style);
                w.tag("</a>");
            } else {
                w.text(&note.label, style);
            }
            w.text(". ", style);
        };
        match note.blocks.split_first() {
            Some((Block::Paragraph(content), rest)) => {
                self.tag("<p>");
                back(self);
                self.inlines(content, style);
                self.tag("</p>\n");
                self.blocks(rest, style);
            }
            _ => {
                self.tag("<p>");
                back(self);
                self.tag("</p>\n");
                self.blocks(&note.blocks, style);
            }
        }
        self.tag("</aside>\n");
    }

    pub(super) fn callout(&mut self, callout: &Callout, style: Style) {
        let kind = callout.kind.name();
        self.tag(&format!(
            "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">"
        ));
        if callout.title.is_empty() {
            let label = crate::lang::callout_label(callout.kind, &self.lang);
            self.text(label, style.bold());
        } else {
            self.inlines(&callout.title, style.bold());
        }
        self.tag("</p>\n");
        self.blocks(&callout.blocks, style);
        self.tag("</div>\n");
    }

    pub(super) fn definitions(&mut self, defs: &[Definition], style: Style) {
        self.tag("<dl>\n");
        for d in defs {
            if !d.term.is_empty() {
                self.tag("<dt>");
                self.inlines(&d.term, style.bold());
                self.tag("</dt>\n");
            }
            for detail in &d.details {
                self.tag("<dd>");
                match detail.as_slice() {
                    [Block::Paragraph(content)] => self.inlines(content, style),
                    blocks => {
                        self.tag("\n");
                        self.blocks(blocks, style);
                    }
                }
                self.tag("</dd>\n");
            }
        }
        self.tag("</dl>\n");
    }
}
