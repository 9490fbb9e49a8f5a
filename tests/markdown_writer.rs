//! HTML → Markdown cases of issue 14: each Markdown we write is rendered back by a CommonMark
//! renderer (pulldown-cmark) and must mean what the HTML meant.

use postbind::pipeline::{load_bytes, LoadOptions};
use postbind::read::BodyFormat;

fn to_markdown(html: &str) -> String {
    let opts = LoadOptions {
        body: BodyFormat::Html,
        ..LoadOptions::default()
    };
    let post = load_bytes(html.as_bytes(), None, None, &opts).expect("HTML always loads");
    postbind::markdown::write(&post.doc)
}

fn render(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut out = String::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    html::push_html(&mut out, Parser::new_ext(markdown, opts));
    out
}

#[test]
fn bang_before_a_link_is_no_image() {
    let md = to_markdown(r#"<p>Check this out!<a href="http://x.org/">docs</a></p>"#);
    assert_eq!(md, "Check this out\\![docs](http://x.org/)\n");
    assert_eq!(
        render(&md),
        "<p>Check this out!<a href=\"http://x.org/\">docs</a></p>\n"
    );
}

#[test]
fn adjacent_code_spans_stay_two() {
    let md = to_markdown("<p><code>git</code><code>status</code></p>");
    assert_eq!(md, "`git`<!-- -->`status`\n");
    assert_eq!(
        render(&md),
        "<p><code>git</code><!-- --><code>status</code></p>\n"
    );
}

#[test]
fn nested_emphasis_of_one_kind_keeps_both() {
    let md = to_markdown("<p><i>A<em>B</em>C</i></p>");
    assert_eq!(render(&md), "<p><em>A<em>B</em>C</em></p>\n", "{md}");
    let md = to_markdown("<p><i>A <em>B</em> C</i></p>");
    assert_eq!(md, "*A _B_ C*\n");
    let md = to_markdown("<p><b>x <strong>y</strong> z</b></p>");
    assert_eq!(md, "**x __y__ z**\n");
    assert_eq!(
        render(&md),
        "<p><strong>x <strong>y</strong> z</strong></p>\n"
    );
    let md = to_markdown("<p><del>a<s>b</s>c</del></p>");
    assert_eq!(render(&md), "<p><del>a<del>b</del>c</del></p>\n", "{md}");
}

#[test]
fn newlines_and_tabs_leave_urls() {
    let md = to_markdown(
        "<p><a href=\"http://x.org/a\nb\tc\">l</a> <img src=\"i\n.png\" alt=\"i\"></p>",
    );
    assert_eq!(md, "[l](http://x.org/abc) ![i](i.png)\n");
}

#[test]
fn links_never_nest() {
    // A table inside a link holds a link of its own: html5ever leaves both in place.
    let md = to_markdown(
        r#"<a href="http://a.org/"><table><tr><td>x <a href="http://b.org/">y</a></td></tr></table></a>"#,
    );
    assert_eq!(md.matches("](").count(), 1, "{md}");
    assert!(
        render(&md).contains("<a href=\"http://a.org/\">x y</a>"),
        "{md}"
    );
}
