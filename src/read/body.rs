//! The post body: is it Markdown or HTML, and Markdown → HTML as Hexo renders it.

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

use super::find_ascii_ci;

/// Whether a body is Markdown.
///
/// The rule: a body that does not start with a tag (after whitespace and HTML comments such as
/// `<!-- more -->`) is Markdown. One that starts with `<!DOCTYPE`, `<html>`, `<head>` or
/// `<body>` is an HTML page. Any other tag at the start (Hexo users open posts with `<img>`,
/// a centred `<div>`, a music `<iframe>`) leaves the body HTML only if nothing outside
/// `<pre>`, `<script>`, `<style>`, `<textarea>` and comments reads as Markdown: an ATX heading,
/// a code fence, a list item, a block quote, a pipe table row, a link or image, a link
/// reference definition, or a bare text paragraph after a blank line. Rendering HTML as
/// Markdown mostly passes it through; rendering Markdown as HTML shows every `**` and `##`,
/// so doubt goes to Markdown.
pub fn is_markdown(body: &str) -> bool {
    let mut rest = body.trim_start();
    while rest.starts_with("<!--") {
        match rest.find("-->") {
            Some(end) => rest = rest.get(end + 3..).unwrap_or_default().trim_start(),
            None => return false,
        }
    }
    let mut after_lt = rest.bytes().skip(1);
    let starts_with_tag = rest.starts_with('<')
        && after_lt
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'!' || b == b'/');
    if !starts_with_tag {
        return !rest.is_empty();
    }
    if ["<!doctype", "<html", "<head", "<body", "<?xml"]
        .iter()
        .any(|name| opens_with(rest, name))
    {
        return false;
    }
    has_markdown_structure(rest)
}

/// `s` starts with the tag `name` (`<head>` but not `<header>`).
fn opens_with(s: &str, name: &str) -> bool {
    s.as_bytes()
        .get(..name.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(name.as_bytes()))
        && s.as_bytes()
            .get(name.len())
            .is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// The closing tag of an element whose content is not markup (so Markdown-looking lines
/// inside prove nothing) if `tag` opens one. Told apart by the byte after `<`, since most
/// tags of a body (`<p>`, `<span>`, `<strong>`, `<td>`) come here.
fn raw_close(tag: &str) -> Option<&'static str> {
    match tag.as_bytes().get(1)? {
        b'p' | b'P' => opens_with(tag, "<pre").then_some("</pre"),
        b's' | b'S' if opens_with(tag, "<script") => Some("</script"),
        b's' | b'S' => opens_with(tag, "<style").then_some("</style"),
        b't' | b'T' => opens_with(tag, "<textarea").then_some("</textarea"),
        b'!' => tag.starts_with("<!--").then_some("-->"),
        _ => None,
    }
}

fn has_markdown_structure(body: &str) -> bool {
    // Lines are first judged as if none sat inside a raw element (`<pre>`, `<script>`, a
    // comment), which can only call more of them Markdown; the raw elements are followed only
    // up to such a line, so most HTML bodies are never searched for them.
    let mut raw = RawLines::default();
    let mut after_blank = false;
    // The next `](` in the body, found once for all lines (most HTML bodies have none).
    let bytes = body.as_bytes();
    let mut link = LINK_MIDDLE.find(bytes);
    for (start, next, line) in lines_at(body) {
        if link.is_some_and(|at| at < start) {
            link = bytes
                .get(start..)
                .and_then(|rest| LINK_MIDDLE.find(rest))
                .map(|at| at + start);
        }
        let link_in_line = link
            .filter(|&at| at + 2 <= start + line.len())
            .map(|at| at - start);
        if line.trim().is_empty() {
            after_blank = true;
            continue;
        }
        if is_markdown_line(line, after_blank, link_in_line)
            && raw.is_markdown(body, (start, next), line, link_in_line)
        {
            return true;
        }
        after_blank = false;
    }
    false
}

