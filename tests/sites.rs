//! Blogs read as sites: Hexo, Jekyll and Hugo fixtures (`fixtures/sites/`) converted end to
//! end, in every format, through the command line.

mod epub_common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use epub_common::{assert_epubcheck, unzip, xhtml_text};

fn postbind() -> Command {
    Command::cargo_bin("postbind").expect("binary built")
}

fn site(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/sites")
        .join(name)
}

/// Converts `input` to every format under a new folder; returns it and the run's stderr.
fn convert(input: &Path, extra: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().expect("tempdir");
    let run = postbind()
        .arg("convert")
        .arg(input)
        .args(["-t", "md,epub,pdf", "-o"])
        .arg(out.path())
        .args(extra)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    (out, stderr)
}

/// Every output file below `dir`, relative, sorted.
fn outputs(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

struct Epub {
    opf: String,
    text: String,
    images: usize,
}

fn epub(path: &Path) -> Epub {
    let bytes = fs::read(path).expect("epub written");
    assert_epubcheck(&bytes, &path.file_stem().unwrap().to_string_lossy());
    let z = unzip(&bytes);
    let text = z
        .with_suffix(".xhtml")
        .iter()
        .map(|(_, b, _)| xhtml_text(&String::from_utf8_lossy(b)))
        .collect::<Vec<_>>()
        .join("\n");
    Epub {
        opf: z.text("OEBPS/content.opf"),
        text,
        images: z
            .names
            .iter()
            .filter(|n| n.contains("/images/") && !n.contains("/images/cover."))
            .count(),
    }
}

/// The PDF's text (pdftotext) and its image count, or `None` without poppler-utils.
fn pdf(path: &Path) -> Option<(String, usize)> {
    let bytes = fs::read(path).expect("pdf written");
    let images = bytes
        .windows(b"/Subtype /Image".len())
        .filter(|w| *w == b"/Subtype /Image" || w.starts_with(b"/Subtype/Image"))
        .count();
    match Process::new("pdftotext").arg(path).arg("-").output() {
        Ok(out) if out.status.success() => {
            Some((String::from_utf8_lossy(&out.stdout).into_owned(), images))
        }
        _ => {
            eprintln!("pdftotext not installed: PDF text not checked (CI installs poppler-utils)");
            None
        }
    }
}

/// Template syntax that must never reach a reader outside code.
fn assert_no_raw_syntax(text: &str, what: &str) {
    for raw in ["{%", ":::", "+++", "{{<", "{{%"] {
        assert!(!text.contains(raw), "{what} shows {raw:?}:\n{text}");
    }
}

#[test]
fn hexo_site_whole() {
    let (out, stderr) = convert(&site("hexo"), &[]);
    let o = out.path();
    assert_eq!(
        outputs(o),
        [
            "source/_posts/raft-notes.epub",
            "source/_posts/raft-notes.md",
            "source/_posts/raft-notes.pdf",
            "source/_posts/打包的文章/index.epub",
            "source/_posts/打包的文章/index.md",
            "source/_posts/打包的文章/index.pdf",
        ],
        "only posts: no scaffolds, themes or drafts"
    );
    // One warning for the one tag postbind does not know, once for three formats.
    assert_eq!(
        stderr
            .matches("template tag `mermaid` is not supported")
            .count(),
        1,
        "{stderr}"
    );

    let md = fs::read_to_string(o.join("source/_posts/raft-notes.md")).unwrap();
    assert!(md.starts_with("---\ntitle: Raft 笔记\n"), "{md}");
    assert_eq!(
        md.matches("Raft 笔记").count(),
        1,
        "title printed once: {md}"
    );
    assert!(md.contains("<strong>过半:</strong>当leader"), "{md}");
    assert!(
        md.contains("日志就提交了。\\\n这一行"),
        "Hexo keeps line breaks: {md}"
    );
    assert!(md.contains("![选举过程](election.png"), "{md}");
    assert!(md.contains("> **小贴士**"), "{md}");
    assert!(md.contains("```go\nfunc (rf *Raft)"), "{md}");
    assert!(
        md.contains("{{ 模板 }}"),
        "raw markers dropped in code: {md}"
    );
    assert!(md.contains("[打包的文章](打包的文章/index.md)"), "{md}");

    let bundle = fs::read_to_string(o.join("source/_posts/打包的文章/index.md")).unwrap();
    assert!(bundle.starts_with("---\ntitle: 打包的文章\n"), "{bundle}");
    assert!(
        !bundle.contains("# 打包的文章"),
        "the heading that says the title: {bundle}"
    );

    let e = epub(&o.join("source/_posts/raft-notes.epub"));
    assert!(e.opf.contains(">zh-CN</dc:language>"), "{}", e.opf);
    assert!(e.opf.contains(">林小码</dc:creator>"), "{}", e.opf);
    assert_eq!(e.images, 2, "asset folder and site-absolute images");
    let outside_code = e.text.replace("{% not a tag %}", "");
    assert_no_raw_syntax(&outside_code, "EPUB");
    assert_eq!(
        epub(&o.join("source/_posts/打包的文章/index.epub")).images,
        1
    );

    if let Some((text, images)) = pdf(&o.join("source/_posts/raft-notes.pdf")) {
        assert_eq!(images, 2, "{text}");
        assert_no_raw_syntax(&text.replace("{% not a tag %}", ""), "PDF");
        assert_eq!(text.matches("Raft 笔记").count(), 1, "{text}");
    }
}

#[test]
fn sites_below_a_folder_are_found() {
    let out = tempfile::tempdir().unwrap();
    postbind()
        .args(["convert", "fixtures/sites", "-t", "md", "-q", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let md: Vec<String> = outputs(out.path());
    assert_eq!(
        md,
        [
            "hexo/source/_posts/raft-notes.md",
            "hexo/source/_posts/打包的文章/index.md",
            "hugo/content/posts/json-post.md",
            "hugo/content/posts/kyoto-trip/index.md",
            "jekyll/_posts/2021-03-04-first-post.md",
            "jekyll/_posts/2021-05-06-second-post.md",
        ]
    );
}

#[test]
fn hexo_drafts_on_request() {
    let (out, _) = convert(&site("hexo"), &["--drafts"]);
    assert!(out.path().join("source/_drafts/unfinished.md").is_file());
}

#[test]
fn a_post_given_alone_still_belongs_to_its_site() {
    let post = site("hexo").join("source/_posts/raft-notes.md");
    let (out, _) = convert(&post, &[]);
    let e = epub(&out.path().join("raft-notes.epub"));
    assert_eq!(e.images, 2);
    assert!(e.opf.contains(">zh-CN</dc:language>"));

    // --engine none reads it as a lone file: Hexo's tags stay text, the site's images are
    // out of reach.
    let (out, stderr) = convert(&post, &["--engine", "none"]);
    let md = fs::read_to_string(out.path().join("raft-notes.md")).unwrap();
    assert!(md.contains("{% asset_img"), "{md}");
    assert!(stderr.contains("outside the post's folder"), "{stderr}");
}

#[test]
fn jekyll_site_whole() {
    let (out, _) = convert(&site("jekyll"), &[]);
    let o = out.path();
    assert_eq!(
        outputs(o),
        [
            "_posts/2021-03-04-first-post.epub",
            "_posts/2021-03-04-first-post.md",
            "_posts/2021-03-04-first-post.pdf",
            "_posts/2021-05-06-second-post.epub",
            "_posts/2021-05-06-second-post.md",
            "_posts/2021-05-06-second-post.pdf",
        ],
        "no layouts, includes or unpublished posts"
    );
    let md = fs::read_to_string(o.join("_posts/2021-03-04-first-post.md")).unwrap();
    assert!(
        md.starts_with(
            "---\ntitle: 第一篇札記\ndate: 2021-03-04\nauthor: 陳大文\ncategories:\n- 隨筆\ntags:\n- 讀書\n- 寫作\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("作者在編輯器裡把一句話"),
        "kramdown joins wrapped lines: {md}"
    );
    assert!(md.contains("```ruby\ndef hello"), "{md}");
    assert!(
        md.contains("> [!NOTE]\n> 這是一則提示。"),
        "a callout: {md}"
    );
    assert!(md.contains("(2021-05-06-second-post.md)"), "{md}");
    let second = fs::read_to_string(o.join("_posts/2021-05-06-second-post.md")).unwrap();
    assert!(
        second.starts_with("---\ntitle: Second Post\ndate: 2021-05-06\n"),
        "{second}"
    );

    let e = epub(&o.join("_posts/2021-03-04-first-post.epub"));
    assert!(e.opf.contains(">zh-Hant</dc:language>"), "{}", e.opf);
    assert_eq!(e.images, 1, "{{{{ site.baseurl }}}}/assets/cover.png");
    assert_no_raw_syntax(&e.text, "EPUB");
    if let Some((text, images)) = pdf(&o.join("_posts/2021-03-04-first-post.pdf")) {
        assert_eq!(images, 1);
        assert_no_raw_syntax(&text, "PDF");
    }
}

#[test]
fn hugo_site_whole() {
    let (out, stderr) = convert(&site("hugo"), &[]);
    let o = out.path();
    assert_eq!(
        outputs(o),
        [
            "content/posts/json-post.epub",
            "content/posts/json-post.md",
            "content/posts/json-post.pdf",
            "content/posts/kyoto-trip/index.epub",
            "content/posts/kyoto-trip/index.md",
            "content/posts/kyoto-trip/index.pdf",
        ],
        "no archetypes, layouts or drafts"
    );
    assert!(stderr.contains("left out 1 drafts"), "{stderr}");
    let md = fs::read_to_string(o.join("content/posts/kyoto-trip/index.md")).unwrap();
    assert!(
        md.starts_with(
            "---\ntitle: 京都への旅\ndate: 2022-04-01T09:00:00+09:00\nauthor: 山田太郎\n"
        ),
        "{md}"
    );
    assert!(!md.contains("+++") && !md.contains("# 京都への旅"), "{md}");
    assert!(
        md.contains("出発して、お昼には"),
        "goldmark joins lines: {md}"
    );
    assert!(md.contains("`{{< figure src=\"x.png\" >}}`"), "{md}");
    let json = fs::read_to_string(o.join("content/posts/json-post.md")).unwrap();
    assert!(json.starts_with("---\ntitle: JSONの記事\n"), "{json}");

    let e = epub(&o.join("content/posts/kyoto-trip/index.epub"));
    assert!(e.opf.contains(">ja</dc:language>"), "{}", e.opf);
    assert_eq!(e.images, 2, "the bundle's image and static/img/map.png");
    assert_no_raw_syntax(&e.text.replace("{{< figure src=\"x.png\" >}}", ""), "EPUB");
    if let Some((text, images)) = pdf(&o.join("content/posts/kyoto-trip/index.pdf")) {
        assert_eq!(images, 2);
        assert_eq!(text.matches("京都への旅").count(), 1, "{text}");
    }
}

#[test]
fn a_book_of_a_site_takes_its_title_and_author() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("blog.epub");
    postbind()
        .arg("book")
        .arg(site("hexo"))
        .arg("-o")
        .arg(&book)
        .assert()
        .success();
    let e = epub(&book);
    assert!(e.opf.contains(">码农小站</dc:title>"), "{}", e.opf);
    assert!(e.opf.contains(">林小码</dc:creator>"), "{}", e.opf);
    assert!(e.opf.contains(">zh-CN</dc:language>"), "{}", e.opf);
    assert_eq!(e.images, 3);
}

#[test]
fn lang_overrides_every_post() {
    let (out, _) = convert(&site("hugo"), &["--lang", "zh-TW"]);
    let e = epub(&out.path().join("content/posts/json-post.epub"));
    assert!(e.opf.contains(">zh-TW</dc:language>"), "{}", e.opf);
}

#[test]
fn an_explicit_site_and_engine() {
    // A folder of posts inside the site, with the site named: its images resolve.
    let (out, _) = convert(
        &site("hugo").join("content/posts"),
        &["--site", site("hugo").to_str().unwrap()],
    );
    let e = epub(&out.path().join("kyoto-trip/index.epub"));
    assert_eq!(e.images, 2);
    postbind()
        .args(["convert", "fixtures/sites/hexo", "--site", "fixtures", "-o"])
        .arg(tempfile::tempdir().unwrap().path())
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no Hexo, Jekyll or Hugo site here",
        ));
}

/// The package's `dc:identifier`.
fn identifier(epub: &Path) -> String {
    let opf = unzip(&fs::read(epub).unwrap()).text("OEBPS/content.opf");
    let at = opf.find("<dc:identifier").expect("identifier");
    let rest = &opf[at..];
    rest[rest.find('>').unwrap() + 1..rest.find("</dc:identifier>").unwrap()].to_string()
}

#[test]
fn a_corrected_post_keeps_its_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    let out = dir.path().join("out");
    let ids = |body: &str, name: &str| {
        fs::write(
            &post,
            format!("---\ntitle: 标题\ndate: 2024-01-02\n---\n{body}\n"),
        )
        .unwrap();
        postbind()
            .arg("convert")
            .arg(&post)
            .arg("-o")
            .arg(out.join(name))
            .assert()
            .success();
        identifier(&out.join(name))
    };
    let first = ids("正文有个错字。", "a.epub");
    assert_eq!(first, ids("正文没有错字。", "b.epub"), "a typo fixed");
    fs::write(
        dir.path().join("uuid.md"),
        "---\ntitle: x\nuuid: 6f1c2a1e-3b4d-4c5e-8f60-718293a4b5c6\n---\nx\n",
    )
    .unwrap();
    postbind()
        .arg("convert")
        .arg(dir.path().join("uuid.md"))
        .arg("-o")
        .arg(out.join("u.epub"))
        .assert()
        .success();
    assert_eq!(
        identifier(&out.join("u.epub")),
        "urn:uuid:6f1c2a1e-3b4d-4c5e-8f60-718293a4b5c6"
    );
    let other = site("hexo").join("source/_posts/raft-notes.md");
    let (o, _) = convert(&other, &[]);
    assert_ne!(first, identifier(&o.path().join("raft-notes.epub")));
}
