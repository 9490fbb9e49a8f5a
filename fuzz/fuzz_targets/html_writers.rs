//! Any post → tree → every writer (Markdown, EPUB, PDF). The writers are slow next to the
//! parser, so inputs are capped at 16 KiB to keep the fuzzer's throughput useful.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postbind::pipeline::{load_bytes, LoadOptions};
use postbind::{render, Format, RenderOptions};

fuzz_target!(|data: &[u8]| {
    if data.len() > 16 * 1024 {
        return;
    }
    let Ok(post) = load_bytes(data, Some("fuzz"), None, &LoadOptions::default()) else {
        return;
    };
    let opts = RenderOptions::default();
    for format in Format::ALL {
        if let Ok(out) = render(&post.doc, format, &opts) {
            assert!(!out.bytes.is_empty(), "{format} wrote nothing");
        }
    }
});
