//! Issue 15: untrusted posts and shared folders. Every network test talks only to servers it
//! starts itself on 127.0.0.1 or [::1].

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_postbind");
fn postbind(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------------
// 1. SSRF
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "fetch")]
mod ssrf {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::{SocketAddr, TcpListener};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    const PNG: &[u8] = include_bytes!("data/pixel.png");

    /// Serves `PNG` for every path on `listener`; counts connections.
    fn serve_on(listener: TcpListener) -> (SocketAddr, Arc<AtomicUsize>) {
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                counted.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    PNG.len()
                );
                let _ = stream.write_all(PNG);
            }
        });
        (addr, hits)
    }
    use postbind::assets::{load_image, AssetError, AssetOptions};

    fn fetch_opts() -> AssetOptions {
        AssetOptions {
            fetch: true,
            timeout: std::time::Duration::from_secs(5),
            ..AssetOptions::default()
        }
    }

    #[test]
    fn every_spelling_of_loopback_is_refused_before_connecting() {
        let (addr, hits) = serve_on(TcpListener::bind("127.0.0.1:0").unwrap());
        let port = addr.port();
        let spellings = [
            format!("http://127.0.0.1:{port}/a.png"),
            format!("http://localhost:{port}/a.png"),
            format!("http://0x7f000001:{port}/a.png"),
            format!("http://2130706433:{port}/a.png"),
            format!("http://127.1:{port}/a.png"),
            format!("http://0177.0.0.1:{port}/a.png"),
            format!("http://[::ffff:127.0.0.1]:{port}/a.png"),
            format!("http://0.0.0.0:{port}/a.png"),
            format!("http://169.254.169.254:{port}/latest/meta-data"),
            format!("http://10.0.0.1:{port}/a.png"),
            format!("http://192.168.0.1:{port}/a.png"),
        ];
        for url in &spellings {
            let r = load_image(None, url, &fetch_opts());
            match r {
                Err(AssetError::Inward { .. }) => {}
                // A spelling the system resolver does not take is refused as well; what
                // matters is that nothing connected.
                Err(AssetError::Fetch { .. }) if !url.contains("127.0.0.1") => {}
                other => panic!("{url}: {other:?}"),
            }
        }
        assert_eq!(
            hits.load(Ordering::SeqCst),
            0,
            "a request reached the server"
        );

        // The explicit opt-in reaches it.
        let allowed = AssetOptions {
            allow_private: true,
            ..fetch_opts()
        };
        let a = load_image(None, &spellings[0], &allowed).unwrap();
        assert_eq!(a.bytes, PNG);
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn ipv6_loopback_is_refused() {
        let Ok(listener) = TcpListener::bind("[::1]:0") else {
            eprintln!("skipped: no IPv6 loopback on this machine");
            return;
        };
        let (addr, hits) = serve_on(listener);
        let url = format!("http://[::1]:{}/a.png", addr.port());
        let r = load_image(None, &url, &fetch_opts());
        assert!(matches!(r, Err(AssetError::Inward { .. })), "{r:?}");
        assert_eq!(hits.load(Ordering::SeqCst), 0);
        let allowed = AssetOptions {
            allow_private: true,
            ..fetch_opts()
        };
        assert!(load_image(None, &url, &allowed).is_ok());
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn the_cli_refuses_inward_downloads_unless_allowed() {
        let (addr, hits) = serve_on(TcpListener::bind("127.0.0.1:0").unwrap());
        let dir = tempfile::tempdir().unwrap();
        let post = dir.path().join("post.html");
        std::fs::write(
            &post,
            format!("<p>图</p><p><img src=\"http://{addr}/a.png\" alt=\"图\"></p>"),
        )
        .unwrap();
        let out_dir = dir.path().join("out");
        let out = postbind(&[
            "convert".as_ref(),
            "--fetch-images".as_ref(),
            "-t".as_ref(),
            "epub,pdf".as_ref(),
            "-o".as_ref(),
            out_dir.as_os_str(),
            post.as_os_str(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(hits.load(Ordering::SeqCst), 0);
        assert!(
            stderr(&out).contains("--allow-private-fetch"),
            "{}",
            stderr(&out)
        );
        let out = postbind(&[
            "convert".as_ref(),
            "-q".as_ref(),
            "--fetch-images".as_ref(),
            "--allow-private-fetch".as_ref(),
            "-t".as_ref(),
            "epub".as_ref(),
            "-o".as_ref(),
            out_dir.as_os_str(),
            post.as_os_str(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_post_has_a_download_budget() {
        let (addr, hits) = serve_on(TcpListener::bind("127.0.0.1:0").unwrap());
        let dir = tempfile::tempdir().unwrap();
        let post = dir.path().join("post.html");
        let imgs: String = (0..5)
            .map(|i| format!("<p><img src=\"http://{addr}/{i}.png\" alt=\"图{i}\"></p>"))
            .collect();
        std::fs::write(&post, format!("<p>图</p>{imgs}")).unwrap();
        let out = postbind(&[
            "convert".as_ref(),
            "--fetch-images".as_ref(),
            "--allow-private-fetch".as_ref(),
            "--max-fetch-images".as_ref(),
            "2".as_ref(),
            "-t".as_ref(),
            "epub".as_ref(),
            "-o".as_ref(),
            dir.path().join("out").as_os_str(),
            post.as_os_str(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(hits.load(Ordering::SeqCst), 2);
        assert!(stderr(&out).contains("budget"), "{}", stderr(&out));
    }

    #[test]
    fn a_book_pools_its_posts_download_budgets() {
        let (addr, hits) = serve_on(TcpListener::bind("127.0.0.1:0").unwrap());
        let dir = tempfile::tempdir().unwrap();
        for i in 0..3 {
            let imgs: String = (0..3)
                .map(|k| format!("<img src=\"http://{addr}/{i}-{k}.png\" alt=\"图\">"))
                .collect();
            write(
                &dir.path().join(format!("blog/p{i}.html")),
                format!("<h1>第{i}章</h1><p>{imgs}</p>").as_bytes(),
            );
        }
        let out = postbind(&[
            "book".as_ref(),
            "--fetch-images".as_ref(),
            "--allow-private-fetch".as_ref(),
            "--max-fetch-images".as_ref(),
            "2".as_ref(),
            "-o".as_ref(),
            dir.path().join("book.epub").as_os_str(),
            dir.path().join("blog").as_os_str(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        // Three posts of two downloads each: six of the nine images, in one budget.
        assert_eq!(hits.load(Ordering::SeqCst), 6);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Image amplification: bounded per post, one post cannot take the batch down
// ---------------------------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend(data);
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
}

/// A grey PNG of `w` × `h` black pixels: tiny on disk, `w × h` bytes decoded.
fn black_png(w: u32, h: u32) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let row = vec![0u8; w as usize + 1];
    for _ in 0..h {
        z.write_all(&row).unwrap();
    }
    png_chunk(&mut out, b"IDAT", &z.finish().unwrap());
    png_chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn a_pixel_bomb_post_does_not_take_the_batch_down() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    // 9999 × 9999: under the 100-megapixel cap per image, 800 megapixels in all.
    let bomb = black_png(9999, 9999);
    assert!(bomb.len() < 1_000_000);
    let mut body = String::from("---\ntitle: 炸弹\n---\n\n图片很多。\n\n");
    for i in 0..8 {
        write(&blog.join(format!("img/bomb{i}.png")), &bomb);
        body.push_str(&format!("![图{i}](img/bomb{i}.png)\n\n"));
    }
    write(&blog.join("a-bomb.md"), body.as_bytes());
    for name in ["b", "c"] {
        write(
            &blog.join(format!("{name}.md")),
            format!("---\ntitle: {name}\n---\n\n正文。\n").as_bytes(),
        );
    }
    let out_dir = dir.path().join("out");
    let out = postbind(&[
        "convert".as_ref(),
        "-t".as_ref(),
        "epub,pdf".as_ref(),
        "-j".as_ref(),
        "2".as_ref(),
        "-o".as_ref(),
        out_dir.as_os_str(),
        blog.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("converted 3 posts"), "{err}");
    assert!(err.contains("--max-total-pixels"), "{err}");
    for name in ["a-bomb", "b", "c"] {
        for ext in ["epub", "pdf"] {
            assert!(
                out_dir.join(format!("{name}.{ext}")).is_file(),
                "{name}.{ext}\n{err}"
            );
        }
    }
    // Downsampled and compressed: nothing like 100 MB a picture.
    let pdf = std::fs::metadata(out_dir.join("a-bomb.pdf")).unwrap().len();
    assert!(pdf < 5_000_000, "{pdf} bytes");
}

#[test]
fn the_epub_packages_only_images_that_decode() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.html");
    write(&dir.path().join("zero.png"), &black_png(0, 0));
    let good = black_png(4, 4);
    let mut cut = good.clone();
    cut.truncate(good.len() - 20); // IDAT cut short, IEND gone
    write(&dir.path().join("cut.png"), &cut);
    write(&dir.path().join("good.png"), &good);
    // An animation of 2,000 frames.
    let mut gif = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
        let frames = (0..2000).map(|_| {
            image::Frame::new(image::RgbaImage::from_pixel(
                2,
                2,
                image::Rgba([0, 0, 0, 255]),
            ))
        });
        enc.encode_frames(frames).unwrap();
    }
    write(&dir.path().join("frames.gif"), &gif);
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(
        &post,
        "<p>图</p><p><img src=\"zero.png\" alt=\"零\"><img src=\"cut.png\" alt=\"断\">\
         <img src=\"frames.gif\" alt=\"帧\"><img src=\"good.png\" alt=\"好\"></p>",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = postbind(&[
        "convert".as_ref(),
        "-t".as_ref(),
        "epub".as_ref(),
        "-o".as_ref(),
        out_dir.as_os_str(),
        post.as_os_str(),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for name in ["zero.png", "cut.png", "frames.gif"] {
        assert!(
            err.lines().any(|l| l.contains(name)),
            "no warning for {name}: {err}"
        );
    }
    let zip =
        zip::ZipArchive::new(std::fs::File::open(out_dir.join("post.epub")).unwrap()).unwrap();
    let images: Vec<&str> = zip
        .file_names()
        .filter(|n| n.contains("images/") && !n.contains("images/cover."))
        .collect();
    assert_eq!(images.len(), 1, "{images:?}");
}

// ---------------------------------------------------------------------------------------------
// 5. Encodings
// ---------------------------------------------------------------------------------------------

fn md_of(path: &Path) -> (Output, String) {
    let out = postbind(&[
        "convert".as_ref(),
        "-t".as_ref(),
        "md".as_ref(),
        "-o".as_ref(),
        "-".as_ref(),
        path.as_os_str(),
    ]);
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, md)
}

#[test]
fn a_gbk_post_cut_inside_its_last_character_is_still_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "---\ntitle: 中文编码测试\n---\n\n这是一篇用国标码保存的文章，最后一个字被截断了一半。";
    let (mut bytes, _, _) = encoding_rs::GBK.encode(text);
    let bytes = bytes.to_mut();
    bytes.pop();
    let path = dir.path().join("gbk.md");
    std::fs::write(&path, &bytes).unwrap();
    let (out, md) = md_of(&path);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(md.contains("title: 中文编码测试"), "{md}");
    assert!(md.contains("最后一个字被截断了一"), "{md}");
    assert!(
        err.contains("GBK") && err.contains("1 invalid byte"),
        "{err}"
    );
}

#[test]
fn utf16_without_a_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntitle: 双字节\n---\n\n正文内容，没有字节顺序标记。\n";
    for (name, le) in [("le.md", true), ("be.md", false)] {
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let (out, md) = md_of(&path);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            md.contains("title: 双字节") && md.contains("没有字节顺序标记"),
            "{name}: {md}"
        );
    }
}

#[test]
fn binary_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n".to_vec();
    pdf.extend(vec![0u8; 300]);
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    gz.extend((0..400u32).map(|i| (i * 7 % 256) as u8));
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for (name, bytes, what) in [
        ("paper.md", pdf, "PDF"),
        ("archive.md", gz, "gzip"),
        ("noise.html", random, "binary data"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let (out, _) = md_of(&path);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(name) && err.contains(what), "{name}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Honest exits
// ---------------------------------------------------------------------------------------------

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn an_unreadable_folder_is_named_and_fails_the_run() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    write(&blog.join("ok.md"), b"---\ntitle: ok\n---\n\ntext\n");
    write(
        &blog.join("locked/hidden.md"),
        b"---\ntitle: h\n---\n\ntext\n",
    );
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    // chmod 000 does not stop root: run postbind as nobody then, if setpriv can.
    let mut cmd = if is_root() {
        let has_setpriv = Command::new("setpriv").arg("--version").output().is_ok();
        if !has_setpriv {
            eprintln!("skipped: running as root and setpriv is not installed");
            return;
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    mode(dir.path(), 0o755).unwrap();
    mode(&out_dir, 0o777).unwrap();
    mode(&blog.join("locked"), 0o000).unwrap();
    let out = cmd
        .args(["convert", "-t", "md", "-o"])
        .arg(&out_dir)
        .arg(&blog)
        .output()
        .unwrap();
    mode(&blog.join("locked"), 0o755).unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("error:") && l.contains("locked") && l.contains("cannot read")),
        "{err}"
    );
    assert!(out_dir.join("ok.md").is_file(), "{err}");
}

#[test]
fn symlinked_posts_and_special_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    write(&blog.join("ok.md"), b"---\ntitle: ok\n---\n\ntext\n");
    write(
        &dir.path().join("elsewhere.md"),
        b"---\ntitle: e\n---\n\ntext\n",
    );
    std::os::unix::fs::symlink(dir.path().join("elsewhere.md"), blog.join("link.md")).unwrap();
    let fifo = Command::new("mkfifo").arg(blog.join("pipe.md")).status();
    let out = postbind(&[
        "convert".as_ref(),
        "-t".as_ref(),
        "md".as_ref(),
        "-o".as_ref(),
        dir.path().join("out").as_os_str(),
        blog.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("link.md") && l.contains("symbolic link")),
        "{err}"
    );
    if fifo.is_ok_and(|s| s.success()) {
        assert!(
            err.lines()
                .any(|l| l.contains("pipe.md") && l.contains("not a regular file")),
            "{err}"
        );
    }
    assert!(dir.path().join("out/ok.md").is_file());
}

#[test]
fn absurd_job_counts_are_capped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("p.md");
    write(&post, b"---\ntitle: p\n---\n\ntext\n");
    let out = postbind(&[
        "convert".as_ref(),
        "-j".as_ref(),
        "100000".as_ref(),
        "-o".as_ref(),
        dir.path().join("out").as_os_str(),
        post.as_os_str(),
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("-j 100000 is more than four per core"),
        "{err}"
    );
}

#[test]
fn sigterm_stops_like_ctrl_c_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    let body = "段落。".repeat(3000);
    for i in 0..400 {
        write(
            &blog.join(format!("p{i:03}.md")),
            format!("---\ntitle: p{i}\n---\n\n{body}\n").as_bytes(),
        );
    }
    let child = Command::new(BIN)
        .args(["convert", "-t", "pdf", "-j", "1", "-o"])
        .arg(dir.path().join("out"))
        .arg(&blog)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted:") && err.contains("not started"),
        "{err}"
    );
    // No --changed-only: no manifest to resume from, and the hint says so.
    assert!(err.contains("kept no manifest"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// 6. SVG
// ---------------------------------------------------------------------------------------------

#[test]
fn svg_images_are_rewritten_from_an_allow_list_or_left_out() {
    use postbind::assets::{load_image, AssetError, AssetOptions};
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    let svg = |name: &str, text: &str| write(&base.join(name), text.as_bytes());
    svg(
        "dtd.svg",
        r#"<?xml version="1.0"?><!DOCTYPE svg SYSTEM "http://127.0.0.1:9/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>"#,
    );
    svg(
        "broken.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>"#,
    );
    svg(
        "smil.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#r"><set attributeName="xlink:href" to="javascript:alert(1)"/><animate attributeName="href" values="http://127.0.0.1:9/"/></use><rect id="r" width="4" height="4" style="fill:u\72l(http://127.0.0.1:9/x)"/><circle r="2" style="fill:#36c"/></svg>"##,
    );
    svg(
        "entities.svg",
        r#"<!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"/>"#,
    );
    let opts = AssetOptions::default();
    // An external DTD is dropped (nothing left for a reader to fetch); entities are refused.
    let a = load_image(Some(base), "dtd.svg", &opts).unwrap();
    let text = String::from_utf8(a.bytes).unwrap();
    assert!(
        !text.contains("DOCTYPE") && !text.contains("127.0.0.1"),
        "{text}"
    );
    for (name, what) in [("entities.svg", "entity"), ("broken.svg", "well-formed")] {
        match load_image(Some(base), name, &opts) {
            Err(AssetError::UnsafeSvg { what: w, .. }) => assert!(w.contains(what), "{name}: {w}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    let a = load_image(Some(base), "smil.svg", &opts).unwrap();
    let text = String::from_utf8(a.bytes).unwrap();
    for gone in ["<set", "<animate", "javascript", "127.0.0.1", "\\72"] {
        assert!(!text.contains(gone), "{gone} kept: {text}");
    }
    assert!(
        text.contains("fill:#36c") && text.contains("xlink:href=\"#r\""),
        "{text}"
    );
    assert!(roxmltree::Document::parse(&text).is_ok(), "{text}");
}

// ---------------------------------------------------------------------------------------------
// 7. Quadratic attributes
// ---------------------------------------------------------------------------------------------

#[test]
fn two_hundred_thousand_attributes_cost_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let attrs: String = (0..200_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let post = dir.path().join("attrs.html");
    write(&post, format!("<p{attrs}>文字</p><p>后文</p>").as_bytes());
    let started = std::time::Instant::now();
    let out = postbind(&[
        "convert".as_ref(),
        "-t".as_ref(),
        "md,epub,pdf".as_ref(),
        "-o".as_ref(),
        dir.path().join("out").as_os_str(),
        post.as_os_str(),
    ]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    // Unbounded, this took about 30 s a format; a debug build does it in well under 10 s.
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    let md = std::fs::read_to_string(dir.path().join("out/attrs.md")).unwrap();
    assert!(md.contains("文字") && md.contains("后文"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// 3. Shared output folders
// ---------------------------------------------------------------------------------------------

fn manifest_lines(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out.join(".postbind-manifest"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn concurrent_shards_share_one_output_folder_and_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    for i in 0..300 {
        write(
            &blog.join(format!("d{}/p{i:03}.md", i % 3)),
            format!("---\ntitle: p{i}\n---\n\n第{i}篇。\n").as_bytes(),
        );
    }
    let out = dir.path().join("out");
    // A temporary file of a writer in another container: not ours to remove.
    write(&out.join(".postbind-1.zzzzzzzz-live.part"), b"x");
    let run_all = || {
        let children: Vec<_> = (1..=8)
            .map(|k| {
                Command::new(BIN)
                    .args(["convert", "-q", "-t", "md", "--changed-only", "--shard"])
                    .arg(format!("{k}/8"))
                    .arg("-o")
                    .arg(&out)
                    .arg(&blog)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
    };
    run_all();
    let lines = manifest_lines(&out);
    assert_eq!(lines.len(), 300, "{} of 300 recorded", lines.len());
    assert!(
        lines.iter().any(|l| l.ends_with(" d1/p001.md")),
        "{lines:?}"
    );
    assert!(out.join(".postbind-1.zzzzzzzz-live.part").exists());

    // Overlapping reruns with a post changed and changed back: never stale.
    let post = blog.join("d0/p000.md");
    let original = std::fs::read(&post).unwrap();
    std::fs::write(&post, "---\ntitle: p0\n---\n\n改过的。\n").unwrap();
    run_all();
    assert!(std::fs::read_to_string(out.join("d0/p000.md"))
        .unwrap()
        .contains("改过的"));
    std::fs::write(&post, &original).unwrap();
    run_all();
    let md = std::fs::read_to_string(out.join("d0/p000.md")).unwrap();
    assert!(md.contains("第0篇") && !md.contains("改过的"), "{md}");
    assert_eq!(manifest_lines(&out).len(), 300);
}

#[test]
fn shards_do_not_depend_on_how_the_input_is_spelt() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    for i in 0..40 {
        write(
            &blog.join(format!("p{i:02}.md")),
            format!("---\ntitle: p{i}\n---\n\n文{i}。\n").as_bytes(),
        );
    }
    let shard = |k: u32, input: &str, out: &str| {
        let o = Command::new(BIN)
            .current_dir(dir.path())
            .args([
                "convert",
                "-q",
                "-t",
                "md",
                "--shard",
                &format!("{k}/2"),
                "-o",
                out,
                input,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    };
    shard(1, "blog", "a");
    shard(1, "./blog/", "b");
    let names = |d: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.path().join(d))
            .map(|r| {
                r.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    assert!(!names("a").is_empty());
    assert_eq!(names("a"), names("b"));
}

#[test]
fn a_run_without_changed_only_keeps_the_manifest_true() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("p.md");
    let out = dir.path().join("out");
    let a = "---\ntitle: p\n---\n\n原文。\n";
    let b = "---\ntitle: p\n---\n\n新文。\n";
    let run = |changed_only: bool| {
        let mut c = Command::new(BIN);
        c.args(["convert", "-q", "-t", "md", "-o"])
            .arg(format!("{}/", out.display()))
            .arg(&post);
        if changed_only {
            c.arg("--changed-only");
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    };
    std::fs::write(&post, a).unwrap();
    run(true);
    std::fs::write(&post, b).unwrap();
    run(false);
    std::fs::write(&post, a).unwrap();
    run(true);
    let md = std::fs::read_to_string(out.join("p.md")).unwrap();
    assert!(md.contains("原文"), "stale output: {md}");
}

// ---------------------------------------------------------------------------------------------
// 8. Smaller items
// ---------------------------------------------------------------------------------------------

#[test]
fn one_failed_rename_leaves_none_of_the_posts_new_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    write(&post, b"---\ntitle: p\n---\n\ntext\n");
    let out_dir = dir.path().join("out");
    // Where the PDF goes there is a folder with something in it: that rename fails.
    write(&out_dir.join("post.pdf/keep"), b"x");
    let out = postbind(&[
        "convert".as_ref(),
        "-t".as_ref(),
        "md,epub,pdf".as_ref(),
        "-o".as_ref(),
        out_dir.as_os_str(),
        post.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        !out_dir.join("post.md").exists() && !out_dir.join("post.epub").exists(),
        "{err}"
    );
    let parts: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(parts.is_empty(), "{parts:?}");
}

#[test]
fn out_of_range_writer_options_are_refused_not_clamped() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("p.md");
    write(&post, b"---\ntitle: p\n---\n\ntext\n");
    for (flag, value, what) in [
        ("--font-size", "1000", "5 to 40"),
        ("--font-size", "NaN", "5 to 40"),
        ("--margin=-3", "", "not a margin"),
        ("--margin", "200", "quarter of the page"),
    ] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["convert".as_ref(), flag.as_ref()];
        if !value.is_empty() {
            args.push(value.as_ref());
        }
        let target = dir.path().join("p.pdf");
        args.extend(["-o".as_ref(), target.as_os_str(), post.as_os_str()]);
        let out = postbind(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {err}");
        assert!(err.contains(what), "{flag} {value}: {err}");
    }
}

#[test]
fn the_input_limit_reports_the_real_size() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("big.md");
    write(&post, "正文".repeat(1000).as_bytes());
    let out = postbind(&[
        "convert".as_ref(),
        "--max-input-size".as_ref(),
        "1000".as_ref(),
        "-o".as_ref(),
        "-".as_ref(),
        post.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("6000 bytes is over the 1000-byte limit"),
        "{err}"
    );
}

#[test]
fn file_names_cannot_forge_report_lines() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    // Binary content, so the post fails and its name is printed.
    write(&blog.join("x\nerror: forged.md"), b"%PDF-1.4\n");
    let out = postbind(&[
        "convert".as_ref(),
        "-o".as_ref(),
        dir.path().join("out").as_os_str(),
        blog.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        !err.lines().any(|l| l.starts_with("error: forged")),
        "{err}"
    );
    assert!(err.contains("x\\nerror: forged.md"), "{err}");
}

#[test]
fn book_reads_no_device_without_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("p.md");
    write(&post, b"---\ntitle: p\n---\n\ntext\n");
    let out = postbind(&[
        "book".as_ref(),
        "--max-input-size".as_ref(),
        "100000".as_ref(),
        "-o".as_ref(),
        dir.path().join("b.epub").as_os_str(),
        post.as_os_str(),
        "/dev/zero".as_ref(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("/dev/zero") && err.contains("100000"), "{err}");
    assert!(dir.path().join("b.epub").is_file());
}

#[test]
fn markdown_into_its_own_input_folder_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    write(&blog.join("a.html"), b"<h1>a</h1><p>text</p>");
    let run = |to: &str| {
        postbind(&[
            "convert".as_ref(),
            "-t".as_ref(),
            to.as_ref(),
            "-o".as_ref(),
            blog.as_os_str(),
            blog.as_os_str(),
        ])
    };
    let out = run("md");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is the input folder"), "{err}");
    assert!(!blog.join("a.md").exists());
    // EPUB is not read back as a post: that works, and again on a rerun.
    for _ in 0..2 {
        let out = run("epub");
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn a_list_valued_title_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("list-title.md");
    write(
        &post,
        "---\ntitle: [第一部, 序章]\n---\n\n正文。\n".as_bytes(),
    );
    let out = postbind(&[
        "convert".as_ref(),
        "-o".as_ref(),
        "-".as_ref(),
        post.as_os_str(),
    ]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(md.contains("第一部 序章"), "{md}");
}

#[test]
fn a_font_is_read_with_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("p.md");
    write(&post, b"---\ntitle: p\n---\n\ntext\n");
    let out = postbind(&[
        "convert".as_ref(),
        "--font".as_ref(),
        "/dev/zero".as_ref(),
        "-o".as_ref(),
        dir.path().join("p.pdf").as_os_str(),
        post.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot read font /dev/zero") && err.contains("128 MiB"),
        "{err}"
    );
}
