//! The command line as a user drives it.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn postbind() -> Command {
    Command::cargo_bin("postbind").expect("binary built")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

fn leftovers(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".part"))
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn converts_the_sample_to_a_markdown_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("post.md");
    postbind()
        .args(["convert", "fixtures/zaker-news-post.txt", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr("");
    let md = fs::read_to_string(&out).expect("output written");
    assert!(md.starts_with("---\ntitle: 习近平主席中亚之旅成果务实丰硕\n"));
    assert!(md.contains("**央视网消息**（新闻联播）"));
}

#[test]
fn stdin_to_stdout() {
    postbind()
        .args(["convert", "-", "-t", "md", "-o", "-"])
        .write_stdin("<p>这是<strong>我想做的事。</strong>所以继续。</p>")
        .assert()
        .success()
        .stdout("这是<strong>我想做的事。</strong>所以继续。\n");
}

#[test]
fn format_follows_the_output_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("a.html");
    write(&input, "<h1>Title</h1><p>Body</p>");
    let out = dir.path().join("a.markdown");
    postbind()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(out).expect("written"),
        "# Title\n\nBody\n"
    );
}

#[test]
fn a_directory_is_mirrored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    write(&blog.join("2024/first.html"), "<p>one</p>");
    write(
        &blog.join("2024/05/second.md"),
        "---\ntitle: Two\n---\nTwo *words*\n",
    );
    write(&blog.join("notes.txt"), "<p>three</p>");
    write(&blog.join("image.png"), "not a post");
    write(&blog.join(".hidden/skip.md"), "hidden");
    let out = dir.path().join("out");
    postbind()
        .arg("convert")
        .arg(&blog)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(out.join("2024/first.md")).expect("first"),
        "one\n"
    );
    assert_eq!(
        fs::read_to_string(out.join("2024/05/second.md")).expect("second"),
        "---\ntitle: Two\n---\n\nTwo *words*\n"
    );
    assert!(out.join("notes.md").exists());
    assert!(!out.join("image.md").exists());
    assert!(!out.join(".hidden").exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn refuses_to_overwrite_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("post.md");
    let original = "---\ntitle: Keep me\n---\n# Keep me\n";
    write(&input, original);
    postbind()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "refusing to overwrite the input file",
        ));
    // The same through a directory: every .md input would land on itself, and every output
    // would be read back as a post by the next run. Refused up front (issue 15).
    postbind()
        .arg("convert")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the input folder"));
    assert_eq!(fs::read_to_string(&input).expect("still there"), original);
}

