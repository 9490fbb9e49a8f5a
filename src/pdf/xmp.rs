//! The XMP metadata packet: the document information again, as XML, where PDF/UA and PDF/A
//! readers look for it, with the standards the file claims.

use super::postprocess::Info;
use crate::meta::PostDate;

pub fn packet(info: &Info, producer: &str, pdfa: bool) -> Vec<u8> {
    let mut x = String::from(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" \
         xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
         <dc:format>application/pdf</dc:format>\n",
    );
    x += &format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(&info.title)
    );
    if !info.author.is_empty() {
        x += &format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(&info.author)
        );
    }
    if !info.subject.is_empty() {
        x += &format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(&info.subject)
        );
    }
    if let Some(lang) = &info.lang {
        x += &format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
            escape(lang)
        );
    }
    if !info.keywords.is_empty() {
        x += &format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            escape(&info.keywords.join(", "))
        );
    }
    x += &format!("<pdf:Producer>{}</pdf:Producer>\n", escape(producer));
    x += "<xmp:CreatorTool>postbind</xmp:CreatorTool>\n";
    if let Some(date) = &info.date {
        let d = iso_date(date);
        x += &format!(
            "<xmp:CreateDate>{d}</xmp:CreateDate>\n<xmp:ModifyDate>{d}</xmp:ModifyDate>\n"
        );
    }
    x += "<pdfuaid:part>1</pdfuaid:part>\n";
    if pdfa {
        x += "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n";
    }
    x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    x.into_bytes()
}

/// The date as XMP writes it; the same instant as the Info dictionary's (PDF/A compares them).
fn iso_date(date: &PostDate) -> String {
    let base = date.naive().format("%Y-%m-%dT%H:%M:%S").to_string();
    format!("{base}{}", super::postprocess::zone(date, ":", ""))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 cannot hold most control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_escapes_and_claims_the_standards() {
        let info = Info {
            title: "A & <B>".into(),
            author: "作者".into(),
            lang: Some("zh".into()),
            ..Info::default()
        };
        let xml = String::from_utf8(packet(&info, "postbind", true)).expect("utf-8");
        assert!(xml.contains("A &amp; &lt;B&gt;"));
        assert!(xml.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xml.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
        assert!(roxmltree::Document::parse(xml.trim_start_matches(|c| c != '<')).is_ok());
    }
}
