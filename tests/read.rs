//! The reading stage on the fixtures in `fixtures/` and on hostile input.

use std::path::Path;

use postbind::meta::{parse_date, PostDate};
use postbind::read::{decode::decode, read_post, BodyFormat, ReadError, Source};
use proptest::prelude::*;
use serde_yaml::Value;

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Source<'static> {
    let bytes = fixture_bytes(name);
    let source = read_post(&bytes, BodyFormat::Auto).unwrap_or_else(|e| panic!("{name}: {e}"));
    Source {
        html: source.html.into_owned().into(),
        ..source
    }
}

fn read_err(name: &str) -> ReadError {
    match read_post(&fixture_bytes(name), BodyFormat::Auto) {
        Ok(source) => panic!("{name} read without error: {:?}", source.meta),
        Err(e) => e,
    }
}

fn read_str(text: &str) -> Result<Source<'_>, ReadError> {
    read_post(text.as_bytes(), BodyFormat::Auto)
}

fn ok(text: &str) -> Source<'_> {
    read_str(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn iso(date: Option<PostDate>) -> Option<String> {
    date.map(|d| d.to_iso8601())
}

fn extra_keys<'a>(source: &'a Source<'_>) -> Vec<&'a str> {
    source.meta.extra.iter().map(|(k, _)| k.as_str()).collect()
}

fn extra<'a>(source: &'a Source, key: &str) -> Option<&'a Value> {
    source
        .meta
        .extra
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn assert_clean(source: &Source) {
    assert!(
        source.warnings.is_empty(),
        "warnings: {:?}",
        source.warnings
    );
    assert!(
        !source.html.contains('\u{FFFD}'),
        "replacement character in {}",
        source.html
    );
    assert!(!source.html.contains('\r'), "CR left in {}", source.html);
}

#[test]
fn sample_post() {
    let s = read("zaker-news-post.txt");
    assert_clean(&s);
    assert!(s.meta.from_source);
    assert_eq!(
        s.meta.title.as_deref(),
        Some("习近平主席中亚之旅成果务实丰硕")
    );
    assert!(
        matches!(s.meta.date, Some(PostDate::Offset(_, off)) if off.local_minus_utc() == 0),
        "RFC 2822 GMT is an offset of zero: {:?}",
        s.meta.date
    );
    assert_eq!(iso(s.meta.date).as_deref(), Some("2022-09-18T23:33:47Z"));
    assert_eq!(s.meta.categories, ["新媒体", "ZAKER", "source"]);
    assert_eq!(s.meta.author.as_deref(), Some("ZAKER"));
    assert_eq!(
        s.meta.cover.as_deref(),
        Some("https://picsum.photos/400/300?random=4109")
    );
    assert_eq!(extra_keys(&s), ["comments", "thumbnail"]);
    assert_eq!(extra(&s, "comments"), Some(&Value::Bool(false)));
    // The body is HTML and is passed on as written.
    assert!(
        s.html
            .starts_with("\n<div>   \n<p><strong>央视网消息</strong>（新闻联播）"),
        "{}",
        s.html
    );
    assert!(s.html.contains("</div>"));
}

#[test]
fn gbk_page_with_meta_charset() {
    let s = read("encoding-gbk.html");
    assert_clean(&s);
    assert!(!s.meta.from_source, "an HTML page has no front matter");
    assert!(s.html.starts_with("<!DOCTYPE html>"));
    for text in [
        "<title>秋天的图书馆</title>",
        "门口的银杏树已经开始泛黄，落叶铺满了台阶，踩上去沙沙作响。",
        "借了一本《城南旧事》，一读就是一个下午。",
        "“下个月就要装修了，你们这些老读者可要常来看看。”",
    ] {
        assert!(s.html.contains(text), "missing {text}");
    }
}

#[test]
fn big5_page() {
    let s = read("encoding-big5.html");
    assert_clean(&s);
    for text in [
        "<title>台北的雨季</title>",
        "街上的行人撐著各色的雨傘，騎樓下擠滿了躲雨的學生。",
        "雨停之後，空氣裡有泥土和青草的味道，整座城市像是被洗過一樣乾淨。",
    ] {
        assert!(s.html.contains(text), "missing {text}");
    }
}