/// The lines of `s` as [`str::lines`] cuts them, each with where it starts and where the next
/// one does.
fn lines_at(s: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut from = 0;
    let mut ends = memchr::memchr_iter(b'\n', s.as_bytes());
    std::iter::from_fn(move || {
        if from >= s.len() {
            return None;
        }
        let (end, ended) = ends.next().map_or((s.len(), false), |at| (at, true));
        let mut line = s.get(from..end).unwrap_or_default();
        if ended {
            line = line.strip_suffix('\r').unwrap_or(line);
        }
        let start = from;
        from = end + 1;
        Some((start, from, line))
    })
}

/// Reads a body line by line knowing which lines sit inside a raw element, as far as asked.
#[derive(Default)]
struct RawLines {
    /// Where the first line not read yet starts.
    next: usize,
    close: Option<&'static str>,
    after_blank: bool,
}

impl RawLines {
    /// Whether `line` (its start and the next line's) is Markdown once the raw elements
    /// before it are known. The lines read on the way were not Markdown: each would have been
    /// asked about first.
    fn is_markdown(
        &mut self,
        body: &str,
        (start, next): (usize, usize),
        line: &str,
        link_at: Option<usize>,
    ) -> bool {
        for (_, _, before) in lines_at(body.get(self.next..start).unwrap_or_default()) {
            self.read(before);
        }
        self.next = next;
        let markdown = self.close.is_none() && is_markdown_line(line, self.after_blank, link_at);
        if !markdown {
            self.read(line);
        }
        markdown
    }

    fn read(&mut self, line: &str) {
        if let Some(close) = self.close {
            if find_ascii_ci(line.as_bytes(), 0, close.as_bytes()).is_some() {
                self.close = None;
            }
            self.after_blank = false;
        } else if line.trim().is_empty() {
            self.after_blank = true;
        } else {
            self.after_blank = false;
            self.close = opens_raw(line);
        }
    }
}

/// The closing tag a line leaves open, if it opens a raw element it does not close.
fn opens_raw(line: &str) -> Option<&'static str> {
    let bytes = line.as_bytes();
    let mut last_open = None;
    for at in memchr::memchr_iter(b'<', bytes) {
        if let Some(close) = line.get(at..).and_then(raw_close) {
            last_open = Some((at, close));
        }
    }
    let (at, close) = last_open?;
    let closed = find_ascii_ci(bytes, at + 1, close.as_bytes()).is_some();
    (!closed).then_some(close)
}

/// `](`, between a link's text and its destination (a searcher built once).
static LINK_MIDDLE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("]("));

/// `link_at`: where the line's first `](` is, if it has one.
fn is_markdown_line(line: &str, after_blank: bool, link_at: Option<usize>) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 || line.starts_with('\t') {
        return false;
    }
    let s = line.get(indent..).unwrap_or_default();
    let b = s.as_bytes();
    let link = link_at.is_some_and(|at| {
        memchr::memchr(b'[', line.as_bytes().get(indent..at).unwrap_or_default()).is_some()
    });
    let bare_paragraph = after_blank && !s.starts_with('<');
    // Every other kind of line opens with one of these (most lines of HTML open with `<`).
    if !matches!(
        b.first(),
        Some(b'#' | b'`' | b'~' | b'-' | b'*' | b'+' | b'>' | b'|' | b'!' | b'[' | b'0'..=b'9')
    ) {
        return link || bare_paragraph;
    }
    let space_after = |n: usize| b.get(n).is_none_or(|c| *c == b' ' || *c == b'\t');

    let hashes = b.iter().take_while(|c| **c == b'#').count();
    let heading = (1..=6).contains(&hashes) && space_after(hashes);
    let fence = s.starts_with("```") || s.starts_with("~~~");
    let bullet = matches!(b.first(), Some(b'-' | b'*' | b'+')) && b.len() > 2 && space_after(1);
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let ordered = (1..=9).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && b.len() > digits + 2
        && space_after(digits + 1);
    let quote = s.starts_with("> ") && s.len() > 2;
    let table = s.starts_with('|') && s.trim_end().ends_with('|') && s.matches('|').count() >= 2;
    let image = s.starts_with("![");
    let reference = s.starts_with('[') && s.contains("]: ");
    heading
        || fence
        || bullet
        || ordered
        || quote
        || table
        || image
        || reference
        || link
        || bare_paragraph
}

