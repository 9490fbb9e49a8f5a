//! SVG images are rewritten from an allow-list before they are packaged: parsed as XML with
//! no document type declaration allowed (so no DTD is fetched and no entity expanded), only
//! known drawing elements and attributes kept, links only to fragments inside the file or to
//! inline raster images, stylesheets checked after their escapes are decoded, no animation
//! (SMIL can rewrite a link after a reader checked it), and written back out as well-formed
//! XML. What cannot be parsed is left out.

use std::fmt::Write as _;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements kept (with their content); any other element is dropped with its content.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "image",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "style",
    "switch",
];

/// Attributes without a namespace that are kept; any other (event handlers included) is
/// dropped.
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "style",
    "lang",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "d",
    "points",
    "pathLength",
    "transform",
    "viewBox",
    "preserveAspectRatio",
    "version",
    "baseProfile",
    "href",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "marker-start",
    "marker-mid",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "filter",
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "stdDeviation",
    "dx",
    "dy",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "values",
    "type",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "radius",
    "flood-color",
    "flood-opacity",
    "lighting-color",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "kernelMatrix",
    "kernelUnitLength",
    "order",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "edgeMode",
    "preserveAlpha",
    "azimuth",
    "elevation",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "font-variant",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "rotate",
    "shape-rendering",
    "text-rendering",
    "image-rendering",
    "color-interpolation",
    "color-interpolation-filters",
    "mix-blend-mode",
    "isolation",
    "vector-effect",
    "paint-order",
    "media",
];

/// Why an SVG was left out.
pub type Refusal = &'static str;

/// The SVG rewritten from the allow-list, or why it is left out.
pub fn sanitize(bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    let text = std::str::from_utf8(bytes).map_err(|_| "text that is not UTF-8")?;
    let text = text.trim_start_matches('\u{FEFF}');
    // A doctype naming an external DTD (draw.io and Inkscape write SVG 1.1's) is dropped: the
    // rewrite has none, so no reader fetches it. One with an internal subset (entities) is
    // refused.
    let without_doctype;
    let text = match crate::read::find_ascii_ci(text.as_bytes(), 0, b"<!doctype") {
        Some(at) => {
            let end = text
                .get(at..)
                .unwrap_or_default()
                .find('>')
                .ok_or("markup that is not well-formed XML")?
                + at;
            if text.get(at..end).unwrap_or_default().contains('[') {
                return Err("a document type declaration (DTD)");
            }
            without_doctype = format!(
                "{}{}",
                text.get(..at).unwrap_or_default(),
                text.get(end + 1..).unwrap_or_default()
            );
            without_doctype.as_str()
        }
        None => text,
    };
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 1_000_000,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::DtdDetected => "a document type declaration (DTD)",
        _ => "markup that is not well-formed XML",
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || !svg_namespace(root) {
        return Err("a root element that is not <svg>");
    }
    let ids = id_fixes(&doc);
    let mut out = String::with_capacity(text.len());
    // An explicit stack: input never decides how deep this recurses.
    enum Step<'a, 'input> {
        Open(roxmltree::Node<'a, 'input>),
        Close(&'a str),
    }
    let mut stack = vec![Step::Open(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(name) => {
                let _ = write!(out, "</{name}>");
                continue;
            }
            Step::Open(node) => node,
        };
        if node.is_text() {
            if let Some(t) = node.text() {
                let inside_style = node
                    .parent_element()
                    .is_some_and(|p| p.tag_name().name() == "style");
                if inside_style && !css_is_safe(t) {
                    return Err("a stylesheet with external references or imports");
                }
                escape_into(&mut out, t);
            }
            continue;
        }
        if !node.is_element() {
            continue; // comments and processing instructions are dropped
        }
        let name = node.tag_name().name();
        if !svg_namespace(node) || !ELEMENTS.contains(&name) {
            continue;
        }
        let _ = write!(out, "<{name}");
        if node == root {
            let _ = write!(out, " xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\"");
        }
        for attr in node.attributes() {
            let (qualified, value) = match attr.namespace() {
                None if ATTRIBUTES.contains(&attr.name()) => {
                    (attr.name().to_string(), attr.value())
                }
                Some(XLINK_NS) if attr.name() == "href" => ("xlink:href".to_string(), attr.value()),
                Some(XML_NS) if matches!(attr.name(), "space" | "lang") => {
                    (format!("xml:{}", attr.name()), attr.value())
                }
                _ => continue,
            };
            if !value_is_safe(&qualified, value) {
                continue;
            }
            let Some(value) = svg11_value(&qualified, value, &ids) else {
                continue;
            };
            let _ = write!(out, " {qualified}=\"");
            escape_into(&mut out, &value);
            out.push('"');
        }
        let children: Vec<_> = node.children().collect();
        if children.is_empty() {
            out.push_str("/>");
            continue;
        }
        out.push('>');
        stack.push(Step::Close(name));
        stack.extend(children.into_iter().rev().map(Step::Open));
    }
    Ok(out.into_bytes())
}

/// Ids that are not XML names (`id="1"`, `a:b`), which EPUB's SVG 1.1 schema refuses, with
/// the names they are written as. References follow them while there are few enough to
/// rewrite cheaply.
struct IdFixes {
    renamed: Vec<(String, String)>,
    follow_refs: bool,
}

const MAX_REFERENCE_FIXES: usize = 1000;

fn id_fixes(doc: &roxmltree::Document<'_>) -> IdFixes {
    let all: std::collections::HashSet<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut taken: std::collections::HashSet<String> = all.iter().map(|s| s.to_string()).collect();
    let mut renamed = Vec::new();
    for id in doc.descendants().filter_map(|n| n.attribute("id")) {
        if is_ncname(id) || renamed.iter().any(|(old, _)| old == id) {
            continue;
        }
        let base: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let mut new = format!("i-{base}");
        let mut n = 1;
        while taken.contains(&new) {
            n += 1;
            new = format!("i-{base}-{n}");
        }
        taken.insert(new.clone());
        renamed.push((id.to_string(), new));
    }
    let follow_refs = renamed.len() <= MAX_REFERENCE_FIXES;
    IdFixes {
        renamed,
        follow_refs,
    }
}

/// XML 1.0 NCName, approximately: a letter or `_`, then letters, digits, `-`, `.`, `_`.
fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '\u{B7}'))
}

