//! Image loading: only files inside the post's folder, sniffed and bounded; downloads only when
//! asked, from a server this test runs on 127.0.0.1.

use postbind::assets::{load_image, AssetError, AssetOptions, MediaType};

const PNG: &[u8] = include_bytes!("data/pixel.png");
const JPEG: &[u8] = include_bytes!("data/photo.jpg");

fn post_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("post")).unwrap();
    std::fs::create_dir(dir.path().join("post/img")).unwrap();
    std::fs::write(dir.path().join("post/img/a b.png"), PNG).unwrap();
    std::fs::write(dir.path().join("post/photo.jpg"), JPEG).unwrap();
    std::fs::write(
        dir.path().join("post/shape.svg"),
        include_bytes!("data/shape.svg"),
    )
    .unwrap();
    std::fs::write(dir.path().join("post/notes.txt"), "hello").unwrap();
    std::fs::write(dir.path().join("secret.png"), PNG).unwrap();
    dir
}

fn opts() -> AssetOptions {
    AssetOptions::default()
}

#[test]
fn local_images_load_with_type_and_size() {
    let dir = post_dir();
    let base = dir.path().join("post");
    let a = load_image(Some(&base), "img/a%20b.png?v=2#x", &opts()).unwrap();
    assert_eq!((a.media_type, a.width, a.height), (MediaType::Png, 48, 32));
    assert_eq!(a.bytes, PNG);
    let j = load_image(Some(&base), "./photo.jpg", &opts()).unwrap();
    assert_eq!((j.media_type, j.width, j.height), (MediaType::Jpeg, 16, 16));
    let s = load_image(Some(&base), "shape.svg", &opts()).unwrap();
    assert_eq!(s.media_type, MediaType::Svg);
    assert!(matches!(
        load_image(Some(&base), "notes.txt", &opts()),
        Err(AssetError::UnknownType(_))
    ));
}

#[test]
fn nothing_outside_the_post_folder_is_read() {
    let dir = post_dir();
    let base = dir.path().join("post");
    let secret = dir.path().join("secret.png");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, base.join("link.png")).unwrap();
    let abs = secret.to_string_lossy().to_string();
    let file_url = format!("file://{abs}");
    for src in [
        "../secret.png",
        "img/../../secret.png",
        "../../../../../../etc/passwd",
        abs.as_str(),
        file_url.as_str(),
        #[cfg(unix)]
        "link.png",
        "%2e%2e/secret.png",
    ] {
        let r = load_image(Some(&base), src, &opts());
        assert!(
            matches!(
                r,
                Err(AssetError::OutsideBase(_)) | Err(AssetError::Scheme(_))
            ),
            "{src}: {r:?}"
        );
    }
    assert!(matches!(
        load_image(None, "photo.jpg", &opts()),
        Err(AssetError::NoBaseDir(_))
    ));
    // A `data:` image is decoded and checked like a file: three zero bytes are no image.
    assert!(matches!(
        load_image(Some(&base), "data:image/png;base64,AAAA", &opts()),
        Err(AssetError::UnknownType(_))
    ));
}

/// A PNG header declaring 20000 × 20000 pixels in a few bytes.
fn bomb_png() -> Vec<u8> {
    let mut b = PNG[..16].to_vec();
    b.extend_from_slice(&20_000u32.to_be_bytes());
    b.extend_from_slice(&20_000u32.to_be_bytes());
    b.extend_from_slice(&PNG[24..]);
    b
}

#[test]
fn byte_and_pixel_caps_refuse_before_decoding() {
    let dir = post_dir();
    let base = dir.path().join("post");
    std::fs::write(base.join("bomb.png"), bomb_png()).unwrap();
    assert!(matches!(
        load_image(Some(&base), "bomb.png", &opts()),
        Err(AssetError::TooManyPixels { width: 20_000, .. })
    ));
    let small = AssetOptions {
        max_bytes: 100,
        ..opts()
    };
    assert!(matches!(
        load_image(Some(&base), "photo.jpg", &small),
        Err(AssetError::TooLarge { .. })
    ));
    assert!(load_image(
        Some(&base),
        "img/a b.png",
        &AssetOptions {
            max_bytes: PNG.len() as u64,
            ..opts()
        }
    )
    .is_ok());
}

/// Downloads need the `fetch` feature (a default one).
#[cfg(feature = "fetch")]
mod remote {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use super::*;
    use postbind::assets::{is_remote, load_images};