#[test]
fn shift_jis_page_with_http_equiv() {
    let s = read("encoding-shift-jis.html");
    assert_clean(&s);
    for text in [
        "<title>京都の秋</title>",
        "嵐山の紅葉は燃えるように赤く、渡月橋の上は観光客でいっぱいだった。",
        "水路閣のレンガに朝日が差し込んでいた。",
        "ｶﾀｶﾅの半角文字も、ちゃんと読めるだろうか。",
    ] {
        assert!(s.html.contains(text), "missing {text}");
    }
}

#[test]
fn undeclared_gb18030_is_detected() {
    let bytes = fixture_bytes("encoding-gb18030-undeclared.md");
    assert!(std::str::from_utf8(&bytes).is_err());
    let decoded = decode(&bytes);
    assert!(
        ["GBK", "gb18030"].contains(&decoded.encoding.name()),
        "{}",
        decoded.encoding.name()
    );
    let s = read("encoding-gb18030-undeclared.md");
    assert_clean(&s);
    assert_eq!(s.meta.title.as_deref(), Some("没有声明编码的旧博客"));
    assert_eq!(s.meta.categories, ["旧文"]);
    assert_eq!(s.meta.tags, ["编码", "博客"]);
    assert!(s.html.contains("<h2>为什么会这样</h2>"), "{}", s.html);
    assert!(
        s.html.contains("生僻字「㐀」也要能正确读出来。"),
        "{}",
        s.html
    );
    assert!(s.html.contains("<li>第一条：先备份</li>"), "{}", s.html);
}

#[test]
fn bom_and_crlf() {
    let bytes = fixture_bytes("bom-crlf.md");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF---\r\n"));
    let s = read("bom-crlf.md");
    assert_clean(&s);
    assert_eq!(s.meta.title.as_deref(), Some("Windows 记事本写的文章"));
    assert_eq!(
        iso(s.meta.date).as_deref(),
        Some("2020-02-02T20:20:20+08:00")
    );
    assert_eq!(s.meta.tags, ["记事本", "Windows"]);
    assert_eq!(
        s.html,
        "<p>这篇文章是在 Windows 的记事本里写的，保存时带上了 BOM，换行符也是 CRLF。</p>\n\
         <p>第二段：读取时应当去掉 BOM，并把 CRLF 统一成 LF。</p>\n"
    );
}

#[test]
fn utf16_with_bom() {
    let s = read("encoding-utf16le-bom.md");
    assert_clean(&s);
    assert_eq!(s.meta.title.as_deref(), Some("UTF-16 编码的文章"));
    assert_eq!(
        s.html,
        "<p>有些编辑器会把文件保存成 UTF-16，开头带有字节顺序标记。</p>\n"
    );
}

#[test]
fn invalid_bytes_are_replaced_with_one_warning() {
    let s = read("encoding-invalid-bytes.html");
    assert_eq!(s.meta.title.as_deref(), Some("有几个坏字节的文章"));
    assert_eq!(
        s.warnings,
        ["text decoded as UTF-8 with 3 invalid bytes replaced by U+FFFD"]
    );
    assert!(
        s.html
            .contains("无效的字节：\u{FFFD}\u{FFFD}\u{FFFD}”，读取时"),
        "{}",
        s.html
    );
    assert!(s.html.contains("<p>后面的内容仍然完好无损。</p>"));
}

#[test]
fn dates_with_offsets_and_author_mapping() {
    let s = read("dates-iso-offset.md");
    assert_clean(&s);
    assert_eq!(
        iso(s.meta.date).as_deref(),
        Some("2023-03-15T08:30:00+08:00")
    );
    assert_eq!(
        iso(s.meta.updated).as_deref(),
        Some("2023-03-16T21:05:09-05:00")
    );
    assert_eq!(s.meta.author.as_deref(), Some("王小明"));
    assert!(s.meta.extra.is_empty(), "{:?}", s.meta.extra);
}

