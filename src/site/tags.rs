//! Template syntax inside Markdown bodies: Liquid/Nunjucks tags (`{% name args %}`, Hexo and
//! Jekyll), Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`) and `:::name`
//! containers (markdown-it, pandoc, VuePress).
//!
//! One linear scan with an explicit stack of open containers: no recursion, whatever the
//! nesting. Code (fenced blocks and code spans) is left as written, except for the escapes
//! authors put there for their engine (`{% raw %}`, `{{</* … */>}}`). Each engine says what a
//! tag becomes ([`Expansion`]); what no engine knows is dropped, its content kept, with one
//! warning per tag name.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// Which template language a tag is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `{% name args %}` … `{% endname %}`
    Liquid,
    /// `{{< name args >}}` … `{{< /name >}}` (or with `%`)
    Shortcode,
}

/// One tag as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag<'a> {
    pub syntax: Syntax,
    pub name: &'a str,
    pub args: &'a str,
    /// `{% endname %}` or `{{< /name >}}`.
    pub closing: bool,
}

/// What an engine makes of a tag.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expansion {
    /// The tag becomes this Markdown or HTML.
    Inline(String),
    /// A paired tag whose content is Markdown, put between `open` and `close`.
    Wrap { open: String, close: String },
    /// A paired tag whose content is code, shown as written.
    Code {
        lang: Option<String>,
        caption: Option<String>,
    },
    /// A paired tag whose content is passed through untouched (`raw`).
    Raw,
    /// A paired tag whose content is not shown (`comment`).
    Hidden,
    /// A tag the engine shows as nothing (Liquid's `assign`, a closing tag of one dropped).
    Nothing,
    /// A tag postbind does not know: dropped, content kept, one warning.
    Unknown,
    /// A tag that cannot be shown (its file is missing): dropped, with this warning.
    Failed(String),
}

/// Expands template syntax in `body`: tags of `syntax` (the engine's only one: Hugo never reads
/// `{% %}`, Hexo and Jekyll never read `{{< >}}`); `engine` says what each tag becomes, and
/// `output` what a Liquid `{{ expression }}` prints (`None`: leave it as text).
pub(crate) fn expand<'a>(
    body: &'a str,
    syntax: Syntax,
    engine: Option<&dyn Fn(&Tag) -> Expansion>,
    output: Option<&dyn Fn(&str) -> String>,
    warnings: &mut Vec<String>,
) -> Cow<'a, str> {
    if !body.contains("{%") && !body.contains("{{") && !body.contains(":::") {
        return Cow::Borrowed(body);
    }
    let mut s = Scanner {
        syntax,
        text: body,
        out: String::with_capacity(body.len() + body.len() / 8),
        open: Vec::new(),
        unknown: BTreeSet::new(),
        failed: BTreeSet::new(),
        engine,
        output,
    };
    s.run();
    for name in &s.unknown {
        warnings.push(format!(
            "template tag `{name}` is not supported: dropped, its text kept"
        ));
    }
    warnings.extend(s.failed);
    Cow::Owned(s.out)
}

/// Only `:::` containers: for posts that belong to no site.
pub fn expand_containers(body: &str) -> Cow<'_, str> {
    if !body.contains(":::") {
        return Cow::Borrowed(body);
    }
    // Tags are not read outside a site: a lone post's `{%` is text.
    expand(body, Syntax::Liquid, None, None, &mut Vec::new())
}

/// An open container: the tag name that closes it (`None` for `:::`) and what to write then.
struct Open {
    name: Option<String>,
    colons: usize,
    close: String,
}

struct Scanner<'a, 'e> {
    syntax: Syntax,
    text: &'a str,
    out: String,
    open: Vec<Open>,
    unknown: BTreeSet<String>,
    failed: BTreeSet<String>,
    engine: Option<&'e dyn Fn(&Tag) -> Expansion>,
    output: Option<&'e dyn Fn(&str) -> String>,
}

impl Scanner<'_, '_> {
    fn run(&mut self) {
        let text = self.text;
        let mut pos = 0;
        let mut fence: Option<(u8, usize)> = None;
        while pos < text.len() {
            let line_end = text
                .get(pos..)
                .unwrap_or_default()
                .find('\n')
                .map_or(text.len(), |i| pos + i + 1);
            let line = text.get(pos..line_end).unwrap_or_default();
            if let Some((ch, len)) = fence {
                if closes_fence(line, ch, len) {
                    fence = None;
                }
                self.out.push_str(&unescape_code(line));
                pos = line_end;
                continue;
            }
            if let Some(f) = opens_fence(line) {
                fence = Some(f);
                self.out.push_str(&unescape_code(line));
                pos = line_end;
                continue;
            }
            if self.container_line(line) {
                pos = line_end;
                continue;
            }
            pos = self.inline(pos, line_end);
        }
        while let Some(open) = self.open.pop() {
            self.out.push_str(&open.close);
        }
    }

