//! Hostile input through the real CLI, to every format: each post converts or fails with a
//! one-line error, never panics or hangs, never leaves a partial file, never reads outside its
//! folder, and names its outputs after its input file only.
//!
//! Small fixtures live in fixtures/hostile/; the big ones are generated here into a temporary
//! folder (`POSTBIND_HOSTILE_OUT=DIR cargo test --test hostile generate -- --ignored` writes
//! them to DIR for manual runs).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_postbind");
/// A safety net against hangs, far above any run's real time: not a speed assertion.
const HANG: Duration = Duration::from_secs(600);
/// Written into a file outside the post folder; must never show up in any output.
const MARKER: &str = "SECRET-MARKER-7f3a9c";

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile")
}

/// Runs `postbind` to completion, failing the test if it outlives [`HANG`].
fn run(args: &[&std::ffi::OsStr]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_bounded(child, HANG)
}

fn wait_bounded(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    // Drain the pipes while waiting so a chatty run cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Output {
                status,
                stdout: t_out.join().unwrap(),
                stderr: t_err.join().unwrap(),
            };
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("postbind hung for {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn convert(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["convert".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["-t", "md,epub,pdf", "-o"].map(std::ffi::OsStr::new));
    args.push(out.as_os_str());
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

/// What a run said on standard error, checked for the ways a run may not end.
fn stderr_of(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "postbind panicked:\n{err}"
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}:\n{err}",
        out.status
    );
    err
}

/// The error line postbind printed for `post`, if it failed: exactly one line.
fn failure_of(err: &str, post: &Path) -> Option<String> {
    let name = post.display().to_string();
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("error: ") && l.contains(&name))
        .collect();
    assert!(lines.len() <= 1, "{name}: more than one error:\n{err}");
    lines.first().map(|l| l.to_string())
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// Panics unless `path` is a whole output of its format.
fn assert_complete(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display();
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => {
            assert!(std::str::from_utf8(&bytes).is_ok(), "{name}: not UTF-8");
        }
        Some("epub") => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
                .unwrap_or_else(|e| panic!("{name}: not a zip: {e}"));
            let mut mimetype = String::new();
            zip.by_name("mimetype")
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .read_to_string(&mut mimetype)
                .unwrap();
            assert_eq!(mimetype, "application/epub+zip", "{name}");
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).unwrap();
                std::io::copy(&mut f, &mut std::io::sink())
                    .unwrap_or_else(|e| panic!("{name}: entry {i}: {e}"));
            }
        }
        Some("pdf") => {
            assert!(bytes.starts_with(b"%PDF-"), "{name}: no PDF header");
            let trimmed = bytes.trim_ascii_end();
            assert!(trimmed.ends_with(b"%%EOF"), "{name}: no %%EOF");
        }
        _ => panic!("unexpected output {name}"),
    }
}

/// Every byte a reader of `path` could see: EPUB entries inflated.
fn readable_bytes(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "epub") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut all = Vec::new();
        for i in 0..zip.len() {
            zip.by_index(i).unwrap().read_to_end(&mut all).unwrap();
        }
        return all;
    }
    bytes
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn md_text(out: &Path, stem: &str) -> String {
    std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap_or_default()
}

/// For each post: either all three outputs, complete, and no error; or an error line and no
/// output at all. Nothing else is written: no temporary files, no names taken from titles.
fn assert_clean_batch(posts: &[PathBuf], out: &Path, err: &str) -> Vec<String> {
    let mut expected = BTreeSet::new();
    let mut failed = Vec::new();
    for post in posts {
        let stem = post.file_stem().unwrap().to_string_lossy().into_owned();
        let outputs: Vec<PathBuf> = ["md", "epub", "pdf"]
            .iter()
            .map(|ext| PathBuf::from(format!("{stem}.{ext}")))
            .collect();
        match failure_of(err, post) {
            Some(line) => {
                assert!(line.len() < 400, "error line too long: {line}");
                failed.push(stem);
                // A post gets all its outputs or none.
                for o in &outputs {
                    assert!(
                        !out.join(o).exists(),
                        "{line}\nbut {} was written",
                        o.display()
                    );
                }
            }
            None => {
                for o in outputs {
                    assert_complete(&out.join(&o));
                    expected.insert(o);
                }
            }
        }
    }
    assert_eq!(
        files_under(out),
        expected,
        "stray or missing outputs\n{err}"
    );
    failed
}

