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

/// The Markdown read back by postbind itself.
fn reread(markdown: &str) -> postbind::tree::Document {
    let opts = LoadOptions {
        body: BodyFormat::Markdown,
        ..LoadOptions::default()
    };
    load_bytes(markdown.as_bytes(), None, None, &opts)
        .expect("our Markdown always loads")
        .doc
}

#[test]
fn no_front_matter_fence_opens_a_file_without_front_matter() {
    let md = to_markdown("<hr><p>x</p><hr>");
    assert_eq!(md, "***\n\nx\n\n---\n");
    assert_eq!(render(&md), "<hr />\n<p>x</p>\n<hr />\n");
    let back = reread(&md);
    assert!(!back.meta.from_source);
    assert_eq!(back.blocks.len(), 3);
    for (html, md) in [
        ("<p>+++</p>", "\\+++\n"),
        ("<p>{\"a\": 1}</p>", "\\{\"a\": 1}\n"),
        ("<p>{}</p>", "\\{}\n"),
        ("<p>{x}</p>", "{x}\n"),
    ] {
        assert_eq!(to_markdown(html), md, "{html}");
        assert!(!reread(md).meta.from_source, "{md}");
    }
    // After a front matter block the break is a plain `---`.
    let md = to_markdown("<html><head><title>T</title></head><body><hr><p>x</p></body></html>");
    assert!(md.ends_with("---\n\n---\n\nx\n"), "{md}");
}

#[test]
fn ideographic_indent_survives() {
    let md = to_markdown("<p>　　中文段落。</p><h2>　标题</h2><ul><li>\u{a0}a</li></ul>");
    assert_eq!(
        md,
        "&#x3000;&#x3000;中文段落。\n\n## &#x3000;标题\n\n- &#xA0;a\n"
    );
    assert!(render(&md).starts_with("<p>\u{3000}\u{3000}中文段落。</p>"));
}

#[test]
fn thematic_break_in_a_list_item_stays_inside() {
    let md = to_markdown(
        "<ul><li><hr></li></ul><ul><li><hr></li></ul><ol><li><hr></li></ol><ul><li><ul><li><hr></li></ul></li></ul>",
    );
    assert_eq!(md, "- ***\n\n* ---\n\n1. ---\n\n- - ***\n");
    assert_eq!(
        render(&md),
        "<ul>\n<li>\n<hr />\n</li>\n</ul>\n<ul>\n<li>\n<hr />\n</li>\n</ul>\n<ol>\n<li>\n<hr />\n</li>\n</ol>\n<ul>\n<li>\n<ul>\n<li>\n<hr />\n</li>\n</ul>\n</li>\n</ul>\n"
    );
}

#[test]
fn headerless_table_promotes_its_first_row() {
    // GFM has no table without a header row: the first row becomes it (README says so).
    let md =
        to_markdown("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>");
    assert_eq!(md, "| a | b |\n| --- | --- |\n| c | d |\n");
    assert!(render(&md).contains("<thead><tr><th>a</th><th>b</th></tr></thead>"));
}

#[test]
fn player_fallback_text_is_kept() {
    let md = to_markdown(
        r#"<video controls><source src="a.mp4">Download <a href="a.mp4">the video</a>.</video><p>next</p>"#,
    );
    assert_eq!(
        md,
        "[a.mp4](a.mp4)\n\nDownload [the video](a.mp4).\n\nnext\n"
    );
    let md = to_markdown(r#"<p><video src="v.mp4">No player.</video> after</p>"#);
    assert_eq!(md, "[v.mp4](v.mp4) No player. after\n");
    assert_eq!(to_markdown("<video>Only text</video>"), "Only text\n");
}

#[test]
fn cover_keeps_the_key_the_theme_reads() {
    let opts = LoadOptions {
        body: BodyFormat::Markdown,
        ..LoadOptions::default()
    };
    for (key, extra) in [
        ("headimg", ""),
        ("thumbnail", ""),
        ("banner_img", ""),
        ("cover", ""),
        ("thumbnail", "cover: false\n"),
    ] {
        let src = format!("---\ntitle: T\n{extra}{key}: /a.png\n---\n\nhi\n");
        let post = load_bytes(src.as_bytes(), None, None, &opts).expect("loads");
        assert_eq!(post.doc.meta.cover.as_deref(), Some("/a.png"));
        let md = postbind::markdown::write(&post.doc);
        assert!(md.contains(&format!("\n{key}: /a.png\n")), "{md}");
        assert!(md.contains(extra), "{md}");
        if key != "cover" {
            assert!(!md.contains("cover: /a.png"), "{md}");
        }
        // Read back, the cover is still found.
        let back = load_bytes(md.as_bytes(), None, None, &opts).expect("loads");
        assert_eq!(back.doc.meta.cover.as_deref(), Some("/a.png"));
    }
}

#[test]
fn what_postbinds_reader_would_take_for_syntax_stays_text() {
    // `:::` opens a container, `{…}` ending a heading is its attribute block.
    let md = to_markdown("<p>::: tip</p><h2>a {#b}</h2>");
    assert_eq!(md, "\\::: tip\n\n## a {#b\\}\n");
    let back = postbind::markdown::write(&reread(&md));
    assert_eq!(back, md);
    // A link opening a paragraph whose code holds `]:` would be a reference definition.
    let md = to_markdown(r#"<p><a href="http://x.org/" title="t"><code>]:</code> y</a></p>"#);
    assert_eq!(md, "<a href=\"http://x.org/\" title=\"t\">`]:` y</a>\n");
    assert_eq!(postbind::markdown::write(&reread(&md)), md);
    // HTML tables: `*` and `` ` `` as references, which no text-level pass takes for markup.
    let md = to_markdown("<table><tr><td colspan=2>中文**a**</td></tr></table>");
    assert!(md.contains("中文&#42;&#42;a&#42;&#42;"), "{md}");
}

#[test]
fn a_list_that_reads_loose_is_written_loose() {
    // The figure's caption needs a blank line, which makes the whole list loose.
    let md = to_markdown(
        r#"<ul><li><figure><img src="f.png" alt="f"><figcaption>cap</figcaption></figure></li><li>b</li></ul>"#,
    );
    assert_eq!(md, "- ![f](f.png)\n\n  cap\n\n- b\n");
    assert_eq!(postbind::markdown::write(&reread(&md)), md);
    // A quote after a quote in a tight item would continue it.
    let md = to_markdown("<ul><li><blockquote>a</blockquote><blockquote>b</blockquote></li></ul>");
    assert_eq!(md, "- > a\n\n  > b\n");
}

#[test]
fn inline_formulas_keep_every_backslash() {
    // Markdown escaping would turn `\\` into `\`: between dollar signs it does not apply.
    let md = to_markdown(
        r#"<p>Rows <script type="math/tex">a \\ b</script> and \(x_1 * y_2\).</p>
<table><tr><th>f</th></tr><tr><td><script type="math/tex">|x|</script></td></tr></table>"#,
    );
    assert!(md.contains(r"Rows $a \\ b$ and $x_1 * y_2$."), "{md}");
    assert!(md.contains(r"$\|x\|$"), "{md}");
    let opts = LoadOptions {
        body: BodyFormat::Markdown,
        ..LoadOptions::default()
    };
    let back = load_bytes(md.as_bytes(), None, None, &opts).expect("Markdown always loads");
    let mut text = String::new();
    postbind::tree::block_text(&back.doc.blocks, &mut text);
    assert!(text.contains(r"a \\ b") && text.contains("|x|"), "{text}");
}