/// The value as SVG 1.1 (which EPUB checks against) accepts it: ids as XML names (and
/// references to them), SVG 2 line joins as their SVG 1.1 kin; `None` leaves it out.
fn svg11_value(name: &str, value: &str, ids: &IdFixes) -> Option<String> {
    match name {
        "id" => Some(
            ids.renamed
                .iter()
                .find(|(old, _)| old == value)
                .map_or_else(|| value.to_string(), |(_, new)| new.clone()),
        ),
        "stroke-linejoin" => match value.trim() {
            v @ ("miter" | "round" | "bevel" | "inherit") => Some(v.to_string()),
            "miter-clip" | "arcs" => Some("miter".to_string()),
            _ => None,
        },
        "stroke-linecap" => match value.trim() {
            v @ ("butt" | "round" | "square" | "inherit") => Some(v.to_string()),
            _ => None,
        },
        _ if ids.follow_refs && !ids.renamed.is_empty() && value.contains('#') => {
            let mut v = value.to_string();
            for (old, new) in &ids.renamed {
                if v == format!("#{old}") {
                    v = format!("#{new}");
                }
                for q in ["", "'", "\""] {
                    v = v.replace(&format!("url({q}#{old}{q})"), &format!("url({q}#{new}{q})"));
                }
            }
            Some(v)
        }
        _ => Some(value.to_string()),
    }
}

fn svg_namespace(node: roxmltree::Node<'_, '_>) -> bool {
    matches!(node.tag_name().namespace(), None | Some(SVG_NS))
}

/// A link may only point inside the file, or be an inline raster image; CSS-bearing values
/// are checked as CSS.
fn value_is_safe(name: &str, value: &str) -> bool {
    if name == "href" || name == "xlink:href" {
        let v = value.trim().to_ascii_lowercase();
        return v.starts_with('#')
            || [
                "data:image/png",
                "data:image/jpeg",
                "data:image/gif",
                "data:image/webp",
            ]
            .iter()
            .any(|p| v.starts_with(p));
    }
    css_is_safe(value)
}