    /// A `:::name [title]` or closing `:::` line; false if the line is not one.
    fn container_line(&mut self, line: &str) -> bool {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let colons = trimmed.bytes().take_while(|&b| b == b':').count();
        if indent > 3 || colons < 3 {
            return false;
        }
        let rest = trimmed
            .get(colons..)
            .unwrap_or_default()
            .trim()
            .trim_end_matches(':')
            .trim();
        if rest.is_empty() {
            let Some(at) = self
                .open
                .iter()
                .rposition(|o| o.name.is_none() && o.colons <= colons)
            else {
                return false;
            };
            while self.open.len() > at {
                if let Some(open) = self.open.pop() {
                    self.out.push_str(&open.close);
                }
            }
            return true;
        }
        let (kind, title) = container_kind(rest);
        let (open, close) = callout(&kind, title.as_deref());
        self.out.push_str(&open);
        self.open.push(Open {
            name: None,
            colons,
            close,
        });
        true
    }

    /// Writes `text[pos..end]` (one line), expanding the tags in it; returns where to go on,
    /// which is past `end` when a paired tag took the lines after it.
    fn inline(&mut self, mut pos: usize, end: usize) -> usize {
        let text = self.text;
        if self.engine.is_none() {
            self.out.push_str(text.get(pos..end).unwrap_or_default());
            return end;
        }
        while pos < end {
            let rest = text.get(pos..end).unwrap_or_default();
            let Some(at) = rest.find(['`', '{']) else {
                self.out.push_str(rest);
                return end;
            };
            let at = pos + at;
            self.out.push_str(text.get(pos..at).unwrap_or_default());
            let here = text.get(at..).unwrap_or_default();
            if here.starts_with('`') {
                pos = self.code_span(at, end);
            } else if here.starts_with("{%") && self.syntax == Syntax::Liquid {
                pos = self.liquid(at);
            } else if here.starts_with("{{") {
                pos = self.double_brace(at);
            } else {
                self.out.push('{');
                pos = at + 1;
            }
        }
        pos
    }

    fn code_span(&mut self, at: usize, end: usize) -> usize {
        let text = self.text;
        let between = |from: usize| text.get(from..end).unwrap_or_default();
        let ticks_at = |i: usize| between(i).bytes().take_while(|&b| b == b'`').count();
        let run = ticks_at(at);
        if run == 0 {
            // Callers stop here at a backtick; were there none, the rest is text and the scan
            // still moves on.
            self.out.push_str(between(at));
            return end.max(at + 1);
        }
        let after = at + run;
        let ticks = text.get(at..after).unwrap_or_default();
        let mut from = after;
        while let Some(i) = between(from).find(ticks) {
            let close = from + i;
            let close_run = ticks_at(close);
            if close_run == run {
                self.out.push_str(&unescape_code(
                    text.get(at..close + run).unwrap_or_default(),
                ));
                return close + run;
            }
            from = close + close_run;
        }
        self.out.push_str(ticks);
        after
    }

    /// `{% … %}`.
    fn liquid(&mut self, at: usize) -> usize {
        let text = self.text;
        let Some(close) = find_close(text, at + 2, "%}") else {
            self.out.push_str("{%");
            return at + 2;
        };
        let inner = text
            .get(at + 2..close)
            .unwrap_or_default()
            .trim_matches('-')
            .trim();
        let after = close + 2;
        self.tag(parse_tag(inner, Syntax::Liquid), at, after)
    }