    /// Serve canned answers on 127.0.0.1 until the test ends; returns the base URL.
    fn serve() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                    }
                    let (status, headers, body): (&str, String, Vec<u8>) = match path.as_str() {
                        "/ok.png" => ("200 OK", "Content-Type: image/png\r\n".into(), PNG.to_vec()),
                        "/page" => (
                            "200 OK",
                            "Content-Type: text/html\r\n".into(),
                            b"<html>".to_vec(),
                        ),
                        "/lying.png" => (
                            "200 OK",
                            "Content-Type: image/png\r\n".into(),
                            b"<html>".to_vec(),
                        ),
                        "/big.png" => (
                            "200 OK",
                            "Content-Type: image/png\r\n".into(),
                            vec![0x89; 4096],
                        ),
                        "/bomb.png" => ("200 OK", "Content-Type: image/png\r\n".into(), bomb_png()),
                        "/moved" => ("302 Found", "Location: /ok.png\r\n".into(), Vec::new()),
                        "/to-file" => (
                            "302 Found",
                            "Location: file:///etc/passwd\r\n".into(),
                            Vec::new(),
                        ),
                        "/loop" => ("302 Found", "Location: /loop\r\n".into(), Vec::new()),
                        _ => (
                            "404 Not Found",
                            "Content-Type: text/plain\r\n".into(),
                            b"no".to_vec(),
                        ),
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(&body);
                });
            }
        });
        format!("http://{addr}")
    }

    #[test]
    fn remote_images_are_fetched_only_when_asked_and_checked() {
        let url = serve();
        // The server is on 127.0.0.1: downloads from it need the opt-in.
        let fetch = AssetOptions {
            fetch: true,
            allow_private: true,
            ..opts()
        };
        let ok = format!("{url}/ok.png");
        assert!(is_remote(&ok));
        assert!(matches!(
            load_image(None, &ok, &opts()),
            Err(AssetError::NotFetched(_))
        ));
        let a = load_image(None, &ok, &fetch).unwrap();
        assert_eq!((a.media_type, a.width), (MediaType::Png, 48));
        assert_eq!(
            load_image(None, &format!("{url}/moved"), &fetch)
                .unwrap()
                .bytes,
            PNG
        );
        for (path, what) in [
            ("/page", "content type"),
            ("/to-file", "refused redirect"),
            ("/loop", "redirects"),
            ("/missing.png", "404"),
        ] {
            let e = load_image(None, &format!("{url}{path}"), &fetch).unwrap_err();
            assert!(e.to_string().contains(what), "{path}: {e}");
        }
        assert!(matches!(
            load_image(None, &format!("{url}/lying.png"), &fetch),
            Err(AssetError::UnknownType(_))
        ));
        assert!(matches!(
            load_image(None, &format!("{url}/bomb.png"), &fetch),
            Err(AssetError::TooManyPixels { .. })
        ));
        let small = AssetOptions {
            max_fetch_bytes: 1000,
            ..fetch.clone()
        };
        assert!(matches!(
            load_image(None, &format!("{url}/big.png"), &small),
            Err(AssetError::FetchTooLarge { .. })
        ));
        // Many at once keep their order.
        let srcs: Vec<String> = (0..7)
            .map(|i| format!("{url}/{}", if i % 2 == 0 { "ok.png" } else { "page" }))
            .collect();
        let refs: Vec<&str> = srcs.iter().map(String::as_str).collect();
        let results = load_images(None, &refs, &fetch);
        let oks: Vec<bool> = results.iter().map(Result::is_ok).collect();
        assert_eq!(oks, [true, false, true, false, true, false, true]);
    }
}

/// Built without `fetch` (the fuzz targets are), a download fails like any failed download,
/// and so becomes a link in the writers.
#[cfg(not(feature = "fetch"))]
#[test]
fn without_the_fetch_feature_a_download_is_an_error() {
    let fetch = AssetOptions {
        fetch: true,
        ..opts()
    };
    let e = load_image(None, "https://example.com/a.png", &fetch).unwrap_err();
    assert!(matches!(e, AssetError::Fetch { .. }), "{e:?}");
    assert!(e.to_string().contains("`fetch` feature"), "{e}");
}

#[test]
fn data_images_are_decoded_within_the_file_limits() {
    fn b64(bytes: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in bytes.chunks(3) {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= c.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
    let uri = format!("data:image/png;base64,{}", b64(PNG));
    let a = load_image(None, &uri, &opts()).expect("a PNG in a data: URI loads");
    assert_eq!(a.bytes, PNG);
    let small = AssetOptions {
        max_bytes: 10,
        ..AssetOptions::default()
    };
    let r = load_image(None, &uri, &small);
    assert!(r.is_err(), "{r:?}");
    // The message names the image by its type and size, not its whole content.
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.len() < 200, "{msg}");
    let bomb = format!("data:image/png;base64,{}", b64(&bomb_png()));
    assert!(load_image(None, &bomb, &opts()).is_err());
}
