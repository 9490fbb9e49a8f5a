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
    // The same through a directory: every .md input would land on itself.
    postbind()
        .arg("convert")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(1);
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
