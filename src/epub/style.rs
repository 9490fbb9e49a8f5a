//! The stylesheet: CJK reading on e-ink first (generous line height, justified text, strict line
//! breaking, modest margins), then the `@font-face` rules for the embedded subsets.

const BASE: &str = r#"@charset "UTF-8";
html { line-height: 1.75; }
body { margin: 0 0.5em; text-align: justify; line-break: strict; -epub-line-break: strict; word-break: normal; overflow-wrap: break-word; widows: 2; orphans: 2; }
p { margin: 0 0 0.75em 0; }
h1, h2, h3, h4, h5, h6 { font-weight: bold; line-height: 1.4; text-align: left; margin: 1.2em 0 0.6em 0; page-break-after: avoid; break-after: avoid; page-break-inside: avoid; }
h1 { font-size: 1.5em; } h2 { font-size: 1.3em; } h3 { font-size: 1.15em; } h4 { font-size: 1.05em; } h5, h6 { font-size: 1em; }
h1.title { font-size: 1.6em; margin-top: 0.5em; }
p.byline { color: #555; font-size: 0.9em; margin-bottom: 1.5em; }
blockquote { margin: 1em 0; padding: 0 0 0 0.9em; border-left: 0.2em solid #999; color: #333; }
pre { font-size: 0.85em; line-height: 1.5; white-space: pre-wrap; overflow-wrap: break-word; text-align: left; background-color: #f2f2f2; padding: 0.5em 0.6em; margin: 1em 0; page-break-inside: auto; }
code { font-size: 0.9em; }
pre code { font-size: 1em; }
ul, ol { margin: 0.5em 0 0.75em 0; padding-left: 1.6em; }
li { margin: 0.2em 0; }
table { border-collapse: collapse; margin: 1em 0; }
caption { font-size: 0.9em; margin-bottom: 0.3em; }
th, td { border: 1px solid #999; padding: 0.2em 0.45em; vertical-align: top; text-align: left; }
th { font-weight: bold; background-color: #eee; }
figure { margin: 1em 0; text-align: center; page-break-inside: avoid; }
figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
img { width: auto; height: auto; max-width: 100%; max-height: 95vh; }
table.wide { font-size: 0.8em; width: 100%; }
table.wide th, table.wide td { overflow-wrap: anywhere; word-break: break-word; padding: 0.15em 0.25em; }
ul.table-rows { list-style-type: none; padding-left: 0; }
ul.table-rows > li { border-top: 1px solid #999; padding: 0.3em 0; }
ul.table-rows dl { margin: 0; }
ul.table-rows dt { font-weight: bold; }
ul.table-rows dd { margin: 0 0 0.2em 1.2em; }
:lang(zh) code, :lang(ja) code, :lang(ko) code, :lang(zh) a, :lang(ja) a, :lang(ko) a { word-break: break-all; }
hr { border: 0; border-top: 1px solid #999; margin: 1.5em 20%; }
a { color: inherit; text-decoration: underline; }
rt { font-size: 0.5em; }
u { text-decoration: underline solid; text-decoration-skip-ink: none; }
mark { background-color: #e0e0e0; color: inherit; font-weight: bold; }
small { font-size: 0.85em; }
kbd { font-size: 0.85em; border: 1px solid #777; border-radius: 0.2em; padding: 0 0.2em; }
.image-alt { color: #555; }
section.cover { text-align: center; margin: 0; padding: 0; }
section.cover img { max-height: 95vh; }
section.titlepage { text-align: center; margin-top: 30%; }
section.titlepage h1 { text-align: center; font-size: 1.8em; }
nav ol { list-style-type: none; padding-left: 1em; }
nav > ol { padding-left: 0; }
section.part h1 { text-align: center; margin-top: 30%; }
a.noteref { text-decoration: none; }
sup a.noteref { font-size: 0.85em; }
hr.notes { margin: 2em 60% 0.8em 0; }
aside.footnote { font-size: 0.85em; line-height: 1.6; margin: 0 0 0.5em 0; }
aside.footnote p { margin: 0 0 0.3em 0; }
a.noteback { text-decoration: none; font-weight: bold; }
div.callout { margin: 1em 0; padding: 0.4em 0.8em; border: 1px solid #999; border-left: 0.35em solid #666; background-color: #f2f2f2; page-break-inside: avoid; }
div.callout p.callout-title { font-weight: bold; margin: 0 0 0.3em 0; }
div.callout > :last-child { margin-bottom: 0; }
div.callout-warning, div.callout-caution { border-left-color: #222; background-color: #e8e8e8; }
div.callout-tip, div.callout-info { background-color: #f6f6f6; }
dl { margin: 0.5em 0 0.75em 0; }
dt { font-weight: bold; margin-top: 0.4em; }
dd { margin: 0 0 0.3em 1.6em; }
li.task { list-style-type: none; }
pre { tab-size: 4; -moz-tab-size: 4; }
.hl-c { color: #666; font-style: italic; }
.hl-k { color: #7a1f78; font-weight: bold; }
.hl-s { color: #2a6b2e; }
.hl-n, .hl-o { color: #8a4500; }
.hl-f { color: #1f4f9a; }
.hl-t { color: #0b5e75; font-weight: bold; }
.hl-g { color: #8a1f30; font-weight: bold; }
.hl-a { color: #6e4a00; }
span.task-box { margin-left: -1.2em; display: inline-block; width: 1.2em; }
"#;

/// Vertical writing for Chinese and Japanese (`--vertical`).
const VERTICAL: &str = r#"html { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl; }
body { margin: 0.5em 0; }
p { margin: 0 0 0 0.75em; }
h1, h2, h3, h4, h5, h6 { margin: 0 0.6em 0 1.2em; }
blockquote { margin: 0 1em; padding: 0.9em 0 0 0; border-left: 0; border-top: 0.2em solid #999; }
ul, ol { padding-left: 0; padding-top: 1.6em; }
pre { writing-mode: horizontal-tb; -epub-writing-mode: horizontal-tb; -webkit-writing-mode: horizontal-tb; }
table { writing-mode: horizontal-tb; -epub-writing-mode: horizontal-tb; -webkit-writing-mode: horizontal-tb; }
section.titlepage, section.part h1 { margin-top: 0; margin-right: 30%; }
img { max-width: 95vw; max-height: 95vh; }
"#;

pub(crate) fn stylesheet(fonts_css: &str, vertical: bool) -> String {
    let mut css = String::with_capacity(BASE.len() + VERTICAL.len() + fonts_css.len());
    css.push_str(BASE);
    if vertical {
        css.push_str(VERTICAL);
    }
    css.push_str(fonts_css);
    css
}