/// How an engine renders Markdown, where engines differ.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownFlavor {
    /// A line break inside a paragraph is a `<br>` (Hexo's `breaks: true`); otherwise lines
    /// are joined, with no space between two CJK characters.
    pub breaks: bool,
}

/// Markdown → HTML with the GFM extensions and the defaults of hexo-renderer-marked: a line
/// break inside a paragraph is a `<br>` (`breaks: true`) and bare URLs become links
/// (`autolink: true`). Raw HTML passes through.
pub fn render_markdown(markdown: &str) -> String {
    render_markdown_with(markdown, MarkdownFlavor { breaks: true })
}

/// Markdown → HTML as an engine renders it: GFM (tables, strikethrough, task lists, footnotes,
/// `> [!NOTE]` alerts), `{#id}` heading attributes, bare URLs linked, `**` next to CJK
/// punctuation made bold as the author meant ([`super::cjk_emphasis`]), and line breaks per
/// `flavor`.
pub fn render_markdown_with(markdown: &str, flavor: MarkdownFlavor) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH;
    let markdown = &super::cjk_emphasis::cjk_emphasis(markdown);
    let parser = TextMergeStream::new(Parser::new_ext(markdown, options));
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut out, HexoEvents::new(parser, flavor));
    out
}

/// Rewrites the event stream: soft breaks become hard (when the flavor says so), URLs in plain
/// text become links, alerts become labelled callouts.
struct HexoEvents<'a, I> {
    inner: I,
    flavor: MarkdownFlavor,
    pending: std::collections::VecDeque<Event<'a>>,
    /// Inside a link, image or code block (Markdown or inline HTML), where URLs stay text.
    no_autolink: usize,
}