#[test]
fn one_bad_post_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    write(&blog.join("a-good.md"), "# Fine\n");
    write(&blog.join("b-bad.md"), "---\ntitle: [unclosed\n---\nbody\n");
    write(&blog.join("c-good.html"), "<p>Also fine</p>");
    let out = dir.path().join("out");
    postbind()
        .arg("convert")
        .arg(&blog)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("b-bad.md").and(predicate::str::contains("line")));
    assert!(out.join("a-good.md").exists());
    assert!(out.join("c-good.md").exists());
    assert!(
        !out.join("b-bad.md").exists(),
        "a failed post leaves nothing behind"
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn missing_input_fails_with_its_name() {
    postbind()
        .args(["convert", "no/such/post.md", "-o", "-"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/post.md"));
}

#[test]
fn bad_usage_exits_2() {
    postbind().args(["convert"]).assert().code(2);
    postbind()
        .args(["convert", "fixtures/zaker-news-post.txt", "-t", "docx"])
        .assert()
        .code(2);
    postbind()
        .args(["convert", "fixtures", "-o", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("single input"));
}

/// Built without the `fetch` feature (`--no-default-features`), the option is refused up front
/// rather than failing image by image.
#[cfg(not(feature = "fetch"))]
#[test]
fn fetch_images_needs_the_fetch_feature() {
    let out = tempfile::tempdir().unwrap();
    postbind()
        .args([
            "convert",
            "fixtures/zaker-news-post.txt",
            "-t",
            "epub",
            "--fetch-images",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--fetch-images is not available: this postbind was built without the `fetch` feature",
        ));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn help_has_examples() {
    postbind()
        .args(["convert", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
}

#[test]
fn two_inputs_claiming_one_output_are_caught() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("in/post.html"), "<p>html</p>");
    write(&dir.path().join("in/post.txt"), "<p>txt</p>");
    let out = dir.path().join("out");
    postbind()
        .arg("convert")
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already the output of"));
    assert_eq!(
        fs::read_to_string(out.join("post.md")).expect("first kept"),
        "html\n"
    );
}

#[test]
fn deep_nesting_converts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("deep.md");
    postbind()
        .args(["convert", "fixtures/deep-nesting.html", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("flattened"));
    let md = fs::read_to_string(out).expect("written");
    assert!(md.contains("最深处的文字。"));
}

#[test]
fn one_post_to_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    postbind()
        .args([
            "convert",
            "fixtures/zaker-news-post.txt",
            "-t",
            "md,epub,pdf",
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let epub = fs::read(out.join("zaker-news-post.epub")).expect("epub written");
    assert!(
        epub.starts_with(b"PK") && epub.get(30..58) == Some(&b"mimetypeapplication/epub+zip"[..])
    );
    let pdf = fs::read(out.join("zaker-news-post.pdf")).expect("pdf written");
    assert!(pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"));
    assert!(out.join("zaker-news-post.md").exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn binary_formats_go_down_a_pipe() {
    let out = postbind()
        .args(["convert", "-", "-t", "pdf", "-o", "-"])
        .write_stdin("<p>管道</p>")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"%PDF-"));
}

#[test]
fn a_book_binds_every_post_and_reports_the_bad_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    write(
        &blog.join("b.md"),
        "---\ntitle: 第二篇\ndate: 2024-02-01\n---\n第二篇的正文。\n",
    );
    write(
        &blog.join("a.md"),
        "---\ntitle: 第一篇\ndate: 2024-01-01\n---\n第一篇的正文。\n",
    );
    write(&blog.join("bad.md"), "---\ntitle: [\n---\n");
    for (name, magic) in [("book.epub", &b"PK"[..]), ("book.pdf", &b"%PDF-"[..])] {
        let target = dir.path().join(name);
        postbind()
            .arg("book")
            .arg(&blog)
            .arg("-o")
            .arg(&target)
            .args(["--title", "文集"])
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("bad.md").and(predicate::str::contains("bound 2 posts")),
            );
        assert!(fs::read(&target).expect("book written").starts_with(magic));
    }
    postbind()
        .arg("book")
        .arg(&blog)
        .arg("-o")
        .arg(dir.path().join("book.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("EPUB or a PDF"));
}

#[test]
fn changed_only_skips_what_is_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    write(&blog.join("a.md"), "# A\n");
    write(&blog.join("b.md"), "# B\n");
    let out = dir.path().join("out");
    let run = || {
        postbind()
            .arg("convert")
            .arg(&blog)
            .arg("-o")
            .arg(&out)
            .arg("--changed-only")
            .assert()
            .success()
    };
    run().stderr(predicate::str::contains("converted 2 posts"));
    write(&blog.join("b.md"), "# B changed\n");
    run().stderr(
        predicate::str::contains("converted 1 posts").and(predicate::str::contains("skipped 1")),
    );
    assert_eq!(
        fs::read_to_string(out.join("b.md")).expect("b"),
        "# B changed\n"
    );
}

#[test]
fn shards_split_the_inputs_without_overlap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    for i in 0..20 {
        write(&blog.join(format!("p{i}.html")), "<p>x</p>");
    }
    let mut total = 0;
    for k in 1..=3 {
        let out = dir.path().join(format!("out{k}"));
        postbind()
            .arg("convert")
            .arg(&blog)
            .arg("-o")
            .arg(&out)
            .arg("--shard")
            .arg(format!("{k}/3"))
            .assert()
            .success();
        total += fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
    }
    assert_eq!(total, 20);
    postbind()
        .args(["convert", "x", "--shard", "4/3"])
        .assert()
        .code(2);
}

#[test]
fn completions_and_man_page() {
    postbind()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("postbind"));
    postbind()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH postbind"));
}

#[test]
fn ctrl_c_stops_cleanly_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    for i in 0..300 {
        write(
            &blog.join(format!("p{i:03}.html")),
            &format!("<h1>第{i}篇</h1><p>{}</p>", "中文段落。".repeat(200)),
        );
    }
    let out = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("postbind");
    let mut child = std::process::Command::new(&bin)
        .arg("convert")
        .arg(&blog)
        .args(["-t", "md,pdf", "-j", "2", "--changed-only", "-o"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().expect("wait");
    // Either it was interrupted (130) or it had already finished (0).
    assert!(matches!(status.code(), Some(130) | Some(0)), "{status:?}");
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let bytes = fs::read(path).expect("read");
            assert!(
                bytes.trim_ascii_end().ends_with(b"%%EOF"),
                "partial {}",
                path.display()
            );
        }
    }
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    postbind()
        .arg("convert")
        .arg(&blog)
        .args(["-t", "md,pdf", "--changed-only", "-o"])
        .arg(&out)
        .assert()
        .success();
    let pdfs = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, 300);
}

#[test]
fn fonts_fall_back_to_a_given_font_and_refuse_colour_fonts_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("symbols.md");
    write(&post, "---\ntitle: t\n---\nMarks ✗ ➜ and \u{E000}.\n");
    // The symbols come from the built-in faces; the private-use character from nowhere.
    postbind()
        .args(["convert", "--no-system-fonts", "-t", "pdf", "-o"])
        .arg(dir.path().join("a.pdf"))
        .arg(&post)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("1 character(s)").and(predicate::str::contains("empty boxes")),
        );
    // A font that is not a font is named, with what is wrong, in one line.
    let bad = dir.path().join("bad.ttf");
    write(&bad, "not a font");
    postbind()
        .args(["convert", "-t", "pdf", "-o"])
        .arg(dir.path().join("b.pdf"))
        .arg("--fallback-font")
        .arg(&bad)
        .arg(&post)
        .assert()
        .code(predicate::ne(0))
        .stderr(predicate::str::contains("bad.ttf").and(predicate::str::contains("not a usable")));
    // A fallback font is used for what the built-in faces lack, and the output is valid.
    postbind()
        .args(["convert", "--no-system-fonts", "-t", "pdf", "-o"])
        .arg(dir.path().join("c.pdf"))
        .arg("--fallback-font")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSansMath-Regular.ttf"))
        .arg(&post)
        .assert()
        .success();
    assert!(!dir.path().join("b.pdf").exists());
}