/// CSS with escapes (`u\72l(`, `\000075rl(`) and comments resolved first, so nothing is
/// hidden from the check: no import, no script, no `url()` other than a fragment.
pub fn css_is_safe(css: &str) -> bool {
    let plain = decode_css(css).to_ascii_lowercase();
    let squeezed: String = plain.chars().filter(|c| !c.is_whitespace()).collect();
    if [
        "@import",
        "expression(",
        "javascript:",
        "behavior:",
        "-moz-binding",
        "@namespace",
    ]
    .iter()
    .any(|bad| squeezed.contains(bad))
    {
        return false;
    }
    let mut rest = squeezed.as_str();
    while let Some(at) = rest.find("url(") {
        rest = rest.get(at + 4..).unwrap_or_default();
        let target = rest.trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return false;
        }
    }
    // `image-set(`, `src(` and bare strings after `@font-face` load files too.
    !(squeezed.contains("image-set(")
        || squeezed.contains("src(")
        || squeezed.contains("@font-face"))
}

/// CSS escapes decoded and comments removed.
fn decode_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut hex = String::new();
                while hex.len() < 6 {
                    match chars.peek() {
                        Some(h) if h.is_ascii_hexdigit() => {
                            hex.push(*h);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                if hex.is_empty() {
                    if let Some(next) = chars.next() {
                        if next != '\n' {
                            out.push(next);
                        }
                    }
                } else {
                    let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    // One whitespace character ends an escape.
                    if chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = '\0';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    crate::text::push_attr(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> Result<String, Refusal> {
        sanitize(s.as_bytes()).map(|b| String::from_utf8(b).unwrap_or_default())
    }

    #[test]
    fn drawing_is_kept_and_well_formed() {
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 4"><!-- c --><defs><path id="p" d="M0 0"/></defs><use xlink:href="#p" fill="url(#g)"/><text>a &amp; b</text></svg>"##,
        );
        let out = out.unwrap_or_default();
        assert!(
            out.contains("<use xlink:href=\"#p\" fill=\"url(#g)\"/>"),
            "{out}"
        );
        assert!(out.contains("<text>a &amp; b</text>"), "{out}");
        assert!(roxmltree::Document::parse(&out).is_ok());
    }

    #[test]
    fn ids_and_values_are_svg_11() {
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="1"/><path id="a:b" d="M0 0"/></defs><rect fill="url(#1)" stroke-linejoin="miter-clip"/><use href="#a:b"/><g id="ok"/></svg>"##,
        )
        .unwrap();
        assert!(
            out.contains("id=\"i-1\"") && out.contains("fill=\"url(#i-1)\""),
            "{out}"
        );
        assert!(
            out.contains("id=\"i-a-b\"") && out.contains("href=\"#i-a-b\""),
            "{out}"
        );
        assert!(
            out.contains("stroke-linejoin=\"miter\"") && out.contains("id=\"ok\""),
            "{out}"
        );
    }

    #[test]
    fn hazards_are_removed_or_refused() {
        let out = clean(
            r#"<!DOCTYPE svg SYSTEM "http://example.invalid/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>"#,
        )
        .unwrap();
        assert!(!out.to_ascii_lowercase().contains("doctype"), "{out}");
        assert_eq!(
            clean(r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>"#),
            Err("a document type declaration (DTD)")
        );
        assert_eq!(
            clean("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>"),
            Err("markup that is not well-formed XML")
        );
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><rect onclick="x()" width="1"/></a><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="href" values="http://x/"/><rect style="fill:u\72l(http://x/y)"/><rect style="fill:red"/></svg>"##,
        )
        .unwrap_or_default();
        assert!(
            !out.contains("onclick") && !out.contains("<set") && !out.contains("animate"),
            "{out}"
        );
        assert!(!out.contains("http://x") && !out.contains("<a"), "{out}");
        assert!(out.contains("style=\"fill:red\""), "{out}");
        assert!(clean(r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: \75 rl(http://x/) }</style></svg>"#).is_err());
        assert!(!css_is_safe("fill: u\\72l(//x)"));
        assert!(!css_is_safe("@\\69mport 'x'"));
        assert!(!css_is_safe("fill:url( 'https://x' )"));
        assert!(css_is_safe("fill:url(#g) /* url(http://x) */"));
    }
}