impl<'a, I: Iterator<Item = Event<'a>>> HexoEvents<'a, I> {
    fn new(inner: I, flavor: MarkdownFlavor) -> Self {
        HexoEvents {
            inner,
            flavor,
            pending: Default::default(),
            no_autolink: 0,
        }
    }

    fn track_inline_html(&mut self, html: &str) {
        let closing = html.starts_with("</");
        let name = html.trim_start_matches("</").trim_start_matches('<');
        if opens_with(name, "a") || opens_with(name, "code") {
            if closing {
                self.no_autolink = self.no_autolink.saturating_sub(1);
            } else if !html.trim_end().ends_with("/>") {
                self.no_autolink += 1;
            }
        }
    }

    /// Plain text: bare URLs become links.
    fn text(&mut self, text: CowStr<'a>) -> Event<'a> {
        if self.no_autolink == 0 {
            let linked = autolink(&text);
            if !linked.is_empty() {
                self.pending.extend(linked);
                return self.pending.pop_front().unwrap_or(Event::Text(text));
            }
        }
        Event::Text(text)
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HexoEvents<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        let event = self.inner.next()?;
        match &event {
            Event::SoftBreak if self.flavor.breaks => return Some(Event::HardBreak),
            // A displayed formula stands as a block of its own; an inline one is a formula in
            // the text, its backslashes intact.
            Event::DisplayMath(tex) => {
                let mut html = String::from("<div class=\"math display\">");
                escape_html_into(&mut html, tex);
                html.push_str("</div>\n");
                return Some(Event::Html(html.into()));
            }
            Event::InlineMath(tex) => {
                let mut html = String::from("<span class=\"math inline\">");
                escape_html_into(&mut html, tex);
                html.push_str("</span>");
                return Some(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                // The label is the writers' to give, in the post's language.
                let class = alert(*kind);
                return Some(Event::Html(
                    format!("<blockquote class=\"callout {class}\">\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                return Some(Event::Html("</blockquote>\n".into()))
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.no_autolink += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.no_autolink = self.no_autolink.saturating_sub(1)
            }
            Event::InlineHtml(html) => self.track_inline_html(html),
            Event::Text(_) => {
                if let Event::Text(text) = event {
                    return Some(self.text(text));
                }
            }
            _ => {}
        }
        Some(event)
    }
}

fn escape_html_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// A GitHub alert's class.
fn alert(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Splits text around bare `http://`, `https://` and `www.` URLs, GFM style, except that a
/// URL also ends at the first non-ASCII character: in Chinese prose the sentence goes on
/// right after the URL, with no space.
fn autolink<'a>(text: &str) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    let mut finder = UrlFinder::new(text);
    let mut plain_start = 0;
    while let Some((start, end, prefix)) = finder.next_url() {
        if plain_start < start {
            events.push(Event::Text(
                text.get(plain_start..start)
                    .unwrap_or_default()
                    .to_owned()
                    .into(),
            ));
        }
        let url = text.get(start..end).unwrap_or_default();
        let href = if prefix == "www." {
            format!("http://{url}")
        } else {
            url.to_owned()
        };
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: href.into(),
            title: "".into(),
            id: "".into(),
        }));
        events.push(Event::Text(url.to_owned().into()));
        events.push(Event::End(TagEnd::Link));
        plain_start = end;
    }
    if !events.is_empty() && plain_start < text.len() {
        events.push(Event::Text(
            text.get(plain_start..)
                .unwrap_or_default()
                .to_owned()
                .into(),
        ));
    }
    events
}

const URL_PREFIXES: [&str; 3] = ["https://", "http://", "www."];

/// Finds URLs left to right in linear time: each prefix's next occurrence is remembered, so
/// no stretch of text is searched twice.
struct UrlFinder<'t> {
    text: &'t str,
    /// Where to look from.
    pos: usize,
    /// Next occurrence of each prefix at or after `pos` (`None`: no more).
    next: [Option<usize>; 3],
}

impl<'t> UrlFinder<'t> {
    fn new(text: &'t str) -> Self {
        let next = URL_PREFIXES.map(|p| find_ascii_ci(text.as_bytes(), 0, p.as_bytes()));
        UrlFinder { text, pos: 0, next }
    }

    /// The next URL: (start, end, prefix).
    fn next_url(&mut self) -> Option<(usize, usize, &'static str)> {
        loop {
            let bytes = self.text.as_bytes();
            for (next, prefix) in self.next.iter_mut().zip(URL_PREFIXES) {
                if next.is_some_and(|at| at < self.pos) {
                    *next = find_ascii_ci(bytes, self.pos, prefix.as_bytes());
                }
            }
            let (start, prefix) = self
                .next
                .iter()
                .zip(URL_PREFIXES)
                .filter_map(|(at, p)| at.map(|at| (at, p)))
                .min_by_key(|(at, _)| *at)?;
            match url_end(self.text, start, prefix) {
                Some(end) => {
                    self.pos = end;
                    return Some((start, end, prefix));
                }
                None => self.pos = start + 1,
            }
        }
    }
}