fn fingerprint(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut v: Vec<_> = files_under(dir)
        .into_iter()
        .map(|rel| {
            let p = dir.join(&rel);
            let m = std::fs::symlink_metadata(&p).unwrap();
            (rel, std::fs::read(&p).unwrap(), m.modified().unwrap())
        })
        .collect();
    v.sort();
    v
}

fn posts_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["md", "html", "txt"].iter().any(|x| e == *x))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn small_hostile_fixtures_convert_or_fail_cleanly_and_read_nothing_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let blog = tmp.path().join("blog");
    std::fs::create_dir(&blog).unwrap();
    for entry in std::fs::read_dir(hostile_dir()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() && p.file_name().is_some_and(|n| n != "README.md") {
            std::fs::copy(&p, blog.join(p.file_name().unwrap())).unwrap();
        }
    }
    // A real PNG outside the post folder, with the marker in a text chunk: were it read, the
    // EPUB would carry it verbatim and the PDF would hold an image.
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let mut secret = include_bytes!("data/pixel.png").to_vec();
    let iend = secret.len() - 12;
    let text = format!("Comment\0{MARKER}");
    let mut chunk = (text.len() as u32).to_be_bytes().to_vec();
    chunk.extend(b"tEXt");
    chunk.extend(text.as_bytes());
    chunk.extend(crc32(&chunk[4..]).to_be_bytes());
    secret.splice(iend..iend, chunk);
    std::fs::write(outside.join("secret.png"), &secret).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.png"), blog.join("link.png")).unwrap();
    // `../../etc/passwd` from blog/ lands here when not refused.
    std::fs::create_dir_all(tmp.path().join("etc")).unwrap();
    std::fs::write(tmp.path().join("etc/passwd"), &secret).unwrap();

    let before = fingerprint(&blog);
    let out = tmp.path().join("out");
    let output = convert(&[&blog], &out, &["-j", "2"]);
    let err = stderr_of(&output);
    let posts = posts_in(&blog);
    let failed = assert_clean_batch(&posts, &out, &err);
    assert_eq!(fingerprint(&blog), before, "an input was touched");

    // What may fail, and how.
    let expect_fail = ["alias-bomb"];
    for f in &failed {
        assert!(expect_fail.contains(&f.as_str()), "{f} failed:\n{err}");
    }
    if failed.iter().any(|f| f == "alias-bomb") {
        let line = failure_of(&err, &blog.join("alias-bomb.md")).unwrap();
        assert!(line.contains("front matter"), "{line}");
    }

    // Nothing from outside the folder made it into any output.
    for f in files_under(&out) {
        let bytes = readable_bytes(&out.join(&f));
        assert!(
            !contains(&bytes, MARKER),
            "{} holds the marker",
            f.display()
        );
        assert!(
            !contains(&bytes, "root:x:0:0"),
            "{} holds /etc/passwd",
            f.display()
        );
    }
    let epub = out.join("outside-images.epub");
    let zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let images: Vec<&str> = zip
        .file_names()
        .filter(|n| n.ends_with(".png") || n.ends_with(".jpg") || n.ends_with(".svg"))
        // The post names no cover: this one is made by postbind, from its title.
        .filter(|n| *n != "OEBPS/images/cover.png")
        .collect();
    assert!(
        images.is_empty(),
        "images packaged from outside: {images:?}"
    );
    let pdf = std::fs::read(out.join("outside-images.pdf")).unwrap();
    assert!(!contains(&pdf, "/Image"), "the PDF embeds an image");
    for src in ["link.png", "../../etc/passwd", "/etc/hostname"] {
        assert!(
            err.lines()
                .any(|l| l.contains(src) && l.contains("outside the post's folder")),
            "no warning for {src}:\n{err}"
        );
    }

    // Bombs are refused from their headers; the cut images and the SVG do not break a writer.
    let bombs = err
        .lines()
        .filter(|l| l.contains("over the 100000000-pixel limit"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(bombs.contains("bomb-100000x100000.png"), "{err}");
    assert!(bombs.contains("bomb-65535x65535.jpg"), "{err}");
    let epub = out.join("images.epub");
    let zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    assert!(
        !zip.file_names()
            .any(|n| n.contains("bomb") || n.ends_with(".svg")),
        "a bomb or the scripted SVG was packaged"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("script.svg") && l.contains("entity declarations")),
        "no warning for the SVG:\n{err}"
    );

    // Dangerous links do not survive as links.
    let md = md_text(&out, "urls");
    // (A file: link is only a link: it reads nothing, so it may stay.)
    for bad in ["javascript:", "JaVaScRiPt:", "vbscript:"] {
        assert!(
            !md.contains(&format!("]({bad}")),
            "{bad} kept as a link:\n{md}"
        );
    }
    let bytes = readable_bytes(&out.join("urls.epub"));
    for bad in ["href=\"javascript:", "href=\"JaVaScRiPt:", "src=\"file:"] {
        assert!(!contains(&bytes, bad), "urls.epub keeps {bad}");
    }

    // NUL bytes and invalid UTF-8 are gone from the text, which is kept around them.
    let md = md_text(&out, "nul-bytes");
    assert!(!md.contains('\0') && md.contains("before") && md.contains("after"));
    let md = md_text(&out, "invalid-utf8");
    // (Invalid UTF-8 reads as a legacy encoding when one fits it better: still text.)
    assert!(md.contains("Text") && md.contains("surrogate"), "{md}");
    // Duplicate keys: converted to every format (assert_clean_batch checked the three files),
    // the last value kept, each repeat named with its line.
    let dup = blog.join("duplicate-keys.md").display().to_string();
    for (line, key) in [(3, "title"), (5, "tags"), (7, "date")] {
        let warning = format!(
            "warning: {dup}: front matter, line {line}: duplicate key \"{key}\": the last value is used"
        );
        assert!(
            err.lines().any(|l| l == warning),
            "no {warning:?} in:\n{err}"
        );
    }
    let md = md_text(&out, "duplicate-keys");
    assert!(md.contains("\ntitle: second\n"), "{md}");
    assert!(!md.contains("first"), "{md}");
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The generated inputs, by file name. Nested ones end in their depth: `nested-div-100000.html`.
fn generated(kind: &str) -> Vec<u8> {
    const N: usize = 100_000;
    let depth = kind
        .trim_end_matches(".html")
        .rsplit('-')
        .next()
        .and_then(|d| d.parse().ok())
        .unwrap_or(N);
    let kind = kind.trim_end_matches(&format!("-{depth}.html"));
    let nested = |open: &str, close: &str| {
        let mut s = String::with_capacity(depth * (open.len() + close.len()) + 64);
        s.push_str("<h1>Deep</h1>");
        for _ in 0..depth {
            s.push_str(open);
        }
        s.push_str("innermost-text");
        for _ in 0..depth {
            s.push_str(close);
        }
        s.push_str("<p>after-the-nest</p>\n");
        s.into_bytes()
    };
    match kind {
        "nested-div" => nested("<div>", "</div>"),
        "nested-blockquote" => nested("<blockquote>", "</blockquote>"),
        "nested-list" => nested("<ul><li>", "</li></ul>"),
        "nested-table" => nested("<table><tr><td>", "</td></tr></table>"),
        "nested-inline" => nested("<b><span>", "</span></b>"),
        // Unclosed: html5ever must cope with 100,000 open elements too.
        "nested-unclosed" => nested("<div><i>", ""),
        "paragraphs-100k.html" => {
            let mut s = String::from("<h1>Many</h1>");
            for i in 0..N {
                s.push_str(&format!("<p>第{i}段。</p>"));
            }
            s.into_bytes()
        }
        "line-5mb.md" => {
            let mut s = String::from("---\ntitle: one line\n---\n");
            while s.len() < 5 * 1024 * 1024 {
                s.push_str("一行很长的文字 a long line, ");
            }
            s.push('\n');
            s.into_bytes()
        }
        "front-matter-1mb.md" => {
            let mut s = String::from("---\ntitle: big front matter\n");
            let mut i = 0;
            // 1 MB, just under the front matter limit (1 MiB), so the parser does the work.
            while s.len() < 1_000_000 {
                s.push_str(&format!("key{i}: \"{}\"\n", "值".repeat(20)));
                i += 1;
            }
            s.push_str("tags: [");
            s.push_str(&"t, ".repeat(10_000));
            s.push_str("end]\n---\nbody text\n");
            s.into_bytes()
        }
        // One letter with 200,000 combining marks, quotes with no letter to judge them by, and
        // 100,000 distinct characters no font has: shaping, font choice and the fallback to
        // installed fonts must stay linear and bounded.
        "glyph-storm.md" => {
            let mut s = String::from("---\ntitle: glyph storm\n---\na");
            s.push_str(&"\u{301}".repeat(200_000));
            s.push_str("\n\n");
            s.push_str(&"“—…".repeat(100_000));
            s.push_str("\n\n");
            s.extend((0..100_000u32).filter_map(|i| char::from_u32(0x10_0000 + i)));
            s.push_str("\n\nthe-very-end\n");
            s.into_bytes()
        }
        "post-50mb.md" => {
            let para =
                "这是一个很大的帖子中的一段文字，用来测试五十兆字节的输入。Some English too.\n\n";
            let mut s = String::from("---\ntitle: fifty megabytes\n---\n");
            s.reserve(50 * 1024 * 1024);
            while s.len() < 50 * 1024 * 1024 {
                s.push_str(para);
            }
            s.push_str("最后一段 the-very-end.\n");
            s.into_bytes()
        }
        other => panic!("no generator for {other}"),
    }
}

fn write_generated(dir: &Path, kinds: &[&str]) -> Vec<PathBuf> {
    kinds
        .iter()
        .map(|k| {
            let p = dir.join(k);
            std::fs::write(&p, generated(k)).unwrap();
            p
        })
        .collect()
}

/// 100,000 levels of each kind.
const NESTED: &[&str] = &[
    "nested-div-100000.html",
    "nested-blockquote-100000.html",
    "nested-inline-100000.html",
    "nested-unclosed-100000.html",
    "nested-list-100000.html",
    "nested-table-100000.html",
];

#[test]
fn deep_nesting_is_flattened_with_its_text_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let posts = write_generated(tmp.path(), NESTED);
    let out = tmp.path().join("out");
    let refs: Vec<&Path> = posts.iter().map(PathBuf::as_path).collect();
    let output = convert(&refs, &out, &["-j", "2"]);
    let err = stderr_of(&output);
    let failed = assert_clean_batch(&posts, &out, &err);
    assert!(failed.is_empty(), "{err}");
    for p in &posts {
        let stem = p.file_stem().unwrap().to_string_lossy();
        let md = md_text(&out, &stem);
        assert!(md.contains("innermost-text"), "{stem}: deep text lost");
        assert!(
            md.contains("after-the-nest"),
            "{stem}: text after the nest lost"
        );
    }
    assert!(err.contains("flattened"), "no flattening warning:\n{err}");
}