#[test]
fn plain_dates() {
    let s = read("date-plain.md");
    assert_clean(&s);
    assert!(matches!(s.meta.date, Some(PostDate::Date(_))));
    assert_eq!(iso(s.meta.date).as_deref(), Some("2019-07-04"));
    assert!(matches!(s.meta.updated, Some(PostDate::Local(_))));
    assert_eq!(iso(s.meta.updated).as_deref(), Some("2019-07-05T10:00:00"));
    assert_eq!(s.meta.tags, ["随笔"]);
    assert!(s.html.contains("<code>YYYY-MM-DD HH:mm:ss</code>"));
}

#[test]
fn categories_as_string_and_nested_tags() {
    let s = read("categories-string.md");
    assert_clean(&s);
    assert_eq!(s.meta.categories, ["生活"]);
    assert_eq!(s.meta.tags, ["旅行", "日本", "摄影"]);
}

#[test]
fn extra_keys_in_source_order() {
    let s = read("front-matter-extra-keys.md");
    assert_clean(&s);
    assert_eq!(s.meta.title.as_deref(), Some("保留所有其他字段"));
    assert_eq!(iso(s.meta.date).as_deref(), Some("2021-12-31T23:59:59"));
    assert_eq!(s.meta.cover.as_deref(), Some("/images/cover.jpg"));
    assert_eq!(s.meta.lang.as_deref(), Some("zh-CN"));
    assert_eq!(
        s.meta.description.as_deref(),
        Some("写回 Markdown 时，不认识的字段也要原样写回去。")
    );
    assert_eq!(
        extra_keys(&s),
        [
            "layout",
            "permalink",
            "comments",
            "toc",
            "sticky",
            "banner_img",
            "keywords",
            "reward"
        ]
    );
    assert_eq!(extra(&s, "sticky"), Some(&Value::from(100)));
    assert_eq!(extra(&s, "toc"), Some(&Value::Bool(true)));
    let wechat = extra(&s, "reward").and_then(|v| v.get("wechat"));
    assert_eq!(wechat, Some(&Value::from("/images/wechat.png")));
}

#[test]
fn hexo_markdown_body() {
    let s = read("hexo-markdown-body.md");
    assert_clean(&s);
    assert_eq!(s.meta.categories, ["技术", "博客"]);
    assert_eq!(s.meta.tags, ["Hexo", "Node.js", "笔记"]);
    assert_eq!(
        s.meta.cover.as_deref(),
        Some("https://example.com/images/hexo-cover.png")
    );
    let html = &s.html;
    for want in [
        "<img src=\"/images/hexo-logo.png\" alt=\"Hexo\" width=\"200\">",
        "<p>折腾了一个星期，终于把博客搭起来了。这篇文章记录一下过程中踩过的坑，<strong>希望对后来的人有帮助</strong>。</p>",
        "<!-- more -->",
        "<h2>安装</h2>",
        "<pre><code class=\"language-bash\">node -v\nnpm install -g hexo-cli\nhexo init blog\n</code></pre>",
        "<th style=\"text-align: left\">目录</th>",
        "<td style=\"text-align: left\"><code>source/_posts</code></td>",
        "<ol>\n<li>端口被占用：用 <code>hexo s -p 5000</code> 换一个端口。</li>",
        "<del>重装系统</del>",
        "<div class=\"note info\">",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
        "<blockquote>\n<p>写博客最难的不是搭建，而是坚持。</p>",
        "<a href=\"https://hexo.io/zh-cn/docs/\">https://hexo.io/zh-cn/docs/</a>",
        "<a href=\"https://theme-next.js.org/\">主题文档</a>",
    ] {
        assert!(html.contains(want), "missing {want}\nin\n{html}");
    }
}