/// Where the URL starting at `start` with `prefix` ends, or `None` if it is not a URL.
fn url_end(text: &str, start: usize, prefix: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let boundary_ok = start == 0
        || bytes
            .get(start - 1)
            .is_some_and(|b| !b.is_ascii_alphanumeric());
    if !boundary_ok {
        return None;
    }
    let candidate = bytes.get(start..)?;
    let mut len = candidate
        .iter()
        .take_while(|b| b.is_ascii_graphic() && **b != b'<')
        .count();
    // Trailing punctuation ends the sentence, not the URL; so does a `)` without its `(`.
    let (open, mut close) = candidate
        .iter()
        .take(len)
        .fold((0usize, 0usize), |(o, c), b| {
            (o + usize::from(*b == b'('), c + usize::from(*b == b')'))
        });
    while let Some(&last) = len.checked_sub(1).and_then(|i| candidate.get(i)) {
        if b"?!.,:*_~'\";".contains(&last) {
            len -= 1;
        } else if last == b')' && close > open {
            len -= 1;
            close -= 1;
        } else {
            break;
        }
    }
    let host = candidate.get(prefix.len()..len)?;
    host.first()
        .is_some_and(u8::is_ascii_alphanumeric)
        .then_some(start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass reading: raw elements followed on every line.
    fn markdown_structure_read_in_one_pass(body: &str) -> bool {
        let mut raw_close: Option<&str> = None;
        let mut after_blank = false;
        for line in body.lines() {
            let link_at = LINK_MIDDLE.find(line.as_bytes());
            if let Some(close) = raw_close {
                if find_ascii_ci(line.as_bytes(), 0, close.as_bytes()).is_some() {
                    raw_close = None;
                }
                after_blank = false;
                continue;
            }
            if line.trim().is_empty() {
                after_blank = true;
                continue;
            }
            if is_markdown_line(line, after_blank, link_at) {
                return true;
            }
            after_blank = false;
            raw_close = opens_raw(line);
        }
        false
    }

    /// Raw elements followed only up to a line that looks like Markdown decide as following
    /// them on every line: over every body of up to four lines from pieces that open, close
    /// or look like Markdown.
    #[test]
    fn raw_elements_followed_lazily_decide_as_eagerly() {
        let pieces = [
            "",
            "<pre>",
            "</pre>",
            "<!--",
            "-->",
            "# h",
            "text",
            "<p>x</p>",
            "- item",
            "<script>x",
            "[a](b)",
            "<pre>x</pre>",
            "  \r",
            "# h\r",
        ];
        let mut level = vec![String::new()];
        let mut seen = [0usize; 2];
        for _ in 0..4 {
            level = level
                .iter()
                .flat_map(|body| pieces.iter().map(move |p| format!("{body}{p}\n")))
                .collect();
            // Each body with and without its last line break.
            for body in level.iter().flat_map(|b| [b.as_str(), &b[..b.len() - 1]]) {
                let cut: Vec<&str> = lines_at(body).map(|(_, _, line)| line).collect();
                assert_eq!(cut, body.lines().collect::<Vec<_>>(), "{body:?}");
                let lazy = has_markdown_structure(body);
                assert_eq!(lazy, markdown_structure_read_in_one_pass(body), "{body:?}");
                seen[usize::from(lazy)] += 1;
            }
        }
        assert!(seen[0] > 1000 && seen[1] > 1000, "{seen:?}");
    }

    #[test]
    fn detection() {
        let markdown = [
            "# Title\n\ntext",
            "plain text",
            "<!-- more -->\n\ntext",
            "<img src=\"a.jpg\">\n\n这是第一段。\n\n这是第二段。",
            "<div align=\"center\"><img src=\"a.jpg\"></div>\n\n## 标题",
            "<iframe src=\"//music.163.com/x\"></iframe>\n- item\n- item",
            "<span>x</span> and [a link](https://x)",
            "<p>intro</p>\n```rust\nfn main() {}\n```",
            "<br>\n| a | b |\n|---|---|",
            "<header>x</header>\n\n# Title",
        ];
        for body in markdown {
            assert!(is_markdown(body), "should be Markdown: {body:?}");
        }
        let html = [
            "<div>\n<p><strong>央视网消息</strong>（新闻联播）：内容</p>\n</div>\n   \n",
            "<!DOCTYPE html><html><body><h1>x</h1>\n\ntext</body></html>",
            "<html>\n# not a heading\n</html>",
            "<p>one</p>\n<p>two</p>",
            "<pre>\n# comment\n- not a list\n\nbare\n</pre>\n<p>x</p>",
            "<p>a</p>\n<!--\n# hidden\n-->\n<p>b</p>",
            "<p>indented\n\n    code-looking</p>",
            "",
            "<!-- unterminated",
        ];
        for body in html {
            assert!(!is_markdown(body), "should be HTML: {body:?}");
        }
    }

    #[test]
    fn renders_gfm_like_hexo() {
        let html = render_markdown(
            "第一行\n第二行\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~删除~~ - [x] done\n\n- [ ] todo\n\n脚注[^1]\n\n[^1]: 注释\n",
        );
        assert!(html.contains("第一行<br />\n第二行"), "{html}");
        assert!(
            html.contains("<table>") && html.contains("<th style=\"text-align: center\">b</th>"),
            "{html}"
        );
        assert!(html.contains("<del>删除</del>"), "{html}");
        assert!(
            html.contains("<input disabled=\"\" type=\"checkbox\"/>"),
            "{html}"
        );
        assert!(
            html.contains("footnote-definition") || html.contains("footnote"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_passes_through() {
        let html = render_markdown(
            "<img src=\"a.jpg\">\n\n<!-- more -->\n\n**粗体**<span class=\"x\">内联</span>\n",
        );
        assert!(html.contains("<img src=\"a.jpg\">"), "{html}");
        assert!(html.contains("<!-- more -->"), "{html}");
        assert!(
            html.contains("<strong>粗体</strong><span class=\"x\">内联</span>"),
            "{html}"
        );
    }

    #[test]
    fn cjk_emphasis_is_bold() {
        let html =
            render_markdown("**过半:**当leader，**注意：**这里\n\n\\*\\*不是\\*\\*。\n\na**b**c\n");
        assert!(html.contains("<strong>过半:</strong>当leader"), "{html}");
        assert!(html.contains("<strong>注意：</strong>这里"), "{html}");
        assert!(html.contains("**不是**"), "{html}");
        assert!(html.contains("a<strong>b</strong>c"), "{html}");
        // Delimiters with no CJK beside them, or spaced inside: CommonMark's reading stands.
        let html = render_markdown("a **b ** c\n\n中文 **x ** 中文\n");
        assert!(html.contains("**b **") && html.contains("**x **"), "{html}");
    }

    #[test]
    fn soft_breaks_per_flavor() {
        let joined = render_markdown_with("第一行\n第二行\n", MarkdownFlavor { breaks: false });
        assert!(!joined.contains("<br"), "{joined}");
    }

    #[test]
    fn alerts_become_callouts() {
        let html = render_markdown("> [!WARNING]\n> 小心\n");
        assert!(
            html.contains("<blockquote class=\"callout warning\">"),
            "{html}"
        );
        assert!(html.contains("小心"), "{html}");
    }

    #[test]
    fn bare_urls_become_links() {
        let html = render_markdown(
            "见https://hexo.io/docs/。以及 www.example.com/a_(b) 和 (http://x.org).\n",
        );
        assert!(
            html.contains("见<a href=\"https://hexo.io/docs/\">https://hexo.io/docs/</a>。"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"http://www.example.com/a_(b)\">www.example.com/a_(b)</a>"),
            "{html}"
        );
        assert!(
            html.contains("(<a href=\"http://x.org\">http://x.org</a>)."),
            "{html}"
        );
    }

    #[test]
    fn urls_in_links_and_code_stay_put() {
        let html = render_markdown(
            "[https://a.com](https://b.com) `https://c.com` <a href=\"x\">https://d.com</a>\n\n```\nhttps://e.com\n```\n\nhttp:// alone, xhttps://f.com\n",
        );
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
        assert!(!html.contains("href=\"http://\""), "{html}");
        assert!(!html.contains("href=\"https://f.com\""), "{html}");
    }
}