    /// `{{< … >}}`, `{{% … %}}` or a Liquid output `{{ … }}`.
    fn double_brace(&mut self, at: usize) -> usize {
        let text = self.text;
        let inner_start = at + 2;
        let body = text.get(inner_start..).unwrap_or_default().trim_start();
        let delim = match body.bytes().next() {
            Some(b'<') => Some(">}}"),
            Some(b'%') => Some("%}}"),
            _ => None,
        };
        if let (Some(delim), Syntax::Shortcode) = (delim, self.syntax) {
            let open_end = text.len() - body.len() + 1;
            let Some(close) = find_close(text, open_end, delim) else {
                self.out.push_str("{{");
                return inner_start;
            };
            let inner = text.get(open_end..close).unwrap_or_default().trim();
            let after = close + delim.len();
            // `{{</* figure */>}}` is how Hugo posts show a shortcode as text.
            if let Some(shown) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
                let (o, c) = if delim == ">}}" {
                    ("{{<", ">}}")
                } else {
                    ("{{%", "%}}")
                };
                self.out.push_str(&format!("{o} {} {c}", shown.trim()));
                return after;
            }
            let inner = inner.strip_suffix('/').unwrap_or(inner).trim();
            return self.tag(parse_tag(inner, Syntax::Shortcode), at, after);
        }
        let Some(output) = self.output else {
            self.out.push_str("{{");
            return inner_start;
        };
        let Some(close) = find_close(text, inner_start, "}}") else {
            self.out.push_str("{{");
            return inner_start;
        };
        let expr = text
            .get(inner_start..close)
            .unwrap_or_default()
            .trim_matches('-')
            .trim();
        self.out.push_str(&output(expr));
        close + 2
    }

    /// Writes what `tag` (spanning `at..after`) becomes; returns where to go on.
    fn tag(&mut self, tag: Option<Tag<'_>>, at: usize, after: usize) -> usize {
        let Some(tag) = tag else {
            self.out
                .push_str(self.text.get(at..after).unwrap_or_default());
            return after;
        };
        if tag.closing {
            if let Some(i) = self
                .open
                .iter()
                .rposition(|o| o.name.as_deref() == Some(tag.name))
            {
                while self.open.len() > i {
                    if let Some(open) = self.open.pop() {
                        self.out.push_str(&open.close);
                    }
                }
            }
            return after;
        }
        let Some(engine) = self.engine else {
            return after;
        };
        match engine(&tag) {
            Expansion::Inline(s) => self.out.push_str(&s),
            Expansion::Nothing => {}
            Expansion::Unknown => {
                self.unknown.insert(tag.name.to_string());
            }
            Expansion::Failed(why) => {
                self.failed
                    .insert(format!("template tag `{}`: {why}", tag.name));
            }
            Expansion::Wrap { open, close } => {
                self.out.push_str(&open);
                self.open.push(Open {
                    name: Some(tag.name.to_string()),
                    colons: 0,
                    close,
                });
            }
            paired @ (Expansion::Code { .. } | Expansion::Raw | Expansion::Hidden) => {
                let Some((content_end, resume)) = find_end(self.text, after, &tag) else {
                    // No end tag: the tag alone is dropped.
                    self.unknown.insert(format!("{} (no end tag)", tag.name));
                    return after;
                };
                let content = self.text.get(after..content_end).unwrap_or_default();
                match paired {
                    Expansion::Code { lang, caption } => {
                        self.out
                            .push_str(&code_block(lang.as_deref(), caption.as_deref(), content))
                    }
                    Expansion::Raw => self.out.push_str(content),
                    _ => {}
                }
                return resume;
            }
        }
        after
    }
}

/// The `}` closing a tag opened before `from`: on the same line or the next few (tags with
/// long argument lists wrap), never past a blank line.
fn find_close(text: &str, from: usize, delim: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    let limit = rest.find("\n\n").unwrap_or(rest.len()).min(4096);
    let window = rest.get(..limit).or_else(|| {
        // `limit` can fall inside a character: widen to the next boundary.
        (limit..rest.len())
            .find(|&i| rest.is_char_boundary(i))
            .and_then(|i| rest.get(..i))
    })?;
    window.find(delim).map(|i| from + i)
}

/// `name args` (or `endname` / `/name`) as a [`Tag`].
fn parse_tag(inner: &str, syntax: Syntax) -> Option<Tag<'_>> {
    let inner = inner.trim();
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let (word, args) = inner.split_at(name_end);
    let (name, closing) = match syntax {
        Syntax::Liquid => match word.strip_prefix("end") {
            Some(n) if !n.is_empty() => (n, true),
            _ => (word, false),
        },
        Syntax::Shortcode => match word.strip_prefix('/') {
            Some(n) => (n.trim(), true),
            None => (word, false),
        },
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    valid.then(|| Tag {
        syntax,
        name,
        args: args.trim(),
        closing,
    })
}