#[test]
fn body_format_overrides_detection() {
    let bytes = fixture_bytes("hexo-markdown-body.md");
    let as_html = read_post(&bytes, BodyFormat::Html).unwrap_or_else(|e| panic!("{e}"));
    assert!(as_html.html.contains("\n## 安装\n"), "kept as written");

    let bytes = fixture_bytes("zaker-news-post.txt");
    let as_md = read_post(&bytes, BodyFormat::Markdown).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(as_md.meta, read("zaker-news-post.txt").meta);
    assert!(as_md.html.starts_with("<div>"), "{}", as_md.html);
}

#[test]
fn malformed_yaml_names_the_file_line() {
    let err = read_err("invalid/malformed-yaml.md");
    let ReadError::FrontMatter { line, message } = &err else {
        panic!("{err:?}");
    };
    // Line 1 is blank, line 2 the fence, line 3 the bad title.
    assert_eq!(*line, 3, "{err}");
    assert!(
        message.contains("mapping values are not allowed"),
        "{message}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("front matter, line 3: column "),
        "{shown}"
    );
    assert!(!shown.contains('\n'), "one line: {shown}");
}

#[test]
fn error_lines_count_from_the_file() {
    let err = read_str("\u{FEFF}\n\n---\ntitle: ok\ntags: [a\n---\nbody\n").err();
    assert!(
        matches!(err, Some(ReadError::FrontMatter { line: 6, .. })),
        "{err:?}"
    );
    // A repeated key inside a value is still refused, at the repeat's line.
    let shown = read_str("---\nauthor:\n  name: a\n  name: b\n---\n")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        shown,
        "front matter, line 4: author: duplicate entry with key \"name\""
    );
    assert_eq!(
        read_str("---\n- just\n- a list\n---\n").err(),
        Some(ReadError::FrontMatter {
            line: 2,
            message: "expected `key: value` lines, found a list".into()
        })
    );
}