#[test]
fn big_posts_convert_or_fail_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let posts = write_generated(
        tmp.path(),
        &[
            "paragraphs-100k.html",
            "line-5mb.md",
            "front-matter-1mb.md",
            "glyph-storm.md",
        ],
    );
    let out = tmp.path().join("out");
    let refs: Vec<&Path> = posts.iter().map(PathBuf::as_path).collect();
    let output = convert(&refs, &out, &["-j", "2"]);
    let err = stderr_of(&output);
    let failed = assert_clean_batch(&posts, &out, &err);
    assert!(failed.is_empty(), "{err}");
    assert!(md_text(&out, "paragraphs-100k").contains("第99999段"));
    assert!(md_text(&out, "front-matter-1mb").contains("body text"));
    assert!(md_text(&out, "glyph-storm").contains("the-very-end"));
}

/// 50 MB: under the default input limit, so it converts to every format in bounded memory
/// (the PDF is written page by page); with a lower limit it is refused before it is parsed.
#[test]
fn a_50mb_post_converts_and_the_input_limit_refuses_it() {
    let tmp = tempfile::tempdir().unwrap();
    let posts = write_generated(tmp.path(), &["post-50mb.md"]);
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let refused = convert(&[&posts[0]], &out, &["--max-input-size", "1000000"]);
    let err = stderr_of(&refused);
    let line = failure_of(&err, &posts[0]).expect("refused");
    assert!(line.contains("--max-input-size"), "{line}");
    assert!(files_under(&out).is_empty());

    let all = convert(&[&posts[0]], &out, &[]);
    let err = stderr_of(&all);
    assert!(all.status.success(), "{err}");
    let failed = assert_clean_batch(&posts, &out, &err);
    assert!(failed.is_empty(), "{err}");
    assert!(std::fs::metadata(out.join("post-50mb.md")).unwrap().len() > 40_000_000);
    // The last paragraph is in each format: nothing was cut.
    let last = "最后一段 the-very-end.";
    let md = md_text(&out, "post-50mb");
    assert!(md.trim_end().ends_with(last), "Markdown lost its end");
    let epub = readable_bytes(&out.join("post-50mb.epub"));
    assert!(contains(&epub, last), "the EPUB lost its end");
    let pdf = out.join("post-50mb.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo: {info}"));
    assert!(pages > 10_000, "{pages} pages");
    let tail = Command::new("pdftotext")
        .args(["-f", &pages.to_string(), "-l", &pages.to_string()])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(contains(&tail.stdout, last), "the PDF lost its end");
}

