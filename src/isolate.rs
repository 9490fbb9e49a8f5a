//! One post cannot take the batch down: a panic while converting it (a bug, or a library
//! meeting input it did not expect) fails that post by name and the others go on.
//!
//! An allocation failure aborts a Rust process whatever catches what, so the other half of
//! the promise is that no post allocates past its budgets: sizes are checked before
//! allocating (see [`crate::imagecheck`] and the input size limit).

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Inside [`run`]: the panic is reported as the post's failure, not printed by the hook.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// Where the last caught panic happened.
    static LOCATION: Cell<Option<String>> = const { Cell::new(None) };
}

static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                LOCATION.with(|c| c.set(at));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs `f`; a panic becomes `Err` with a one-line description.
pub fn run<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = CATCHING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        let at = LOCATION
            .with(Cell::take)
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        format!(
            "internal error ({message}{at}); this post was skipped and the others go on \
             (please report it with the post)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error() {
        assert_eq!(run(|| 7), Ok(7));
        let e = run(|| -> u8 { panic!("boom\nsecond line") }).unwrap_err();
        assert!(e.contains("boom second line"), "{e}");
        assert!(e.contains("isolate.rs"), "{e}");
    }
}
