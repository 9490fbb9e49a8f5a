//! Any post (front matter + HTML or Markdown body) → tree → Markdown.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postbind::pipeline::{load_bytes, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = LoadOptions::default();
    if let Ok(post) = load_bytes(data, Some("fuzz"), None, &opts) {
        let md = postbind::markdown::write(&post.doc);
        // The Markdown we write must read back without panicking too.
        let _ = load_bytes(md.as_bytes(), Some("fuzz"), None, &opts);
    }
});