#[test]
fn image_limits_have_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let blog = tmp.path().join("blog");
    std::fs::create_dir(&blog).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/photo.jpg"),
        blog.join("photo.jpg"),
    )
    .unwrap();
    std::fs::write(
        blog.join("p.html"),
        "<p>x<img src=\"photo.jpg\" alt=\"ph\"></p>",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let args = |extra: &[&str]| {
        let mut a = vec!["convert", "-t", "epub", "-o"];
        a.push(out.to_str().unwrap());
        a.push(blog.join("p.html").to_str().unwrap().to_owned().leak());
        a.extend_from_slice(extra);
        a.into_iter()
            .map(std::ffi::OsString::from)
            .collect::<Vec<_>>()
    };
    let go = |extra: &[&str]| {
        let a = args(extra);
        let refs: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
        let o = run(&refs);
        stderr_of(&o)
    };
    let err = go(&["--max-image-pixels", "100"]);
    assert!(err.contains("--max-image-pixels"), "{err}");
    let err = go(&["--max-image-bytes", "100"]);
    assert!(err.contains("--max-image-bytes"), "{err}");
    let err = go(&[]);
    assert!(!err.contains("photo.jpg"), "{err}");
}

/// A disk that fills during a batch: the posts that no longer fit fail with the reason, each
/// post has all its outputs or none, and no temporary file is left. Needs a small tmpfs, so it
/// runs where mounting is allowed (root with CAP_SYS_ADMIN) and says so otherwise.
#[test]
fn a_full_disk_fails_the_posts_that_do_not_fit() {
    let tmp = tempfile::tempdir().unwrap();
    let blog = tmp.path().join("blog");
    std::fs::create_dir(&blog).unwrap();
    let mut posts = Vec::new();
    for i in 0..12 {
        let p = blog.join(format!("post{i:02}.md"));
        let body = format!("第{i}篇，").repeat(400);
        std::fs::write(&p, format!("---\ntitle: 第{i}篇\n---\n\n{body}\n")).unwrap();
        posts.push(p);
    }
    let out = tmp.path().join("small");
    std::fs::create_dir(&out).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipping the full-disk case: cannot mount a tmpfs here");
        return;
    }
    /// Unmounts even when an assertion fails, before the temporary folder goes.
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _mount = Unmount(out.clone());
    let o = convert(&[&blog], &out, &["-j", "2"]);
    let err = stderr_of(&o);
    let failed = assert_clean_batch(&posts, &out, &err);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!failed.is_empty() && failed.len() < posts.len(), "{err}");
    for stem in &failed {
        let line = failure_of(&err, &blog.join(format!("{stem}.md"))).unwrap();
        assert!(line.contains("No space left on device"), "{line}");
        assert!(!line.contains(".part"), "{line}");
    }
}