/// `convert` plans posts as the walk finds them (issue 16): a walk far longer than the queue
/// still converts every post, with drafts, failures and collisions counted as before.
#[test]
fn a_long_walk_converts_every_post_and_counts_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blog = dir.path().join("blog");
    let mut posts = 0;
    for folder in 0..6 {
        for i in 0..150 {
            let name = format!("f{folder}/sub{}/p{i:03}.md", i % 3);
            write(
                &blog.join(name),
                &format!("---\ntitle: P{folder}-{i}\n---\n\n正文{i}。\n"),
            );
            posts += 1;
        }
    }
    write(
        &blog.join("f0/draft.md"),
        "---\ntitle: D\ndraft: true\n---\n\nd\n",
    );
    // post.html and post.txt both make post.md; post.i.md sorts between them.
    write(&blog.join("f2/post.html"), "<p>html</p>");
    write(&blog.join("f2/post.i.md"), "between\n");
    write(&blog.join("f2/post.txt"), "<p>txt</p>");
    let out = dir.path().join("out");
    let assert = postbind()
        .args(["convert", "-j", "2", "-o"])
        .arg(&out)
        .arg(&blog)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // Every post, plus post.html and post.i.md; post.txt fails.
    let converted = posts + 2;
    assert!(
        err.contains(&format!(
            "converted {converted} posts ({converted} files), failed 1, skipped 0 unchanged"
        )),
        "{err}"
    );
    assert!(err.contains("left out 1 drafts"), "{err}");
    assert!(err.contains("post.md is already the output of"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("f2/post.md")).expect("first kept"),
        "html\n"
    );
    assert!(out.join("f2/post.i.md").exists());
    assert!(out.join("f5/sub2/p149.md").exists());
    let made = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(made, converted);
    assert!(leftovers(&out).is_empty());
}

#[test]
fn two_input_folders_claiming_one_output_are_caught() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("a/x/post.md"), "a\n");
    write(&dir.path().join("b/x/post.md"), "b\n");
    let out = dir.path().join("out");
    postbind()
        .arg("convert")
        .arg(dir.path().join("a"))
        .arg(dir.path().join("b"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "already the output of a post from",
        ));
    assert_eq!(
        fs::read_to_string(out.join("x/post.md")).expect("first kept"),
        "a\n"
    );
}
