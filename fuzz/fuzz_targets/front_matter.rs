//! Bytes → text → front matter → metadata (+ body to HTML): must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postbind::read::{read_post, BodyFormat};

fuzz_target!(|data: &[u8]| {
    // Errors are fine; only panics, hangs and runaway memory are bugs.
    let _ = read_post(data, BodyFormat::Auto);
});