#[test]
fn an_unwritable_output_folder_fails_only_its_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let blog = tmp.path().join("blog");
    std::fs::create_dir_all(blog.join("a")).unwrap();
    std::fs::create_dir_all(blog.join("b")).unwrap();
    std::fs::write(blog.join("a/one.md"), "# One\n\ntext\n").unwrap();
    std::fs::write(blog.join("b/two.md"), "# Two\n\ntext\n").unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A file where b/'s output folder should be: no folder can be made there, even by root.
    std::fs::write(out.join("b"), "in the way").unwrap();
    let o = convert(&[&blog], &out, &[]);
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1));
    let line = failure_of(&err, &blog.join("b/two.md")).expect("b/two.md fails");
    assert!(line.contains("cannot write"), "{line}");
    assert!(failure_of(&err, &blog.join("a/one.md")).is_none(), "{err}");
    for ext in ["md", "epub", "pdf"] {
        assert_complete(&out.join(format!("a/one.{ext}")));
    }

    // A read-only folder, where permissions apply (not for root).
    let ro = tmp.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        eprintln!("skipping the read-only folder case: permissions are not enforced (root)");
    } else {
        let o = convert(&[&blog.join("a/one.md")], &ro, &[]);
        let err = stderr_of(&o);
        let line = failure_of(&err, &blog.join("a/one.md")).expect("fails");
        assert!(line.contains("cannot write"), "{line}");
        assert!(files_under(&ro).is_empty());
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A full disk, as /dev/full plays one: standard output cannot be written.
    let full = std::fs::File::create("/dev/full");
    if let Ok(full) = full {
        let o = Command::new(BIN)
            .args(["convert", "-", "-t", "md", "-o", "-"])
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(b"<p>hello</p>")?;
                c.wait_with_output()
            })
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("cannot write to standard output"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// `kill -9` in the middle of a batch: every output present is whole, a stale temporary file
/// is cleared by the next run, and that run finishes the rest.
#[test]
fn kill_9_leaves_no_partial_output_and_a_rerun_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let blog = tmp.path().join("blog");
    for i in 0..300 {
        let dir = blog.join(format!("d{}", i % 3));
        std::fs::create_dir_all(&dir).unwrap();
        let body: String = (0..20)
            .map(|j| format!("<p>第{i}篇，第{j}段。Paragraph {j} of post {i}.</p>"))
            .collect();
        std::fs::write(
            dir.join(format!("p{i:03}.html")),
            format!("---\ntitle: Post {i}\n---\n<h1>Post {i}</h1>{body}"),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    let args = |changed: bool| {
        let mut c = Command::new(BIN);
        c.args(["convert", "-t", "md,epub,pdf", "-j", "2", "-q", "-o"])
            .arg(&out)
            .arg(&blog);
        if changed {
            c.arg("--changed-only");
        }
        c
    };
    let mut child = args(true)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let done_before: BTreeSet<PathBuf> = files_under(&out)
        .into_iter()
        .filter(|f| !is_part(f) && !is_manifest(f))
        .collect();
    for f in &done_before {
        assert_complete(&out.join(f));
    }
    // Whatever the kill left, plus one we plant, so the cleanup is always exercised.
    std::fs::create_dir_all(out.join("d1")).unwrap();
    std::fs::write(out.join("d1/.postbind-4000000000-zzzz.part"), "half").unwrap();
    std::fs::write(out.join("d1/notes.part"), "not ours").unwrap();

    let o = wait_bounded(
        args(true)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        HANG,
    );
    let err = stderr_of(&o);
    assert!(o.status.success(), "{err}");
    let after = files_under(&out);
    assert!(!after.iter().any(|f| is_part(f)), "temporary files left");
    assert!(after.contains(Path::new("d1/notes.part")));
    for i in 0..300 {
        for ext in ["md", "epub", "pdf"] {
            let f = PathBuf::from(format!("d{}/p{i:03}.{ext}", i % 3));
            assert!(
                after.contains(&f),
                "{} missing after the rerun",
                f.display()
            );
        }
    }
    for f in after
        .iter()
        .filter(|f| !is_manifest(f) && !f.ends_with("notes.part"))
    {
        assert_complete(&out.join(f));
    }
}

fn is_part(f: &Path) -> bool {
    let n = f.file_name().unwrap().to_string_lossy();
    n.starts_with(".postbind-") && n.ends_with(".part")
}

fn is_manifest(f: &Path) -> bool {
    f.file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with(".postbind-manifest")
}

/// Regression inputs the fuzzers found (fixtures/hostile/fuzz/): each converts or fails
/// cleanly.
#[test]
fn fuzz_regressions_convert_or_fail_cleanly() {
    let dir = hostile_dir().join("fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let blog = tmp.path().join("blog");
    std::fs::create_dir(&blog).unwrap();
    let mut posts = Vec::new();
    for e in entries {
        let p = e.unwrap().path();
        // Named .txt so the body is sniffed, as the fuzzers fed it.
        let to = blog.join(format!("{}.txt", p.file_name().unwrap().to_string_lossy()));
        std::fs::copy(&p, &to).unwrap();
        posts.push(to);
    }
    posts.sort();
    let out = tmp.path().join("out");
    let o = convert(&[&blog], &out, &["-j", "2"]);
    let err = stderr_of(&o);
    assert_clean_batch(&posts, &out, &err);
}

/// Writes the generated inputs to $POSTBIND_HOSTILE_OUT for manual runs and benchmarks.
#[test]
#[ignore]
fn generate() {
    let dir = PathBuf::from(std::env::var("POSTBIND_HOSTILE_OUT").expect("POSTBIND_HOSTILE_OUT"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut all: Vec<&str> = NESTED.to_vec();
    all.extend([
        "paragraphs-100k.html",
        "line-5mb.md",
        "front-matter-1mb.md",
        "post-50mb.md",
    ]);
    write_generated(&dir, &all);
}

/// A loopback server whose every answer is held `delay`; counts connections open at once.
#[cfg(feature = "fetch")]
fn slow_server(delay: Duration) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let open = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let peak_out = peak.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (open, peak) = (open.clone(), peak.clone());
            std::thread::spawn(move || {
                let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                std::thread::sleep(delay);
                let png = include_bytes!("data/pixel.png");
                // Counted out before answering: once the client has its answer it may open the
                // next connection, and that must not look like one too many.
                open.fetch_sub(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    png.len()
                );
                let _ = stream.write_all(png);
            });
        }
    });
    (format!("http://{addr}"), peak_out)
}

#[test]
#[cfg(feature = "fetch")]
fn fetching_is_bounded_in_time_and_in_connections() {
    use postbind::assets::{load_images, AssetError, AssetOptions};
    // Too slow: the timeout ends it, and the image becomes an error the writers turn into a
    // link.
    let (url, _) = slow_server(Duration::from_secs(5));
    let opts = AssetOptions {
        fetch: true,
        allow_private: true,
        timeout: Duration::from_millis(300),
        ..AssetOptions::default()
    };
    let src = format!("{url}/slow.png");
    let r = load_images(None, &[&src], &opts);
    assert!(matches!(r[0], Err(AssetError::Fetch { .. })), "{r:?}");

    // Many images: never more than max_concurrent connections at once.
    let (url, peak) = slow_server(Duration::from_millis(100));
    let srcs: Vec<String> = (0..12).map(|i| format!("{url}/{i}.png")).collect();
    let refs: Vec<&str> = srcs.iter().map(String::as_str).collect();
    let opts = AssetOptions {
        fetch: true,
        allow_private: true,
        max_concurrent: 3,
        ..AssetOptions::default()
    };
    let r = load_images(None, &refs, &opts);
    assert!(r.iter().all(Result::is_ok), "{r:?}");
    let peak = peak.load(std::sync::atomic::Ordering::SeqCst);
    assert!((1..=3).contains(&peak), "{peak} downloads at once");
}