#[test]
fn repeated_top_level_keys_keep_the_last_value_with_a_warning() {
    let s = read("hostile/duplicate-keys.md");
    assert_eq!(s.meta.title.as_deref(), Some("second"));
    assert_eq!(s.meta.tags, ["b"]);
    // The last date does not parse: it is kept as text, as any unreadable date is.
    assert_eq!(s.meta.date, None);
    assert_eq!(extra(&s, "date"), Some(&Value::from("not a date")));
    assert_eq!(
        s.warnings,
        [
            "front matter, line 3: duplicate key \"title\": the last value is used",
            "front matter, line 5: duplicate key \"tags\": the last value is used",
            "front matter, line 7: duplicate key \"date\": the last value is used",
            "front matter `date` (`not a date`) is not a date postbind can read; kept as is",
        ]
    );

    // Lines count from the file; quoted and plain spellings are one key; a value spread over
    // lines goes with its key; the kept key stays where it first appeared, as in PyYAML.
    let s = ok(concat!(
        "\n---\n",
        "extra: 1\n",
        "tags:\n",
        "- a\n",
        "- b\n",
        "other: x\n",
        "'extra': |\n",
        "  two\n",
        "\"tags\": [c]\n",
        "\"extra\": 3\n",
        "---\nbody\n",
    ));
    assert_eq!(s.meta.tags, ["c"]);
    assert_eq!(extra_keys(&s), ["extra", "other"]);
    assert_eq!(extra(&s, "extra"), Some(&Value::from(3)));
    assert_eq!(
        s.warnings,
        [
            "front matter, line 8: duplicate key \"extra\": the last value is used",
            "front matter, line 10: duplicate key \"tags\": the last value is used",
            "front matter, line 11: duplicate key \"extra\": the last value is used",
        ]
    );

    // An anchor on a value that is replaced still serves its aliases.
    let s = ok("---\ntitle: &t first\ntitle: second\ndescription: *t\n---\n");
    assert_eq!(s.meta.title.as_deref(), Some("second"));
    assert_eq!(s.meta.description.as_deref(), Some("first"));

    // Key-like lines inside a multi-line string are not keys.
    let s = ok("---\ntitle: \"a\ntitle: b\"\n---\n");
    assert_eq!(s.meta.title.as_deref(), Some("a title: b"));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn errors_after_a_repeated_key_still_name_the_file_line_and_column() {
    let plain = read_str("---\ntitle: a\nx: b\ntags: [x\n---\n").err();
    let repeated = read_str("---\ntitle: a\ntitle: b\ntags: [x\n---\n").err();
    assert!(
        matches!(plain, Some(ReadError::FrontMatter { line: 5, .. })),
        "{plain:?}"
    );
    assert_eq!(repeated, plain);
    // An error on the renamed line itself: the column is the file's.
    let err = read_str("---\ni: a\ni: b: c\n---\n").err();
    let as_is = read_str("---\nx: a\ni: b: c\n---\n").err();
    assert_eq!(err, as_is);
    let err = read_str("---\ni: b: c\ni: a\n---\n").err();
    let as_is = read_str("---\ni: b: c\nx: a\n---\n").err();
    assert_eq!(err, as_is);
}

#[test]
fn unterminated_front_matter() {
    let err = read_err("invalid/unterminated-front-matter.md");
    assert_eq!(
        err.to_string(),
        "front matter starting at line 1 has no closing ---"
    );
}

#[test]
fn alias_bomb_is_refused() {
    let shown = read_err("invalid/alias-bomb.md").to_string();
    assert!(shown.contains("repetition limit exceeded"), "{shown}");
    assert!(shown.starts_with("front matter, line "), "{shown}");
}

#[test]
fn block_style_alias_bomb_is_refused() {
    let mut yaml = String::from("a: &a\n");
    yaml.push_str(&"  - lol\n".repeat(10));
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!("{name}: &{name}\n"));
        yaml.push_str(&format!("  - *{prev}\n").repeat(10));
    }
    let shown = read_str(&format!("---\n{yaml}---\n"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(shown.contains("repetition limit exceeded"), "{shown}");
}

#[test]
fn deep_nesting_is_refused() {
    for depth in [200, 100_000] {
        let text = format!("---\nx: {}{}\n---\n", "[".repeat(depth), "]".repeat(depth));
        let shown = read_str(&text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            shown.starts_with("front matter, line ") && shown.contains("nested too deeply"),
            "{shown}"
        );
    }
}

#[test]
fn huge_front_matter_is_refused() {
    let text = format!("---\nx: '{}'\n---\n", "a".repeat(2 << 20));
    let err = read_str(&text).err();
    assert!(
        matches!(&err, Some(ReadError::FrontMatter { line: 1, message }) if message.contains("bytes")),
        "{err:?}"
    );
}

#[test]
fn wrong_types_become_text_or_stay_as_is() {
    let s = ok(
        "---\ntitle: 123\nauthor: true\ndescription: 1.5\nlang: [zh]\ndate: yesterday\ntags: {a: b}\n---\n",
    );
    assert_eq!(s.meta.title.as_deref(), Some("123"));
    assert_eq!(s.meta.author.as_deref(), Some("true"));
    assert_eq!(s.meta.description.as_deref(), Some("1.5"));
    assert_eq!(extra_keys(&s), ["lang", "date", "tags"]);
    assert_eq!(s.warnings.len(), 3, "{:?}", s.warnings);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("`date` (`yesterday`) is not a date")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn blank_typed_values_are_dropped() {
    let s = ok("---\ntitle: ''\ndate:\ntags:\ncover: false\n---\n");
    assert_eq!(s.meta.title, None);
    assert_eq!(s.meta.date, None);
    assert!(s.meta.tags.is_empty());
    assert_eq!(s.meta.cover, None);
    assert_eq!(
        extra_keys(&s),
        ["cover"],
        "cover: false means no cover, kept for the writer"
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn fences_and_tabs() {
    let s = ok("---\ntitle: dots\n...\nbody");
    assert_eq!(s.meta.title.as_deref(), Some("dots"));
    assert_eq!(s.html, "<p>body</p>\n");

    let s = ok("---\n---\n<p>x</p>");
    assert!(s.meta.from_source, "an empty block is still a block");
    assert_eq!(s.html, "<p>x</p>");

    let s = ok("-----\ntitle: long fence\n-----\n");
    assert_eq!(s.meta.title.as_deref(), Some("long fence"));

    // Hexo accepts tab-indented front matter; YAML does not.
    let s = ok("---\ntags:\n\t- a\n\t- b\n---\n");
    assert_eq!(s.meta.tags, ["a", "b"]);

    let s = ok("Text with --- later\n---\n");
    assert!(!s.meta.from_source);
}

#[test]
fn no_front_matter() {
    let page = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>\n";
    let s = ok(page);
    assert_eq!(s.meta, Default::default());
    assert_eq!(s.html, page);
    assert_eq!(ok("").html, "");
}

/// CRLF and lone CR both end a line.
fn normalize(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

proptest! {
    #[test]
    fn utf8_with_bom_and_crlf_reads_back(s in "\\PC*(\r?\n\\PC*){0,8}") {
        let crlf = normalize(&s).replace('\n', "\r\n");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(crlf.as_bytes());
        let decoded = decode(&bytes);
        prop_assert_eq!(decoded.text.as_ref(), normalize(&s));

        let mut post = b"\xEF\xBB\xBF---\r\ntitle: t\r\n---\r\n".to_vec();
        post.extend_from_slice(crlf.as_bytes());
        let source = read_post(&post, BodyFormat::Html);
        prop_assert!(source.is_ok(), "{:?}", source.err());
        if let Ok(source) = source {
            prop_assert_eq!(source.html, normalize(&s));
            prop_assert!(source.warnings.is_empty());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for body in [BodyFormat::Auto, BodyFormat::Html, BodyFormat::Markdown] {
            let _ = read_post(&bytes, body);
            let mut with_fence = b"---\n".to_vec();
            with_fence.extend_from_slice(&bytes);
            let _ = read_post(&with_fence, body);
        }
    }

    #[test]
    fn arbitrary_front_matter_never_panics(yaml in "([a-z:\\-\\[\\]{}&*!|>'\" \t\n0-9#,.]|日期){0,200}") {
        let _ = read_str(&format!("---\n{yaml}\n---\nbody"));
    }

    #[test]
    fn arbitrary_dates_never_panic(s in "\\PC{0,40}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn iso_dates_round_trip(secs in -5_000_000_000i64..5_000_000_000, off_min in -14 * 60..=14 * 60i32) {
        let Some(dt) = chrono::DateTime::from_timestamp(secs, 0) else { return Ok(()) };
        let Some(offset) = chrono::FixedOffset::east_opt(off_min * 60) else { return Ok(()) };
        let date = PostDate::Offset(dt.with_timezone(&offset).naive_local(), offset);
        prop_assert_eq!(parse_date(&date.to_iso8601()), Some(date));
    }
}

/// Shapes that once took quadratic time or could overflow a stack; no timing here (see
/// `examples/read_pathological.rs`), but a regression makes this test crawl.
#[test]
fn pathological_bodies_are_read() {
    let n = 20_000;
    for body in [
        "https://a.b ".repeat(n),
        format!("https://a{}", ")".repeat(n)),
        ">".repeat(n),
        "[a](".repeat(n),
        "<pre>\n- x\n".repeat(n),
    ] {
        let post = format!("---\ntitle: t\n---\n{body}");
        for format in [BodyFormat::Auto, BodyFormat::Markdown] {
            assert!(read_post(post.as_bytes(), format).is_ok());
        }
    }
    let html = postbind::read::render_markdown(&"https://a.b ".repeat(n));
    assert_eq!(html.matches("<a href=").count(), n);
}

proptest! {
    #[test]
    fn markdown_like_bodies_never_panic(body in "([a-z<>()\\[\\]#*_`:/.!|~ \n-]|https://|www\\.|<pre>|</pre>|<!--|-->|中){0,120}") {
        let html = postbind::read::render_markdown(&body);
        prop_assert!(html.len() < 64 * body.len() + 64);
        let _ = postbind::read::is_markdown(&body);
    }
}
