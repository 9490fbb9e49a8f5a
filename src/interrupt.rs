//! Ctrl-C stops a batch cleanly: posts under way finish (their outputs are renamed into place
//! whole), no new post starts. A second Ctrl-C exits at once; temporary files may remain then,
//! never a partial output.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

pub fn install() {
    // Failing to install (a handler already set) only loses the clean stop.
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