/// Where a paired tag's content ends and the text after its end tag starts.
fn find_end(text: &str, from: usize, tag: &Tag<'_>) -> Option<(usize, usize)> {
    let mut at = from;
    loop {
        let rest = text.get(at..)?;
        let (start, inner_from, delim) = match tag.syntax {
            Syntax::Liquid => {
                let i = rest.find("{%")?;
                (at + i, at + i + 2, "%}")
            }
            Syntax::Shortcode => {
                let i = rest.find("{{")?;
                let after = rest.get(i + 2..).unwrap_or_default().trim_start();
                let d = match after.bytes().next() {
                    Some(b'<') => ">}}",
                    Some(b'%') => "%}}",
                    _ => {
                        at += i + 2;
                        continue;
                    }
                };
                (at + i, text.len() - after.len() + 1, d)
            }
        };
        let Some(close) = find_close(text, inner_from, delim) else {
            at = inner_from;
            continue;
        };
        let inner = text
            .get(inner_from..close)
            .unwrap_or_default()
            .trim_matches('-')
            .trim();
        if let Some(t) = parse_tag(inner, tag.syntax) {
            if t.closing && t.name == tag.name {
                return Some((start, close + delim.len()));
            }
        }
        at = close + delim.len();
    }
}

/// A code fence, also inside list items and block quotes.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let s = crate::read::container_content(line);
    let ch = *s.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = s.bytes().take_while(|&b| b == ch).count();
    // A backtick fence's info string has no backtick (otherwise it is a code span).
    let valid = len >= 3 && !(ch == b'`' && s.get(len..).unwrap_or_default().contains('`'));
    valid.then_some((ch, len))
}

fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let t = crate::read::container_content(line).trim_end();
    t.len() >= len && t.bytes().all(|b| b == ch)
}

/// Code as the engine shows it: `{% raw %}` markers (Jekyll, Hexo) and Hugo's
/// `{{</* … */>}}` escapes are the author's way of writing the tags themselves.
fn unescape_code(code: &str) -> Cow<'_, str> {
    if !code.contains("{%") && !code.contains("{{") {
        return Cow::Borrowed(code);
    }
    let mut out = code.to_string();
    for marker in ["{% raw %}", "{%- raw -%}", "{% endraw %}", "{%- endraw -%}"] {
        out = out.replace(marker, "");
    }
    for (from, to) in [
        ("{{</*", "{{<"),
        ("*/>}}", ">}}"),
        ("{{%/*", "{{%"),
        ("*/%}}", "%}}"),
    ] {
        out = out.replace(from, to);
    }
    Cow::Owned(out)
}

/// `name [title]`, `{.name}` or `{#id .name}` after `:::`.
fn container_kind(rest: &str) -> (String, Option<String>) {
    if let Some(attrs) = rest.strip_prefix('{') {
        let kind = attrs
            .trim_end_matches('}')
            .split_whitespace()
            .find_map(|a| a.strip_prefix('.'))
            .unwrap_or("note");
        return (kind.to_ascii_lowercase(), None);
    }
    let (kind, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let title = title.trim();
    (
        kind.to_ascii_lowercase(),
        (!title.is_empty()).then(|| title.to_string()),
    )
}

/// Arguments split on white space, quotes grouping words (and removed).
pub(crate) fn split_args(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in args.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                started = true;
            }
            None if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            None => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    out
}

/// Hugo's `key="value"` arguments and the positional ones, in order.
pub(crate) fn named_args(args: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut named = Vec::new();
    let mut positional = Vec::new();
    for a in split_args(&args.replace("=\"", "= \"").replace("='", "= '")) {
        positional.push(a);
    }
    // `key= value` pairs as split above.
    let mut i = 0;
    let mut pos = Vec::new();
    while let Some(a) = positional.get(i) {
        if let Some(key) = a.strip_suffix('=') {
            named.push((
                key.to_string(),
                positional.get(i + 1).cloned().unwrap_or_default(),
            ));
            i += 2;
        } else if let Some((k, v)) = a.split_once('=') {
            named.push((k.to_string(), v.to_string()));
            i += 1;
        } else {
            pos.push(a.clone());
            i += 1;
        }
    }
    (named, pos)
}

/// `s` for a double-quoted HTML attribute or text.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::text::push_attr(&mut out, s);
    out
}

/// An image as HTML, inline in its line (a line holding only it becomes a figure).
pub(crate) fn img(src: &str, alt: &str, title: Option<&str>, size: [Option<&str>; 2]) -> String {
    let mut s = format!("<img src=\"{}\" alt=\"{}\"", escape(src), escape(alt));
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        s.push_str(&format!(" title=\"{}\"", escape(t)));
    }
    for (name, v) in ["width", "height"].iter().zip(size) {
        if let Some(v) = v.filter(|v| v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty()) {
            s.push_str(&format!(" {name}=\"{v}\""));
        }
    }
    s.push('>');
    s
}

pub(crate) fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(href), escape(text))
}

/// An embedded player: the reader turns it into a link.
pub(crate) fn iframe(src: &str) -> String {
    format!("\n\n<iframe src=\"{}\"></iframe>\n\n", escape(src))
}

