//! `--fetch-images`: remote images and covers are downloaded (from a server this test runs on
//! 127.0.0.1) and packaged; failures fall back to links.
// Downloading needs the `fetch` feature (a default one).
#![cfg(feature = "fetch")]

mod epub_common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use epub_common::*;
use postbind::assets::AssetOptions;
use postbind::epub::{write_epub, EpubOptions};
use postbind::tree::{Block, Document, Figure, Image};

const PNG: &[u8] = include_bytes!("data/pixel.png");
const JPEG: &[u8] = include_bytes!("data/photo.jpg");

/// Serves the test images on 127.0.0.1; returns the base URL and a count of requests.
fn serve() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counted.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let (status, ctype, body): (&str, &str, &[u8]) = match path.as_str() {
                "/cover.jpg" => ("200 OK", "image/jpeg", JPEG),
                "/a.png" => ("200 OK", "image/png", PNG),
                _ => ("404 Not Found", "text/plain", b"no"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(body);
        }
    });
    (format!("http://{addr}"), requests)
}

fn figure(src: String, alt: &str) -> Block {
    Block::Figure(Figure {
        image: Image {
            src,
            alt: alt.into(),
            title: None,
            ..Default::default()
        },
        caption: vec![],
    })
}

#[test]
fn fetched_images_and_cover_are_packaged_and_failures_become_links() {
    let (url, _) = serve();
    let mut doc = Document {
        blocks: vec![
            p("远程图片测试。"),
            figure(format!("{url}/a.png"), "下载的图"),
            figure(format!("{url}/gone.png"), "丢失的图"),
        ],
        ..Default::default()
    };
    doc.meta.title = Some("下载图片".into());
    doc.meta.cover = Some(format!("{url}/cover.jpg"));

    // Off by default: nothing is downloaded (and no cover is made, to see that).
    let no_cover = EpubOptions {
        no_cover: true,
        ..Default::default()
    };
    let off = write_epub(&doc, &no_cover).unwrap();
    let z = unzip(&off.bytes);
    assert!(z.with_suffix(".png").is_empty() && z.with_suffix(".jpg").is_empty());
    assert!(z
        .text("OEBPS/chapter.xhtml")
        .contains(&format!("href=\"{url}/a.png\"")));

    let opts = EpubOptions {
        assets: AssetOptions {
            fetch: true,
            allow_private: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let out = write_epub(&doc, &opts).unwrap();
    let z = unzip(&out.bytes);
    let opf = z.text("OEBPS/content.opf");
    assert!(
        opf.contains("properties=\"cover-image\"") && opf.contains("image/png"),
        "{opf}"
    );
    assert_eq!(z.get("OEBPS/images/cover.jpg"), Some(JPEG));
    assert_eq!(z.get("OEBPS/images/img-001.png"), Some(PNG));
    let x = z.text("OEBPS/chapter.xhtml");
    assert!(x.contains("<img src=\"images/img-001.png\" alt=\"下载的图\"/>"));
    assert!(x.contains(&format!(
        "<a class=\"image-link\" href=\"{url}/gone.png\">丢失的图</a>"
    )));
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("gone.png") && w.contains("404")),
        "{:?}",
        out.warnings
    );
    assert_epubcheck(&out.bytes, "fetched");
}

/// A post written as EPUB and PDF downloads each image once: the writers share what was loaded.
#[test]
fn both_writers_share_one_download() {
    let (url, requests) = serve();
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.html");
    std::fs::write(
        &post,
        format!("<p>前文</p><p><img src=\"{url}/a.png\" alt=\"图\"></p>"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_postbind"))
        .args([
            "convert",
            "-q",
            "--fetch-images",
            "--allow-private-fetch",
            "--no-cover",
        ])
        .args(["-t", "epub,pdf", "-o"])
        .arg(dir.path().join("out"))
        .arg(&post)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    let epub = unzip(&std::fs::read(dir.path().join("out/post.epub")).unwrap());
    assert_eq!(epub.with_suffix(".png").len(), 1);
    let pdf = std::fs::read(dir.path().join("out/post.pdf")).unwrap();
    assert!(
        pdf.windows(6).any(|w| w == b"/Image"),
        "the PDF has no image"
    );
}
