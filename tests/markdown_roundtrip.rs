//! Round trip: HTML → tree → Markdown, read back as Markdown → tree → Markdown gives the same
//! Markdown. What the writer says, the reader understands as the writer meant it.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use postbind::pipeline::{load_bytes, LoadOptions};
use postbind::read::BodyFormat;

fn write(input: &str, body: BodyFormat) -> String {
    let opts = LoadOptions {
        body,
        ..LoadOptions::default()
    };
    let post = load_bytes(input.as_bytes(), None, None, &opts).expect("always loads");
    postbind::markdown::write(&post.doc)
}

/// Text with what means something in Markdown, HTML-escaped, with CJK and its punctuation.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a",
            "b",
            "x y",
            " ",
            "中文",
            "。",
            "，",
            "「",
            "」",
            "　",
            "*",
            "_",
            "**",
            "`",
            "#",
            "- ",
            "1. ",
            "+++",
            "---",
            "!",
            "[",
            "]",
            "(",
            ")",
            "\\",
            "&amp;",
            "&lt;",
            "&gt;",
            "~",
            "|",
            "&#x3000;",
            "{\"",
            "}",
            ">",
            "=",
            "2) ",
            "+ ",
            "&amp;copy;",
            "<!",
            "\u{a0}",
            "~~",
            "__",
            ":",
            "^",
        ]),
        1..5,
    )
    .prop_map(|parts| parts.concat())
}

fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => text(),
        1 => text().prop_map(|t| format!("<code>{t}</code>")),
        1 => Just("<br>".to_string()),
        1 => Just("<img src=\"i.png\" alt=\"pic\">".to_string()),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        let run = prop::collection::vec(inner, 1..4).prop_map(|v| v.concat());
        (
            prop::sample::select(vec![
                "em", "i", "strong", "b", "del", "a", "sup", "sub", "ruby", "at",
            ]),
            run,
        )
            .prop_map(|(tag, body)| match tag {
                "a" => format!("<a href=\"http://x.org/p\">{body}</a>"),
                // No space: pulldown-cmark's HTML writes it %20, the same URL but other text.
                "at" => format!("<a href=\"/a_b(c)\" title='T \"q\"'>{body}</a>"),
                "ruby" => format!("<ruby>{body}<rt>注</rt></ruby>"),
                t => format!("<{t}>{body}</{t}>"),
            })
    })
}

fn inlines() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..4).prop_map(|v| v.concat())
}

fn block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => inlines().prop_map(|t| format!("<p>{t}</p>")),
        1 => inlines().prop_map(|t| format!("<h2>{t}</h2>")),
        1 => Just("<hr>".to_string()),
        1 => text().prop_map(|t| format!("<pre><code>{t}</code></pre>")),
        1 => text().prop_map(|t| format!("<pre><code class=\"language-rust\">{t}\n\n{t}</code></pre>")),
        1 => (inlines(), inlines())
            .prop_map(|(a, b)| format!("<table><tr><td>{a}</td><td>{b}</td></tr></table>")),
        1 => (inlines(), inlines()).prop_map(|(a, b)| format!(
            "<table><tr><th colspan=2>{a}</th></tr><tr><td>{b}</td><td><p>x</p><p>{a}</p></td></tr></table>"
        )),
        1 => (1..7u8, inlines()).prop_map(|(n, t)| format!("<h{n}>{t}</h{n}>")),
        1 => inlines().prop_map(|t| format!(
            "<figure><img src=\"f.png\" alt=\"f\"><figcaption>{t}</figcaption></figure>"
        )),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        let items = prop::collection::vec(
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| v.concat()),
            1..3,
        );
        prop_oneof![
            items.clone().prop_map(|v| format!(
                "<ul>{}</ul>",
                v.iter()
                    .map(|b| format!("<li>{b}</li>"))
                    .collect::<String>()
            )),
            items.clone().prop_map(|v| format!(
                "<ol>{}</ol>",
                v.iter()
                    .map(|b| format!("<li>{b}</li>"))
                    .collect::<String>()
            )),
            items.prop_map(|v| format!("<blockquote>{}</blockquote>", v.concat())),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 1..4).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES=20000 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/markdown_roundtrip.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn markdown_is_a_fixed_point(html in document()) {
        let md1 = write(&html, BodyFormat::Html);
        let md2 = write(&md1, BodyFormat::Markdown);
        prop_assert_eq!(&md1, &md2, "html: {:?}", html);
    }
}

/// An escaped backtick starts no code span, so the `**` in the code span after it is code,
/// never paired with one outside (src/read/cjk_emphasis.rs).
#[test]
fn star_pair_in_code_after_escaped_backtick() {
    let html = "<p><em>`<code>中文**</code></em><strong>+++</strong></p>";
    let md1 = write(html, BodyFormat::Html);
    assert_eq!(md1, "_\\``中文**`_**+++**\n");
    assert_eq!(write(&md1, BodyFormat::Markdown), md1);
}

/// A fence inside a list item (or block quote) is a fence to the CJK emphasis pass too.
#[test]
fn star_pair_in_fenced_code_in_a_list_item() {
    let html = "<ul><li><pre><code>中文**。**</code></pre></li></ul>";
    let md1 = write(html, BodyFormat::Html);
    assert_eq!(md1, "- ```\n  中文**。**\n  ```\n");
    assert_eq!(write(&md1, BodyFormat::Markdown), md1);
}

/// A list whose first item is empty cannot interrupt a paragraph: in a tight item, `  1.`
/// under `- text` would read as the paragraph's next line, so a blank line comes first.
#[test]
fn empty_first_item_after_a_paragraph_in_an_item() {
    let html = "<ul><li><p>a</p><ol><li></li></ol></li></ul>";
    let md1 = write(html, BodyFormat::Html);
    assert_eq!(md1, "- a\n\n  1.\n");
    assert_eq!(write(&md1, BodyFormat::Markdown), md1);
}

/// `\\` is an escaped backslash, so the backtick after it opens a code span, and the `**` in
/// the next code span is code, never paired with the one after it.
#[test]
fn star_pair_in_code_after_escaped_backslash() {
    let html = "<p><em>\\<code>a</code></em><code>中文**</code><strong><code>a</code></strong></p>";
    let md1 = write(html, BodyFormat::Html);
    assert_eq!(write(&md1, BodyFormat::Markdown), md1);
}