/// A fenced code block holding `code` exactly, with a fence longer than any run inside.
pub(crate) fn code_block(lang: Option<&str>, caption: Option<&str>, code: &str) -> String {
    let code = code.strip_prefix('\n').unwrap_or(code);
    let code = code.strip_prefix("\r\n").unwrap_or(code);
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let mut s = String::from("\n\n");
    if let Some(c) = caption.filter(|c| !c.is_empty()) {
        s.push_str(&format!("<p><em>{}</em></p>\n\n", escape(c)));
    }
    let lang = lang.unwrap_or_default();
    let lang: String = lang
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '#' | '_' | '.'))
        .collect();
    s.push_str(&format!("{fence}{lang}\n{code}"));
    if !code.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(&fence);
    s.push_str("\n\n");
    s
}

/// A callout box: its kind as a class and its title, if any, in a paragraph of its own (the
/// HTML reader makes a [`crate::tree::Block::Callout`] of it).
pub(crate) fn callout(kind: &str, title: Option<&str>) -> (String, String) {
    let class: String = kind
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut open = format!("\n\n<blockquote class=\"callout {class}\">\n\n");
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        open.push_str(&format!("<p class=\"callout-title\">{}</p>\n\n", escape(t)));
    }
    (open, "\n\n</blockquote>\n\n".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (String, Vec<String>) {
        let engine = |t: &Tag| match t.name {
            "note" => {
                let (open, close) = callout(t.args, None);
                Expansion::Wrap { open, close }
            }
            "codeblock" => Expansion::Code {
                lang: Some("js".into()),
                caption: None,
            },
            "raw" => Expansion::Raw,
            "comment" => Expansion::Hidden,
            "img" => Expansion::Inline(img(t.args, "", None, [None, None])),
            _ => Expansion::Unknown,
        };
        let mut w = Vec::new();
        let out = expand(body, Syntax::Liquid, Some(&engine), None, &mut w).into_owned();
        (out, w)
    }

    #[test]
    fn tags_and_containers() {
        let (out, w) = run(
            "前文 {% img a.png %}\n{% note info %}\n**注意**\n{% endnote %}\n{% codeblock %}\nlet a = {% x %};\n{% endcodeblock %}\n{% comment %}hidden{% endcomment %}{% unknown x %}内{% endunknown %}\n:::tip 提示\n内容\n:::\n",
        );
        assert!(out.contains("前文 <img src=\"a.png\" alt=\"\">"), "{out}");
        assert!(out.contains("<blockquote class=\"callout info\">"), "{out}");
        assert!(out.contains("```js\nlet a = {% x %};\n```"), "{out}");
        assert!(!out.contains("hidden"), "{out}");
        assert!(out.contains("内"), "{out}");
        assert!(
            out.contains(
                "<blockquote class=\"callout tip\">\n\n<p class=\"callout-title\">提示</p>"
            ),
            "{out}"
        );
        assert!(
            !out.contains(":::") && !out.replace("{% x %}", "").contains("{%"),
            "{out}"
        );
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn code_is_left_alone() {
        let (out, w) = run("```\n{% note x %}\n{% raw %}{{ a }}{% endraw %}\n```\n`{% img b %}` and {% raw %}{% img c %}{% endraw %}\n");
        assert!(out.contains("```\n{% note x %}\n{{ a }}\n```"), "{out}");
        assert!(out.contains("`{% img b %}`"), "{out}");
        assert!(out.contains("{% img c %}"), "{out}");
        assert!(w.is_empty());
    }

    #[test]
    fn unclosed_and_nested_do_not_panic() {
        for body in [
            "{% note a %}{% note b %}x",
            "{% codeblock %}never closed",
            "{%",
            "{{<",
            "{{< x",
            ":::\n:::a\n::::b\n:::\n",
            "{% endnote %}",
            "`",
            "{{< /x >}}",
            "é{%é%}é{{<é>}}",
        ] {
            let _ = run(body);
        }
        let deep = "{% note a %}\n".repeat(10_000);
        let (out, _) = run(&deep);
        assert_eq!(out.matches("</blockquote>").count(), 10_000);
    }

    #[test]
    fn args() {
        assert_eq!(split_args("a \"b c\" 'd'"), vec!["a", "b c", "d"]);
        let (named, pos) = named_args("src=\"x y.png\" title='T' width=3 pos");
        assert_eq!(
            named,
            vec![
                ("src".into(), "x y.png".into()),
                ("title".into(), "T".into()),
                ("width".into(), "3".into())
            ]
        );
        assert_eq!(pos, vec!["pos"]);
    }
}
